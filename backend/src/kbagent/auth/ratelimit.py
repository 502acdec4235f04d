"""Login rate limits, per account and per client address, counted from the audit log's
failed logins (so they hold across restarts and across API processes)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from kbagent.audit import repository as audit_repo
from kbagent.auth import repository as repo
from kbagent.errors import RateLimited

WINDOW = timedelta(minutes=15)
ACCOUNT_FAILURES = 5  # per account, since its last successful login
CLIENT_FAILURES = 20  # per client address, over every account
FAILED = "auth.login_failed"


def _wait(times: list[datetime], limit: int, now: datetime) -> int:
    """Seconds until fewer than `limit` of `times` (oldest first) are inside the window."""
    if len(times) < limit:
        return 0
    return max(1, math.ceil((times[-limit] + WINDOW - now).total_seconds()))


def _duration(seconds: int) -> str:
    """ "15 minutes", "1 minute", "40 seconds": a wait as a person says it (rounded up)."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def check_login(session: Session, username: str, client: str | None, now: datetime) -> None:
    since = now - WINDOW
    user = repo.user_by_name(session, username)
    account_since = max(since, user.last_login_at) if user and user.last_login_at else since
    wait = _wait(
        audit_repo.recent(session, FAILED, account_since, actor=username), ACCOUNT_FAILURES, now
    )
    if client is not None:
        by_client = audit_repo.recent(session, FAILED, since, client=client)
        wait = max(wait, _wait(by_client, CLIENT_FAILURES, now))
    if wait:
        raise RateLimited(
            f"Too many failed sign-ins; try again in {_duration(wait)}.", retry_after_seconds=wait
        )
