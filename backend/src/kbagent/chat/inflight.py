"""Answers being streamed in this process, so a request or socket can cancel one."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Live:
    cancel: threading.Event
    wake: Callable[[], None]


@dataclass
class Inflight:
    """Answers being streamed in this process, by message id, so they can be cancelled."""

    turns: dict[str, Live] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def cancel(self, message_id: str) -> bool:
        with self.lock:
            live = self.turns.get(message_id)
        if live is None:
            return False
        live.cancel.set()
        live.wake()
        return True


def inflight_for(state: Any) -> Inflight:
    """The app's registry (created on first use; one per app)."""
    found: Inflight | None = getattr(state, "chat_inflight", None)
    if found is None:
        found = Inflight()
        state.chat_inflight = found
    return found
