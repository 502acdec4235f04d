""" "Test connection": one backend, built from the settings in force or from values not yet
saved, asked for its models and their capabilities."""

from __future__ import annotations

import time
from typing import Literal

from kbagent.ai.registry import backend_keys, build_backend, catalogue
from kbagent.ai.routing import AI
from kbagent.config import Settings
from kbagent.credentials.redaction import remember
from kbagent.settings.merge import merged
from kbagent.settings.schemas import ConnectionRequest, ConnectionTest

BackendName = Literal["local", "ollama", "openai"]
_URL_SETTING = {"ollama": "ollama_url", "openai": "openai_base_url"}


def try_backend(
    current: Settings, backend: BackendName, proposed: ConnectionRequest
) -> ConnectionTest:
    """Blocking (network): run it in a worker thread."""
    changes = proposed.changes()
    remember(*(v for v in changes.values() if isinstance(v, str)))  # a key tried is redacted too
    settings = merged(current, changes) if changes else current
    if backend not in backend_keys(settings):
        return ConnectionTest(
            backend=backend,
            status="not_configured",
            detail=f"Set {_URL_SETTING[backend]} to test it.",
            models=[],
            by_capability={},
        )
    instance = build_backend(backend, settings)
    started = time.perf_counter()
    try:
        (found,) = catalogue(AI({backend: instance}, {})).backends
    finally:
        instance.close()
    latency = round((time.perf_counter() - started) * 1000, 2) if found.status == "ok" else None
    return ConnectionTest(**found.model_dump(), latency_ms=latency)
