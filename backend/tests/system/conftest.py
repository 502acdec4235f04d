"""Fixtures of the system tests: an empty restore target, and the agent's test phases."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from agent.conftest import test_phases  # noqa: F401 - the fixture, for a run during a backup
from harness.postgres import PostgresServer, create_database

from kbagent.config import Settings, load_settings

_targets = itertools.count()


@pytest.fixture
def empty_target(db_kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    """Settings naming an empty data directory and, on PostgreSQL, an empty database."""
    data_dir = tmp_path / "restored"
    if db_kind == "sqlite":
        return load_settings(data_dir=data_dir)
    server: PostgresServer = request.getfixturevalue("postgres")
    url = create_database(server, f"kb_restore_{next(_targets)}")
    return load_settings(data_dir=data_dir, database_url=url)
