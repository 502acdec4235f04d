"""A run's status changed in this process (paused, stopped): batches in this process read it
per item for a while instead of every `STATUS_SECONDS`, so a pause takes effect at the next
item as before. Other processes' changes are seen within `STATUS_SECONDS`."""

from __future__ import annotations

import time

WATCH_SECONDS = 2.0  # after a change, how long batches here read the status per item

_changed_at = -WATCH_SECONDS


def status_changed() -> None:
    global _changed_at
    _changed_at = time.monotonic()


def recently_changed() -> bool:
    return time.monotonic() - _changed_at < WATCH_SECONDS
