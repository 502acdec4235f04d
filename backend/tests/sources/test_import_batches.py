"""A large import commits in batches: other writers get the database between them, the report
stays exact across batches, and a source that breaks half-way keeps (and reports) what came
before."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from harness import admin
from harness.server import serve

from kbagent.config import Settings
from kbagent.db import Database
from kbagent.errors import InvalidInput
from kbagent.sources.imports import import_file

from .conftest import stored
from .fixtures import exporter_json, exporter_record

RECORDS = 20_000


def test_api_writes_go_through_while_a_large_import_runs(
    settings: Settings, database: Database, tmp_path: Path
) -> None:
    # Repeats far apart in the file land in different batches: 300 edited, 300 identical.
    records: list[Any] = [exporter_record(n) for n in range(RECORDS)]
    records += [exporter_record(n, text=f"Edited post {n}") for n in range(300)]
    records += [exporter_record(n) for n in range(300, 600)]
    export = exporter_json(tmp_path / "big.json", records)
    # A short lock wait: a request queued behind the whole import would surely get a 503.
    settings = settings.model_copy(update={"database_lock_timeout_seconds": 2.0})
    outcome: dict[str, httpx.Response] = {}

    with serve(settings) as base, admin.Client(base_url=base, timeout=120) as client:
        note = {"source_type": "url", "source_id": "https://e.org/note", "title": "Note"}
        created = client.post("/api/v1/content/items", json=note)
        assert created.status_code == 201, created.text
        item_id = created.json()["id"]

        def upload() -> None:
            files = {"file": ("big.json", export.read_bytes(), "application/json")}
            outcome["import"] = admin.post(
                f"{base}/api/v1/content/import", files=files, timeout=300
            )

        importer = threading.Thread(target=upload)
        importer.start()
        during: list[httpx.Response] = []
        answers: list[httpx.Response] = []
        # Write until the import has visibly stored part of its file, then a while longer.
        while importer.is_alive():
            answer = client.put(
                f"/api/v1/content/items/{item_id}", json={"title": f"Edit {len(answers)}"}
            )
            answers.append(answer)
            if importer.is_alive() and _imported(client) > 0:
                during.append(answer)
                if len(during) >= 20:
                    break
        importer.join()

    assert outcome["import"].status_code == 200, outcome["import"].text
    report = outcome["import"].json()
    assert (report["new"], report["updated"], report["unchanged"], report["failed"]) == (
        RECORDS,
        300,
        300,
        0,
    )
    assert [a.status_code for a in answers if a.status_code >= 300] == []
    # Writes were answered while the import was still storing, not after it.
    assert during, "no write was answered while the import ran"
    items = stored(database, "x")
    assert len(items) == RECORDS
    assert items["10299"].content == "Edited post 299"
    assert items["10300"].content == "Exported post number 300 about #python"
    assert stored(database, "url")["https://e.org/note"].title.startswith("Edit ")


def _imported(client: httpx.Client) -> int:
    page = client.get("/api/v1/content/items", params={"source_type": "x", "limit": 1})
    assert page.status_code == 200, page.text
    total: int = page.json()["total"]
    return total


@pytest.mark.parametrize(
    "tail",
    [b', {"id": "2", "full_text": ', b', {"id": "1", "full_text": "bad \xff\xfe bytes"}]'],
    ids=["truncated", "invalid-utf8"],
)
def test_a_file_damaged_half_way_keeps_and_reports_the_batches_before(
    database: Database, settings: Settings, tmp_path: Path, tail: bytes
) -> None:
    records = [exporter_record(n) for n in range(1200)]
    good = json.dumps(records).encode()
    path = tmp_path / "bad.json"
    path.write_bytes(good[:-1] + tail)
    with pytest.raises(InvalidInput, match="not valid JSON") as caught:
        import_file(database, settings, path)
    kept = caught.value.details["stored_before_error"]
    assert kept["new"] > 0 and kept["updated"] == kept["unchanged"] == kept["failed"] == 0
    assert len(stored(database)) == kept["new"]
    assert "importing the corrected file again" in caught.value.message

    # The corrected file adds exactly the rest.
    again = import_file(database, settings, exporter_json(tmp_path / "fixed.json", records))
    assert (again.new, again.unchanged, again.updated, again.failed) == (
        1200 - kept["new"],
        kept["new"],
        0,
        0,
    )
    assert len(stored(database)) == 1200
