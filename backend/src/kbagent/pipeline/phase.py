"""What a phase is: a plain function the run engine calls.

Item phases take one content item id and either
- return an `Output`: the model that did the work and how to record it; the engine applies the
  outputs of a batch of items in one write transaction, each with the item's `item_phases` row
  (so a redelivered batch never applies an item twice), or
- record their output themselves and call `mark_done` in one write transaction, returning the
  model that did the work (or None).
Global phases run once per run (fetch new bookmarks, regenerate stale syntheses, export the
vault). The agent (`kbagent.agent`) registers, plans and runs them; nothing here knows about
runs beyond the run id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from kbagent.ai.routing import AI
from kbagent.config import Settings
from kbagent.db import Database
from kbagent.pipeline.repository import mark_item_phase


@dataclass
class PhaseContext:
    settings: Settings
    database: Database
    task_id: str
    ai: AI  # routed per phase, with this run's model overrides, usage accounted to the run
    config: dict[str, Any] = field(default_factory=dict)

    def model_override(self, phase: str) -> str | None:
        overrides: dict[str, str] = self.config.get("models", {})
        return overrides.get(phase)


class SkipItem(Exception):
    """Raised by an item step when the item cannot take this phase yet (e.g. an earlier phase
    failed for it); the item is recorded as `skipped` with the reason, not as failed."""


@dataclass(frozen=True)
class Output:
    """An item step's work, to be recorded: `apply(session)` adds it to a write transaction in
    which the item was just marked done (never called for an item done already); `after()`
    runs once that transaction committed (e.g. to update an in-memory cache)."""

    model: str | None
    apply: Callable[[Session], None] | None = None
    after: Callable[[], None] | None = None


ItemStep = Callable[[PhaseContext, str], str | Output | None]
GlobalStep = Callable[[PhaseContext], dict[str, Any]]
BeforeRun = Callable[[Session, Settings, dict[str, str]], bool]
"""Called in the transaction that creates a run including the phase, with the run's model
overrides; may refuse the run (raise) or answer True: every item must go through it again."""


@dataclass(frozen=True)
class Phase:
    name: str
    item_step: ItemStep | None = None
    global_step: GlobalStep | None = None
    before_run: BeforeRun | None = None
    # The AI phase whose models do the item step's work: the engine runs as many items at
    # once as that model's backend serves (`AI.concurrency`); None: one at a time.
    model_phase: str | None = None
    # Each item's output is written before the next item starts, one item at a time: the
    # step reads what the items before it wrote (categorise files an item among the
    # categories the earlier items of its batch created). Otherwise a batch's outputs are
    # written together and `model_phase` sets how many items run at once.
    sequential: bool = False

    @property
    def per_item(self) -> bool:
        return self.item_step is not None


def mark_done(session: Session, item_id: str, phase: str, task_id: str, model: str | None) -> bool:
    """Record that `item_id` passed `phase`; False if it already had (the caller must not
    apply its output twice)."""
    return mark_item_phase(session, item_id, phase, task_id, "done", model, None)


def record_now(ctx: PhaseContext, item_id: str, phase: str, output: Output) -> str | None:
    """Record `output` in a write transaction of its own (a step called outside a run's
    batch); the model that did the work."""
    with ctx.database.writer() as session:
        if not mark_done(session, item_id, phase, ctx.task_id, output.model):
            return output.model
        if output.apply is not None:
            output.apply(session)
        session.commit()
    if output.after is not None:
        output.after()
    return output.model
