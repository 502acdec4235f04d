"""Which models can write notes, learnt from their first notes in this process.

A model too small for the note schema (the bundled SmolLM2-135M repeats the title, loops, runs
out of tokens) takes a minute per item to fail on a loaded machine, every item. After
`TRIALS` notes with none usable, the model is not asked again for notes in this process and
items go straight to the extractive strategy; one usable note is enough to keep asking.
Until a model has written one usable note, long documents get one model call (the note from
extractively chosen points) instead of several, so finding out costs little. Transient
failures (model down) are not the model's ability and are not counted.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

TRIALS = 3
log = logging.getLogger("kbagent.pipeline")


@dataclass
class _Tally:
    tried: int = 0
    usable: int = 0


class NoteAbility:
    def __init__(self, trials: int = TRIALS) -> None:
        self.trials = trials
        self._tallies: dict[str, _Tally] = {}
        self._lock = threading.Lock()

    def worth_asking(self, route: str) -> bool:
        with self._lock:
            tally = self._tallies.get(route, _Tally())
            return tally.usable > 0 or tally.tried < self.trials

    def proven(self, route: str) -> bool:
        """The model has written a usable note: worth the extra calls of a long document."""
        with self._lock:
            tally = self._tallies.get(route)
            return tally is not None and tally.usable > 0

    def record(self, route: str, usable: bool) -> None:
        with self._lock:
            tally = self._tallies.setdefault(route, _Tally())
            tally.tried += 1
            tally.usable += usable
            if tally.tried == self.trials and not tally.usable:
                log.warning(
                    "%s wrote no usable note in %d tries: notes are extractive from now on",
                    route.split("@", 1)[0],  # the model names, without the backends' ids
                    tally.tried,
                )


# One per process: what was learnt serves every run and worker thread of it.
ABILITY = NoteAbility()
