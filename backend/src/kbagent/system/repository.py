"""Every query on host_samples lives here."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from kbagent.system.models import HostSample


def add_sample(session: Session, sample: HostSample) -> bool:
    """Insert unless this host already has a sample in this slot; True when inserted."""
    values = {
        "host": sample.host,
        "slot": sample.slot,
        "at": sample.at,
        "cpu_percent": sample.cpu_percent,
        "memory_percent": sample.memory_percent,
        "disk_percent": sample.disk_percent,
        "gpu_percent": sample.gpu_percent,
        "queue_depth": sample.queue_depth,
    }
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    query = insert(HostSample).values(values).on_conflict_do_nothing().returning(HostSample.slot)
    return session.execute(query).first() is not None


def delete_samples_before(session: Session, host: str, slot: int) -> int:
    result = session.execute(
        delete(HostSample).where(HostSample.host == host, HostSample.slot < slot)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class SampleBucket:
    host: str
    start: int  # epoch seconds
    cpu_percent: float
    memory_percent: float
    disk_percent: float
    gpu_percent: float | None
    queue_depth: int | None  # the largest seen in the bucket


def sample_buckets(session: Session, since: int, step: int) -> list[SampleBucket]:
    """Samples from `since` (epoch seconds) on, averaged per host in buckets of `step` seconds."""
    bucket = (HostSample.slot - HostSample.slot % step).label("bucket")
    query = (
        select(
            HostSample.host,
            bucket,
            func.avg(HostSample.cpu_percent),
            func.avg(HostSample.memory_percent),
            func.avg(HostSample.disk_percent),
            func.avg(HostSample.gpu_percent),
            func.max(HostSample.queue_depth),
        )
        .where(HostSample.slot >= since)
        .group_by(HostSample.host, bucket)
        .order_by(HostSample.host, bucket)
    )
    return [
        SampleBucket(
            host=row[0],
            start=int(row[1]),
            cpu_percent=round(float(row[2]), 1),
            memory_percent=round(float(row[3]), 1),
            disk_percent=round(float(row[4]), 1),
            gpu_percent=None if row[5] is None else round(float(row[5]), 1),
            queue_depth=None if row[6] is None else int(row[6]),
        )
        for row in session.execute(query)
    ]
