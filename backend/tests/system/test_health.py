from __future__ import annotations

from pathlib import Path

from harness import admin
from harness.ports import free_port
from harness.redis import RedisServer
from harness.server import serve

from kbagent.config import Settings, load_settings


def test_health_reports_each_part(base_url: str) -> None:
    response = admin.get(f"{base_url}/api/v1/system/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["parts"]["database"]["status"] == "ok"
    assert body["parts"]["redis"]["status"] == "not_configured"
    assert "ai" in body["parts"]


def test_health_with_redis(settings: Settings, redis_server: RedisServer) -> None:
    with_redis = settings.model_copy(update={"redis_url": redis_server.url(9)})
    with serve(with_redis) as base:
        body = admin.get(f"{base}/api/v1/system/health").json()
    assert body["parts"]["redis"]["status"] == "ok"


def test_health_503_when_redis_is_down(settings: Settings) -> None:
    dead = settings.model_copy(update={"redis_url": f"redis://127.0.0.1:{free_port()}/0"})
    with serve(dead) as base:
        response = admin.get(f"{base}/api/v1/system/health")
    assert response.status_code == 503
    body = response.json()
    assert body["error_code"] == "service_unavailable"
    assert body["details"]["parts"]["redis"]["status"] == "down"
    assert body["details"]["parts"]["database"]["status"] == "ok"


def test_health_503_when_database_is_down(tmp_path: Path) -> None:
    url = f"postgresql://nobody@127.0.0.1:{free_port()}/none"
    with serve(load_settings(data_dir=tmp_path, database_url=url)) as base:
        response = admin.get(f"{base}/api/v1/system/health")
    assert response.status_code == 503
    assert response.json()["details"]["parts"]["database"]["status"] == "down"


def test_content_api_answers_503_when_database_is_down(tmp_path: Path) -> None:
    url = f"postgresql://nobody@127.0.0.1:{free_port()}/none"
    with serve(load_settings(data_dir=tmp_path, database_url=url)) as base:
        response = admin.get(f"{base}/api/v1/content/items")
    assert response.status_code == 503
    body = response.json()
    assert body["error_code"] == "service_unavailable"
    assert "Traceback" not in response.text and "psycopg" not in response.text
