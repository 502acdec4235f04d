"""The compose topology (deploy/compose.yml) as real processes on this machine: nginx with the
very `deploy/nginx.conf` compose ships (its upstream, listen address, web-app folder and
writable paths rewritten), `kbagent serve` replicas, `kbagent worker`s, one `kbagent scheduler`,
PostgreSQL + pgvector, a Redis of our own (append-only, as in compose) and the model stand-in
as a process of its own, so that each can be killed and brought back.

Used by the multi-process test (tests/deploy/test_multiprocess.py) and bench/load.py.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from harness import admin
from harness.openai_server import model_settings
from harness.ports import free_port, free_ports
from harness.postgres import PostgresServer, create_database, start_postgres

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parents[1]
NGINX_CONF = REPO / "deploy" / "nginx.conf"
KBAGENT = str(Path(sys.executable).with_name("kbagent"))
NGINX_HOW_TO_GET = "The deployment tests need nginx: run `make system-packages` (apt nginx)."
# The compose file's upstream: every `api` replica, found through Docker's DNS.
UPSTREAM_SERVER = re.compile(r"server api:8000 resolve([^;]*);")


def render_nginx(upstreams: list[str], port: int, root: Path, folder: Path) -> str:
    """deploy/nginx.conf for loopback processes: each rewrite must still match the file."""
    text = NGINX_CONF.read_text()
    rewrites = [
        ("pid /tmp/nginx.pid;", f"pid {folder}/nginx.pid;"),
        ("error_log /dev/stderr warn;", f"error_log {folder}/error.log warn;"),
        ("access_log /dev/stdout;", f"access_log {folder}/access.log;"),
        ("/tmp/nginx-", f"{folder}/temp-"),
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("root /usr/share/nginx/html;", f"root {root};"),
    ]
    for old, new in rewrites:
        assert old in text, f"deploy/nginx.conf no longer has {old!r}: update harness/stack.py"
        text = text.replace(old, new)
    found = UPSTREAM_SERVER.search(text)
    assert found, "deploy/nginx.conf no longer has `server api:8000 resolve ...;`"
    # `resolve` (re-resolving Docker's DNS) needs nginx >= 1.27.3; loopback needs no DNS.
    servers = "\n        ".join(f"server {u}{found.group(1)};" for u in upstreams)
    return text[: found.start()] + servers + text[found.end() :]


def nginx_binary() -> str:
    binary = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if binary is None:
        raise RuntimeError(NGINX_HOW_TO_GET)
    return binary


def open_folder(prefix: str) -> Path:
    """A scratch folder other users can enter (nginx workers run as `nobody` under root)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    folder.chmod(0o755)
    return folder


def wait_port(
    port: int, guard_s: float = 60, process: subprocess.Popen[bytes] | None = None
) -> None:
    deadline = time.monotonic() + guard_s
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"the process for port {port} exited") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"nothing listens on port {port}") from None
            time.sleep(0.05)


class Nginx:
    def __init__(self, upstreams: list[str], root: Path, port: int | None = None) -> None:
        self.folder = open_folder("kbagent-nginx-")
        self.port = port or free_port()
        self.conf = self.folder / "nginx.conf"
        self.conf.write_text(render_nginx(upstreams, self.port, root, self.folder))
        self.process: subprocess.Popen[bytes] | None = None

    def command(self, *extra: str) -> list[str]:
        return [nginx_binary(), "-p", str(self.folder), "-e", str(self.folder / "error.log"),
                "-c", str(self.conf), *extra]  # fmt: skip

    def test_config(self) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self.command("-t"), capture_output=True, text=True, check=False)

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.command("-g", "daemon off;"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            wait_port(self.port, 30, self.process)
        except RuntimeError:
            raise RuntimeError(self.log()) from None

    def log(self) -> str:
        path = self.folder / "error.log"
        return path.read_text()[-3000:] if path.exists() else ""

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: workers finish, then exit
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)
        shutil.rmtree(self.folder, ignore_errors=True)


class Redis:
    """redis-server with an append-only file, as compose runs it: stop it and start it again on
    the same port and folder, and the queued tasks are still there."""

    def __init__(self, port: int | None = None) -> None:
        self.folder = open_folder("kbagent-redis-")
        self.port = port or free_port()
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            raise RuntimeError("The deployment tests need redis-server (apt redis-server).")

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        assert self.binary is not None
        subprocess.run(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "yes", "--dir", str(self.folder), "--daemonize", "yes",
             "--pidfile", str(self.folder / "redis.pid"),
             "--logfile", str(self.folder / "redis.log")],
            check=True,
        )  # fmt: skip
        wait_port(self.port, 20)

    def stop(self) -> None:
        """SIGTERM, as `docker stop` sends: Redis writes its append-only file and exits."""
        pidfile = self.folder / "redis.pid"
        if not pidfile.exists():
            return
        pid = int(pidfile.read_text().strip())
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)
        os.kill(pid, signal.SIGKILL)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


