"""The backends kbagent runs with, built from settings: the bundled local one always, Ollama
and an OpenAI-compatible server when their URLs are set."""

from __future__ import annotations

import json
from collections.abc import Mapping

from kbagent.ai.base import Backend
from kbagent.ai.ledger import Ledger
from kbagent.ai.local import LocalBackend
from kbagent.ai.ollama import OllamaBackend
from kbagent.ai.openai_compat import OpenAICompatBackend
from kbagent.ai.profile import Profile
from kbagent.ai.routing import AI, PHASES
from kbagent.ai.schemas import BackendModels, ModelCatalogue, ModelRead
from kbagent.ai.transport import Limits
from kbagent.config import Settings
from kbagent.credentials.redaction import redact
from kbagent.db import Database
from kbagent.errors import AIServiceError


def limits(settings: Settings) -> Limits:
    return Limits(
        connect_timeout=settings.ai_connect_timeout,
        read_timeout=settings.ai_read_timeout,
        max_duration=settings.ai_max_duration,
        max_retries=settings.ai_max_retries,
    )


def backend_keys(settings: Settings) -> dict[str, tuple[object, ...]]:
    """The configured backends, each with the settings it is built from: a backend whose key
    is unchanged is the same backend (`kbagent.ai.live` keeps it across a settings change)."""
    timing = (
        settings.ai_connect_timeout,
        settings.ai_read_timeout,
        settings.ai_max_duration,
        settings.ai_max_retries,
    )
    keys: dict[str, tuple[object, ...]] = {
        "local": (
            settings.ai_threads,
            settings.ai_max_duration,
            settings.local_chat_model,
            settings.local_context_max,
        )
    }
    if settings.ollama_url:
        keys["ollama"] = (
            settings.ollama_url,
            _canonical(settings.ollama_options),
            timing,
            settings.ollama_concurrency,
        )
    if settings.openai_base_url:
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        keys["openai"] = (
            settings.openai_base_url,
            key,
            settings.openai_json_mode,
            _canonical(settings.openai_extra_body),
            settings.openai_context_window,
            timing,
            settings.openai_concurrency,
        )
    return keys


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def build_backend(name: str, settings: Settings) -> Backend:
    """One backend of `backend_keys(settings)`."""
    if name == "ollama" and settings.ollama_url:
        return OllamaBackend(
            settings.ollama_url,
            limits(settings),
            settings.ollama_options,
            settings.ollama_concurrency,
        )
    if name == "openai" and settings.openai_base_url:
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        return OpenAICompatBackend(
            settings.openai_base_url,
            key,
            limits(settings),
            settings.openai_json_mode,
            extra_body=settings.openai_extra_body,
            context_window=settings.openai_context_window,
            concurrency=settings.openai_concurrency,
        )
    if name == "local":
        return LocalBackend(
            settings.ai_threads,
            settings.ai_max_duration,
            settings.local_chat_model,
            settings.local_context_max,
        )
    raise AIServiceError(
        f"Backend {name} is not configured.",
        {"backend": name, "model": None, "cause": "backend not configured"},
    )


def build_backends(settings: Settings) -> dict[str, Backend]:
    return {name: build_backend(name, settings) for name in backend_keys(settings)}


def routes(settings: Settings) -> dict[str, str]:
    return {phase: str(getattr(settings, f"model_{phase}")) for phase in PHASES}


def database_recorder(database: Database) -> Ledger:
    """Usage records into `database`, batched (see `kbagent.ai.ledger`)."""
    return Ledger(database)


def build_ai(settings: Settings, database: Database | None = None) -> AI:
    recorder = database_recorder(database) if database is not None else None
    return AI(build_backends(settings), routes(settings), settings.model_prices, recorder)


def failure_cause(exc: Exception) -> str:
    # Shown by /system/models and /system/health: a URL password or key never is.
    if isinstance(exc, AIServiceError):
        return redact(str(exc.details.get("cause") or exc.message))
    return redact(str(exc) or type(exc).__name__)


def catalogue(ai: AI, profiles: Mapping[str, Profile] | None = None) -> ModelCatalogue:
    """Every backend's models, grouped by capability; a down backend is listed as down.

    `profiles` (measured capability profiles by model name) add the self-test's figures.
    """
    known = profiles or {}
    groups = []
    for name, backend in ai.backends.items():
        try:
            infos = backend.list_models()
        except Exception as exc:
            groups.append(
                BackendModels(
                    backend=name,
                    status="down",
                    detail=failure_cause(exc),
                    models=[],
                    by_capability={},
                )
            )
            continue
        models = [
            ModelRead(
                name=i.name,
                capabilities=i.capabilities.flags(),
                context_window=i.capabilities.context_window,
                json_reliability=known[i.name].json_reliability if i.name in known else None,
                tokens_per_second=known[i.name].tokens_per_second if i.name in known else None,
            )
            for i in infos
        ]
        by_capability: dict[str, list[str]] = {}
        for model in models:
            for flag in model.capabilities:
                by_capability.setdefault(flag, []).append(model.name)
        groups.append(
            BackendModels(backend=name, status="ok", models=models, by_capability=by_capability)
        )
    return ModelCatalogue(backends=groups, routes=ai.routes)
