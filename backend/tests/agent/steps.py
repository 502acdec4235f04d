"""Deterministic phase steps for engine tests (the real steps call AI models)."""

from __future__ import annotations

import threading
from collections import Counter

from kbagent.content.models import ContentItem
from kbagent.errors import AIServiceError
from kbagent.pipeline.phase import PhaseContext, mark_done

calls: Counter[str] = Counter()
_lock = threading.Lock()
gate = threading.Event()  # cleared: steps wait (lets tests pause mid-run)
gate.set()


def categorise(ctx: PhaseContext, item_id: str) -> str | None:
    gate.wait(timeout=30)
    with _lock:
        calls[item_id] += 1
        attempt = calls[item_id]
    with ctx.database.writer() as session:
        item = session.get(ContentItem, item_id)
        assert item is not None
        if item.title.startswith("bad"):
            raise ValueError(f"cannot categorise an empty post ({item.title!r})")
        if item.title.startswith("broken"):
            raise AIServiceError("model replied with invalid JSON")
        if item.title.startswith("flaky") and attempt == 1:
            raise AIServiceError("model busy (429)", retryable=True)
        if not mark_done(session, item_id, "categorise", ctx.task_id, "fake:cat"):
            return "fake:cat"
        item.main_category = "testing"
        item.sub_category = item.title.split()[0].lower()
        session.commit()
    return "fake:cat"


def embed(ctx: PhaseContext, item_id: str) -> str | None:
    with _lock:
        calls[f"embed:{item_id}"] += 1
    return ctx.model_override("embeddings") or "fake:embed"


def export(ctx: PhaseContext) -> dict[str, object]:
    with _lock:
        calls["export"] += 1
    return {"files": 0}
