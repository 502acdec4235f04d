"""`Annotated` dependency aliases, declared once and used by every router.

Database work runs as one unit of work per request in a worker thread (`DbDep.read` /
`DbDep.write`): one thread hop per request, and `write` commits at the request boundary,
so services never commit.

This module is wiring-neutral (settings and database only), so a domain's router depending on it
pulls in nothing else; the run runtime is `kbagent.agent.launch.RuntimeDep`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Concatenate, ParamSpec, TypeVar

import anyio.to_thread
from fastapi import Depends, Request
from sqlalchemy.orm import Session

from kbagent.config import Settings
from kbagent.db import Database
from kbagent.settings.live import LiveSettings

P = ParamSpec("P")
T = TypeVar("T")


class Db:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def read(
        self, fn: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        def work() -> T:
            with self.database.reader() as session:
                return fn(session, *args, **kwargs)

        return await anyio.to_thread.run_sync(work)

    async def write(
        self, fn: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        def work() -> T:
            with self.database.writer() as session:
                result = fn(session, *args, **kwargs)
                session.commit()
                return result

        return await anyio.to_thread.run_sync(work)


async def _settings(request: Request) -> Settings:
    """The settings in force: the environment's with the admin's changes
    (`kbagent.settings.live`), checked off the event loop when the last check is stale."""
    live: LiveSettings | None = getattr(request.app.state, "live_settings", None)
    if live is None:
        settings: Settings = request.app.state.settings
        return settings
    return await live.acurrent()


async def _db(request: Request) -> Db:
    return Db(request.app.state.database)


async def settings_in_force(request: Request) -> None:
    """Before each API request: the settings its handler reads from memory (the run runtime's,
    chat's) are the ones in force, checked off the event loop (see `kbagent.settings.live`)."""
    await _settings(request)


SettingsDep = Annotated[Settings, Depends(_settings)]
DbDep = Annotated[Db, Depends(_db)]
