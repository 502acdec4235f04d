"""Values that once were stored or reached the database and turned into 500s, on both databases.

Each is refused at the boundary with the 422 envelope, and rows stored before that (a JSON
null in a list column) still list instead of breaking every page they appear on.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from harness import admin

from kbagent.config import Settings
from kbagent.content.models import ContentItem
from kbagent.db import open_database

from .test_api import ITEMS, assert_envelope, item


@pytest.fixture
def client(base_url: str) -> httpx.Client:
    return admin.Client(base_url=base_url, timeout=30)


@pytest.mark.parametrize("field", ["tags", "media_files", "title", "content", "processing_state"])
def test_null_in_a_never_null_field_is_refused(client: httpx.Client, field: str) -> None:
    created = client.post(ITEMS, json=item(1, tags=["a"])).json()
    response = client.put(f"{ITEMS}/{created['id']}", json={field: None})
    body = assert_envelope(response, 422, "validation_error")
    assert field in body["message"] and "null" in body["message"]
    assert client.get(ITEMS).status_code == 200
    assert client.get(f"{ITEMS}/{created['id']}").json()["tags"] == ["a"]


def test_null_clears_a_nullable_field(client: httpx.Client) -> None:
    created = client.post(ITEMS, json=item(1, main_category="x", raw_data={"a": 1})).json()
    cleared = {"main_category": None, "raw_data": None}
    response = client.put(f"{ITEMS}/{created['id']}", json=cleared)
    assert response.status_code == 200, response.text
    assert response.json()["main_category"] is None and response.json()["raw_data"] is None


def test_stored_null_lists_still_list(client: httpx.Client, settings: Settings) -> None:
    created = client.post(ITEMS, json=item(1)).json()
    database = open_database(settings.resolved_database_url)
    try:
        with database.writer() as session:
            row = session.get(ContentItem, created["id"])
            assert row is not None
            row.tags = None  # type: ignore[assignment]  # as an old PUT {"tags": null} stored it
            row.media_files = None  # type: ignore[assignment]
            session.commit()
    finally:
        database.dispose()
    page = client.get(ITEMS)
    assert page.status_code == 200, page.text
    assert page.json()["items"][0]["tags"] == [] and page.json()["items"][0]["media_files"] == []
    assert client.get(f"{ITEMS}/{created['id']}").status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        item(1, title="nul \x00 inside"),
        item(1, source_id="id\x00"),
        item(1, content="a\x00b"),
        item(1, tags=["t\x00"]),
        item(1, raw_data={"k\x00": 1}),
        item(1, raw_data={"deep": [{"v": "x\x00"}]}),
        item(1, media_files=[{"path": "media/a.png", "alt": "\x00"}]),
    ],
    ids=["title", "source_id", "content", "tag", "raw-key", "raw-deep", "media"],
)
def test_nul_characters_are_refused_on_both_databases(
    client: httpx.Client, body: dict[str, Any]
) -> None:
    assert_envelope(client.post(ITEMS, json=body), 422, "validation_error")
    assert client.get(ITEMS).json()["total"] == 0


def test_lone_surrogates_in_json_values_are_refused(client: httpx.Client) -> None:
    raw = '{"source_type": "url", "source_id": "s", "title": "t", "raw_data": {"a": "\\udb3b"}}'
    response = client.post(ITEMS, content=raw, headers={"content-type": "application/json"})
    assert_envelope(response, 422, "validation_error")


def test_free_form_json_is_bounded_in_depth(client: httpx.Client) -> None:
    nested: Any = "leaf"
    for _ in range(50):
        nested = {"n": nested}
    body = assert_envelope(
        client.post(ITEMS, json=item(1, raw_data=nested)), 422, "validation_error"
    )
    assert "nested deeper" in body["message"]
    huge = item(2, raw_data={"n": 2**70})
    assert_envelope(client.post(ITEMS, json=huge), 422, "validation_error")


@pytest.mark.parametrize(
    ("params", "where"),
    [
        ({"offset": 10**30}, "offset"),
        ({"main_category": "a\x00"}, "main_category"),
    ],
)
def test_huge_offsets_and_nul_filters_are_refused(
    client: httpx.Client, params: dict[str, Any], where: str
) -> None:
    body = assert_envelope(client.get(ITEMS, params=params), 422, "validation_error")
    assert where in body["message"]


@pytest.mark.parametrize(
    "path", ["kbagent.db", "secret.key", "../x", "/etc/passwd", "media/../kbagent.db", 7]
)
def test_media_files_outside_the_media_area_are_refused(client: httpx.Client, path: Any) -> None:
    entry = {"kind": "photo", "status": "stored", "path": path}
    assert_envelope(client.post(ITEMS, json=item(1, media_files=[entry])), 422, "validation_error")
    created = client.post(ITEMS, json=item(2, media_files=[{**entry, "path": "media/ab/c.png"}]))
    assert created.status_code == 201, created.text
    update = client.put(f"{ITEMS}/{created.json()['id']}", json={"media_files": [entry]})
    assert_envelope(update, 422, "validation_error")
