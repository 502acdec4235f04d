from __future__ import annotations

import json
import logging

from kbagent.system.logs import JsonFormatter, request_id_var, scrub


def _format(message: str, **extra: object) -> dict[str, object]:
    record = logging.makeLogRecord({"msg": message, "levelname": "INFO", "name": "t", **extra})
    return dict(json.loads(JsonFormatter().format(record)))


def test_lines_are_json_with_request_id() -> None:
    token = request_id_var.set("req-123")
    try:
        line = _format("hello", path="/x")
    finally:
        request_id_var.reset(token)
    assert line["message"] == "hello"
    assert line["request_id"] == "req-123"
    assert line["path"] == "/x"


def test_secrets_never_logged() -> None:
    line = _format(
        "connecting to postgresql://kb:hunter2@db/kb with Bearer sk-abc.def",
        api_key="sk-live-1",
        config={"openai_api_key": "sk-2", "model": "m"},
    )
    text = json.dumps(line)
    for secret in ("hunter2", "sk-abc.def", "sk-live-1", "sk-2"):
        assert secret not in text
    assert line["config"] == {"openai_api_key": "***", "model": "m"}
    assert "s3cret" not in scrub("redis://user:s3cret@host:6379/0")
