"""The AI parts of the API with several backends configured, one of them down."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import admin
from harness.ports import free_port
from harness.server import serve

from ai.ollama_server import OllamaState
from kbagent.config import SettingsError, load_settings


def test_models_and_health_with_ollama_up_and_openai_down(
    tmp_path: Path, ollama: tuple[str, OllamaState]
) -> None:
    from kbagent import migrations

    settings = load_settings(
        data_dir=tmp_path,
        ollama_url=ollama[0],
        openai_base_url=f"http://127.0.0.1:{free_port()}/v1",
        openai_api_key="sk-secret-value",
        ollama_options={"num_ctx": 8192},
        model_chat="openai:gpt-4o-mini, ollama:tiny",
        ai_max_retries=0,
        ai_connect_timeout=2,
    )
    migrations.upgrade(settings)
    assert "sk-secret-value" not in repr(settings)
    with serve(settings) as base:
        catalogue = admin.get(f"{base}/api/v1/system/models", timeout=30).json()
        health = admin.get(f"{base}/api/v1/system/health", timeout=30).json()
    groups = {g["backend"]: g for g in catalogue["backends"]}
    assert set(groups) == {"local", "ollama", "openai"}
    assert groups["openai"]["status"] == "down"
    assert groups["openai"]["detail"].startswith("cannot connect")
    ollama_models = groups["ollama"]["by_capability"]
    assert ollama_models["vision"] == ["ollama:eye:latest"]
    assert ollama_models["embeddings"] == ["ollama:nomic-embed:latest"]
    assert "ollama:tiny:latest" in ollama_models["chat"]
    assert catalogue["routes"]["chat"] == "openai:gpt-4o-mini, ollama:tiny"

    parts = health["parts"]
    assert health["status"] == "ok"  # AI backends are not required parts
    assert parts["ai:openai"]["status"] == "down"
    assert parts["ai:ollama"]["status"] == "ok"
    assert parts["ai:local"]["status"] == "ok"
    assert (parts["ai"]["status"], parts["ai"]["detail"]) == ("ok", "down: openai")


def test_backend_settings_are_validated() -> None:
    with pytest.raises(SettingsError, match="KBAGENT_OLLAMA_URL: must be an http"):
        load_settings(ollama_url="localhost:11434")
    with pytest.raises(SettingsError, match="KBAGENT_OPENAI_JSON_MODE"):
        load_settings(openai_json_mode="grammar")


def test_prices_and_phase_models_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KBAGENT_MODEL_PRICES", '{"openai:gpt-4o-mini": [0.15, 0.6]}')
    monkeypatch.setenv("KBAGENT_MODEL_SYNTHESIS", "ollama:qwen3, local:smollm2")
    settings = load_settings()
    assert settings.model_prices == {"openai:gpt-4o-mini": (0.15, 0.6)}
    assert settings.model_synthesis == "ollama:qwen3, local:smollm2"
    assert settings.model_embeddings == "local:all-minilm-l6-v2"
