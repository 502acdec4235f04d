from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from kbagent.config import Settings
from kbagent.content.models import ContentItem
from kbagent.db import Database, open_database


@pytest.fixture
def database(settings: Settings) -> Iterator[Database]:
    database = open_database(settings.resolved_database_url)
    try:
        yield database
    finally:
        database.dispose()


def stored(database: Database, source_type: str | None = None) -> dict[str, ContentItem]:
    """Every stored item (of one source type), by source id."""
    with database.reader() as session:
        query = select(ContentItem)
        if source_type is not None:
            query = query.where(ContentItem.source_type == source_type)
        return {item.source_id: item for item in session.scalars(query)}
