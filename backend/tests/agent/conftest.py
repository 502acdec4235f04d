from __future__ import annotations

from collections.abc import Iterator

import pytest

from agent import steps
from kbagent.agent import phases


@pytest.fixture
def test_phases() -> Iterator[None]:
    phases.override(
        [
            phases.Phase("categorise", item_step=steps.categorise),
            phases.Phase("embed", item_step=steps.embed),
            phases.Phase("export", global_step=steps.export),
        ]
    )
    steps.calls.clear()
    steps.gate.set()
    try:
        yield
    finally:
        steps.gate.set()
        phases.override(None)
