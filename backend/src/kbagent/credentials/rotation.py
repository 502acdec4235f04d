"""`kbagent secrets rotate`: re-seal every stored credential with a new key.

With the key file: a new key is written first *beside* the old ones (newest first), so while
the re-sealing runs, and if it is interrupted, everything stays readable; the database is
re-sealed in one transaction; only then are the old keys dropped from the file.
With `KBAGENT_SECRET_KEY`: the process cannot change its own environment, so the user puts the
new key first (`new,old`), runs rotate, then removes the old key.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken
from pydantic import BaseModel

from kbagent.config import Settings
from kbagent.credentials import repository, sealing
from kbagent.db import Database
from kbagent.errors import InvalidInput


class RotationReport(BaseModel):
    resealed: int
    unreadable: int  # sealed with none of the keys: left as they were (reconnect those)
    key_source: str  # "file" or "KBAGENT_SECRET_KEY"
    next_step: str | None = None


def generate_key() -> str:
    return Fernet.generate_key().decode()


def rotate(settings: Settings, database: Database) -> RotationReport:
    current = sealing.keys(settings)
    in_file = sealing.uses_key_file(settings)
    new = Fernet.generate_key() if in_file else current[0]
    if in_file:
        sealing.write_key_file(settings, [new, *current])
    elif len(current) < 2:
        raise InvalidInput(
            "KBAGENT_SECRET_KEY holds one key. Put a new key first (`kbagent secrets "
            "generate-key`), a comma, then the current key, and run `kbagent secrets rotate` "
            "again."
        )
    keys = sealing.fernet(settings)  # seals with the new key, unseals with any
    resealed = unreadable = 0
    # The command is its own unit of work: one transaction, committed here.
    with database.writer() as session:
        for row, column in repository.sealed_rows(session):
            try:
                token = keys.rotate(str(getattr(row, column)).encode())
            except InvalidToken:
                unreadable += 1
                continue
            setattr(row, column, token.decode())
            resealed += 1
        session.commit()
    if in_file:
        sealing.write_key_file(settings, [new])
        return RotationReport(resealed=resealed, unreadable=unreadable, key_source="file")
    return RotationReport(
        resealed=resealed,
        unreadable=unreadable,
        key_source="KBAGENT_SECRET_KEY",
        next_step="Every credential is sealed with the first key now: remove the other keys "
        "from KBAGENT_SECRET_KEY.",
    )
