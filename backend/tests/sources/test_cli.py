"""`kbagent import FILE` and `kbagent add-url` as a user runs them."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kbagent.config import Settings
from kbagent.db import Database
from kbagent.errors import PayloadTooLarge
from kbagent.sources.imports import save_upload

from .conftest import stored
from .fixtures import exporter_json, exporter_record

KBAGENT = str(Path(sys.executable).with_name("kbagent"))


def _env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KBAGENT_")}
    env["KBAGENT_DATA_DIR"] = str(settings.data_dir)
    env["KBAGENT_DATABASE_URL"] = settings.resolved_database_url
    return env


def test_import_command(settings: Settings, database: Database, tmp_path: Path) -> None:
    records: list[object] = [exporter_record(n) for n in range(1200)]
    records.append({"id": "not-a-number"})
    path = exporter_json(tmp_path / "bookmarks.json", records)
    result = subprocess.run(
        [KBAGENT, "import", str(path)], capture_output=True, text=True, env=_env(settings)
    )
    assert result.returncode == 0, result.stderr
    assert "1200 new, 0 unchanged, 0 updated, 1 failed (exporter_json)" in result.stdout
    assert "failed record 1201: missing or invalid `id`" in result.stderr
    assert len(stored(database, "x")) == 1200

    again = subprocess.run(
        [KBAGENT, "import", str(path)], capture_output=True, text=True, env=_env(settings)
    )
    assert "0 new, 1200 unchanged, 0 updated, 1 failed" in again.stdout


@pytest.mark.parametrize("db_kind", ["sqlite"], indirect=True)
def test_import_command_refuses_bad_file(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(b"[1, 2, \xff")
    result = subprocess.run(
        [KBAGENT, "import", str(path)], capture_output=True, text=True, env=_env(settings)
    )
    assert result.returncode == 1
    assert "Error:" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("db_kind", ["sqlite"], indirect=True)
def test_add_url_refuses_loopback(settings: Settings) -> None:
    result = subprocess.run(
        [KBAGENT, "add-url", "http://127.0.0.1:9/"],
        capture_output=True,
        text=True,
        env=_env(settings),
    )
    assert result.returncode == 1  # nothing was added: a script must notice
    assert "0 new, 0 unchanged, 0 updated, 1 failed" in result.stdout
    assert "loopback" in result.stderr and "Traceback" not in result.stderr


def test_save_upload_caps_size(tmp_path: Path) -> None:
    from kbagent.config import load_settings

    settings = load_settings(data_dir=tmp_path, upload_max_bytes=2048)
    assert save_upload(io.BytesIO(b"x" * 2048), settings).stat().st_size == 2048
    with pytest.raises(PayloadTooLarge):
        save_upload(io.BytesIO(b"x" * 2049), settings)
    leftovers = sorted(p.stat().st_size for p in (tmp_path / "tmp").iterdir())
    assert leftovers == [2048]  # the refused upload left nothing behind
