"""Auth overhead: `GET /content/items?limit=20` authenticated, as a ratio to the same endpoint
on a server with KBAGENT_AUTH=disabled.

Two `kbagent serve` processes share one database: one with authentication on, one with it
off. They are measured in alternating rounds in one run, so machine noise hits all alike:
with an API key (`Authorization: Bearer kbk_...`), with a session's access token (a JWT), and
without credentials on the auth-disabled server. Target: ratio >= 0.85 for both credentials.
Runs on SQLite and PostgreSQL. The last line printed is one JSON object.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from _services import create_database, seed_items, serve_process, start_postgres
from harness import admin

from kbagent import migrations
from kbagent.config import Settings, load_settings

SEED = 200
ROUNDS = 6
SECONDS_PER_ROUND = 2.0
CONCURRENCY = 8
PATH = "/api/v1/content/items?limit=20"
TARGET = 0.85
RESULTS = Path(__file__).parent / "results" / "auth_overhead.json"


async def _rate(base: str, headers: dict[str, str]) -> float:
    done = 0
    limits = httpx.Limits(max_connections=CONCURRENCY)
    async with httpx.AsyncClient(
        base_url=base, headers=headers, timeout=30, limits=limits
    ) as client:
        await client.get(PATH)  # connections open before the clock starts
        deadline = time.perf_counter() + SECONDS_PER_ROUND

        async def worker() -> None:
            nonlocal done
            while time.perf_counter() < deadline:
                response = await client.get(PATH)
                response.raise_for_status()
                done += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        return done / (time.perf_counter() - started)


def _access_token(base: str) -> str:
    session = httpx.post(
        f"{base}/api/v1/auth/login",
        json={"username": admin.USERNAME, "password": admin.PASSWORD},
        timeout=60,
    )
    session.raise_for_status()
    token: str = session.json()["access_token"]
    return token


async def _measure(on: str, off: str, token: str) -> dict[str, float]:
    rates: dict[str, list[float]] = {"api_key": [], "access_token": [], "disabled": []}
    for _ in range(ROUNDS):
        rates["api_key"].append(await _rate(on, admin.HEADERS))
        rates["access_token"].append(await _rate(on, {"Authorization": f"Bearer {token}"}))
        rates["disabled"].append(await _rate(off, {}))
    return {name: statistics.median(values) for name, values in rates.items()}


def run(name: str, settings: Settings) -> dict[str, float]:
    migrations.upgrade(settings)
    disabled = settings.model_copy(update={"auth": "disabled"})
    with serve_process(settings) as on, serve_process(disabled) as off:
        asyncio.run(seed_items(on, SEED))
        rates = asyncio.run(_measure(on, off, _access_token(on)))
    result = {
        **{f"{k}_rps": round(v, 1) for k, v in rates.items()},
        "ratio_api_key": round(rates["api_key"] / rates["disabled"], 3),
        "ratio_access_token": round(rates["access_token"] / rates["disabled"], 3),
    }
    print(
        f"{name:<9} disabled {rates['disabled']:7.0f} req/s   API key {rates['api_key']:7.0f} "
        f"req/s (ratio {result['ratio_api_key']:.2f})   access token "
        f"{rates['access_token']:7.0f} req/s (ratio {result['ratio_access_token']:.2f})   "
        f"target >= {TARGET}"
    )
    return result


def main() -> None:
    print(
        f"auth_overhead: {PATH}, {SEED} items, {ROUNDS} alternating rounds of "
        f"{SECONDS_PER_ROUND}s, {CONCURRENCY} concurrent clients"
    )
    results: dict[str, object] = {"benchmark": "auth_overhead", "target_ratio": TARGET}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = run("sqlite", load_settings(data_dir=Path(tmp) / "sqlite"))
        postgres = start_postgres()
        try:
            url = create_database(postgres, "bench_auth")
            pg = load_settings(data_dir=Path(tmp) / "pg", database_url=url)
            results["postgres"] = run("postgres", pg)
        finally:
            postgres.stop()
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
