"""Backups that restore (`kbagent backup` / `kbagent restore`), on SQLite and PostgreSQL.

A populated instance (items, chunks, vectors, versions, runs, usage, a sealed credential, media,
an uploaded original, the vault) is backed up and restored into an empty data directory and
database: every table's row count, item content, vector and file comes back identical, and the
key file still opens the credential. Damaged archives (a flipped byte, cut short, a member
missing or altered, a newer schema) are refused and leave the target as it was.
"""

from __future__ import annotations

import gzip
import io
import json
import tarfile
import threading
import uuid
from pathlib import Path

import pytest
from harness.instance import add_items, fingerprint, populate
from harness.postgres import PostgresServer, create_database
from sqlalchemy import select

from kbagent import migrations
from kbagent.agent.models import RunEvent
from kbagent.backup import verify
from kbagent.backup.archive import create_backup
from kbagent.backup.manifest import MANIFEST
from kbagent.backup.restore import NotEmpty, restore_backup
from kbagent.config import Settings, load_settings
from kbagent.credentials import sealing
from kbagent.db import open_database
from kbagent.errors import InvalidInput
from kbagent.sources.models import SourceCredential


def _credential(settings: Settings) -> dict[str, object]:
    database = open_database(settings.resolved_database_url)
    try:
        with database.reader() as session:
            row = session.scalars(select(SourceCredential)).one()
            return sealing.unseal(settings, row.token_ciphertext)
    finally:
        database.dispose()


def test_round_trip_is_identical(
    settings: Settings, empty_target: Settings, tmp_path: Path
) -> None:
    populate(settings)
    before = fingerprint(settings)
    (tmp_path / "out").mkdir()
    result = create_backup(settings, tmp_path / "out")  # a folder: the archive is named in it
    manifest = result.manifest
    assert result.path.parent == tmp_path / "out" and result.path.name.endswith(".tar.gz")
    assert manifest.schema_revision == migrations.head_revision() == before.revision
    assert manifest.tables == before.tables
    assert {f.path for f in manifest.files} >= {"secret.key", "vault/README.md"}

    restore_backup(empty_target, result.path)

    after = fingerprint(empty_target)
    assert after == before
    assert after.tables["embeddings"] == 24 and after.tables["content_items"] == 12
    assert len(after.vectors) == 24
    assert _credential(empty_target) == {"access_token": "tok-123"}  # the key file came back
    database = open_database(empty_target.resolved_database_url)
    try:  # sequences continue after the restored rows
        with database.writer() as session:
            session.add(RunEvent(type="log", message="after restore"))
            session.commit()
    finally:
        database.dispose()


def test_backup_while_items_are_written(
    settings: Settings, empty_target: Settings, tmp_path: Path
) -> None:
    """A backup taken while a writer commits items (as a run does) is one instant: the
    restored counts are the manifest's, and every item has its vectors and its media file."""
    populate(settings, items=4)
    database = open_database(settings.resolved_database_url)
    stop = threading.Event()

    def write() -> None:
        start = 100
        while not stop.is_set():
            add_items(database, settings, start, 2)
            start += 2

    writer = threading.Thread(target=write)
    writer.start()
    try:
        result = create_backup(settings, tmp_path)
    finally:
        stop.set()
        writer.join()
        database.dispose()
    restore_backup(empty_target, result.path)
    after = fingerprint(empty_target)
    assert after.tables == result.manifest.tables
    assert after.tables["embeddings"] == 2 * after.tables["knowledge_items"]
    media = {p for p in after.files if p.startswith("media/")}
    assert len(media) >= after.tables["knowledge_items"]


def test_a_non_empty_target_needs_force(
    settings: Settings, empty_target: Settings, tmp_path: Path
) -> None:
    populate(settings, items=3)
    archive = create_backup(settings, tmp_path).path
    # Data where the restore would put its own: refused, and left as it was.
    (empty_target.data_dir / "media").mkdir(parents=True)
    (empty_target.data_dir / "media" / "old.png").write_bytes(b"old")
    with pytest.raises(NotEmpty, match="not empty"):
        restore_backup(empty_target, archive)
    assert (empty_target.data_dir / "media" / "old.png").read_bytes() == b"old"
    # --force replaces it: what the target held and the archive lacks is gone.
    restore_backup(empty_target, archive, force=True)
    assert fingerprint(empty_target) == fingerprint(settings)
    # Restoring again onto a whole instance (its database included) needs --force again.
    with pytest.raises(NotEmpty):
        restore_backup(empty_target, archive)
    restore_backup(empty_target, archive, force=True)
    assert fingerprint(empty_target) == fingerprint(settings)


