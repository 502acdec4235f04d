"""The AI of the settings in force: rebuilt when an admin changes a backend, a route or a price
(`kbagent.settings`), keeping every backend whose own settings did not change, so the
in-process models stay loaded and open connections stay open.

A replaced backend is closed when the process closes, not at once: a call on another thread
may still be using it (a run's batch keeps the AI it started with).
"""

from __future__ import annotations

import threading

from kbagent.ai.base import Backend
from kbagent.ai.registry import backend_keys, build_backend, routes
from kbagent.ai.routing import AI, Recorder
from kbagent.config import Settings


class LiveAI:
    def __init__(self, recorder: Recorder | None = None) -> None:
        self.recorder = recorder
        self._lock = threading.Lock()
        self._seen: Settings | None = None
        self._shape: tuple[object, ...] | None = None
        self._keys: dict[str, tuple[object, ...]] = {}
        self._backends: dict[str, Backend] = {}
        self._retired: list[Backend] = []
        self._ai: AI | None = None

    def get(self, settings: Settings) -> AI:
        if settings is self._seen and self._ai is not None:
            return self._ai  # the settings object is replaced only when something changed
        with self._lock:
            keys = backend_keys(settings)
            shape = (keys, routes(settings), dict(settings.model_prices))
            if self._ai is None or shape != self._shape:
                self._ai = self._rebuild(settings, keys, shape)
            self._seen = settings
            return self._ai

    def _rebuild(
        self, settings: Settings, keys: dict[str, tuple[object, ...]], shape: tuple[object, ...]
    ) -> AI:
        backends: dict[str, Backend] = {}
        for name, key in keys.items():
            kept = self._backends.get(name)
            if kept is not None and self._keys.get(name) == key:
                backends[name] = kept
            else:
                backends[name] = build_backend(name, settings)
        self._retired += [b for n, b in self._backends.items() if backends.get(n) is not b]
        self._backends, self._keys, self._shape = backends, keys, shape
        return AI(backends, routes(settings), settings.model_prices, self.recorder)

    def close(self) -> None:
        with self._lock:
            for backend in [*self._backends.values(), *self._retired]:
                backend.close()
            self._backends, self._retired, self._ai, self._seen = {}, [], None, None
