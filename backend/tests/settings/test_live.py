"""`LiveSettings` in two processes' worth of instances on one database: a change stored by one
is loaded by the other once it checks; a sealed secret survives `kbagent secrets rotate`; a
stored value the environment now refuses is skipped, not fatal."""

from __future__ import annotations

from pydantic import SecretStr

from kbagent.config import Settings
from kbagent.credentials import rotation
from kbagent.db import open_database
from kbagent.settings import repository, service
from kbagent.settings.live import LiveSettings
from kbagent.settings.schemas import SettingsUpdate


def test_a_change_by_one_is_loaded_by_another(settings: Settings) -> None:
    database = open_database(settings.resolved_database_url)
    try:
        writer, reader = LiveSettings(settings, database), LiveSettings(settings, database)
        assert reader.current().synthesis_min_items == 3
        with database.writer() as session:
            change = SettingsUpdate(
                synthesis_min_items=6, openai_api_key=SecretStr("sk-live-0123456789")
            )
            service.update(session, settings, change)
            session.commit()
        assert reader.refresh(force=True).synthesis_min_items == 6
        assert writer.refresh(force=True).openai_api_key == SecretStr("sk-live-0123456789")

        report = rotation.rotate(settings, database)
        assert report.resealed == 1 and report.unreadable == 0
        fresh = LiveSettings(settings, database)
        key = fresh.current().openai_api_key
        assert key is not None and key.get_secret_value() == "sk-live-0123456789"

        # A stored value the environment now refuses (written around the API) is skipped.
        with database.writer() as session:
            repository.put(session, "synthesis_max_items", value=0, by=None)
            repository.bump(session)
            session.commit()
        again = reader.refresh(force=True)
        assert again.synthesis_max_items == settings.synthesis_max_items
        assert again.synthesis_min_items == 6
    finally:
        database.dispose()
