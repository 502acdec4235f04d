"""API throughput: `GET /content/items?limit=20` as a ratio to `GET /system/health`.

Both endpoints are measured on the same running uvicorn, in alternating rounds, in one run, so
machine noise hits both alike. Health does a `SELECT 1`, so the ratio isolates the cost of the
paginated query and serialising 20 items. Target: ratio >= 0.5. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from _services import create_database, seed_items, serve_process, start_postgres
from harness import admin

from kbagent import migrations
from kbagent.config import Settings, load_settings

SEED = 1000
ROUNDS = 6
SECONDS_PER_ROUND = 2.0
CONCURRENCY = 8


async def _rate(client: httpx.AsyncClient, path: str) -> float:
    done = 0
    deadline = time.perf_counter() + SECONDS_PER_ROUND

    async def worker() -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            response = await client.get(path)
            response.raise_for_status()
            done += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    return done / (time.perf_counter() - started)


async def _measure(base: str) -> tuple[float, float]:
    health, items = [], []
    limits = httpx.Limits(max_connections=CONCURRENCY)
    async with admin.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        await _rate(client, "/api/v1/system/health")  # warm-up
        for _ in range(ROUNDS):
            health.append(await _rate(client, "/api/v1/system/health"))
            items.append(await _rate(client, "/api/v1/content/items?limit=20"))
    return statistics.median(health), statistics.median(items)


def run(name: str, settings: Settings) -> float:
    migrations.upgrade(settings)
    with serve_process(settings) as base:
        asyncio.run(seed_items(base, SEED))
        health, items = asyncio.run(_measure(base))
    ratio = items / health
    print(
        f"{name:<10} health {health:8.0f} req/s   items?limit=20 {items:8.0f} req/s   "
        f"ratio {ratio:.2f} (target >= 0.5)"
    )
    return ratio


def main() -> None:
    print(
        f"api_throughput: {SEED} items, {ROUNDS} alternating rounds of {SECONDS_PER_ROUND}s, "
        f"{CONCURRENCY} concurrent clients"
    )
    with tempfile.TemporaryDirectory() as tmp:
        run("sqlite", load_settings(data_dir=Path(tmp) / "sqlite"))
        postgres = start_postgres()
        try:
            url = create_database(postgres, "bench")
            run("postgres", load_settings(data_dir=Path(tmp) / "pg", database_url=url))
        finally:
            postgres.stop()


if __name__ == "__main__":
    main()
