"""The priority gate in-process models take turns through: chat first, the pipeline between."""

from __future__ import annotations

import threading

from kbagent.ai.lanes import PriorityGate, interactive, is_interactive


def test_batch_steps_wait_for_an_interactive_call_to_end() -> None:
    gate = PriorityGate(idle_grace=60)
    order: list[str] = []

    def batch() -> None:
        with gate.step(False):
            order.append("batch")

    worker = threading.Thread(target=batch)
    with gate.call(True):
        worker.start()
        for n in range(3):
            with gate.step(True):
                order.append(f"chat {n}")
        worker.join(0.2)
        assert worker.is_alive() and order == ["chat 0", "chat 1", "chat 2"]
    worker.join(10)
    assert order == ["chat 0", "chat 1", "chat 2", "batch"]


def test_a_stalled_interactive_call_stops_holding_the_batch_back() -> None:
    gate = PriorityGate(idle_grace=0.05)
    with gate.call(True), gate.step(False):  # nobody reads the chat stream: the batch goes on
        pass


def test_interactive_is_set_per_context() -> None:
    assert not is_interactive()
    with interactive():
        assert is_interactive()
        with interactive(False):
            assert not is_interactive()
    assert not is_interactive()
