"""Stored credentials are encrypted with a key the user controls or a private key file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from kbagent.config import load_settings
from kbagent.errors import KbagentError, PermissionDenied
from kbagent.sources import vault


def test_generated_key_file_is_private_and_reused(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    sealed = vault.seal(settings, {"access_token": "secret-token"})
    assert "secret-token" not in sealed
    key_file = tmp_path / vault.KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert vault.unseal(load_settings(data_dir=tmp_path), sealed) == {
        "access_token": "secret-token"
    }


def test_world_readable_key_file_is_refused(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    vault.seal(settings, {})
    (tmp_path / vault.KEY_FILE).chmod(0o644)
    with pytest.raises(PermissionDenied, match="chmod 600"):
        vault.seal(settings, {})


def test_explicit_key_and_wrong_key(tmp_path: Path) -> None:
    key = Fernet.generate_key().decode()
    settings = load_settings(data_dir=tmp_path, secret_key=key)
    sealed = vault.seal(settings, {"a": 1})
    assert not (tmp_path / vault.KEY_FILE).exists()
    other = load_settings(data_dir=tmp_path, secret_key=Fernet.generate_key().decode())
    with pytest.raises(PermissionDenied, match="cannot be decrypted"):
        vault.unseal(other, sealed)
    with pytest.raises(KbagentError, match="not a valid Fernet key"):
        vault.seal(load_settings(data_dir=tmp_path, secret_key="short"), {})
