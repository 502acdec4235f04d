"""The Dashboard in chromium while a run processes many items (10,000 unless `--items`): long
tasks over 50 ms per minute (PerformanceObserver `longtask`), and whether any came from event
handling (the Long Animation Frame entries' script attribution: a WebSocket message handler, or
rendering, fetching, timers), with the live events per second the page received and its frame
rate. The items are plain content items loaded in bulk; every phase's model is the
deterministic stand-in (backend/tests/harness/openai_server.py); the server is `kbagent serve`
in its own process (bench/kb_server.py) serving frontend/dist, in local mode (the API process
runs the pipeline, as a single-machine install does).

Run: python bench/frontend/dashboard.py [--items N] [--seconds S] (make bench-dashboard).
The measurement covers S seconds of the live run (the run is stopped afterwards); the last
line printed is one JSON object, also written to bench/results/frontend-dashboard.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import kb_server
from _services import ROOT
from harness import admin
from harness.openai_server import model_settings, run_openai_server
from harness.ports import free_port

from kbagent import migrations
from kbagent.config import Settings, load_settings
from kbagent.content.models import ContentItem
from kbagent.db import new_id, open_database, utcnow

ITEMS = 10_000
SECONDS = 120
BATCH = 2000
WORDS = [
    "pipelines",
    "index",
    "notes",
    "models",
    "vectors",
    "queues",
    "workers",
    "sockets",
    "frames",
    "charts",
]


def load_items(settings: Settings, size: int) -> None:
    """`size` pending content items, as an import leaves them."""
    database = open_database(settings.resolved_database_url)
    try:
        with database.writer() as session:
            for start in range(0, size, BATCH):
                rows = []
                for n in range(start, min(size, start + BATCH)):
                    now = utcnow()
                    topic = " ".join(WORDS[(n + k) % len(WORDS)] for k in range(3))
                    rows.append(
                        {
                            "id": new_id(),
                            "source_type": "url",
                            "source_id": f"https://bench.example/{n}",
                            "title": f"Bench note {n} on {topic}",
                            "content": f"Notes about {topic}, item {n}: examples and advice.",
                            "processing_state": "pending",
                            "tags": [],
                            "media_files": [],
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
                session.execute(ContentItem.__table__.insert(), rows)
            session.commit()
    finally:
        database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=ITEMS)
    parser.add_argument("--seconds", type=int, default=SECONDS)
    options = parser.parse_args()
    dist = ROOT / "frontend" / "dist"
    if not (dist / "index.html").is_file():
        sys.exit("frontend/dist is not built: run `make frontend`.")
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder, run_openai_server() as (model_url, _):
        settings = load_settings(data_dir=Path(folder))
        migrations.upgrade(settings)
        started = time.monotonic()
        load_items(settings, options.items)
        load_seconds = time.monotonic() - started
        env = {"KBAGENT_FRONTEND_DIST": str(dist), "KBAGENT_METRICS_SAMPLE_SECONDS": "0"}
        for name, value in model_settings(model_url).items():
            env[f"KBAGENT_{name.upper()}"] = str(value)
        url = settings.resolved_database_url
        with (
            kb_server.serve(settings.data_dir, url, free_port(), env) as base,
            admin.Client(base_url=base, timeout=60) as client,
        ):
            run = client.post("/api/v1/agent/start", json={})
            if run.status_code != 202:
                sys.exit(f"could not start the run: {run.status_code} {run.text}")
            run_id = run.json()["id"]
            command = ["node", "bench/frontend/dashboard.mjs", "--base", base, "--run", run_id]
            command += ["--seconds", str(options.seconds)]
            command += ["--user", admin.USERNAME, "--password", admin.PASSWORD]
            try:
                done = subprocess.run(
                    command,
                    cwd=ROOT,
                    capture_output=True,
                    text=True,
                    timeout=options.seconds + 300,
                )
            finally:
                client.post(f"/api/v1/agent/stop/{run_id}")
    if done.returncode != 0:
        sys.exit(f"dashboard.mjs failed:\n{done.stdout}\n{done.stderr}")
    lines = done.stdout.strip().splitlines()
    for line in lines[:-1]:
        print(line)
    result = json.loads(lines[-1])
    result = {
        "benchmark": "frontend-dashboard",
        "items": options.items,
        "load_items_seconds": round(load_seconds, 1),
        **result,
        # The machine is shared (and runs the server and the pipeline too): the load around
        # the run is the figures' context.
        "load_average_1m_before": round(load_before, 2),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "cpu_count": os.cpu_count(),
    }
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    out = ROOT / "bench" / "results" / "frontend-dashboard.json"
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
