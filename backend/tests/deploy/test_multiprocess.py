"""The distributed deployment as separate processes behind the nginx configuration compose ships,
under faults.

Two `kbagent serve` replicas behind nginx, two `kbagent worker`s, the scheduler, PostgreSQL +
pgvector, Redis and the model stand-in, each a process of its own (harness/stack.py). A
WebSocket client connected through nginx to API 1 follows a run started through API 2. Mid-run
one worker is killed with SIGKILL, Redis is stopped for 20 seconds and started again, and the
model server dies and comes back. The run must finish `completed`, every item once (checked in
the database), and the client must have seen every phase end. The time from each fault to the
run moving again is measured and printed; nothing here asserts a speed.
"""

from __future__ import annotations

import json
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest
from harness import admin
from harness.stack import Stack, distributed_stack, provision_admin
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from deploy.test_static import healthcheck_command

ITEMS = 24
TOPICS = ("python", "rust", "postgres", "nginx")
TERMINAL = ("completed", "completed_with_failures", "failed", "cancelled")
REDIS_DOWN_S = 20.0
MODEL_DOWN_S = 5.0
HANG_GUARD_S = 600.0  # a hang guard, not a speed target
ADMIN_USER, ADMIN_PASSWORD = "first-admin", "first-admin-password"


class Follower(threading.Thread):
    """A WebSocket client through nginx, as the web app is: it reconnects with `?since=` (the
    last event id it has) whenever the connection ends, and keeps every event by id."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.events: dict[int, dict[str, Any]] = {}
        self.resyncs: list[dict[str, Any]] = []
        self.connections = 0
        self.connected = threading.Event()
        self.run_id: str | None = None
        self.finished = threading.Event()
        self.stop = threading.Event()
        self.since = 0

    def run(self) -> None:
        while not self.stop.is_set() and not self.finished.is_set():
            try:
                with connect(
                    f"{self.url}?since={self.since}",
                    additional_headers=admin.HEADERS,
                    open_timeout=10,
                ) as ws:
                    self.connections += 1
                    self.connected.set()
                    self._read(ws)
            except (ConnectionClosed, InvalidStatus, OSError, TimeoutError):
                pass
            self.stop.wait(0.5)

    def _read(self, ws: Any) -> None:
        while not self.stop.is_set():
            try:
                message = json.loads(ws.recv(timeout=1))
            except TimeoutError:
                continue
            kind, payload = message["type"], message["payload"]
            if kind == "snapshot":
                continue
            if kind == "resync":
                self.resyncs.append(payload)
                continue
            self.events[int(payload["id"])] = payload
            self.since = max(self.since, int(payload["id"]))
            if kind == "run_end" and payload.get("task_id") == self.run_id:
                self.finished.set()
                return

    def of_run(self, kind: str) -> list[dict[str, Any]]:
        return [
            e for e in self.events.values() if e["task_id"] == self.run_id and e["type"] == kind
        ]


class Progress:
    """The run as the database tells it (the one source of run state)."""

    def __init__(self, url: str, run_id: str) -> None:
        self.url = url
        self.run_id = run_id

    def query(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.url, connect_timeout=10) as conn:
            return list(conn.execute(sql, args).fetchall())

    def status(self) -> str:
        return str(self.query("SELECT status FROM tasks WHERE id = %s", self.run_id)[0][0])

    def last_event(self) -> int:
        rows = self.query(
            "SELECT coalesce(max(id), 0) FROM run_events WHERE task_id = %s", self.run_id
        )
        return int(rows[0][0])

    def items_done(self) -> int:
        """Item-phase completions so far (ITEMS x the per-item phases at the end)."""
        rows = self.query(
            "SELECT count(*) FROM run_events WHERE task_id = %s AND type = 'item_done'", self.run_id
        )
        return int(rows[0][0])

    def moving_after(self, event_id: int, since: float) -> float:
        """Seconds from `since` until an item is done after event `event_id` (the run moves)."""
        deadline = time.monotonic() + HANG_GUARD_S
        while True:
            rows = self.query(
                "SELECT count(*) FROM run_events WHERE task_id = %s AND id > %s "
                "AND type IN ('item_done', 'phase_end', 'run_end')",
                self.run_id,
                event_id,
            )
            if rows[0][0]:
                return time.monotonic() - since
            assert time.monotonic() < deadline, f"the run did not move again ({self.status()})"
            time.sleep(0.2)

    def wait_items(self, phase: str, count: int) -> None:
        """Until `count` items are done in `phase`."""
        deadline = time.monotonic() + HANG_GUARD_S
        while True:
            rows = self.query(
                "SELECT count(*) FROM run_events WHERE task_id = %s AND type = 'item_done' "
                "AND data->>'phase' = %s",
                self.run_id,
                phase,
            )
            if rows[0][0] >= count:
                return
            assert self.status() not in TERMINAL, self.status()
            assert time.monotonic() < deadline, "no progress"
            time.sleep(0.2)

    def resumed_after(self, event_id: int, since: float) -> float:
        """Seconds from `since` until the run is re-dispatched (`run_resumed`) after an event."""
        deadline = time.monotonic() + HANG_GUARD_S
        while True:
            rows = self.query(
                "SELECT count(*) FROM run_events WHERE task_id = %s AND id > %s "
                "AND type = 'run_resumed'",
                self.run_id,
                event_id,
            )
            if rows[0][0]:
                return time.monotonic() - since
            assert self.status() not in TERMINAL, "the run ended without being re-dispatched"
            assert time.monotonic() < deadline, "the run was not re-dispatched"
            time.sleep(0.2)

    def still_running(self, fault: str, log: dict[str, int]) -> None:
        """Asserts the run is still going as `fault` happens; notes how far it had come."""
        status = self.status()
        assert status not in TERMINAL, f"the run ended ({status}) before {fault}: raise ITEMS"
        log[fault] = self.items_done()


@pytest.fixture
def stack() -> Iterator[Stack]:
    extra = {
        # Dead runs are noticed within seconds (the default is 30), models retried quickly.
        "KBAGENT_RUN_STALE_SECONDS": "6",
        "KBAGENT_PIPELINE_BATCH_SIZE": "4",
        "KBAGENT_PIPELINE_RETRY_BASE_SECONDS": "0.5",
        "KBAGENT_AI_MAX_RETRIES": "0",
        "KBAGENT_SYNTHESIS_MIN_ITEMS": "2",
    }
    # Each model call takes 0.3 s, so the run lasts long enough to meet every fault.
    with distributed_stack(apis=2, model_delay=0.3, extra_env=extra) as built:
        yield built


def _seed(client: httpx.Client) -> None:
    for n in range(ITEMS):
        topic = TOPICS[n % len(TOPICS)]
        body = {
            "source_type": "url",
            "source_id": f"https://example.org/{topic}/{n}",
            "title": f"{topic} notes {n}",
            # Long enough to be kept as is (shorter page text would be fetched again).
            "content": f"Notes about {topic}, number {n}. {topic.title()} has many features "
            f"worth writing down. This note explains how {topic} handles configuration, how "
            f"it is deployed and upgraded, and what to watch when it runs under load. "
            f"Each section of the note is short.",
        }
        client.post("/api/v1/content/items", json=body).raise_for_status()


def _first_start(stack: Stack) -> None:
    """The first-start path the README gives: the admin from the command line, who signs in."""
    made = stack.run_cli(
        "user", "create", "--admin", "--username", ADMIN_USER, "--password", ADMIN_PASSWORD
    )
    assert made.returncode == 0, made.stderr
    provision_admin(stack)  # the test's own API key


@pytest.mark.timeout(1200)
def test_runs_survive_worker_redis_and_model_faults_behind_nginx(
    stack: Stack, request: pytest.FixtureRequest
) -> None:
    _first_start(stack)
    api1 = stack.start_api(0)
    stack.nginx.start()
    front = stack.nginx.base
    # The client connects through nginx while API 1 is the only replica up: it is on API 1.
    follower = Follower(front.replace("http://", "ws://") + "/ws")
    follower.start()
    request.addfinalizer(follower.stop.set)  # a failed test stops it too
    assert follower.connected.wait(60), api1.tail()
    api2 = stack.start_api(1)
    for _ in range(2):
        stack.start_worker()
    scheduler = stack.start_scheduler()

    # The image's health check, run as Docker runs it, against a replica.
    probe = subprocess.run(
        healthcheck_command(), env={**stack.env, "KBAGENT_PORT": str(stack.api_ports[0])}
    )
    assert probe.returncode == 0

    with httpx.Client(base_url=front, timeout=60) as anonymous:
        signed_in = anonymous.post(
            "/api/v1/auth/login", json={"username": ADMIN_USER, "password": ADMIN_PASSWORD}
        )
        assert signed_in.status_code == 200, signed_in.text
        page = anonymous.get("/knowledge")  # the web app, from nginx, for any client route
        assert page.status_code == 200 and "<title>kbagent" in page.text
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        assert anonymous.get("/metrics").status_code == 404  # closed to the outside
    assert httpx.get(f"{stack.api_base(0)}/metrics").status_code == 401  # inside: admins

    with admin.Client(base_url=front) as client:
        _seed(client)
    started = admin.post(f"{stack.api_base(1)}/api/v1/agent/start", json={})
    assert started.status_code == 202, started.text
    run_id = str(started.json()["id"])
    follower.run_id = run_id
    progress = Progress(stack.env["KBAGENT_DATABASE_URL"], run_id)
    timings: dict[str, float] = {}
    reached: dict[str, int] = {}  # item-phase completions when each fault happened

    # 1. A worker killed with SIGKILL mid-batch, in a phase that calls the model: the other
    # worker goes on with its batches; the killed one's items go out again once the run's
    # heartbeat is stale (KBAGENT_RUN_STALE_SECONDS).
    progress.wait_items("categorise", 2)
    progress.still_running("the worker was killed", reached)
    before = progress.last_event()
    killed_at = time.monotonic()
    stack.workers[0].signal(signal.SIGKILL)
    timings["worker_kill_to_next_item_s"] = progress.moving_after(before, killed_at)
    timings["worker_kill_to_redispatch_s"] = progress.resumed_after(before, killed_at)

    # 2. Redis stopped for 20 s, then started again (its append-only file keeps the queue).
    progress.still_running("Redis was stopped", reached)
    stack.redis.stop()
    time.sleep(REDIS_DOWN_S)
    progress.still_running("Redis came back", reached)
    before = progress.last_event()
    back_at = time.monotonic()
    stack.redis.start()
    timings["redis_restart_to_next_item_s"] = progress.moving_after(before, back_at)

    # 3. The model server dies and comes back on the same address.
    progress.still_running("the model server died", reached)
    died_at = time.monotonic()
    stack.model.kill()
    time.sleep(MODEL_DOWN_S)
    before = progress.last_event()
    stack.model.start()
    timings["model_restart_to_next_item_s"] = progress.moving_after(before, time.monotonic())
    timings["model_death_to_next_item_s"] = round(time.monotonic() - died_at, 2)

    assert follower.finished.wait(HANG_GUARD_S), (
        f"run {progress.status()}; worker log:\n{stack.workers[1].tail()}"
    )
    follower.stop.set()
    final = admin.get(f"{front}/api/v1/agent/status/{run_id}").json()
    assert final["status"] == "completed", final
    resumed = progress.query(
        "SELECT count(*) FROM run_events WHERE task_id = %s AND type = 'run_resumed'", run_id
    )[0][0]

    # Nothing lost, nothing processed twice: one record per item and phase, each applied once.
    item_phases = [p["name"] for p in final["phases"] if p.get("total") is not None]
    assert {"categorise", "generate", "embed"} <= set(item_phases), final["phases"]
    rows = progress.query(
        "SELECT phase, status, attempts, count(*) FROM item_phases GROUP BY phase, status, attempts"
    )
    for phase in ("cache", "categorise", "generate", "embed"):
        assert [(s, a, n) for p, s, a, n in rows if p == phase] == [("done", 1, ITEMS)], rows
    done_events = progress.query(
        "SELECT data->>'phase', data->>'item_id', count(*) FROM run_events "
        "WHERE task_id = %s AND type = 'item_done' GROUP BY 1, 2",
        run_id,
    )
    assert all(n == 1 for _, _, n in done_events), [r for r in done_events if r[2] != 1]
    assert progress.query("SELECT count(*) FROM content_items")[0][0] == ITEMS
    assert (
        progress.query("SELECT count(DISTINCT content_item_id) FROM knowledge_items")[0][0] == ITEMS
    )
    assert progress.query("SELECT count(*) FROM knowledge_items")[0][0] == ITEMS
    versions = progress.query(
        "SELECT max(c) FROM (SELECT count(*) c FROM item_versions GROUP BY knowledge_item_id) v"
    )
    assert versions[0][0] == 1  # one note each: no item was generated twice
    doubled = progress.query(
        "SELECT count(*) FROM (SELECT knowledge_item_id, chunk_index FROM embeddings "
        "GROUP BY 1, 2 HAVING count(*) > 1) d"
    )
    assert doubled[0][0] == 0
    assert progress.query("SELECT count(DISTINCT knowledge_item_id) FROM embeddings")[0][0] == ITEMS

    # The client on API 1 saw every phase of the run end, and the run's end.
    phase_ends = {
        row[0]
        for row in progress.query(
            "SELECT data->>'phase' FROM run_events WHERE task_id = %s AND type = 'phase_end'",
            run_id,
        )
    }
    seen_ends = {e["data"].get("phase") for e in follower.of_run("phase_end")}
    assert phase_ends and phase_ends == seen_ends, (phase_ends, seen_ends)
    assert {p["name"] for p in final["phases"]} <= seen_ends
    assert follower.of_run("run_end")

    # Every process but the killed worker lived through it all.
    assert api1.alive() and api2.alive() and scheduler.alive() and stack.workers[1].alive()
    report = {
        "items": ITEMS,
        "run_resumed_events": resumed,
        "ws_connections": follower.connections,
        "ws_resyncs": len(follower.resyncs),
        "items_done_at_fault": reached,
        "items_done_total": progress.items_done(),
        **{k: round(v, 2) for k, v in timings.items()},
    }
    print(f"\nfault timings: {json.dumps(report)}")