# Damage done to a good archive: each must be refused before anything changes.
def _flip_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x40
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])


def _rewrite(path: Path, change: str) -> None:
    """Re-pack the archive (validly compressed) with one member dropped or altered."""
    members: list[tuple[tarfile.TarInfo, bytes]] = []
    with tarfile.open(path, "r:gz") as tar:
        for member in tar:
            source = tar.extractfile(member)
            assert source is not None
            members.append((member, source.read()))
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        for member, data in members:
            if change == "missing" and member.name == "secret.key":
                continue
            if change == "altered" and member.name.startswith("media/"):
                data = data[:-1] + bytes([data[-1] ^ 1])
            if change == "newer" and member.name == MANIFEST:
                manifest = json.loads(data)
                manifest["schema_revision"] = "9999_from_the_future"
                data = json.dumps(manifest).encode()
            if change == "counts" and member.name == MANIFEST:
                # Checksums all good, but the rows disagree: found only once the database is
                # loaded (on PostgreSQL, after the files were already swapped into place).
                manifest = json.loads(data)
                manifest["tables"]["content_items"] += 1
                data = json.dumps(manifest).encode()
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
    path.write_bytes(gzip.compress(out.getvalue()))


DAMAGE = {
    "flipped-byte": (_flip_byte, "damaged|fail their checksum"),
    "truncated": (_truncate, "damaged|truncated|no manifest"),
    "missing-member": (lambda p: _rewrite(p, "missing"), "lacks 1 file"),
    "altered-member": (lambda p: _rewrite(p, "altered"), "fail their checksum"),
    "newer-schema": (lambda p: _rewrite(p, "newer"), "newer than this kbagent"),
    "rows-disagree": (lambda p: _rewrite(p, "counts"), "disagrees? with"),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_archive_is_refused_and_the_target_untouched(
    damage: str, settings: Settings, empty_target: Settings, tmp_path: Path
) -> None:
    populate(settings, items=3)
    archive = create_backup(settings, tmp_path / "good.tar.gz").path  # a file name
    # The target: an instance of its own, to be replaced (--force) by a good archive only.
    restore_backup(empty_target, archive)
    database = open_database(empty_target.resolved_database_url)
    add_items(database, empty_target, 500, 1)
    database.dispose()
    before = fingerprint(empty_target)
    spoil, message = DAMAGE[damage]
    spoil(archive)
    with pytest.raises(InvalidInput, match=message):
        restore_backup(empty_target, archive, force=True)
    assert fingerprint(empty_target) == before
    leftovers = [p.name for p in empty_target.data_dir.parent.iterdir() if ".restore-" in p.name]
    assert leftovers == []


def test_an_older_schema_is_migrated_to_head(
    db_kind: str, empty_target: Settings, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """An archive of a database at an older revision restores and ends at this code's head."""
    data_dir = tmp_path / "old"
    if db_kind == "sqlite":
        old = load_settings(data_dir=data_dir)
    else:
        server: PostgresServer = request.getfixturevalue("postgres")
        url = create_database(server, f"kb_old_{uuid.uuid4().hex[:12]}")
        old = load_settings(data_dir=data_dir, database_url=url)
    migrations.upgrade(old, "0017")
    result = create_backup(old, tmp_path)
    assert result.manifest.schema_revision == "0017"
    restore_backup(empty_target, result.path)
    assert fingerprint(empty_target).revision == migrations.head_revision()


def test_a_damaged_archive_leaves_an_empty_target_empty(
    settings: Settings, empty_target: Settings, tmp_path: Path
) -> None:
    populate(settings, items=2)
    archive = create_backup(settings, tmp_path).path
    _truncate(archive)
    with pytest.raises(verify.DamagedArchive):
        restore_backup(empty_target, archive)
    assert not empty_target.data_dir.exists() or not any(empty_target.data_dir.iterdir())
    if empty_target.database_url:
        from kbagent.backup import postgres
        from kbagent.db import make_engine

        engine = make_engine(empty_target.database_url)
        with engine.connect() as connection:
            assert postgres.user_tables(connection) == []
        engine.dispose()
