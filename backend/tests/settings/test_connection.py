""" "Test connection" for each AI backend against real servers speaking each wire protocol: the
OpenAI-compatible stand-in, the llama.cpp server, and the Ollama stand-in. Values sent with the
test are tried, not saved."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from ai.ollama_server import run_ollama
from harness import admin
from harness.llama import LlamaServer
from harness.openai_server import run_openai_server
from harness.ports import free_port
from harness.server import serve

from kbagent.config import Settings

URL = "/api/v1/settings"
pytestmark = pytest.mark.parametrize("db_kind", ["sqlite"], indirect=True)


@pytest.fixture
def client(settings: Settings) -> Iterator[httpx.Client]:
    with serve(settings) as base, admin.Client(base_url=base) as http:
        yield http


def test_openai_compatible_values_are_tried_not_saved(client: httpx.Client) -> None:
    with run_openai_server() as (url, _state):
        tested = client.post(
            f"{URL}/backends/openai/test",
            json={"openai_base_url": url, "openai_api_key": "sk-connection-test-0123456789"},
        )
    assert tested.status_code == 200, tested.text
    result = tested.json()
    assert result["status"] == "ok" and result["latency_ms"] is not None
    names = {m["name"] for m in result["models"]}
    assert {"openai:writer", "openai:embedder"} <= names
    assert "openai:embedder" in result["by_capability"]["embeddings"]
    assert "openai:writer" in result["by_capability"]["chat"]
    assert "sk-connection-test-0123456789" not in tested.text
    assert client.get(URL).json()["values"]["openai_base_url"] is None  # not saved


def test_llama_cpp_server(client: httpx.Client, llama_server: LlamaServer) -> None:
    tested = client.post(
        f"{URL}/backends/openai/test",
        json={"openai_base_url": llama_server.base_url, "openai_json_mode": "json_object"},
    )
    assert tested.status_code == 200, tested.text
    result = tested.json()
    assert result["status"] == "ok"
    assert "openai:smollm2" in result["by_capability"]["json"]


def test_ollama_saved_then_tested(client: httpx.Client) -> None:
    with run_ollama() as (url, _state):
        # The options apply: Ollama gives a request num_ctx tokens, whatever the model knows.
        saved = client.put(URL, json={"ollama_url": url, "ollama_options": {"num_ctx": 8192}})
        assert saved.status_code == 200, saved.text
        tested = client.post(f"{URL}/backends/ollama/test")
    assert tested.status_code == 200, tested.text
    result = tested.json()
    assert result["status"] == "ok"
    models = {m["name"]: m for m in result["models"]}
    assert models["ollama:eye:latest"]["capabilities"] == ["chat", "stream", "vision", "json"]
    assert models["ollama:eye:latest"]["context_window"] == 8192
    assert "ollama:nomic-embed:latest" in result["by_capability"]["embeddings"]


def test_unconfigured_down_and_invalid(client: httpx.Client) -> None:
    missing = client.post(f"{URL}/backends/ollama/test").json()
    assert missing["status"] == "not_configured" and "ollama_url" in missing["detail"]

    down = client.post(
        f"{URL}/backends/openai/test", json={"openai_base_url": f"http://127.0.0.1:{free_port()}"}
    ).json()
    assert down["status"] == "down" and down["detail"] and down["models"] == []

    invalid = client.post(f"{URL}/backends/ollama/test", json={"ollama_url": "not a url"})
    assert invalid.status_code == 422 and "ollama_url" in invalid.json()["message"]
    unknown = client.post(f"{URL}/backends/elsewhere/test")
    assert unknown.status_code == 422

    local = client.post(f"{URL}/backends/local/test").json()
    assert local["status"] == "ok"
    assert "local:smollm2" in local["by_capability"]["chat"]
