"""Every query on ai_usage lives here."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, Integer, case, cast, delete, func, insert, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from kbagent.ai.models import AIUsage
from kbagent.ai.routing import UsageRecord
from kbagent.ai.schemas import ItemUsage, ModelTotals, UsageBucket, UsageTotals


def _row(record: UsageRecord) -> dict[str, object]:
    return {
        "run_id": record.run_id,
        "phase": record.phase,
        "operation": record.operation,
        "model": record.model,
        "prompt_tokens": record.prompt_tokens,
        "completion_tokens": record.completion_tokens,
        "latency_ms": record.latency_ms,
        "cost_usd": record.cost_usd,
        "success": record.success,
        "error": record.error,
        "item_id": record.item_id,
    }


def add(session: Session, record: UsageRecord) -> None:
    session.add(AIUsage(**_row(record)))
    session.flush()


def add_all(session: Session, records: Sequence[UsageRecord]) -> None:
    """Many records in one statement (executemany)."""
    if records:
        session.execute(insert(AIUsage), [_row(r) for r in records])


def summary(session: Session, run_id: str | None = None) -> list[UsageTotals]:
    """Totals per run and phase (one run's phases when `run_id` is given)."""
    query = (
        select(
            AIUsage.run_id,
            AIUsage.phase,
            func.count(),
            func.sum(AIUsage.prompt_tokens),
            func.sum(AIUsage.completion_tokens),
            func.sum(AIUsage.latency_ms),
            func.sum(AIUsage.cost_usd),
            func.sum(case((AIUsage.success.is_(False), 1), else_=0)),
        )
        .group_by(AIUsage.run_id, AIUsage.phase)
        .order_by(AIUsage.run_id, AIUsage.phase)
    )
    if run_id is not None:
        query = query.where(AIUsage.run_id == run_id)
    return [
        UsageTotals(
            run_id=row[0],
            phase=row[1],
            calls=int(row[2]),
            failures=int(row[7] or 0),
            prompt_tokens=int(row[3] or 0),
            completion_tokens=int(row[4] or 0),
            latency_ms=float(row[5] or 0.0),
            cost_usd=None if row[6] is None else float(row[6]),
        )
        for row in session.execute(query)
    ]


def usage_ids_before(session: Session, before: datetime, limit: int) -> list[str]:
    """Up to `limit` ids of usage records older than `before`."""
    return list(session.scalars(select(AIUsage.id).where(AIUsage.created_at < before).limit(limit)))


def delete_usage(session: Session, ids: list[str]) -> int:
    result = session.execute(delete(AIUsage).where(AIUsage.id.in_(ids)))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def item_usage(session: Session, item_id: str) -> list[ItemUsage]:
    """The model calls made for one item, per model phase and model."""
    query = (
        select(
            AIUsage.phase,
            AIUsage.model,
            func.count(),
            func.sum(AIUsage.prompt_tokens),
            func.sum(AIUsage.completion_tokens),
            func.sum(AIUsage.latency_ms),
            func.sum(case((AIUsage.success.is_(False), 1), else_=0)),
            func.max(AIUsage.created_at),
        )
        .where(AIUsage.item_id == item_id)
        .group_by(AIUsage.phase, AIUsage.model)
        .order_by(AIUsage.phase, AIUsage.model)
    )
    return [
        ItemUsage(
            phase=row[0],
            model=row[1],
            calls=int(row[2]),
            prompt_tokens=int(row[3] or 0),
            completion_tokens=int(row[4] or 0),
            latency_ms=round(float(row[5] or 0.0), 1),
            failures=int(row[6] or 0),
            last_call_at=row[7],
        )
        for row in session.execute(query)
    ]


_TOTALS = (
    AIUsage.phase,
    AIUsage.model,
    func.count(),
    func.sum(case((AIUsage.success.is_(False), 1), else_=0)),
    func.sum(AIUsage.prompt_tokens),
    func.sum(AIUsage.completion_tokens),
    func.avg(AIUsage.latency_ms),
    func.max(AIUsage.latency_ms),
    func.sum(AIUsage.cost_usd),
)


def _totals(row: Any) -> dict[str, Any]:
    return {
        "phase": row[0],
        "model": row[1],
        "calls": int(row[2]),
        "failures": int(row[3] or 0),
        "prompt_tokens": int(row[4] or 0),
        "completion_tokens": int(row[5] or 0),
        "latency_ms_avg": round(float(row[6] or 0.0), 2),
        "latency_ms_max": round(float(row[7] or 0.0), 2),
        "cost_usd": None if row[8] is None else float(row[8]),
    }


def totals_since(session: Session, since: datetime) -> list[ModelTotals]:
    """Calls since `since`, per phase and model."""
    query = (
        select(*_TOTALS)
        .where(AIUsage.created_at >= since)
        .group_by(AIUsage.phase, AIUsage.model)
        .order_by(AIUsage.phase, AIUsage.model)
    )
    return [ModelTotals(**_totals(row)) for row in session.execute(query)]


def _epoch_seconds(session: Session) -> ColumnElement[int]:
    """`created_at` in whole seconds since 1970 (SQLite keeps it as UTC text)."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.floor(func.extract("epoch", AIUsage.created_at)), BigInteger)
    return cast(func.strftime("%s", AIUsage.created_at), Integer)


def usage_buckets(session: Session, since: datetime, step: int) -> list[UsageBucket]:
    """Calls since `since`, per phase and model, in buckets of `step` seconds, oldest first."""
    epoch = _epoch_seconds(session)
    bucket = (epoch - epoch % step).label("bucket")
    query = (
        select(*_TOTALS, bucket)
        .where(AIUsage.created_at >= since)
        .group_by(bucket, AIUsage.phase, AIUsage.model)
        .order_by(bucket, AIUsage.phase, AIUsage.model)
    )
    return [
        UsageBucket(**_totals(row), at=datetime.fromtimestamp(int(row[9]), UTC))
        for row in session.execute(query)
    ]
