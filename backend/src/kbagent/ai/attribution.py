"""Which item a model call works for, so its tokens and time are accounted to that item.

The engine wraps each item's step in `on_item`; `AI._record` reads `current_item()`. A context
variable reaches everything the step calls on its own thread (and `asyncio.to_thread`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_item: ContextVar[str | None] = ContextVar("kbagent_ai_item", default=None)


def current_item() -> str | None:
    return _item.get()


@contextmanager
def on_item(item_id: str) -> Iterator[None]:
    token = _item.set(item_id)
    try:
        yield
    finally:
        _item.reset(token)
