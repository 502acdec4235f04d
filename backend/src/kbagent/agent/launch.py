"""Starting a run from any endpoint: long work (X sync, a vault push) is a run, never a request
that waits on the network; the caller gets the run at once (202) and follows it on /ws.

Emitting an event writes it to the database and publishes it (Redis), and queueing a run
talks to the broker: from an `async def` endpoint both go through a worker thread, never on
the event loop (a SQLite writer waiting for the lock would stall every other request).
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

import anyio.to_thread
from fastapi import Depends, Request

from kbagent.agent import service
from kbagent.agent.runtime import Runtime
from kbagent.agent.schemas import RunConfig, RunRead
from kbagent.deps import Db


async def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


# The run runtime for routers that start or steer runs (the agent owns it, so `kbagent.deps`
# stays free of the agent stack).
RuntimeDep = Annotated[Runtime, Depends(_runtime)]


async def emit(rt: Runtime, task_id: str, type_: str, message: str, **data: Any) -> None:
    """`rt.emit` from async code, in a worker thread."""
    await anyio.to_thread.run_sync(partial(rt.emit, task_id, type_, message, **data))


def _queue(rt: Runtime, task_id: str, config: dict[str, Any] | None) -> None:
    rt.emit(task_id, "run_queued", "run queued", config=config)
    rt.dispatcher.send("advance", task_id)


async def start_run(db: Db, rt: Runtime, config: RunConfig) -> RunRead:
    """Create the run (409 while another is active), queue it, and describe it."""
    task = await db.write(service.create_run, config, settings=rt.settings)
    await anyio.to_thread.run_sync(_queue, rt, task.id, task.config)
    return await db.read(lambda s: service.describe(s, service.get_run(s, task.id)))
