"""Host samples: the machine's CPU, memory, disk and GPU and the queue's depth, one row per
host and sampling slot, so the Monitoring charts have a history (see system/sampler.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kbagent.db import Base, UTCDateTime, utcnow


class HostSample(Base):
    """One sample of one host. `slot` is the sample's time in epoch seconds rounded down to the
    sampling interval: several processes on one host write the same slot, and only the first
    row is kept (insert-or-ignore), so the history is per host, not per process."""

    __tablename__ = "host_samples"
    __table_args__ = (Index("idx_host_samples_slot", "slot"),)

    host: Mapped[str] = mapped_column(String(255), primary_key=True)
    slot: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    cpu_percent: Mapped[float] = mapped_column(Float)
    memory_percent: Mapped[float] = mapped_column(Float)
    disk_percent: Mapped[float] = mapped_column(Float)
    gpu_percent: Mapped[float | None] = mapped_column(Float, default=None)  # mean over GPUs
    queue_depth: Mapped[int | None] = mapped_column(Integer, default=None)  # None: unknown
