"""`/api/v1/settings` on a real server, both databases: a change round-trips and is in force at
once, the environment stays the default, bad values are a 422 naming the setting with nothing
changed, secrets are sealed at rest and never answered or logged in clear, every change is
audited."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from ai.ollama_server import OllamaState, run_ollama
from harness import admin
from harness.server import serve
from sqlalchemy import select

from kbagent.config import Settings
from kbagent.credentials.redaction import RedactingFilter
from kbagent.db import open_database
from kbagent.settings.catalogue import EDITABLE
from kbagent.settings.models import SettingOverride
from kbagent.settings.schemas import SettingsValues

URL = "/api/v1/settings"
KEY = "sk-settings-test-0123456789abcdef"


@pytest.fixture
def env_settings(settings: Settings) -> Settings:
    """As if KBAGENT_SYNTHESIS_MAX_ITEMS=40 were in the environment."""
    return settings.model_copy(update={"synthesis_max_items": 40})


@pytest.fixture
def client(env_settings: Settings) -> Iterator[httpx.Client]:
    with serve(env_settings) as base, admin.Client(base_url=base) as http:
        yield http


@pytest.fixture
def ollama() -> Iterator[tuple[str, OllamaState]]:
    with run_ollama() as server:
        yield server


def _field(read: dict[str, Any], name: str) -> dict[str, Any]:
    return next(f for f in read["fields"] if f["name"] == name)


def _put(client: httpx.Client, body: dict[str, Any]) -> httpx.Response:
    return client.put(URL, json=body)


def test_values_schema_is_the_editable_settings() -> None:
    assert set(SettingsValues.model_fields) == set(EDITABLE)
    assert set(EDITABLE) <= set(Settings.model_fields)


def test_round_trip_in_force_at_once_and_reset_to_the_environment(
    client: httpx.Client, ollama: tuple[str, OllamaState]
) -> None:
    first = client.get(URL)
    assert first.status_code == 200, first.text
    read = first.json()
    assert read["values"]["synthesis_max_items"] == 40
    assert _field(read, "synthesis_max_items")["source"] == "environment"
    assert read["values"]["synthesis_min_items"] == 3
    assert _field(read, "synthesis_min_items")["source"] == "default"

    changed = _put(
        client,
        {
            "synthesis_min_items": 5,
            "vault_auto_sync": False,
            "category_similarity": 0.9,
            "ollama_url": ollama[0],
            "ollama_options": {"num_ctx": 2048},
            "model_chat": "ollama:tiny, local:smollm2",
            "model_prices": {"ollama:tiny": [0.1, 0.2]},
        },
    )
    assert changed.status_code == 200, changed.text
    after = changed.json()
    assert after["version"] > read["version"]
    assert after["values"]["synthesis_min_items"] == 5
    assert after["values"]["vault_auto_sync"] is False
    assert after["values"]["model_prices"] == {"ollama:tiny": [0.1, 0.2]}
    chat = _field(after, "model_chat")
    assert chat["source"] == "database" and chat["updated_by"] == admin.USERNAME
    assert client.get(URL).json()["values"] == after["values"]

    # In force at once: the AI of this process routes chat to the new backend.
    models = client.get("/api/v1/system/models").json()
    assert models["routes"]["chat"] == "ollama:tiny, local:smollm2"
    ollama_group = next(g for g in models["backends"] if g["backend"] == "ollama")
    assert ollama_group["status"] == "ok"
    assert "ollama:tiny:latest" in [m["name"] for m in ollama_group["models"]]

    reset = _put(client, {"reset": ["synthesis_min_items", "synthesis_max_items", "model_chat"]})
    assert reset.status_code == 200, reset.text
    values = reset.json()["values"]
    assert values["synthesis_min_items"] == 3  # the default
    assert values["synthesis_max_items"] == 40  # the environment's
    assert values["model_chat"] == "local:smollm2"
    assert values["vault_auto_sync"] is False  # untouched
    assert _field(reset.json(), "synthesis_max_items")["source"] == "environment"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"synthesis_min_items": 0}, "synthesis_min_items"),
        ({"category_similarity": 1.5}, "category_similarity"),
        ({"ollama_url": "ftp://models.example"}, "ollama_url"),
        ({"openai_json_mode": "yaml"}, "openai_json_mode"),
        ({"synthesis_min_items": "many"}, "synthesis_min_items"),
        ({"synthesis_max_items": None}, "synthesis_max_items"),
        ({"model_chat": "ollama:tiny"}, "model_chat"),  # no Ollama configured
        ({"model_chat": "llama3"}, "model_chat"),  # not backend:model
        ({"synthesis_min_items": 60, "synthesis_max_items": 50}, "synthesis_min_items"),
        ({"no_such_setting": 1}, "no_such_setting"),
        ({"reset": ["database_url"]}, "database_url"),
        ({"fetch_max_bytes": 10}, "fetch_max_bytes"),
    ],
)
def test_bad_values_are_a_422_naming_the_setting_and_change_nothing(
    client: httpx.Client, body: dict[str, Any], field: str
) -> None:
    before = client.get(URL).json()
    refused = _put(client, {"vault_auto_sync": False, **body})
    assert refused.status_code == 422, refused.text
    error = refused.json()
    assert error["error_code"] == "validation_error"
    assert field in error["message"]
    assert error["request_id"]
    assert client.get(URL).json() == before


def test_secrets_are_sealed_masked_and_redacted(
    env_settings: Settings, client: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    changed = _put(
        client,
        {
            "openai_base_url": "http://127.0.0.1:9/v1",
            "openai_api_key": KEY,
            "x_client_id": "x-app",
            "x_client_secret": "x-secret-0123456789abcdef",
        },
    )
    assert changed.status_code == 200, changed.text
    values = changed.json()["values"]
    assert values["openai_api_key"] == "****" + KEY[-4:]
    assert values["x_client_secret"] == "****cdef"
    audit = client.get("/api/v1/system/audit", params={"action": "settings.update"})
    entry = audit.json()["items"][0]
    assert entry["details"]["changed"]["openai_api_key"] == "***"
    assert entry["details"]["changed"]["x_client_id"] == "x-app"
    for response in (changed, client.get(URL), audit, client.get("/api/v1/system/models")):
        assert KEY not in response.text and "x-secret-0123456789abcdef" not in response.text

    database = open_database(env_settings.resolved_database_url)
    try:
        with database.reader() as session:
            rows = {r.name: r for r in session.scalars(select(SettingOverride))}
    finally:
        database.dispose()
    key_row = rows["openai_api_key"]
    assert key_row.value is None and key_row.sealed and KEY not in key_row.sealed

    # A log line that carries the key (an error quoting a request) prints it as ***.
    record = logging.LogRecord("t", logging.ERROR, __file__, 1, "sent %s", (KEY,), None)
    RedactingFilter().filter(record)
    assert KEY not in record.getMessage()

    # Leaving a secret out keeps it; null clears it.
    kept = _put(client, {"openai_json_mode": "json_object"}).json()
    assert kept["values"]["openai_api_key"] == "****" + KEY[-4:]
    cleared = _put(client, {"openai_api_key": None}).json()
    assert cleared["values"]["openai_api_key"] is None


def test_changes_are_audited(client: httpx.Client) -> None:
    assert _put(client, {"synthesis_min_items": 4}).status_code == 200
    assert _put(client, {"reset": ["synthesis_min_items"]}).status_code == 200
    page = client.get("/api/v1/system/audit", params={"action": "settings.update"}).json()
    latest, earlier = page["items"][:2]
    assert earlier["details"]["changed"] == {"synthesis_min_items": 4}
    assert latest["details"]["reset"] == ["synthesis_min_items"]
    assert latest["actor"] == admin.USERNAME
    assert latest["details"]["version"] > earlier["details"]["version"]
    # The generic record of the PUT is not written twice.
    assert client.get("/api/v1/system/audit", params={"action": "api.put"}).json()["total"] == 0


def test_settings_survive_a_restart(env_settings: Settings) -> None:
    with serve(env_settings) as base:
        assert admin.request("PUT", base + URL, json={"fetch_max_redirects": 2}).status_code == 200
    with serve(env_settings) as base:
        assert admin.get(base + URL).json()["values"]["fetch_max_redirects"] == 2
