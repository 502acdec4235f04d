"""Starting a run from any endpoint: long work (X sync, a vault push) is a run, never a request
that waits on the network; the caller gets the run at once (202) and follows it on /ws."""

from __future__ import annotations

from typing import Annotated

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


async def start_run(db: Db, rt: Runtime, config: RunConfig) -> RunRead:
    """Create the run (409 while another is active), queue it, and describe it."""
    task = await db.write(service.create_run, config, settings=rt.settings)
    rt.emit(task.id, "run_queued", "run queued", config=task.config)
    rt.dispatcher.send("advance", task.id)
    return await db.read(lambda s: service.describe(s, service.get_run(s, task.id)))
