"""Git phase: commit the vault and push it to its remote (run mode `git_sync`)."""

from __future__ import annotations

from typing import Any

from kbagent.agent.phases import PhaseContext
from kbagent.knowledge import vault_git


def git_sync(ctx: PhaseContext) -> dict[str, Any]:
    return vault_git.commit_and_push(ctx.settings).model_dump(mode="json")
