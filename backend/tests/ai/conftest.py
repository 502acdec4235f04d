"""AI fixtures: the real llama.cpp server (once per session) and the Ollama stand-in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from harness.llama import LlamaServer

from ai.ollama_server import OllamaState, run_ollama
from kbagent.ai.openai_compat import OpenAICompatBackend
from kbagent.ai.transport import Limits


@pytest.fixture
def openai_backend(llama_server: LlamaServer) -> Iterator[OpenAICompatBackend]:
    backend = OpenAICompatBackend(
        llama_server.base_url, "test-key", Limits(read_timeout=120), json_mode="json_object"
    )
    try:
        yield backend
    finally:
        backend.close()


@pytest.fixture
def ollama() -> Iterator[tuple[str, OllamaState]]:
    with run_ollama() as server:
        yield server
