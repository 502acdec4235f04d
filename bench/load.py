"""Load: N concurrent users browsing, searching and chatting, against both deployments.

- embedded: one `kbagent serve` process on SQLite (runs on its own thread, no Redis);
- distributed: two `kbagent serve` replicas behind nginx running deploy/nginx.conf itself, a
  Celery worker and the scheduler, on PostgreSQL + pgvector and Redis (harness/stack.py).

Both hold the same `--items` knowledge items (bench/search.py's loader) and answer chat with
the deterministic model stand-in (harness/openai_server.py). Each user is an asyncio task with
its own session of requests, for `--seconds`: browse a page of the knowledge base (45 %), open
an item (15 %), search (30 %, hybrid), ask the chat (10 %), with a think time between requests.
Printed per deployment: requests/s, p50/p95/p99 (ms) overall and per kind, and the error rate
(any answer >= 400 or a transport error). Targets (issue 17): zero errors at 50 users; p95
search < 200 ms embedded. The last line is the JSON report (also bench/results/load.json).

Run: backend/.venv/bin/python bench/load.py [--users 50] [--seconds 60] [--items 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import kb_corpus
from _services import ROOT
from harness import admin
from harness.env import settings_env
from harness.openai_server import model_settings, run_openai_server
from harness.ports import free_port
from harness.server import serve_command
from harness.stack import distributed_stack, provision_admin
from search import _percentile, load

from kbagent import migrations
from kbagent.config import load_settings

KBAGENT = str(Path(sys.executable).with_name("kbagent"))
KINDS = (("browse", 45), ("open", 15), ("search", 30), ("chat", 10))
RESULT = ROOT / "bench" / "results" / "load.json"


class Recorder:
    def __init__(self) -> None:
        self.samples: list[tuple[str, float, bool]] = []
        self.statuses: dict[str, int] = {}

    def add(self, kind: str, seconds: float, status: int | str) -> None:
        ok = isinstance(status, int) and status < 400
        self.samples.append((kind, seconds, ok))
        if not ok:
            self.statuses[f"{kind}:{status}"] = self.statuses.get(f"{kind}:{status}", 0) + 1

    def report(self, elapsed: float) -> dict[str, Any]:
        def figures(times: list[float]) -> dict[str, float]:
            return {
                f"p{q}_ms": round(_percentile(times, q / 100) * 1000, 1) if times else 0.0
                for q in (50, 95, 99)
            }

        every = [t for _, t, _ in self.samples]
        errors = sum(1 for *_, ok in self.samples if not ok)
        out: dict[str, Any] = {
            "requests": len(self.samples),
            "requests_per_s": round(len(self.samples) / elapsed, 1),
            **figures(every),
            "error_rate": round(errors / len(self.samples), 4) if self.samples else 0.0,
            "errors": self.statuses,
        }
        for kind, _ in KINDS:
            times = [t for k, t, _ in self.samples if k == kind]
            out[kind] = {"requests": len(times), **figures(times)}
        return out


async def _user(
    n: int,
    client: httpx.AsyncClient,
    deadline: float,
    ids: list[str],
    queries: list[str],
    think: float,
    recorder: Recorder,
) -> None:
    rng = random.Random(n)
    kinds = [k for k, w in KINDS for _ in range(w)]
    chat_session: str | None = None
    while time.monotonic() < deadline:
        kind = rng.choice(kinds)
        started = time.perf_counter()
        try:
            if kind == "browse":
                offset = rng.randrange(0, max(1, len(ids) - 20))
                r = await client.get(
                    "/api/v1/knowledge/items", params={"limit": 20, "offset": offset}
                )
            elif kind == "open":
                r = await client.get(f"/api/v1/knowledge/items/{rng.choice(ids)}")
            elif kind == "search":
                r = await client.post("/api/v1/content/search", json={"query": rng.choice(queries)})
            else:
                if chat_session is None:
                    made = await client.post("/api/v1/chat/sessions", json={})
                    made.raise_for_status()
                    chat_session = str(made.json()["id"])
                r = await client.post(
                    f"/api/v1/chat/sessions/{chat_session}/messages",
                    json={"content": rng.choice(queries)},
                )
            recorder.add(kind, time.perf_counter() - started, r.status_code)
        except httpx.HTTPError as exc:
            recorder.add(kind, time.perf_counter() - started, type(exc).__name__)
        await asyncio.sleep(rng.uniform(0.5, 1.5) * think)


async def _drive(
    base: str, users: int, seconds: float, think: float, queries: list[str], warmup: float
) -> dict[str, Any]:
    # Idle connections are dropped by the client before the server's keep-alive (5 s) ends
    # them, or a request sent on one as the server closes it fails (a client-made error).
    limits = httpx.Limits(
        max_connections=users, max_keepalive_connections=users, keepalive_expiry=2.0
    )
    async with admin.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        listed = await client.get("/api/v1/knowledge/items", params={"limit": 200})
        listed.raise_for_status()
        ids = [str(item["id"]) for item in listed.json()["items"]]
        assert ids, "no items loaded"
        # Warm-up (caches, connection pools, the first search statistics): not reported.
        for measured, span in ((False, warmup), (True, seconds)):
            recorder = Recorder()
            started = time.monotonic()
            await asyncio.gather(
                *(
                    _user(n, client, started + span, ids, queries, think, recorder)
                    for n in range(users)
                )
            )
            if measured:
                return recorder.report(time.monotonic() - started)
    raise AssertionError("unreachable")


@contextmanager
def embedded(items: int, docs: list[kb_corpus.Doc]) -> Iterator[str]:
    with tempfile.TemporaryDirectory() as tmp, run_openai_server() as (model_url, _):
        settings = load_settings(data_dir=Path(tmp), **model_settings(model_url))
        migrations.upgrade(settings)
        load(settings, items, docs)
        admin.provision(settings)
        port = free_port()
        env = settings_env(settings, KBAGENT_LOG_LEVEL="WARNING")
        with serve_command(
            [KBAGENT, "serve", "--no-migrate", "--port", str(port)], env, port
        ) as base:
            yield base


@contextmanager
def distributed(items: int, docs: list[kb_corpus.Doc]) -> Iterator[str]:
    with distributed_stack(apis=2, extra_env={"KBAGENT_LOG_LEVEL": "WARNING"}) as stack:
        provision_admin(stack)
        url = stack.env["KBAGENT_DATABASE_URL"]
        load(load_settings(data_dir=stack.data_dir, database_url=url), items, docs)
        stack.start_api(0)
        stack.start_api(1)
        stack.nginx.start()
        stack.start_worker()
        stack.start_scheduler()
        yield stack.nginx.base


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--think", type=float, default=1.0, help="Mean seconds between requests.")
    parser.add_argument("--warmup", type=float, default=10, help="Seconds not reported, first.")
    parser.add_argument("--deployments", nargs="+", choices=["embedded", "distributed"],
                        default=["embedded", "distributed"])  # fmt: skip
    args = parser.parse_args()
    docs = kb_corpus.documents()
    queries = [q for q, _ in kb_corpus.queries(docs, 200, seed=17)]
    report: dict[str, Any] = {"benchmark": "load", "users": args.users, "seconds": args.seconds,
                              "items": args.items, "think_s": args.think,
                              "warmup_s": args.warmup}  # fmt: skip
    for name in args.deployments:
        start = embedded if name == "embedded" else distributed
        with start(args.items, docs) as base:
            result = asyncio.run(
                _drive(base, args.users, args.seconds, args.think, queries, args.warmup)
            )
        # The machine is shared: how busy it was says how to read the figures.
        result["load_average_1m"] = round(os.getloadavg()[0], 1)
        report[name] = result
        print(f"{name}: {json.dumps(result)}", flush=True)
    report["checks"] = {
        f"{name}: zero errors at {args.users} users": report[name]["error_rate"] == 0
        for name in args.deployments
    }
    if "embedded" in report:
        report["checks"]["embedded: p95 search < 200 ms"] = (
            report["embedded"]["search"]["p95_ms"] < 200
        )
    RESULT.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    main()