class ModelServer:
    """The OpenAI-compatible stand-in (harness/openai_server.py) in a process of its own."""

    def __init__(self, delay: float, port: int | None = None) -> None:
        self.delay = delay
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(TESTS)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "harness.openai_server", str(self.port), str(self.delay)],
            cwd=TESTS,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{self.url}/models", timeout=2).raise_for_status()
                return
            except httpx.HTTPError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the model stand-in did not start") from None
                time.sleep(0.1)

    def kill(self) -> None:
        """The model server dies (SIGKILL: no goodbye to open connections)."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)


@dataclass
class Process:
    """A kbagent command in its own process group, its output in `log`."""

    name: str
    command: list[str]
    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                self.command, env=self.env, stdout=out, stderr=out, start_new_session=True
            )

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def signal(self, sig: int) -> None:
        if self.alive():
            assert self.process is not None
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)

    def tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""


@dataclass
class Stack:
    postgres: PostgresServer
    redis: Redis
    model: ModelServer
    nginx: Nginx
    env: dict[str, str]
    data_dir: Path
    logs: Path
    apis: list[Process] = field(default_factory=list)
    api_ports: list[int] = field(default_factory=list)
    workers: list[Process] = field(default_factory=list)
    scheduler: Process | None = None

    def kbagent(self, name: str, *args: str, **extra: str) -> Process:
        return Process(name, [KBAGENT, *args], {**self.env, **extra}, self.logs / f"{name}.log")

    def run_cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [KBAGENT, *args], env=self.env, capture_output=True, text=True, check=False
        )

    def start_api(self, index: int) -> Process:
        port = self.api_ports[index]
        api = self.kbagent(f"api{index + 1}", "serve", "--no-migrate", "--port", str(port))
        api.start()
        self.apis.append(api)
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/v1/system/health", timeout=5)
                return api
            except httpx.TransportError:
                if not api.alive() or time.monotonic() > deadline:
                    raise RuntimeError(f"{api.name} did not start:\n{api.tail()}") from None
                time.sleep(0.1)

    def start_worker(self) -> Process:
        worker = self.kbagent(f"worker{len(self.workers) + 1}", "worker", "-c", "1")
        worker.start()
        self.workers.append(worker)
        return worker

    def start_scheduler(self) -> Process:
        self.scheduler = self.kbagent("scheduler", "scheduler")
        self.scheduler.start()
        return self.scheduler

    def api_base(self, index: int) -> str:
        return f"http://127.0.0.1:{self.api_ports[index]}"


def static_site(folder: Path) -> Path:
    """A stand-in for the built web app (nginx serves whatever the folder holds)."""
    root = folder / "html"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><title>kbagent</title><div id=root></div>")
    (root / "assets" / "app-1234.js").write_text("console.log('kbagent');")
    for path in (root, root / "assets", *root.rglob("*")):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return root


@contextmanager
def distributed_stack(
    *, apis: int = 2, model_delay: float = 0.0, extra_env: dict[str, str] | None = None
) -> Iterator[Stack]:
    """PostgreSQL, Redis, the model stand-in, `kbagent migrate` once (compose's one-shot
    service), then nginx in front of `apis` API ports. Replicas, workers and the scheduler are
    started by the caller (`start_api`, `start_worker`, `start_scheduler`), in the order it
    needs; everything is stopped on exit."""
    with ExitStack() as stack:
        postgres = start_postgres()
        stack.callback(postgres.stop)
        url = create_database(postgres, "kbagent")
        redis = Redis()
        redis.start()
        stack.callback(redis.remove)
        model = ModelServer(model_delay)
        model.start()
        stack.callback(model.kill)
        work = open_folder("kbagent-stack-")
        stack.callback(shutil.rmtree, work, True)
        data_dir = work / "data"  # one data directory for every process, as compose's volume
        data_dir.mkdir()
        logs = work / "logs"
        logs.mkdir()
        api_ports = free_ports(apis + 1)
        nginx = Nginx(
            [f"127.0.0.1:{p}" for p in api_ports[:apis]],
            static_site(work),
            api_ports[-1],
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith("KBAGENT_")}
        env.update(
            OMP_WAIT_POLICY="PASSIVE",
            KBAGENT_DATA_DIR=str(data_dir),
            KBAGENT_DATABASE_URL=url,
            KBAGENT_REDIS_URL=redis.url(0),
            KBAGENT_TRUSTED_PROXIES="127.0.0.1",
            KBAGENT_LOG_LEVEL="INFO",
        )
        for name, value in model_settings(model.url).items():
            env[f"KBAGENT_{name.upper()}"] = str(value)
        env.update(extra_env or {})
        built = Stack(
            postgres, redis, model, nginx, env, data_dir, logs, api_ports=api_ports[:apis]
        )
        migrated = built.run_cli("migrate")
        assert migrated.returncode == 0, migrated.stderr
        stack.callback(_stop_all, built)
        yield built


def _stop_all(stack: Stack) -> None:
    stack.nginx.stop()
    for process in [*stack.apis, *stack.workers, *([stack.scheduler] if stack.scheduler else [])]:
        process.signal(signal.SIGTERM)


def provision_admin(stack: Stack) -> None:
    """The harness admin and its API key in the stack's database (admin.HEADERS works)."""
    from kbagent.config import load_settings

    admin.provision(load_settings(database_url=stack.env["KBAGENT_DATABASE_URL"]))
