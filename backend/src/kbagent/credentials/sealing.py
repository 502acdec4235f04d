"""Encryption of stored credentials (X tokens, OAuth verifiers) with Fernet.

The keys are `KBAGENT_SECRET_KEY` (one key, or several comma-separated, newest first) or the
key file `data_dir/secret.key` (one key per line, newest first), created once with mode 0600.
The newest key seals; every listed key unseals, which is what lets `kbagent secrets rotate`
re-seal everything while old ciphertexts stay readable. Losing the keys means reconnecting
the accounts, never a plaintext fallback.

Every value sealed or unsealed is remembered by the log redaction (`redaction.remember`), so
a token that slips into a log line or an error message is printed as `***`.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from kbagent.config import Settings
from kbagent.credentials.redaction import remember
from kbagent.errors import KbagentError, PermissionDenied

KEY_FILE = "secret.key"


def key_file(settings: Settings) -> Path:
    return settings.data_dir / KEY_FILE


def uses_key_file(settings: Settings) -> bool:
    return settings.secret_key is None


def _check_private(path: Path) -> None:
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        raise PermissionDenied(f"{path} is readable by other users; run `chmod 600` on it.")


def write_key_file(settings: Settings, keys: list[bytes]) -> None:
    """Replace the key file atomically; it is private from the moment it exists."""
    path = key_file(settings)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=settings.data_dir, prefix=".secret-key-")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(b"\n".join(keys) + b"\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def keys(settings: Settings) -> list[bytes]:
    """The keys, newest first; the key file is generated on first use."""
    if settings.secret_key is not None:
        raw = settings.secret_key.get_secret_value()
        return [k.strip().encode() for k in raw.split(",") if k.strip()]
    path = key_file(settings)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        _check_private(path)
        found = [line.strip() for line in path.read_bytes().splitlines() if line.strip()]
        if not found:
            raise KbagentError(f"{path} holds no key.") from None
        return found
    with os.fdopen(fd, "wb") as handle:
        key = Fernet.generate_key()
        handle.write(key + b"\n")
    return [key]


def fernet(settings: Settings) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in keys(settings)])
    except ValueError:
        raise KbagentError(
            "KBAGENT_SECRET_KEY (or the key file) is not a valid Fernet key: 32 url-safe "
            "base64-encoded bytes."
        ) from None


def _remember_values(value: Any) -> None:
    if isinstance(value, str):
        remember(value)
    elif isinstance(value, dict):
        for item in value.values():
            _remember_values(item)


def seal(settings: Settings, value: dict[str, Any]) -> str:
    _remember_values(value)
    return fernet(settings).encrypt(json.dumps(value).encode()).decode()


def unseal(settings: Settings, token: str) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(fernet(settings).decrypt(token.encode()))
    except InvalidToken:
        raise PermissionDenied(
            "Stored credentials cannot be decrypted with the current secret key; reconnect."
        ) from None
    _remember_values(data)
    return data


def instance_key(settings: Settings) -> bytes:
    """The instance's newest secret key: sessions derive their signing keys from it (rotating
    the key ends every session, which is what a rotation after a leak wants)."""
    return keys(settings)[0]
