"""The pipeline's phases, in order, and what each run mode includes.

A phase is a plain function. Item phases take one content item id and return the model that
did the work (or None); they must record their output and call `mark_done` in one write
transaction, so a redelivered batch never applies an item twice. Global phases run once per
run (fetch new bookmarks, regenerate stale syntheses, export the vault).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy.orm import Session

from kbagent.ai.routing import AI
from kbagent.config import Settings
from kbagent.db import Database

PHASE_ORDER = (
    "fetch",
    "cache",
    "media",
    "categorise",
    "generate",
    "embed",
    "synthesis",
    "export",
    "git",
)
RunMode = Literal["full", "fetch_only", "synthesis_only", "embeddings_only", "git_sync"]
MODE_PHASES: dict[str, tuple[str, ...]] = {
    # Committing and pushing the vault is asked for (git_sync), never a side effect of a run.
    "full": PHASE_ORDER[:-1],
    "git_sync": ("export", "git"),
    "fetch_only": ("fetch", "cache"),
    "synthesis_only": ("synthesis", "export"),
    "embeddings_only": ("embed",),
}


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


ItemStep = Callable[[PhaseContext, str], str | None]
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

    @property
    def per_item(self) -> bool:
        return self.item_step is not None


_DEFAULT: dict[str, Phase] = {}
_override: dict[str, Phase] | None = None


def register(phase: Phase) -> None:
    """Add a phase to the default set (the pipeline's phases register here)."""
    if phase.name not in PHASE_ORDER:
        raise ValueError(f"unknown phase {phase.name!r}")
    _DEFAULT[phase.name] = phase


def override(phases: list[Phase] | None) -> None:
    """Run with exactly these phases instead of the defaults (None restores them).

    For tests and `kbagent worker -I module` extensions; process-wide.
    """
    global _override
    _override = None if phases is None else {p.name: p for p in phases}


def active() -> dict[str, Phase]:
    return _override if _override is not None else _DEFAULT


def registered(name: str) -> Phase | None:
    return active().get(name)


def plan(mode: str, skip: list[str]) -> list[str]:
    """The phases a run executes, in order: the mode's phases that exist, minus skipped ones."""
    phases = active()
    return [p for p in MODE_PHASES[mode] if p not in skip and p in phases]


def mark_done(session: Session, item_id: str, phase: str, task_id: str, model: str | None) -> bool:
    """Record that `item_id` passed `phase`; False if it already had (the caller must not
    apply its output twice)."""
    from kbagent.agent import repository

    return repository.mark_item_phase(session, item_id, phase, task_id, "done", model, None)
