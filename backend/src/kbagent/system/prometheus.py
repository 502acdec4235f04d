"""`GET /metrics` in Prometheus' text format, for admins only (an API key of an admin as
`Authorization: Bearer`, which Prometheus sends with `authorization: {credentials: ...}`):
the figures tell what the instance holds and does, so they are not for the world.

Request latency per route template (`RequestContextMiddleware` observes each request), runs
and items by state and the queue (read at each scrape, so they are the whole deployment's,
whichever process made them), and the model calls this process made (`kbagent.ai.metrics`).
"""

from __future__ import annotations

from typing import Any

from prometheus_client import REGISTRY, Gauge, Histogram, generate_latest
from starlette.types import Scope

from kbagent.system.metrics import Counts, QueueMetrics

API = "/api/v1"
REQUEST_SECONDS = Histogram(
    "kbagent_http_request_duration_seconds",
    "HTTP request latency by method, route template and status.",
    ["method", "route", "status"],
)
RUNS = Gauge("kbagent_runs", "Runs by status.", ["status"])
ITEMS = Gauge("kbagent_items", "Content items by processing state.", ["state"])
QUEUE_DEPTH = Gauge("kbagent_queue_depth", "Tasks waiting for a worker (0 in local mode).")
WORKERS = Gauge("kbagent_workers_seen", "Workers seen within the last minute.")


def route_label(scope: Scope) -> str:
    """The matched route's template (`/api/v1/content/items/{item_id}`), never the raw path:
    one series per route, whatever ids a client sends; `unmatched` for anything else."""
    route: Any = scope.get("route")
    template = getattr(route, "path", None)
    if not isinstance(template, str):
        return "unmatched"
    path = str(scope.get("path", ""))
    if path.startswith(API + "/") and not template.startswith(API):
        return API + template  # routers included under /api/v1 know their own part only
    return template


def observe_request(scope: Scope, status: int, seconds: float) -> None:
    REQUEST_SECONDS.labels(str(scope.get("method", "")), route_label(scope), str(status)).observe(
        seconds
    )


def exposition(found: Counts, queue: QueueMetrics) -> bytes:
    for gauge, values in ((RUNS, found.runs_by_status), (ITEMS, found.items_by_state)):
        gauge.clear()
        for label, count in values.items():
            gauge.labels(label).set(count)
    if queue.depth is not None:
        QUEUE_DEPTH.set(queue.depth)
    WORKERS.set(len(queue.workers))
    return generate_latest(REGISTRY)
