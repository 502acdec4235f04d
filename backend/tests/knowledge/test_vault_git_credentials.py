"""A vault remote's credentials are used per push and never written down: not in the vault's
`.git/config`, not on git's command line, not in a credential store the user configured."""

from __future__ import annotations

import base64
import subprocess
from pathlib import Path
from typing import Any

import pytest

from kbagent.config import load_settings
from kbagent.errors import ServiceUnavailable
from kbagent.knowledge import vault_git

from .git_http import GitRemote, serve_git_http

PASSWORD = "ghp-s3cret-vault-push-token"


def _files_containing(root: Path, needle: bytes) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and needle in p.read_bytes()]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user whose git saves every credential it sees (`credential.helper=store`)."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text("[credential]\n\thelper = store\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    return home


def test_push_with_credentials_writes_them_nowhere(
    tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands: list[list[str]] = []
    real_run = subprocess.run

    def recording_run(args: list[str], **kwargs: Any) -> Any:
        commands.append(list(args))
        return real_run(args, **kwargs)

    monkeypatch.setattr(vault_git.subprocess, "run", recording_run)
    (tmp_path / "remote").mkdir()
    with serve_git_http(GitRemote(tmp_path / "remote", "kbuser", PASSWORD)) as remote:
        settings = load_settings(data_dir=tmp_path / "data", vault_git_remote=remote.url)
        settings.resolved_vault_dir.mkdir(parents=True)
        (settings.resolved_vault_dir / "README.md").write_text("# Knowledge base\n")
        report = vault_git.commit_and_push(settings)

    assert report.pushed
    expected = base64.b64encode(f"kbuser:{PASSWORD}".encode()).decode()
    assert f"Basic {expected}" in remote.authorizations  # the helper gave git the password
    pushed = real_run(
        ["git", "--git-dir", str(remote.root / "vault.git"), "log", "--format=%s", "main"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Update knowledge base" in pushed.stdout
    assert not any(PASSWORD in " ".join(command) for command in commands)
    assert _files_containing(settings.resolved_vault_dir, PASSWORD.encode()) == []
    assert _files_containing(home, PASSWORD.encode()) == []  # the `store` helper never saw it
    assert not (home / ".git-credentials").exists()


def test_a_refused_push_names_no_credentials(tmp_path: Path, home: Path) -> None:
    (tmp_path / "remote").mkdir()
    with serve_git_http(GitRemote(tmp_path / "remote", "kbuser", PASSWORD)) as remote:
        wrong = remote.url.replace(PASSWORD, "wrong-password-123")
        settings = load_settings(data_dir=tmp_path / "data", vault_git_remote=wrong)
        settings.resolved_vault_dir.mkdir(parents=True)
        (settings.resolved_vault_dir / "README.md").write_text("x\n")
        with pytest.raises(ServiceUnavailable) as failed:
            vault_git.commit_and_push(settings)
    text = f"{failed.value.message} {failed.value.details}"
    assert failed.value.message == "git push failed."
    assert "wrong-password-123" not in text
    assert _files_containing(settings.resolved_vault_dir, b"wrong-password-123") == []
