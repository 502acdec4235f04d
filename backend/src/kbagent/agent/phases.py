"""The phases a run executes, in order, and what each run mode includes.

What a phase is (`Phase`, `PhaseContext`) is the pipeline's (`kbagent.pipeline.phase`); the
agent only keeps the registry of phases and plans runs from it.
"""

from __future__ import annotations

from typing import Literal

from kbagent.pipeline.phase import Phase

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
