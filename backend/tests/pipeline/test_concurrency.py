"""Model concurrency: a run keeps as many calls in flight as the model's backend serves.

The stand-in model server takes 200 ms per call and serves 8 at once; what is asserted is how
many requests it saw at the same time (never how long the run took).
"""

from __future__ import annotations

from harness import admin
from harness.openai_server import model_settings, run_openai_server
from harness.server import serve

from kbagent.config import Settings
from pipeline.test_pipeline import add, run


def _peak(settings: Settings, concurrency: int, items: int) -> tuple[int, dict[str, object]]:
    with run_openai_server(delay=0.2) as (url, state):
        state.parallel = 8
        configured = settings.model_copy(
            update={
                **model_settings(url),
                "openai_concurrency": concurrency,
                "pipeline_batch_size": 25,
            }
        )
        with serve(configured) as base, admin.Client(base_url=base, timeout=60) as client:
            for n in range(items):
                add(
                    client,
                    f"c{concurrency} topic{n}",
                    f"Notes about topic {n}: examples and advice.",
                )
            state.peak_in_flight = 0
            done = run(client, {"skip_phases": ["synthesis", "export"]})
        return state.peak_in_flight, done


def test_calls_overlap_as_far_as_the_backend_serves(settings: Settings) -> None:
    one, done = _peak(settings, 1, 4)
    assert done["status"] == "completed", done
    assert one == 1, "concurrency 1: one call at a time"
    eight, done = _peak(settings, 8, 16)
    assert done["status"] == "completed", done
    assert eight >= 6, f"concurrency 8 kept only {eight} calls in flight"
