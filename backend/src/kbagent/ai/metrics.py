"""Prometheus instruments of model calls, observed by the usage recorder of each process: a
process exposes the calls it made (`/metrics` of the API: chat, and runs in local mode); every
process's calls are in `ai_usage` (see `GET /api/v1/system/metrics`)."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

from kbagent.ai.routing import Recorder, UsageRecord

CALL_SECONDS = Histogram(
    "kbagent_ai_call_duration_seconds",
    "Model call latency, by phase, model and outcome.",
    ["phase", "model", "outcome"],
    buckets=(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900),
)
TOKENS = Counter(
    "kbagent_ai_tokens",
    "Tokens used by model calls, by phase, model and kind (prompt or completion).",
    ["phase", "model", "kind"],
)


def observe(record: UsageRecord) -> None:
    outcome = "ok" if record.success else "error"
    CALL_SECONDS.labels(record.phase, record.model, outcome).observe(record.latency_ms / 1000)
    TOKENS.labels(record.phase, record.model, "prompt").inc(record.prompt_tokens)
    TOKENS.labels(record.phase, record.model, "completion").inc(record.completion_tokens)


def observed(recorder: Recorder | None) -> Recorder:
    """`recorder`, with each record also observed by the instruments above."""

    def record(usage: UsageRecord) -> None:
        observe(usage)
        if recorder is not None:
            recorder(usage)

    return record
