"""Encryption of stored credentials (X tokens) with Fernet.

The key is `KBAGENT_SECRET_KEY`, or a key generated once into `data_dir/secret.key` with
mode 0600. Losing the key means reconnecting the accounts, never a plaintext fallback.
"""

from __future__ import annotations

import json
import os
import stat
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from kbagent.config import Settings
from kbagent.errors import KbagentError, PermissionDenied

KEY_FILE = "secret.key"


def _key(settings: Settings) -> bytes:
    if settings.secret_key:
        return settings.secret_key.encode()
    path = settings.data_dir / KEY_FILE
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            raise PermissionDenied(
                f"{path} is readable by other users; run `chmod 600` on it."
            ) from None
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as handle:
        key = Fernet.generate_key()
        handle.write(key)
    return key


def instance_key(settings: Settings) -> bytes:
    """The instance's secret key (sessions derive their signing key from it)."""
    return _key(settings)


def _fernet(settings: Settings) -> Fernet:
    try:
        return Fernet(_key(settings))
    except ValueError:
        raise KbagentError(
            "KBAGENT_SECRET_KEY (or the key file) is not a valid Fernet key: 32 url-safe "
            "base64-encoded bytes."
        ) from None


def seal(settings: Settings, value: dict[str, Any]) -> str:
    return _fernet(settings).encrypt(json.dumps(value).encode()).decode()


def unseal(settings: Settings, token: str) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(_fernet(settings).decrypt(token.encode()))
    except InvalidToken:
        raise PermissionDenied(
            "Stored credentials cannot be decrypted with the current secret key; reconnect."
        ) from None
    return data
