"""Shared set-up for benchmarks: the test harness's real services and a kbagent server."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "backend" / "tests"))

from harness.postgres import PostgresServer, create_database, start_postgres  # noqa: E402
from harness.server import serve, serve_process  # noqa: E402

__all__ = ["ROOT", "PostgresServer", "create_database", "serve", "serve_process", "start_postgres"]
