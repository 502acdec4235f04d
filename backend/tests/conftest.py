"""Fixtures: every database test runs on SQLite and on PostgreSQL + pgvector.

A migrated template is built once per database kind; each test gets a fresh copy (a file copy
on SQLite, `CREATE DATABASE ... TEMPLATE` on PostgreSQL), so tests never see each other's data.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
# llama.cpp's OpenMP threads spin-wait by default: on a loaded machine a 16-token reply then
# takes 20+ s instead of 0.5 s. Set before anything imports llama_cpp (ENVIRONMENT.md).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from harness import admin
from harness.llama import LlamaServer, start_llama_server
from harness.postgres import PostgresServer, create_database, start_postgres
from harness.redis import RedisServer, start_redis
from harness.server import serve

from kbagent import migrations
from kbagent.config import Settings, load_settings

_counter = itertools.count()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    server = start_postgres()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    server = start_redis()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaServer]:
    """The real llama.cpp server with the bundled model (AI and chat tests share it)."""
    server = start_llama_server(tmp_path_factory.mktemp("llama") / "server.log")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sqlite-template")
    settings = load_settings(data_dir=folder)
    migrations.upgrade(settings)
    admin.provision(settings)  # every copy has the harness admin and its API key
    return folder / "kbagent.db"


@pytest.fixture(scope="session")
def postgres_template(postgres: PostgresServer) -> str:
    url = create_database(postgres, "kb_template")
    settings = load_settings(database_url=url)
    migrations.upgrade(settings)
    admin.provision(settings)
    return "kb_template"


@pytest.fixture(params=["sqlite", "postgres"])
def db_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def settings(db_kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    """Settings with a fresh, migrated database of the parametrised kind."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    if db_kind == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        shutil.copy(template, data_dir / "kbagent.db")
        return load_settings(data_dir=data_dir)
    server: PostgresServer = request.getfixturevalue("postgres")
    template_name: str = request.getfixturevalue("postgres_template")
    url = create_database(server, f"kb_test_{next(_counter)}", template=template_name)
    return load_settings(data_dir=data_dir, database_url=url)


@pytest.fixture
def base_url(settings: Settings) -> Iterator[str]:
    """A real uvicorn serving kbagent on the test's database."""
    with serve(settings) as base:
        yield base
