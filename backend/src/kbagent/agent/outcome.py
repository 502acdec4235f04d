"""How a run that went through every phase is judged: failures counted, reasons grouped.

Item messages differ only by numbers, ids and quoted names ("item 3f2a...: 404 for 'https://...'"),
so reasons are grouped by the message with those masked; each group shows one real message.
"""

from __future__ import annotations

import re
from typing import Any

from kbagent.agent.schemas import FailureReason, FailureSummary

TOP_REASONS = 5
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_URL = re.compile(r"\b\w+://\S+")
_NUMBER = re.compile(r"\b[0-9a-f]{8,}\b|\d+(?:\.\d+)?")


def reason_key(message: str) -> str:
    masked = _URL.sub("<url>", message)
    masked = _QUOTED.sub("<name>", masked)
    return _NUMBER.sub("<n>", masked).strip()


def phase_error(stats: dict[str, Any]) -> str | None:
    """The error of a whole-run phase (or of a phase that was not available), if it failed."""
    error = stats.get("error") or (stats.get("outcome") or {}).get("error")
    return str(error) if error else None


def summarise(
    counts: dict[str, dict[str, int]],
    phase_stats: dict[str, dict[str, Any]],
    reasons: list[tuple[str, str, int]],
    top: int = TOP_REASONS,
) -> FailureSummary:
    by_phase = {name: c["failed"] for name, c in counts.items() if c.get("failed")}
    failed_phases = []
    grouped: dict[tuple[str, str], FailureReason] = {}
    for phase, message, n in reasons:
        key = (phase, reason_key(message))
        if key in grouped:
            grouped[key].count += n
        else:
            grouped[key] = FailureReason(phase=phase, reason=message[:500], count=n)
    problems: dict[str, int] = {}
    for name, st in phase_stats.items():
        error = phase_error(st)
        if error is not None and st.get("finished_at"):
            failed_phases.append(name)
            grouped[(name, reason_key(error))] = FailureReason(
                phase=name, reason=error[:500], count=1
            )
        # A whole-run phase that did its job but not all of it (one feed of five unreadable).
        listed = (st.get("outcome") or {}).get("problems") or []
        for problem in [str(p) for p in listed if p] if st.get("finished_at") else []:
            problems[name] = problems.get(name, 0) + 1
            key = (name, reason_key(problem))
            if key in grouped:
                grouped[key].count += 1
            else:
                grouped[key] = FailureReason(phase=name, reason=problem[:500], count=1)
    ranked = sorted(grouped.values(), key=lambda r: (-r.count, r.phase, r.reason))
    return FailureSummary(
        failed_items=sum(by_phase.values()),
        by_phase=by_phase,
        failed_phases=failed_phases,
        phase_problems=problems,
        top_reasons=ranked[:top],
    )


def final_status(summary: FailureSummary) -> str:
    return "completed_with_failures" if summary.any else "completed"


def end_message(summary: FailureSummary) -> str:
    if not summary.any:
        return "run completed"
    parts = [f"{n} {phase}" for phase, n in summary.by_phase.items()]
    parts += [f"phase {name}" for name in summary.failed_phases]
    parts += [f"{n} in {name}" for name, n in summary.phase_problems.items()]
    return f"run completed with failures: {', '.join(parts)}"
