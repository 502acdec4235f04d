"""The last-resort 500: an unexpected exception becomes the envelope, logged with its id."""

from __future__ import annotations

import logging
import threading
import time

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from harness.ports import free_port

from kbagent.system.envelope import install_error_handlers
from kbagent.system.middleware import RequestContextMiddleware


def test_unexpected_error_is_a_500_envelope(caplog: pytest.LogCaptureFixture) -> None:
    app = FastAPI()
    install_error_handlers(app)
    app.add_middleware(RequestContextMiddleware, max_body_bytes=1024)

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internal detail")

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        with caplog.at_level(logging.ERROR):
            response = httpx.get(f"http://127.0.0.1:{port}/boom")
    finally:
        server.should_exit = True
        thread.join(5)
    assert response.status_code == 500
    body = response.json()
    assert body["error_code"] == "system_error"
    assert "secret internal detail" not in response.text and "Traceback" not in response.text
    assert body["request_id"] == response.headers["x-request-id"]
    assert any("unhandled error" in r.getMessage() for r in caplog.records)
