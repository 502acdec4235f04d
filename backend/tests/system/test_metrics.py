"""`GET /api/v1/system/metrics` and Prometheus' `/metrics` on a real server, both databases:
the figures are those of the database and the machine, AI usage is windowed, GPUs come from
nvidia-smi when there is one, and `/metrics` parses as Prometheus text, for admins only."""

from __future__ import annotations

import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from harness import admin
from harness.openai_server import run_openai_server
from harness.server import serve
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from kbagent.agent.models import Task
from kbagent.ai.metrics import observed
from kbagent.ai.models import AIUsage
from kbagent.ai.openai_compat import OpenAICompatBackend
from kbagent.ai.routing import AI
from kbagent.config import Settings
from kbagent.content.models import ContentItem
from kbagent.db import open_database, utcnow
from kbagent.system.host import parse_gpus

NVIDIA_SMI = """#!/bin/sh
echo "0, NVIDIA A10, 37, 1024, 23028, 41"
echo "1, NVIDIA A10, [N/A], 0, 23028, [N/A]"
"""


def _seed(settings: Settings) -> None:
    database = open_database(settings.resolved_database_url)
    try:
        with database.writer() as session:
            for i, state in enumerate(["pending", "pending", "completed"]):
                session.add(
                    ContentItem(
                        source_type="url", source_id=f"m{i}", title="t", content="",
                        processing_state=state,
                    )
                )  # fmt: skip
            session.add(Task(task_type="agent_run", status="completed", config={}))
            now = utcnow()
            for ago, model, tokens in ((timedelta(minutes=5), "openai:writer", 10),
                                       (timedelta(days=2), "ollama:tiny", 100)):  # fmt: skip
                session.add(
                    AIUsage(
                        phase="chat", operation="chat", model=model, prompt_tokens=tokens,
                        completion_tokens=tokens, latency_ms=250.0, cost_usd=0.5,
                        created_at=now - ago,
                    )
                )  # fmt: skip
            session.commit()
    finally:
        database.dispose()


def test_system_metrics(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(settings)
    tools = tmp_path / "bin"
    tools.mkdir()
    with serve(settings) as base, admin.Client(base_url=base) as client:
        metrics = client.get("/api/v1/system/metrics")
        assert metrics.status_code == 200, metrics.text
        found = metrics.json()
        assert found["items_by_state"] == {"pending": 2, "completed": 1}
        assert found["runs_by_status"] == {"completed": 1}
        assert found["queue"] == {"mode": "local", "depth": 0, "workers": {"local": 0.0},
                                  "error": None}  # fmt: skip
        host = found["host"]
        assert host["cpu_count"] >= 1 and 0 <= host["cpu_percent"] <= 100
        assert host["memory"]["total_bytes"] > host["memory"]["available_bytes"] > 0
        assert host["memory"]["process_rss_bytes"] > 0
        assert host["disk"]["path"] == str(settings.data_dir.resolve())
        assert host["disk"]["total_bytes"] >= host["disk"]["free_bytes"] > 0
        windows = {w["window"]: w["by_model"] for w in found["ai_usage"]}
        assert [m["model"] for m in windows["1h"]] == ["openai:writer"]
        assert {m["model"] for m in windows["7d"]} == {"openai:writer", "ollama:tiny"}
        recent = windows["24h"][0]
        assert recent["calls"] == 1 and recent["prompt_tokens"] == 10
        assert recent["latency_ms_avg"] == 250.0 and recent["cost_usd"] == 0.5
        if host["gpus"] is None:  # no nvidia-smi here: a stand-in reports two GPUs
            script = tools / "nvidia-smi"
            script.write_text(NVIDIA_SMI)
            script.chmod(script.stat().st_mode | stat.S_IXUSR)
            monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
            gpus = client.get("/api/v1/system/metrics").json()["host"]["gpus"]
            assert [g["utilization_percent"] for g in gpus] == [37.0, None]
            assert gpus[0]["memory_used_bytes"] == 1024 * 1024 * 1024


def test_gpu_output_with_unsupported_fields() -> None:
    (gpu,) = parse_gpus("3, Tesla T4, [Not Supported], [N/A], 15360, 55\n")
    assert gpu.index == 3 and gpu.name == "Tesla T4"
    assert gpu.utilization_percent is None and gpu.memory_used_bytes is None
    assert gpu.temperature_c == 55.0


def test_prometheus_endpoint(settings: Settings) -> None:
    _seed(settings)
    with serve(settings) as base:
        refused = admin.get(f"{base}/metrics", headers={"Authorization": ""})
        assert refused.status_code == 401
        assert refused.json()["error_code"] == "not_authenticated"
        assert admin.get(f"{base}/api/v1/settings").status_code == 200
        scraped = admin.get(f"{base}/metrics")
    assert scraped.status_code == 200, scraped.text
    assert scraped.headers["content-type"].startswith("text/plain")
    families = {f.name: f for f in text_string_to_metric_families(scraped.text)}
    requests = families["kbagent_http_request_duration_seconds"]
    routes = {s.labels.get("route") for s in requests.samples}
    assert "/api/v1/settings" in routes
    assert not any(r and "no-such" in r for r in routes)
    items = {s.labels["state"]: s.value for s in families["kbagent_items"].samples}
    assert items == {"pending": 2.0, "completed": 1.0}
    assert {s.labels["status"]: s.value for s in families["kbagent_runs"].samples} == {
        "completed": 1.0
    }
    assert families["kbagent_queue_depth"].samples[0].value == 0
    assert families["kbagent_workers_seen"].samples[0].value == 1
    assert "kbagent_ai_call_duration_seconds" in families
    assert "kbagent_ai_tokens" in families


def _sample(name: str, labels: dict[str, str]) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.mark.parametrize("db_kind", ["sqlite"], indirect=True)
def test_model_calls_are_observed(settings: Settings) -> None:
    labels = {"phase": "chat", "model": "openai:writer"}
    calls_before = _sample("kbagent_ai_call_duration_seconds_count", labels | {"outcome": "ok"})
    tokens_before = _sample("kbagent_ai_tokens_total", labels | {"kind": "completion"})
    with run_openai_server() as (url, _state):
        backend = OpenAICompatBackend(url)
        ai = AI({"openai": backend}, {"chat": "openai:writer"}, recorder=observed(None))
        try:
            answer = ai.prompt("chat", "Say hello.")
        finally:
            backend.close()
    assert answer.usage.completion_tokens > 0
    calls = _sample("kbagent_ai_call_duration_seconds_count", labels | {"outcome": "ok"})
    assert calls == calls_before + 1
    tokens = _sample("kbagent_ai_tokens_total", labels | {"kind": "completion"})
    assert tokens == tokens_before + answer.usage.completion_tokens
