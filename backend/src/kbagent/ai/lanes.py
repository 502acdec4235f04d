"""Who waits for an in-process model: a person asking (chat) or the pipeline.

llama.cpp runs in this process, on the same cores for every caller. A chat question must not
wait for the pipeline's current call (minutes for a long note on a small CPU), so computations
take turns through one `PriorityGate`: the pipeline computes one step (its prompt, or one
token) at a time and gives way between steps while a chat call is in progress; chat computes
whenever it has a step to make, so it waits at most for the pipeline's current step.

Whether a call is interactive is set by the router (`interactive()`), from the call's phase,
so the backends need no extra argument.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from contextvars import ContextVar

_interactive: ContextVar[bool] = ContextVar("kbagent_interactive", default=False)


@contextlib.contextmanager
def interactive(flag: bool = True) -> Iterator[None]:
    token = _interactive.set(flag)
    try:
        yield
    finally:
        _interactive.reset(token)


def is_interactive() -> bool:
    return _interactive.get()


class PriorityGate:
    """One computation at a time; batch steps wait while an interactive call is in progress.

    An interactive call whose consumer stops reading (a stalled client) stops holding the batch
    back after `idle_grace` seconds without a step.
    """

    def __init__(self, idle_grace: float = 2.0) -> None:
        self._cond = threading.Condition()
        self._busy = False
        self._interactive_calls = 0
        self._last_interactive = 0.0
        self.idle_grace = idle_grace

    @contextlib.contextmanager
    def call(self, interactive: bool) -> Iterator[None]:
        """Around a whole call: an interactive one holds the batch back until it ends."""
        if not interactive:
            yield
            return
        with self._cond:
            self._interactive_calls += 1
            self._last_interactive = time.monotonic()
        try:
            yield
        finally:
            with self._cond:
                self._interactive_calls -= 1
                self._cond.notify_all()

    def _batch_may_go(self) -> bool:
        if self._interactive_calls == 0:
            return True
        return time.monotonic() - self._last_interactive > self.idle_grace

    @contextlib.contextmanager
    def step(self, interactive: bool) -> Iterator[None]:
        """Around one computation (the prompt, or one token)."""
        with self._cond:
            while self._busy or not (interactive or self._batch_may_go()):
                # woken on every release; the timeout re-checks a stalled interactive call
                self._cond.wait(timeout=self.idle_grace)
            self._busy = True
        try:
            yield
        finally:
            with self._cond:
                self._busy = False
                if interactive:
                    self._last_interactive = time.monotonic()
                self._cond.notify_all()
