"""Optional Git history of the vault: commit every sync, push to `KBAGENT_VAULT_GIT_REMOTE`.

The remote URL may carry credentials (`https://user:token@host/repo.git`). They are never
written anywhere: not to `.git/config` (no `git remote add`), not to git's command line (the
URL is passed without them), not to a credential store. git gets them per push from a
credential helper given on the command line that reads them from the push's environment; the
user's own helpers are switched off for that push so none of them saves the password. Error
messages are scrubbed; git never prompts (GIT_TERMINAL_PROMPT=0).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from pydantic import BaseModel

from kbagent.config import Settings
from kbagent.errors import ServiceUnavailable
from kbagent.knowledge.vault_manifest import IGNORE_PATTERN

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


# Reads the credentials from the environment of this one git process (`get` requests only).
_HELPER = (
    '!f() { test "$1" = get || exit 0; '
    'printf "username=%s\\npassword=%s\\n" "$KBAGENT_GIT_USERNAME" "$KBAGENT_GIT_PASSWORD"; }; f'
)


def split_credentials(remote: str) -> tuple[str, dict[str, str]]:
    """(URL without credentials, the environment carrying them) for an http(s) remote."""
    try:
        parts = urlsplit(remote)
    except ValueError:
        return remote, {}
    if parts.scheme not in ("http", "https") or not (parts.username or parts.password):
        return remote, {}
    netloc = parts.hostname or ""
    if ":" in netloc:
        netloc = f"[{netloc}]"
    if parts.port is not None:
        netloc += f":{parts.port}"
    clean = urlunsplit(parts._replace(netloc=netloc))
    return clean, {
        "KBAGENT_GIT_USERNAME": unquote(parts.username or ""),
        "KBAGENT_GIT_PASSWORD": unquote(parts.password or ""),
    }


def _push(root: Path, remote: str) -> None:
    url, credentials = split_credentials(remote)
    helper = ["-c", "credential.helper=", "-c", f"credential.helper={_HELPER}"]
    args = [*helper, "push", "-q", url, "HEAD:refs/heads/main"] if credentials else None
    if args is None:
        _git(root, remote, "push", "-q", remote, "HEAD:refs/heads/main")
    else:
        _git(root, remote, *args, extra_env=credentials)


def _git(
    root: Path, remote: str | None, *args: str, extra_env: dict[str, str] | None = None
) -> str:
    git = shutil.which("git")
    if git is None:
        raise ServiceUnavailable("Git is not installed on the server.")
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", **(extra_env or {})}
    try:
        result = subprocess.run(
            [git, *args], cwd=root, env=env, capture_output=True, text=True, timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired:
        raise ServiceUnavailable(f"git {_verb(args)} timed out.") from None
    if result.returncode != 0:
        detail = scrub((result.stderr or result.stdout).strip()[-500:], remote)
        raise ServiceUnavailable(f"git {_verb(args)} failed.", {"detail": detail})
    return result.stdout.strip()


def _verb(args: tuple[str, ...]) -> str:
    """The git command's name, past any leading `-c name=value` options."""
    rest = list(args)
    while len(rest) >= 2 and rest[0] == "-c":
        rest = rest[2:]
    return rest[0] if rest else "git"


def _ignore_own_files(ignore: Path) -> None:
    """The manifest (and its journal) and half-written files stay out of the repository; a
    `.gitignore` from before the manifest was a SQLite file gets the new pattern added."""
    if not ignore.exists():
        ignore.write_text(f"{IGNORE_PATTERN}\n*.tmp\n")
        return
    lines = ignore.read_text().splitlines()
    if IGNORE_PATTERN not in lines:
        ignore.write_text("\n".join([*lines, IGNORE_PATTERN]) + "\n")


def commit_and_push(settings: Settings) -> GitReport:
    root = settings.resolved_vault_dir
    root.mkdir(parents=True, exist_ok=True)
    remote = settings.vault_git_remote
    if not (root / ".git").exists():
        _git(root, remote, "init", "-q", "-b", "main")
    _ignore_own_files(root / ".gitignore")
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
        _push(root, remote)
        pushed = True
    return GitReport(committed=committed, pushed=pushed, commit=head)
