"""Health of each part kbagent depends on; a required part that is down makes the whole 503."""

from __future__ import annotations

import asyncio
import time
from typing import Literal

from pydantic import BaseModel
from redis.asyncio import Redis
from sqlalchemy import Engine, text

from kbagent.ai.base import Backend
from kbagent.ai.registry import failure_cause
from kbagent.ai.routing import AI

PartStatus = Literal["ok", "down", "not_configured"]


class PartHealth(BaseModel):
    status: PartStatus
    required: bool
    latency_ms: float | None = None
    detail: str | None = None


class HealthReport(BaseModel):
    status: Literal["ok", "down"]
    version: str
    parts: dict[str, PartHealth]


def _first_line(exc: BaseException) -> str:
    text_ = str(getattr(exc, "orig", None) or exc).strip()
    return (text_.splitlines() or [type(exc).__name__])[0][:300]


async def _timed_check(required: bool, check: asyncio.Future[object] | object) -> PartHealth:
    started = time.perf_counter()
    try:
        await asyncio.wait_for(check, timeout=3.0)  # type: ignore[arg-type]
    except Exception as exc:
        return PartHealth(status="down", required=required, detail=_first_line(exc))
    latency = round((time.perf_counter() - started) * 1000, 2)
    return PartHealth(status="ok", required=required, latency_ms=latency)


def _ping_database(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


async def check_health(
    engine: Engine,
    redis: Redis | None,
    version: str,
    ai_parts: dict[str, PartHealth] | None = None,
) -> HealthReport:
    parts = {"database": await _timed_check(True, asyncio.to_thread(_ping_database, engine))}
    if redis is None:
        parts["redis"] = PartHealth(status="not_configured", required=False)
    else:
        parts["redis"] = await _timed_check(True, redis.ping())
    # "ai" overall and "ai:<backend>" each (`ai_parts`).
    parts.update(ai_parts or {"ai": PartHealth(status="not_configured", required=False)})
    down = any(p.required and p.status == "down" for p in parts.values())
    return HealthReport(status="down" if down else "ok", version=version, parts=parts)


def _ping(backend: Backend) -> PartHealth:
    started = time.perf_counter()
    try:
        backend.ping()
    except Exception as exc:
        return PartHealth(status="down", required=False, detail=failure_cause(exc)[:300])
    latency = round((time.perf_counter() - started) * 1000, 2)
    return PartHealth(status="ok", required=False, latency_ms=latency)


async def ai_parts(ai: AI) -> dict[str, PartHealth]:
    """`ai:<backend>` per backend, plus `ai`: ok while at least one backend is up."""
    names = list(ai.backends)
    checks = [asyncio.to_thread(_ping, ai.backends[name]) for name in names]
    results = await asyncio.wait_for(asyncio.gather(*checks), timeout=10)
    parts = {f"ai:{name}": part for name, part in zip(names, results, strict=True)}
    down = [name for name, part in zip(names, results, strict=True) if part.status == "down"]
    overall = PartHealth(
        status="down" if len(down) == len(names) else "ok",
        required=False,
        detail=f"down: {', '.join(down)}" if down else None,
    )
    return {"ai": overall, **parts}
