from __future__ import annotations

from collections.abc import Iterator

import pytest

from agent import steps
from kbagent.agent import phases
from kbagent.pipeline.phase import Phase


@pytest.fixture
def test_phases() -> Iterator[None]:
    phases.override(
        [
            Phase("categorise", item_step=steps.categorise),
            Phase("embed", item_step=steps.embed),
            Phase("export", global_step=steps.export),
        ]
    )
    steps.calls.clear()
    steps.gate.set()
    try:
        yield
    finally:
        steps.gate.set()
        phases.override(None)
