"""Redis for tests: the machine's 127.0.0.1:6379 if it answers, else a redis-server we start."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from harness.ports import free_port

HOW_TO_GET = (
    "Tests need Redis: none answers on 127.0.0.1:6379 and no redis-server is installed. "
    "Install it with `apt-get install -y redis-server` (or start one on 6379) and rerun."
)


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class RedisServer:
    def __init__(self, port: int, process_dir: Path | None) -> None:
        self.port = port
        self._dir = process_dir

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def stop(self) -> None:
        if self._dir is None:
            return
        pidfile = self._dir / "redis.pid"
        if pidfile.exists():
            subprocess.run(["kill", pidfile.read_text().strip()], check=False)
        shutil.rmtree(self._dir, ignore_errors=True)


def start_redis() -> RedisServer:
    if _answers(6379):
        return RedisServer(6379, None)
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError(HOW_TO_GET)
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="kbagent-redis-"))
    subprocess.run(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--daemonize",
            "yes",
            "--pidfile",
            str(folder / "redis.pid"),
            "--dir",
            str(folder),
        ],
        check=True,
    )
    deadline = time.monotonic() + 10
    while not _answers(port):
        if time.monotonic() > deadline:
            raise RuntimeError(f"redis-server did not start on port {port}")
        time.sleep(0.05)
    return RedisServer(port, folder)
