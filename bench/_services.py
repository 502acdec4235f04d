"""Shared set-up for benchmarks: the test harness's real services and a kbagent server."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "backend" / "tests"))

from harness import admin  # noqa: E402
from harness.postgres import PostgresServer, create_database, start_postgres  # noqa: E402
from harness.server import serve, serve_process  # noqa: E402

__all__ = [
    "ROOT",
    "PostgresServer",
    "create_database",
    "seed_items",
    "serve",
    "serve_process",
    "start_postgres",
]


async def seed_items(base: str, count: int) -> None:
    """`count` plain URL items through the API as the harness admin, 50 requests at a time:
    tags `bench` and `t0`..`t6`, categories `cat0`..`cat4`."""
    async with admin.AsyncClient(base_url=base, timeout=60) as client:
        for start in range(0, count, 50):
            await asyncio.gather(
                *(
                    client.post(
                        "/api/v1/content/items",
                        json={
                            "source_type": "url",
                            "source_id": f"https://example.org/{n}",
                            "title": f"Item {n}",
                            "content": "lorem ipsum " * 40,
                            "tags": ["bench", f"t{n % 7}"],
                            "main_category": f"cat{n % 5}",
                        },
                    )
                    for n in range(start, min(count, start + 50))
                )
            )
