"""Where sealed credentials are stored: every column holding a Fernet ciphertext."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from kbagent.db import Base
from kbagent.settings.models import SettingOverride
from kbagent.sources.models import OAuthState, SourceCredential

# A new table holding sealed data adds its column here, so rotation re-seals it too.
SEALED_COLUMNS: tuple[tuple[type[Base], str], ...] = (
    (SourceCredential, "token_ciphertext"),
    (OAuthState, "verifier_ciphertext"),
    (SettingOverride, "sealed"),
)


def sealed_rows(session: Session) -> Iterator[tuple[Base, str]]:
    """Each row with a sealed value, and the column's attribute name."""
    for model, column in SEALED_COLUMNS:
        for row in session.scalars(select(model)):
            if getattr(row, column):
                yield row, column
