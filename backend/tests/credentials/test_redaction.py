"""The log filter and the API mask: secret values, credential headers and URL passwords."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from kbagent.config import load_settings
from kbagent.credentials import redaction, sealing
from kbagent.system.logs import log_handler


@pytest.fixture
def captured() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    """kbagent's own handler (JSON, redacting) on a throwaway logger."""
    stream = io.StringIO()
    logger = logging.getLogger("kbagent.test.redaction")
    logger.handlers[:] = [log_handler(stream)]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    try:
        yield logger, stream
    finally:
        logger.handlers[:] = []


def test_known_values_are_redacted_from_every_part_of_a_record(
    captured: tuple[logging.Logger, io.StringIO], tmp_path: Path
) -> None:
    logger, stream = captured
    settings = load_settings(
        data_dir=tmp_path,
        openai_api_key="sk-proj-abcdefghijklmnop",
        x_client_secret="x-app-secret-123456",
        vault_git_remote="https://me:ghp_pushtoken99@git.example/v.git",
    )
    redaction.remember_settings(settings)
    sealing.seal(settings, {"access_token": "x-access-token-from-x-0001", "n": 3})
    logger.info("calling with %s", "sk-proj-abcdefghijklmnop")
    logger.warning(
        "x said no",
        extra={"response": "token x-access-token-from-x-0001 expired", "url": "ghp_pushtoken99"},
    )
    try:
        raise RuntimeError("secret x-app-secret-123456 in an exception")
    except RuntimeError:
        logger.exception("failed")
    text = stream.getvalue()
    for secret in (
        "sk-proj-abcdefghijklmnop",
        "x-access-token-from-x-0001",
        "x-app-secret-123456",
        "ghp_pushtoken99",
    ):
        assert secret not in text
    lines = [json.loads(line) for line in text.splitlines()]
    assert lines[0]["message"] == "calling with ***"
    assert lines[1]["response"] == "token *** expired"
    assert "RuntimeError: secret *** in an exception" in lines[2]["exception"]


@pytest.mark.parametrize(
    "line",
    [
        "headers: {'authorization': 'Bearer abc.def.ghi', 'accept': 'json'}",
        "Authorization: Basic a2J1c2VyOmh1bnRlcjI=",
        "cookie: kbagent_access=eyJhbGciOi.payload.sig; kbagent_csrf=c5rf-v4lue",
        "Set-Cookie: kbagent_refresh=r3fresh-t0ken; HttpOnly",
        "X-CSRF-Token: c5rf-v4lue",
        "proxy at http://user:hunter2@proxy:3128",
    ],
)
def test_credential_headers_are_redacted(
    captured: tuple[logging.Logger, io.StringIO], line: str
) -> None:
    logger, stream = captured
    logger.debug(line)
    text = stream.getvalue()
    for secret in (
        "abc.def.ghi",
        "a2J1c2VyOmh1bnRlcjI=",
        "eyJhbGciOi",
        "c5rf-v4lue",
        "r3fresh-t0ken",
        "hunter2",
    ):
        assert secret not in text
    assert "***" in text


def test_the_filter_covers_any_logger_through_the_handler() -> None:
    """Records of libraries (httpx, uvicorn) pass the same handler filter."""
    stream = io.StringIO()
    handler = log_handler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        redaction.remember("library-secret-value-99")
        logging.getLogger("httpx").warning("sent library-secret-value-99")
    finally:
        root.removeHandler(handler)
    assert "library-secret-value-99" not in stream.getvalue()
    assert "sent ***" in stream.getvalue()


def test_short_values_are_not_remembered() -> None:
    redaction.remember("abc", "")
    assert redaction.redact("abc and more") == "abc and more"


def test_mask() -> None:
    assert redaction.mask(SecretStr("sk-proj-abcdefghijklmnop")) == "****mnop"
    assert redaction.mask("short-key") == "****"
    assert redaction.mask(None) is None
