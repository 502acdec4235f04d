"""Which role each route needs, and which calls the audit log records: one table for every
`/api/v1` route, read by the guard (`auth/guard.py`) with the matched route's path template.

Rules: reading (GET) needs a viewer; changing content, runs and chat needs an editor; users,
the audit log, settings, migration and connecting accounts need an admin. The exceptions are
listed here by name, so a new route falls under the rules, never outside them.
"""

from __future__ import annotations

from kbagent.auth.roles import Role

API = "/api/v1"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# The only routes served without credentials (mounted outside the guard in `api.py`):
# first-run state and setup, signing in and refreshing a session (they ARE the credential
# exchange), and the health probe, which container orchestrators call without credentials
# and which tells only whether each part is up.
PUBLIC_ROUTES = frozenset(
    {
        ("GET", f"{API}/auth/status"),
        ("POST", f"{API}/auth/setup"),
        ("POST", f"{API}/auth/login"),
        ("POST", f"{API}/auth/refresh"),
        ("GET", f"{API}/system/health"),
    }
)
# POSTs that only read: a viewer may send them.
READ_POSTS = frozenset({("POST", f"{API}/content/search")})
# A user's own session and keys: any role (a key never outranks its owner).
SELF_SERVICE = frozenset(
    {
        ("POST", f"{API}/auth/logout"),
        ("POST", f"{API}/auth/password"),
        ("POST", f"{API}/auth/keys"),
        ("DELETE", f"{API}/auth/keys/{{key_id}}"),
    }
)
ADMIN_PREFIXES = (
    f"{API}/users",
    f"{API}/system/audit",
    f"{API}/system/backups",  # a backup holds every credential and the key file
    f"{API}/settings",
    f"{API}/migration",
    f"{API}/legacy",  # reads server-side paths and writes the whole knowledge base
)
# Connecting an X account stores its credentials: an admin's decision, though it is a GET.
ADMIN_ROUTES = frozenset(
    {
        ("GET", f"{API}/sources/x/authorize"),
        ("GET", f"{API}/sources/x/callback"),
        # Prometheus' scrape (outside /api/v1): what the instance holds and does, for admins.
        ("GET", "/metrics"),
    }
)


def _admin_path(path: str) -> bool:
    return any(path == p or path.startswith(p + "/") for p in ADMIN_PREFIXES)


def required_role(method: str, path: str) -> Role:
    if _admin_path(path) or (method, path) in ADMIN_ROUTES:
        return Role.ADMIN
    if method in SAFE_METHODS or (method, path) in READ_POSTS | SELF_SERVICE:
        return Role.VIEWER
    return Role.EDITOR


# WebSocket client messages that change something (an answer is written to a chat).
def ws_required_role(message_type: str) -> Role:
    return Role.EDITOR if message_type.startswith("chat.") else Role.VIEWER


_NAMED_ACTIONS = {
    ("POST", f"{API}/agent/start"): "run.start",
    ("POST", f"{API}/agent/stop/{{task_id}}"): "run.stop",
    ("POST", f"{API}/agent/pause/{{task_id}}"): "run.pause",
    ("POST", f"{API}/agent/resume/{{task_id}}"): "run.resume",
    ("GET", f"{API}/knowledge/vault/export"): "vault.export",
    ("POST", f"{API}/settings/backends/{{backend}}/test"): "settings.test_connection",
    ("POST", f"{API}/system/backups"): "backup.create",
    ("GET", f"{API}/system/backups/{{name}}"): "backup.download",
    ("DELETE", f"{API}/system/backups/{{name}}"): "backup.delete",
}
# Calls that record their own, richer audit event (what changed) in their unit of work.
SELF_AUDITED = frozenset({("PUT", f"{API}/settings")})


def audited_action(method: str, path: str) -> str | None:
    """The audit action of a successful call, or None for reads. Auth and user routes record
    their own, richer events."""
    if path.startswith((f"{API}/auth/", f"{API}/users")) or (method, path) in SELF_AUDITED:
        return None
    named = _NAMED_ACTIONS.get((method, path))
    if named is not None:
        return named
    if method in SAFE_METHODS or (method, path) in READ_POSTS:
        return None
    return "delete" if method == "DELETE" else f"api.{method.lower()}"
