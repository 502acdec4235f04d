"""Stored credentials are sealed with a key the user controls or a private key file, and
`kbagent secrets rotate` moves them to a new key without a moment where they are unreadable."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography.fernet import Fernet, InvalidToken
from harness.env import settings_env
from sqlalchemy import select

from kbagent.cli import main
from kbagent.config import Settings, SettingsError, load_settings
from kbagent.credentials import repository, rotation, sealing
from kbagent.db import Database, open_database
from kbagent.errors import InvalidInput, PermissionDenied
from kbagent.sources.models import OAuthState, SourceCredential


def test_generated_key_file_is_private_and_reused(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    sealed = sealing.seal(settings, {"access_token": "secret-token"})
    assert "secret-token" not in sealed
    key_file = tmp_path / sealing.KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert sealing.unseal(load_settings(data_dir=tmp_path), sealed) == {
        "access_token": "secret-token"
    }


def test_world_readable_key_file_is_refused(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    sealing.seal(settings, {})
    (tmp_path / sealing.KEY_FILE).chmod(0o644)
    with pytest.raises(PermissionDenied, match="chmod 600"):
        sealing.seal(settings, {})


def test_explicit_key_and_wrong_key(tmp_path: Path) -> None:
    key = Fernet.generate_key().decode()
    settings = load_settings(data_dir=tmp_path, secret_key=key)
    sealed = sealing.seal(settings, {"a": 1})
    assert not (tmp_path / sealing.KEY_FILE).exists()
    other = load_settings(data_dir=tmp_path, secret_key=Fernet.generate_key().decode())
    with pytest.raises(PermissionDenied, match="cannot be decrypted"):
        sealing.unseal(other, sealed)
    assert key not in repr(settings) and key not in str(settings.model_dump())


@pytest.mark.parametrize("value", ["short", "a,b", Fernet.generate_key().decode() + ",nope", ","])
def test_a_bad_secret_key_names_the_setting(tmp_path: Path, value: str) -> None:
    with pytest.raises(SettingsError, match="KBAGENT_SECRET_KEY"):
        load_settings(data_dir=tmp_path, secret_key=value)


def test_every_listed_key_unseals_and_the_first_seals(tmp_path: Path) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    sealed_old = sealing.seal(load_settings(data_dir=tmp_path, secret_key=old), {"v": "x"})
    both = load_settings(data_dir=tmp_path, secret_key=f"{new}, {old}")
    assert sealing.unseal(both, sealed_old) == {"v": "x"}
    sealed_new = sealing.seal(both, {"v": "y"})
    Fernet(new.encode()).decrypt(sealed_new.encode())  # sealed with the first key
    with pytest.raises(InvalidToken):
        Fernet(old.encode()).decrypt(sealed_new.encode())


@pytest.fixture
def database(settings: Settings) -> Iterator[Database]:
    database = open_database(settings.resolved_database_url)
    try:
        yield database
    finally:
        database.dispose()


def _store_credentials(settings: Settings, database: Database) -> dict[str, str]:
    tokens = {"access_token": "x-access-token-123456", "refresh_token": "x-refresh-token-654321"}
    with database.writer() as session:
        session.add(SourceCredential(provider="x", token_ciphertext=sealing.seal(settings, tokens)))
        session.add(
            OAuthState(
                state="st-1",
                provider="x",
                verifier_ciphertext=sealing.seal(settings, {"v": "verifier-abcdefgh"}),
            )
        )
        session.commit()
    return tokens


def _ciphertexts(database: Database) -> list[str]:
    with database.reader() as session:
        return [str(getattr(row, column)) for row, column in repository.sealed_rows(session)]


def _readable_by(keys: list[bytes], ciphertexts: list[str]) -> bool:
    try:
        for token in ciphertexts:
            Fernet(keys[0]).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def test_rotate_with_the_key_file(settings: Settings, database: Database) -> None:
    tokens = _store_credentials(settings, database)
    old_key = sealing.keys(settings)
    before = _ciphertexts(database)
    assert len(before) == 2

    report = rotation.rotate(settings, database)

    assert (report.resealed, report.unreadable) == (2, 0)
    new_keys = sealing.keys(settings)
    assert len(new_keys) == 1 and new_keys != old_key
    assert stat.S_IMODE(sealing.key_file(settings).stat().st_mode) == 0o600
    after = _ciphertexts(database)
    assert set(after).isdisjoint(before)
    assert _readable_by(new_keys, after) and not _readable_by(old_key, after)
    with database.reader() as session:
        row = session.scalars(select(SourceCredential)).one()
        assert sealing.unseal(settings, row.token_ciphertext) == tokens


def test_an_interrupted_rotation_leaves_everything_readable(
    settings: Settings, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    tokens = _store_credentials(settings, database)
    real_rows = repository.sealed_rows

    def failing_rows(session: object) -> Iterator[object]:
        rows = real_rows(session)  # type: ignore[arg-type]
        yield next(rows)
        raise OSError("disk went away")  # the process dies half-way

    monkeypatch.setattr(repository, "sealed_rows", failing_rows)
    with pytest.raises(OSError, match="disk went away"):
        rotation.rotate(settings, database)
    monkeypatch.setattr(repository, "sealed_rows", real_rows)

    # The new key was added beside the old one, so both kinds of ciphertext stay readable.
    assert len(sealing.keys(settings)) == 2
    with database.reader() as session:
        row = session.scalars(select(SourceCredential)).one()
        assert sealing.unseal(settings, row.token_ciphertext) == tokens
        state = session.scalars(select(OAuthState)).one()
        assert sealing.unseal(settings, state.verifier_ciphertext) == {"v": "verifier-abcdefgh"}

    assert rotation.rotate(settings, database).resealed == 2  # run again: it finishes
    assert len(sealing.keys(settings)) == 1
    assert _readable_by(sealing.keys(settings), _ciphertexts(database))


def test_rotate_with_the_environment_key(
    settings: Settings, database: Database, tmp_path: Path
) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with_old = settings.model_copy(update={"secret_key": load_settings(secret_key=old).secret_key})
    _store_credentials(with_old, database)
    with pytest.raises(InvalidInput, match="Put a new key first"):
        rotation.rotate(with_old, database)
    both = settings.model_copy(
        update={"secret_key": load_settings(secret_key=f"{new},{old}").secret_key}
    )
    report = rotation.rotate(both, database)
    assert report.resealed == 2 and report.next_step and "remove the other keys" in report.next_step
    assert _readable_by([new.encode()], _ciphertexts(database))
    assert not sealing.key_file(settings).exists()


def test_the_rotate_command(settings: Settings, database: Database) -> None:
    tokens = _store_credentials(settings, database)
    old_key = sealing.keys(settings)
    result = CliRunner().invoke(main, ["secrets", "rotate"], env=settings_env(settings))
    assert result.exit_code == 0, result.output
    assert "re-sealed 2 credential(s)" in result.output
    assert sealing.keys(settings) != old_key
    with database.reader() as session:
        row = session.scalars(select(SourceCredential)).one()
        assert sealing.unseal(settings, row.token_ciphertext) == tokens
    generated = CliRunner().invoke(main, ["secrets", "generate-key"])
    assert generated.exit_code == 0
    Fernet(generated.output.strip().encode())  # a valid key
