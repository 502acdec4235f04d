"""Who a request acts as, once its credentials are checked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kbagent.auth.roles import Role


@dataclass(frozen=True)
class Principal:
    user_id: int | None
    username: str
    role: Role
    via: Literal["session", "api_key", "auth_disabled"]
    session_id: str | None = None
    key_id: int | None = None
    # When the key was last marked used (API keys), to write that at most once a minute.
    key_last_used_at: float | None = None


# Every request when KBAGENT_AUTH=disabled (loopback only).
LOCAL_ADMIN = Principal(user_id=None, username="local", role=Role.ADMIN, via="auth_disabled")
