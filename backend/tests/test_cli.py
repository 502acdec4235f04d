"""The `kbagent` command as a user runs it: a real process, real server, real logs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
from harness.ports import free_port

KBAGENT = str(Path(sys.executable).with_name("kbagent"))


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KBAGENT_")}
    env.update({"KBAGENT_DATA_DIR": str(tmp_path / "data"), **extra})
    return env


def test_help_lists_commands() -> None:
    out = subprocess.run([KBAGENT, "--help"], capture_output=True, text=True, check=True).stdout
    assert "serve" in out and "migrate" in out
    serve_help = subprocess.run(
        [KBAGENT, "serve", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "--port" in serve_help


def test_invalid_setting_stops_with_one_sentence(tmp_path: Path) -> None:
    result = subprocess.run(
        [KBAGENT, "migrate"], capture_output=True, text=True, env=_env(tmp_path, KBAGENT_PORT="x")
    )
    assert result.returncode != 0
    assert "Invalid setting KBAGENT_PORT" in result.stderr
    assert "Traceback" not in result.stderr


def test_migrate_then_serve_logs_request_ids(tmp_path: Path) -> None:
    env = _env(tmp_path)
    migrated = subprocess.run([KBAGENT, "migrate"], capture_output=True, text=True, env=env)
    assert migrated.returncode == 0, migrated.stderr
    assert (tmp_path / "data" / "kbagent.db").exists()

    port = free_port()
    log_path = tmp_path / "server.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [KBAGENT, "serve", "--port", str(port)], env=env, stderr=log, stdout=log
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120  # a hang guard
        while True:
            try:
                response = httpx.get(
                    f"{base}/api/v1/system/health", headers={"X-Request-ID": "abc-1"}
                )
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.1)
        assert response.status_code == 200
        assert response.headers["x-request-id"] == "abc-1"
        # `/` is the web app (or, without a build, a page saying how to build it).
        home = httpx.get(base)
        assert home.status_code == 200 and home.text.lower().startswith("<!doctype html>")
        assert httpx.get(f"{base}/docs").status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=10)
    lines = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]
    assert any(
        line.get("request_id") == "abc-1" and line.get("path") == "/api/v1/system/health"
        for line in lines
    ), lines
