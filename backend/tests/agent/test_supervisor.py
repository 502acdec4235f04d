"""Stopping the supervisor waits for a check in progress: no thread is left inside a session."""

from __future__ import annotations

import threading
from typing import Any

from kbagent.agent.supervisor import Supervisor
from kbagent.config import load_settings


class _Runtime:
    def __init__(self, settings: Any) -> None:
        self.settings = settings


class SlowCheck(Supervisor):
    """A check that holds its "session" longer than the old 5 s join timeout."""

    def __init__(self, runtime: Any) -> None:
        super().__init__(runtime, local=False)
        self.entered = threading.Event()
        self.in_session = False
        self.checks = 0

    def check(self) -> None:
        self.checks += 1
        self.in_session = True
        self.entered.set()
        threading.Event().wait(6)  # a database call stuck on a lock
        self.in_session = False


def test_stop_waits_until_no_thread_is_inside_a_session(tmp_path: Any) -> None:
    supervisor = SlowCheck(_Runtime(load_settings(data_dir=tmp_path, run_stale_seconds=1)))
    supervisor.start()
    assert supervisor.entered.wait(60)
    threads = list(supervisor._threads)
    supervisor.stop()
    assert not supervisor.in_session
    assert not any(t.is_alive() for t in threads)
    assert supervisor.checks == 1  # no new check was started once stop was asked for
