"""Schemathesis over the whole API, against a real uvicorn: no input may cause a 5xx.

Every operation of the app's own OpenAPI document gets valid and invalid requests (about 30
examples each, derandomised so a run is repeatable). Besides "no server error", every error
response must be the JSON envelope, a 405 must say which methods are allowed, and every
response must match the documented schema. Requests are sent as the harness admin (API key).

The models are the deterministic OpenAI-compatible stand-in and the hashed embedder, so a
fuzzed `agent/start` or chat message exercises kbagent, not a 135M model on a loaded CPU.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import schemathesis
from harness import admin
from harness.openai_server import model_settings, run_openai_server
from harness.postgres import PostgresServer, create_database
from harness.server import serve
from knowledge.fakes import HashEmbedder
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, unsupported_method

from kbagent.config import Settings, load_settings
from kbagent.main import create_app

ENVELOPE = {"error_code", "message", "details", "request_id"}
SERVED: dict[str, Settings] = {}
# Operations that can take the harness admin's own key or account away (revoke it, demote or
# delete the user): after each, the harness admin is put back, so fuzzing goes on as admin.
SELF_HARM = ("/api/v1/auth/keys/", "/api/v1/users/", "/api/v1/auth/password")
EXAMPLES = 30

# Not fuzzed: the settings routes would point the server's model backends at whatever hosts
# the fuzzer invents (and the server would then reach out to them: health, test connection),
# and change the models every later case runs with. tests/settings covers their validation.
schema = schemathesis.openapi.from_dict(
    create_app(load_settings(data_dir=Path(tempfile.gettempdir()) / "kbagent-schema")).openapi()
).exclude(path_regex=r"^/api/v1/settings(/|$)")


def error_envelope(ctx: Any, response: schemathesis.Response, case: schemathesis.Case) -> None:
    """Every 4xx/5xx, including the framework's and the server's own, is the JSON envelope."""
    if response.status_code < 400:
        return
    content_type = response.headers.get("content-type", [""])[0]
    assert content_type.startswith("application/json"), (
        f"{response.status_code} answered as {content_type!r}: {response.text[:200]!r}"
    )
    body = response.json()
    assert isinstance(body, dict) and body.keys() >= ENVELOPE, response.text[:300]
    if response.status_code == 405:
        assert response.headers.get("allow"), "405 without an Allow header"


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def api(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """One server per database kind for the whole module; the fuzzed data piles up in it."""
    data_dir = tmp_path_factory.mktemp(f"fuzz-{request.param}")
    with run_openai_server() as (model_url, _state):
        overrides: dict[str, Any] = {
            "data_dir": data_dir,
            **model_settings(model_url),
            "ai_max_retries": 0,
            "vault_auto_sync": True,
            "fetch_timeout_seconds": 2.0,
            "x_rate_limit_max_wait_seconds": 0,
        }
        if request.param == "sqlite":
            template: Path = request.getfixturevalue("sqlite_template")
            shutil.copy(template, data_dir / "kbagent.db")
        else:
            server: PostgresServer = request.getfixturevalue("postgres")
            request.getfixturevalue("postgres_template")
            overrides["database_url"] = create_database(server, "kb_fuzz", template="kb_template")
        settings: Settings = load_settings(**overrides)

        def configure(app: Any) -> None:
            app.state.kb_embedder = HashEmbedder(settings.embedding_dim)

        with serve(settings, configure) as base:
            SERVED[base] = settings
            yield base


@schema.parametrize()
@hypothesis.settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_no_input_causes_a_server_error(api: str, case: schemathesis.Case) -> None:
    """As the admin (every route reachable), no 5xx and every response as documented."""
    case.call_and_validate(
        base_url=api,
        headers=admin.HEADERS,
        checks=[
            not_a_server_error,
            unsupported_method,
            error_envelope,
            response_schema_conformance,
        ],
        timeout=60,
    )
    if case.operation.path.startswith(SELF_HARM):
        admin.provision(SERVED[api], repair=True)
