"""Git phase: commit the vault and push it to its remote (run mode `git_sync`)."""

from __future__ import annotations

from typing import Any

from kbagent.knowledge import vault_git
from kbagent.pipeline.phase import PhaseContext


def git_sync(ctx: PhaseContext) -> dict[str, Any]:
    return vault_git.commit_and_push(ctx.settings).model_dump(mode="json")
