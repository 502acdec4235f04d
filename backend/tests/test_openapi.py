from __future__ import annotations

import httpx


def test_docs_show_every_endpoint_with_its_errors(base_url: str) -> None:
    spec = httpx.get(f"{base_url}/openapi.json").json()
    paths = spec["paths"]
    items = paths["/api/v1/content/items"]
    assert {"get", "post"} <= set(items)
    assert {"get", "put", "delete"} <= set(paths["/api/v1/content/items/{item_id}"])
    assert "/api/v1/system/health" in paths
    assert {"409", "413", "422"} <= set(items["post"]["responses"])
    assert "404" in paths["/api/v1/content/items/{item_id}"]["get"]["responses"]
    assert "503" in paths["/api/v1/system/health"]["get"]["responses"]
    assert "ErrorResponse" in spec["components"]["schemas"]
    # Every guarded route documents the answers of the guard.
    assert {"401", "403"} <= set(items["get"]["responses"])
    assert "429" in paths["/api/v1/auth/login"]["post"]["responses"]
    assert httpx.get(f"{base_url}/docs").status_code == 200
