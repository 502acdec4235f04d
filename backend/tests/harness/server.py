"""A real uvicorn serving kbagent on a loopback port, in a thread of the test process."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn

from harness import admin
from harness.ports import free_port
from kbagent.config import Settings
from kbagent.main import create_app
from kbagent.system.http_protocol import EnvelopeHttpProtocol


@contextmanager
def serve(
    settings: Settings, configure: Callable[[Any], None] | None = None, *, as_admin: bool = True
) -> Iterator[str]:
    """`configure(app)` may set extra app state (e.g. test doubles for models) before start.
    The database gets the harness admin and its API key (`harness.admin`) unless `as_admin`
    is false (first-run tests)."""
    if as_admin:
        admin.provision(settings)
    port = free_port()
    app = create_app(settings)
    if configure is not None:
        configure(app)
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_config=None,
        lifespan="on",
        access_log=False,
        http=EnvelopeHttpProtocol,  # as `kbagent serve` runs it
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def wait_healthy(base: str) -> None:
    httpx.get(f"{base}/api/v1/system/health", timeout=5).raise_for_status()


@contextmanager
def serve_process(settings: Settings) -> Iterator[str]:
    """`kbagent serve` in its own process, as a user runs it (benchmarks use this)."""
    import sys
    from pathlib import Path

    from harness.env import settings_env

    admin.provision(settings)
    port = free_port()
    env = settings_env(settings, KBAGENT_LOG_LEVEL="WARNING")
    kbagent = str(Path(sys.executable).with_name("kbagent"))
    with serve_command([kbagent, "serve", "--port", str(port)], env, port) as base:
        yield base


@contextmanager
def serve_command(command: list[str], env: dict[str, str], port: int) -> Iterator[str]:
    """Run a server process until its health endpoint answers on `port`; stop it afterwards."""
    import subprocess

    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                httpx.get(f"{base}/api/v1/system/health", timeout=2)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{command[0]} did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)
