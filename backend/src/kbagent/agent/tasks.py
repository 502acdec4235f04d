"""The task functions both deployments run: Celery tasks wrap them, the local thread calls them.

Names follow the design: `run_agent_pipeline` moves a run forward, `process_content_task`
runs a batch of items through one phase, `run_phase_task` runs a whole-run phase (fetch,
synthesis, export).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kbagent.agent import engine

TASKS: dict[str, Callable[..., Any]] = {
    "advance": engine.advance,
    "process_batch": engine.process_batch,
    "run_global": engine.run_global,
}
