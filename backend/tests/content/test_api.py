"""The content endpoints over real HTTP on both databases, including every kind of bad input."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from harness import admin

ITEMS = "/api/v1/content/items"


def item(n: int = 1, **extra: Any) -> dict[str, Any]:
    return {
        "source_type": "url",
        "source_id": f"https://example.org/{n}",
        "title": f"Item {n}",
        "content": f"body {n}",
        **extra,
    }


def assert_envelope(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["success"] is False
    assert body["error_code"] == code
    assert body["message"]
    assert isinstance(body["details"], dict)
    assert body["request_id"] == response.headers["x-request-id"]
    assert "Traceback" not in response.text
    return body


@pytest.fixture
def client(base_url: str) -> httpx.Client:
    return admin.Client(base_url=base_url, timeout=30)


def snapshot(client: httpx.Client) -> list[dict[str, Any]]:
    page = client.get(ITEMS, params={"limit": 200}).json()
    return sorted(page["items"], key=lambda i: i["id"])


def test_crud_round_trip(client: httpx.Client) -> None:
    created = client.post(ITEMS, json=item(1, tags=["ai"], raw_data={"k": [1, 2]}))
    assert created.status_code == 201
    body = created.json()
    assert body["processing_state"] == "pending"
    assert body["raw_data"] == {"k": [1, 2]}
    assert body["created_at"].endswith("Z") or body["created_at"].endswith("+00:00")

    got = client.get(f"{ITEMS}/{body['id']}").json()
    assert got == body

    updated = client.put(f"{ITEMS}/{body['id']}", json={"title": "Renamed", "tags": ["x"]})
    assert updated.status_code == 200
    assert updated.json()["title"] == "Renamed"
    assert updated.json()["tags"] == ["x"]
    assert updated.json()["content"] == "body 1"  # untouched fields stay
    assert updated.json()["updated_at"] >= body["updated_at"]

    assert client.delete(f"{ITEMS}/{body['id']}").status_code == 204
    assert_envelope(client.get(f"{ITEMS}/{body['id']}"), 404, "not_found")


def test_list_filters_and_pagination(client: httpx.Client) -> None:
    for n in range(5):
        client.post(ITEMS, json=item(n, main_category="ai" if n % 2 else "web")).raise_for_status()
    client.post(
        ITEMS, json={**item(99), "source_type": "twitter", "source_id": "123"}
    ).raise_for_status()

    page = client.get(ITEMS, params={"limit": 2, "offset": 0}).json()
    assert page["total"] == 6 and len(page["items"]) == 2
    rest = client.get(ITEMS, params={"limit": 10, "offset": 2}).json()
    ids = {i["id"] for i in page["items"]} | {i["id"] for i in rest["items"]}
    assert len(ids) == 6

    twitter = client.get(ITEMS, params={"source_type": "twitter"}).json()
    assert [i["source_id"] for i in twitter["items"]] == ["123"]
    ai = client.get(ITEMS, params={"main_category": "ai"}).json()
    assert ai["total"] == 2
    pending = client.get(ITEMS, params={"processing_state": "done"}).json()
    assert pending["total"] == 0


@pytest.mark.parametrize(
    ("params", "where"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 1000}, "limit"),
        ({"offset": -1}, "offset"),
        ({"limit": "abc"}, "limit"),
        ({"bogus": "1"}, "bogus"),
    ],
)
def test_invalid_pagination(client: httpx.Client, params: dict[str, Any], where: str) -> None:
    body = assert_envelope(client.get(ITEMS, params=params), 422, "validation_error")
    assert any(where in err["loc"] for err in body["details"]["errors"])


BAD_BODIES: list[tuple[str, bytes | dict[str, Any]]] = [
    ("malformed json", b'{"source_type": "url",'),
    ("not an object", b"[1, 2, 3]"),
    ("wrong type", {**item(7), "title": 5}),
    ("wrong nested type", {**item(7), "tags": "not-a-list"}),
    ("unknown field", {**item(7), "surprise": True}),
    ("missing field", {"source_type": "url"}),
    ("blank title", {**item(7), "title": "   "}),
    ("invalid utf-8", b'{"source_type": "url", "source_id": "\xff\xfe", "title": "x"}'),
]


@pytest.mark.parametrize(("case", "payload"), BAD_BODIES, ids=[c for c, _ in BAD_BODIES])
def test_bad_create_bodies_leave_data_unchanged(
    client: httpx.Client, case: str, payload: bytes | dict[str, Any]
) -> None:
    client.post(ITEMS, json=item(1)).raise_for_status()
    before = snapshot(client)
    if isinstance(payload, bytes):
        response = client.post(ITEMS, content=payload, headers={"content-type": "application/json"})
    else:
        response = client.post(ITEMS, json=payload)
    assert_envelope(response, 422, "validation_error")
    assert snapshot(client) == before


def test_bad_update_leaves_item_unchanged(client: httpx.Client) -> None:
    created = client.post(ITEMS, json=item(1)).json()
    url = f"{ITEMS}/{created['id']}"
    assert_envelope(client.put(url, json={"title": 3}), 422, "validation_error")
    assert_envelope(client.put(url, json={"source_id": "changed"}), 422, "validation_error")
    assert_envelope(
        client.put(url, content=b"{", headers={"content-type": "application/json"}),
        422,
        "validation_error",
    )
    assert client.get(url).json() == created


def test_oversized_body(client: httpx.Client) -> None:
    before = snapshot(client)
    huge = {**item(1), "content": "x" * 2_000_000}
    assert_envelope(client.post(ITEMS, json=huge), 413, "payload_too_large")

    def chunks() -> Any:  # no Content-Length: the limit must hold on a streamed body too
        yield b'{"source_type": "url", "source_id": "s", "title": "t", "content": "'
        for _ in range(40):
            yield b"y" * 65536
        yield b'"}'

    streamed = client.post(ITEMS, content=chunks(), headers={"content-type": "application/json"})
    assert_envelope(streamed, 413, "payload_too_large")
    assert snapshot(client) == before


def test_unknown_ids(client: httpx.Client) -> None:
    for method in ("GET", "PUT", "DELETE"):
        response = client.request(method, f"{ITEMS}/does-not-exist", json={"title": "t"})
        body = assert_envelope(response, 404, "not_found")
        assert body["details"]["id"] == "does-not-exist"
    assert_envelope(client.get("/api/v1/nothing-here"), 404, "not_found")
    assert_envelope(client.patch(ITEMS), 405, "method_not_allowed")


def test_duplicate_source_item(client: httpx.Client) -> None:
    first = client.post(ITEMS, json=item(1)).json()
    body = assert_envelope(client.post(ITEMS, json={**item(1), "title": "other"}), 409, "duplicate")
    assert body["details"]["existing_id"] == first["id"]
    assert snapshot(client) == [first]


def test_fifty_concurrent_creates_all_land(base_url: str) -> None:
    async def run() -> list[int]:
        async with admin.AsyncClient(base_url=base_url, timeout=60) as client:
            responses = await asyncio.gather(*(client.post(ITEMS, json=item(n)) for n in range(50)))
            return [r.status_code for r in responses]

    statuses = asyncio.run(run())
    assert statuses == [201] * 50
    total = admin.get(f"{base_url}{ITEMS}", params={"limit": 1}).json()["total"]
    assert total == 50


def test_concurrent_duplicates_create_exactly_one(base_url: str) -> None:
    async def run() -> list[int]:
        async with admin.AsyncClient(base_url=base_url, timeout=60) as client:
            responses = await asyncio.gather(*(client.post(ITEMS, json=item(1)) for _ in range(20)))
            return sorted(r.status_code for r in responses)

    assert asyncio.run(run()) == [201] + [409] * 19
    assert admin.get(f"{base_url}{ITEMS}").json()["total"] == 1


def test_a_too_long_title_is_named_in_words(client: httpx.Client) -> None:
    """The message names the field as the user knows it, not the schema's union branches."""
    created = client.post(ITEMS, json=item(1)).json()
    response = client.put(f"{ITEMS}/{created['id']}", json={"title": "x" * 5000})
    body = assert_envelope(response, 422, "validation_error")
    assert body["message"].startswith("Invalid request: title: String should have at most"), body
    assert [e["field"] for e in body["details"]["errors"]] == ["title"]  # not "should be None"
