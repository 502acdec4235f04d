"""Optional Git history of the vault: commit every sync, push to `KBAGENT_VAULT_GIT_REMOTE`.

The remote URL may carry credentials, so it is passed to git as an argument only, never
logged, and scrubbed from any error message; git never prompts (GIT_TERMINAL_PROMPT=0).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel

from kbagent.config import Settings
from kbagent.errors import ServiceUnavailable
from kbagent.knowledge.vault import MANIFEST

TIMEOUT = 120
_URL_CREDENTIALS = re.compile(r"(\w+://)[^/@\s]+@")


class GitReport(BaseModel):
    committed: bool
    pushed: bool
    commit: str


def scrub(message: str, remote: str | None) -> str:
    if remote:
        message = message.replace(remote, "<remote>")
    return _URL_CREDENTIALS.sub(r"\1***@", message)


def _git(root: Path, remote: str | None, *args: str) -> str:
    git = shutil.which("git")
    if git is None:
        raise ServiceUnavailable("Git is not installed on the server.")
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    try:
        result = subprocess.run(
            [git, *args], cwd=root, env=env, capture_output=True, text=True, timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired:
        raise ServiceUnavailable(f"git {args[0]} timed out.") from None
    if result.returncode != 0:
        detail = scrub((result.stderr or result.stdout).strip()[-500:], remote)
        raise ServiceUnavailable(f"git {args[0]} failed.", {"detail": detail})
    return result.stdout.strip()


def commit_and_push(settings: Settings) -> GitReport:
    root = settings.resolved_vault_dir
    root.mkdir(parents=True, exist_ok=True)
    remote = settings.vault_git_remote
    if not (root / ".git").exists():
        _git(root, remote, "init", "-q", "-b", "main")
    ignore = root / ".gitignore"
    if not ignore.exists():
        ignore.write_text(f"{MANIFEST}\n*.tmp\n")
    _git(root, remote, "add", "-A")
    committed = bool(_git(root, remote, "status", "--porcelain"))
    if committed:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        _git(
            root,
            remote,
            "-c",
            "user.name=kbagent",
            "-c",
            "user.email=kbagent@localhost",
            "commit",
            "-q",
            "-m",
            f"Update knowledge base ({stamp})",
        )
    # There is always a commit: the first sync commits at least the .gitignore.
    head = _git(root, remote, "rev-parse", "HEAD")
    pushed = False
    if remote:
        _git(root, remote, "push", "-q", remote, "HEAD:refs/heads/main")
        pushed = True
    return GitReport(committed=committed, pushed=pushed, commit=head)
