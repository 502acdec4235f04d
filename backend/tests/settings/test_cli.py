"""`kbagent ai ...` uses the settings in force: the environment's with an admin's changes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from harness.env import settings_env
from harness.openai_server import run_openai_server

from kbagent.config import Settings
from kbagent.db import open_database
from kbagent.settings import service
from kbagent.settings.schemas import SettingsUpdate


@pytest.mark.parametrize("db_kind", ["sqlite"], indirect=True)
def test_ai_models_lists_the_backend_an_admin_configured(settings: Settings) -> None:
    with run_openai_server() as (url, _state):
        database = open_database(settings.resolved_database_url)
        try:
            with database.writer() as session:
                change = SettingsUpdate(openai_base_url=url, model_chat="openai:writer")
                service.update(session, settings, change)
                session.commit()
        finally:
            database.dispose()
        shown = subprocess.run(
            [str(Path(sys.executable).parent / "kbagent"), "ai", "models"],
            env=settings_env(settings, KBAGENT_DATA_DIR=str(settings.data_dir)),
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        ).stdout
    assert "openai (ok)" in shown
    assert "chat: openai:writer" in shown.splitlines()
