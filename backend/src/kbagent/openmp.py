"""OpenMP settings for llama.cpp, put in the environment before `llama_cpp` is first imported.

The llama.cpp wheel is built with OpenMP, whose worker threads spin-wait for the next parallel
region. With other work on the machine the spinning threads fight it for every core: a 16-token
reply took 18-28 s under load, and 0.56 s with `OMP_WAIT_POLICY=PASSIVE` (threads sleep when
idle). libgomp reads these variables once, when the library is loaded, so this runs when the
`kbagent` package is imported: every entry point (server, Celery worker, CLI, tests) imports it
before any model code. A value the user set is kept.
"""

from __future__ import annotations

import os
import sys

DEFAULTS = {"OMP_WAIT_POLICY": "PASSIVE"}


def configure() -> list[str]:
    """Set the defaults the environment lacks; the names of the variables set."""
    if "llama_cpp" in sys.modules:
        # Too late for this process: libgomp already read its environment. Only a library
        # imported ahead of kbagent can cause this; say so rather than pretend.
        sys.stderr.write("kbagent: llama_cpp was imported before kbagent; OMP settings ignored\n")
    added = [name for name in DEFAULTS if name not in os.environ]
    for name in added:
        os.environ[name] = DEFAULTS[name]
    return added


def default_threads() -> int:
    """Threads for one llama.cpp computation: the cores this process may run on, at most 8
    (more threads than cores, or than the memory bandwidth feeds, only make it slower)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(8, cores))
