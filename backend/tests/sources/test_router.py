"""The upload and URL endpoints on a real server: reports, size caps, the error envelope."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import admin
from harness.runs import wait_run
from harness.server import serve

from kbagent.config import Settings
from kbagent.db import Database

from .conftest import stored
from .fixtures import archive_tweet, exporter_json, exporter_record, x_archive, ytd, zip_bytes
from .servers import Canned, serve_site


@pytest.fixture
def small_uploads(settings: Settings) -> Iterator[str]:
    with serve(settings.model_copy(update={"upload_max_bytes": 200_000})) as base:
        yield base


def test_upload_archive_then_reupload(
    base_url: str, database: Database, settings: Settings, tmp_path: Path
) -> None:
    data = x_archive(tmp_path / "a.zip").read_bytes()
    files = {"file": ("../../../../tmp/evil.zip", data, "application/zip")}
    response = admin.post(f"{base_url}/api/v1/content/import", files=files, timeout=30)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["format"], body["new"], body["failed"]) == ("x_archive", 4, 0)
    assert len(body["item_ids"]) == 4
    again = admin.post(f"{base_url}/api/v1/content/import", files=files, timeout=30).json()
    assert (again["new"], again["unchanged"]) == (0, 4)
    assert not (settings.data_dir / "tmp").exists() or not any(
        (settings.data_dir / "tmp").iterdir()
    )


def test_oversized_upload_is_refused(
    small_uploads: str, database: Database, settings: Settings, tmp_path: Path
) -> None:
    big = exporter_json(tmp_path / "e.json", [exporter_record(n) for n in range(2000)])
    assert big.stat().st_size > 200_000
    files = {"file": ("e.json", big.read_bytes(), "application/json")}
    response = admin.post(f"{small_uploads}/api/v1/content/import", files=files, timeout=30)
    assert response.status_code == 413
    assert response.json()["error_code"] == "payload_too_large"
    assert stored(database) == {}
    # A smaller file under the same limit goes through: the limit is the upload's, not JSON's.
    ok = exporter_json(tmp_path / "s.json", [exporter_record(n) for n in range(100)])
    assert 1024 < ok.stat().st_size < 200_000
    files = {"file": ("s.json", ok.read_bytes(), "application/json")}
    response = admin.post(f"{small_uploads}/api/v1/content/import", files=files, timeout=30)
    assert response.json()["new"] == 100


def test_hostile_upload_gets_the_envelope(base_url: str, database: Database) -> None:
    files = {"file": ("doc.pdf", b"MZ\x90\x00\x03\x00 an exe, not a pdf", "application/pdf")}
    response = admin.post(f"{base_url}/api/v1/content/import", files=files, timeout=30)
    assert response.status_code == 422
    body = response.json()
    assert body["success"] is False and body["error_code"] == "validation_error"
    assert "binary" in body["message"]
    assert stored(database) == {}


def test_urls_endpoint_refuses_private_addresses(base_url: str, database: Database) -> None:
    response = admin.post(
        f"{base_url}/api/v1/content/urls",
        json={"urls": ["http://127.0.0.1:9/", "http://[::1]/x", "http://169.254.169.254/"]},
        timeout=30,
    )
    assert response.status_code == 202
    body = response.json()
    assert (body["report"]["new"], body["report"]["failed"]) == (0, 3)
    assert body["run_id"] is None  # nothing to fetch: no run
    assert stored(database) == {}
    empty = admin.post(f"{base_url}/api/v1/content/urls", json={"urls": []}, timeout=30)
    assert empty.status_code == 422


def test_urls_are_fetched_by_a_run(settings: Settings, database: Database) -> None:
    """The request only stores the URLs; a run fetches the pages, and a page that cannot be
    fetched fails its item with the reason (retry-failed tries it again)."""
    page = (
        b"<html><head><title>Vacuum</title></head><body><article><h1>Vacuum</h1><p>"
        + (b"Vacuum reclaims storage held by dead rows so the table does not grow. " * 8)
        + b"</p></article></body></html>"
    )
    with serve_site({"/vacuum": Canned(200, page, {"content-type": "text/html"})}) as site:
        local = settings.model_copy(update={"fetch_allow_hosts": f"127.0.0.1:{site.port}"})
        with serve(local) as base, admin.Client(base_url=base, timeout=30) as client:
            urls = [f"{site.base}/vacuum", f"{site.base}/gone"]
            accepted = client.post("/api/v1/content/urls", json={"urls": urls})
            assert accepted.status_code == 202, accepted.text
            assert accepted.json()["report"]["new"] == 2
            assert site.hits == []  # nothing fetched inside the request
            run = wait_run(client, accepted.json()["run_id"])
            again = client.post("/api/v1/content/urls", json={"urls": urls[:1]}).json()
    cache = next(p for p in run["phases"] if p["name"] == "cache")
    assert (cache["done"], cache["failed"]) == (1, 1), cache
    items = stored(database, "url")
    assert "dead rows" in items[f"{site.base}/vacuum"].content
    assert items[f"{site.base}/vacuum"].title.startswith("Vacuum")
    assert (again["report"]["unchanged"], again["run_id"]) == (1, None)


def test_zip_bomb_upload_stores_nothing(base_url: str, database: Database) -> None:
    bomb = zip_bytes({"data/tweets.js": b"window.YTD.tweets.part0 = [" + b" " * 30_000_000})
    files = {"file": ("archive.zip", bomb, "application/zip")}
    response = admin.post(f"{base_url}/api/v1/content/import", files=files, timeout=60)
    assert response.status_code == 422
    assert "zip bomb" in response.json()["message"]
    assert stored(database) == {}


def test_x_authorize_needs_a_client_id(base_url: str) -> None:
    response = admin.get(f"{base_url}/api/v1/sources/x/authorize", timeout=10)
    assert response.status_code == 422
    assert "KBAGENT_X_CLIENT_ID" in response.json()["message"]


def _du(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def test_deeply_nested_json_is_refused_quickly(base_url: str, database: Database) -> None:
    # 100,000 levels in 200 kB once took 19 GB: parsing cost grew with the square of depth.
    for opener, closer in ((b"[", b"]"), (b'[{"a":', b"}]")):
        depth = 100_000 if opener == b"[" else 30_000
        body = opener * depth + closer * depth
        files = {"file": ("deep.json", body, "application/json")}
        response = admin.post(f"{base_url}/api/v1/content/import", files=files, timeout=120)
        assert response.status_code == 422, response.text
        payload = response.json()
        assert payload["error_code"] == "validation_error"
        assert "nested deeper" in payload["message"] and payload["details"]["max_depth"] == 64
    assert stored(database) == {}


def test_nesting_inside_records_is_bounded_too(base_url: str, database: Database) -> None:
    nested: object = "leaf"
    for _ in range(200):
        nested = [nested]
    records = [exporter_record(1), {**exporter_record(2), "quoted_status": nested}]
    files = {"file": ("e.json", json.dumps(records).encode(), "application/json")}
    response = admin.post(f"{base_url}/api/v1/content/import", files=files, timeout=60)
    assert response.status_code == 422 and "nested deeper" in response.json()["message"]
    assert stored(database) == {}


def test_many_small_members_are_counted_together_before_writing(
    base_url: str, database: Database, settings: Settings
) -> None:
    # Each member expands 1000:1 but stays under the per-member check; together they would
    # write over a gigabyte of media. Members are streamed in, so the test itself stays small.
    tweets = [
        archive_tweet(
            str(1000 + n),
            f"post {n}",
            extended_entities={
                "media": [{"type": "photo", "media_url_https": f"https://pbs.twimg.com/m{n}.png"}]
            },
        )
        for n in range(1100)
    ]
    packed = io.BytesIO()
    zeros = bytes(111_000)
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data/tweets.js", ytd("tweets", tweets))
        for n in range(1100):
            with archive.open(f"data/tweets_media/{1000 + n}-m{n}.png", "w") as member:
                member.write(n.to_bytes(4, "big"))  # distinct files: no deduplication
                for _ in range(9):
                    member.write(zeros)
    bomb = packed.getvalue()
    files = {"file": ("archive.zip", bomb, "application/zip")}
    response = admin.post(f"{base_url}/api/v1/content/import", files=files, timeout=120)
    assert response.status_code == 422, response.text
    assert "zip bomb" in response.json()["message"]
    assert response.json()["details"]["declared_bytes"] > 1_000_000_000
    assert stored(database) == {}
    assert _du(settings.data_dir) < 50_000_000  # the database; no media was written


def test_deeply_nested_docx_is_refused(base_url: str, database: Database) -> None:
    # Paragraph text was gathered by walking each paragraph's subtree: nesting cost depth^2.
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    depth = 20_000
    xml = f'<w:document xmlns:w="{w}"><w:body>{"<w:p>" * depth}<w:t>x</w:t>{"</w:p>" * depth}'
    docx = zip_bytes(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": (xml + "</w:body></w:document>").encode(),
        }
    )
    files = {"file": ("deep.docx", docx, "application/octet-stream")}
    response = admin.post(f"{base_url}/api/v1/content/import", files=files, timeout=120)
    assert response.status_code == 422, response.text
    assert "nested deeper" in response.json()["message"]
    assert stored(database) == {}
