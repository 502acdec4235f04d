"""What the server says about accounts when it starts: the one-time setup link while no user
exists, or a loud warning when authentication is disabled."""

from __future__ import annotations

import logging
import sys

from sqlalchemy.exc import SQLAlchemyError

from kbagent.auth import service
from kbagent.config import Settings
from kbagent.db import Database

log = logging.getLogger("kbagent.auth")


def setup_link(settings: Settings, token: str) -> str:
    host = settings.host if settings.host not in ("0.0.0.0", "::") else "127.0.0.1"
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{settings.port}/setup?token={token}"


def announce(settings: Settings, database: Database) -> str | None:
    """Returns the setup link it printed, if any."""
    if settings.auth == "disabled":
        log.warning(
            "AUTHENTICATION IS DISABLED (KBAGENT_AUTH=disabled): every request to %s acts as "
            "an admin. Allowed only on a loopback address; never expose this server.",
            settings.host,
        )
        return None
    try:
        with database.writer() as session:
            token = service.issue_setup_token(session)
            session.commit()
    except SQLAlchemyError as exc:  # no schema yet, or the database is down: health says so
        log.warning("could not check for accounts: %s", str(exc).splitlines()[0])
        return None
    if token is None:
        return None
    link = setup_link(settings, token)
    # On the console only (not in the log stream): the token is a credential, valid once,
    # for 15 minutes, and only while no account exists.
    print(
        f"\n  No account exists yet. Create the first admin within 15 minutes at:\n"
        f"    {link}\n  or run: kbagent user create --admin\n",
        file=sys.stderr,
        flush=True,
    )
    log.info("first start: setup link printed on the console")
    return link
