"""What a chat model can be trusted with: its capability profile, from a short self-test.

Phases read the profile to choose a strategy: a model that cannot reliably pick the right
answer in a tiny structured task, or whose context cannot hold the prompt, is not asked; the
phase's strategy without a generative model does the work. JSON validity alone proves little
(llama.cpp's grammar makes any model's reply valid JSON), so each test has a right answer and
only valid *and* right replies count.

The self-test runs once per model on first use (five calls of a few tokens), is kept in memory
and persisted to `model_profiles.json` in the data directory.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel

from kbagent.ai.base import Message, Options
from kbagent.ai.routing import AI
from kbagent.errors import AIServiceError

PROFILE_FILE = "model_profiles.json"
SELF_TEST_VERSION = 1
RELIABLE = 0.8  # share of self-test answers that must be valid and right
REPLY_TOKENS = 48
log = logging.getLogger("kbagent.ai")


@dataclass(frozen=True)
class Profile:
    model: str  # "backend:model"
    context_window: int | None
    json_reliability: float | None  # None: not tested (yet, or the model was unreachable)
    tokens_per_second: float | None
    tested_at: str | None = None
    version: int = SELF_TEST_VERSION

    @property
    def reliable(self) -> bool:
        return self.json_reliability is not None and self.json_reliability >= RELIABLE

    def fits(self, prompt_tokens: int, reply_tokens: int = REPLY_TOKENS) -> bool:
        return self.context_window is None or prompt_tokens + reply_tokens <= self.context_window

    def able(self, prompt_tokens: int, reply_tokens: int = REPLY_TOKENS) -> bool:
        return self.reliable and self.fits(prompt_tokens, reply_tokens)


class Pick(BaseModel):
    choice: int


# (item, candidates, right answer: 1-based, 0 = none fits). Near distractors on purpose: the
# real task is telling apart neighbouring categories, not fruit from furniture.
SELF_TESTS: tuple[tuple[str, tuple[str, ...], int], ...] = (
    (
        "Feeding a sourdough starter and shaping a loaf",
        ("cooking/pasta", "cooking/baking", "gardening/compost", "finance/savings"),
        2,
    ),
    (
        "Stepping through a segmentation fault with gdb and a core dump",
        ("programming/testing", "programming/packaging", "programming/debugging", "music/guitar"),
        3,
    ),
    (
        "Claiming home office expenses on an income tax return",
        ("finance/taxes", "finance/investing", "cooking/baking", "travel/flights"),
        1,
    ),
    (
        "Pruning climbing roses in early spring",
        ("gardening/vegetables", "music/piano", "cooking/pasta", "gardening/roses"),
        4,
    ),
    (
        "Choosing hiking boots for a glacier crossing",
        ("finance/taxes", "programming/debugging", "cooking/baking"),
        0,
    ),
)

_memory: dict[str, Profile] = {}
_lock = threading.Lock()


def _question(item: str, candidates: tuple[str, ...]) -> list[Message]:
    listing = "\n".join(f"{i}. {c}" for i, c in enumerate(candidates, 1))
    return [
        Message(
            "user",
            f"Item: {item}\nCategories:\n{listing}\n"
            "Which category fits the item? Answer with its number as `choice`, or 0 if none fits.",
        )
    ]


def self_test(ai: AI, phase: str, model: str) -> Profile:
    """Run the self-test against `model` ("backend:model"); raises if it cannot be reached."""
    backend, name = ai.chain(phase, model)[0]
    context = backend.capabilities(name).context_window
    right, tokens, seconds = 0, 0, 0.0
    for item, candidates, answer in SELF_TESTS:
        started = time.perf_counter()
        try:
            result = ai.structured(
                phase, Pick, _question(item, candidates), Options(16, 0.0), model, repairs=0
            )
        except AIServiceError as exc:
            if exc.retryable or "invalid structured output" not in str(exc.details.get("cause")):
                raise  # unreachable or broken: no verdict on its ability
            continue
        finally:
            seconds += time.perf_counter() - started
        tokens += result.completion.usage.completion_tokens
        right += result.value.choice == answer
    speed = round(tokens / seconds, 1) if seconds > 0 and tokens else None
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    return Profile(model, context, round(right / len(SELF_TESTS), 2), speed, stamp)


def _load(path: Path) -> dict[str, Profile]:
    try:
        raw = json.loads(path.read_text())
        loaded = {k: Profile(**v) for k, v in raw.items()}
    except (OSError, ValueError, TypeError):
        return {}
    return {k: p for k, p in loaded.items() if p.version == SELF_TEST_VERSION}


def stored(data_dir: Path) -> dict[str, Profile]:
    """Profiles measured so far (no model is called)."""
    with _lock:
        return _load(data_dir / PROFILE_FILE) | _memory


def _save(data_dir: Path, profile: Profile) -> None:
    path = data_dir / PROFILE_FILE
    profiles = _load(path) | {profile.model: profile}
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({k: asdict(p) for k, p in profiles.items()}, indent=1))
        tmp.replace(path)
    except OSError:  # a read-only data dir costs a self-test per process, nothing else
        log.warning("could not persist the profile of %s", profile.model, exc_info=True)


def measure(ai: AI, phase: str, model: str, data_dir: Path) -> Profile:
    """Run the self-test now (again) and keep its result; raises if `model` is unreachable."""
    measured = self_test(ai, phase, model)
    with _lock:
        _memory[model] = measured
        _save(data_dir, measured)
    log.info("capability profile of %s: %s", model, measured)
    return measured


def profile(ai: AI, phase: str, data_dir: Path, model: str | None = None) -> Profile:
    """The profile of `model`, or of the first model of `phase`'s route, self-testing it on
    first use.

    A model that cannot be reached gets an untested profile (not able), not cached, so the
    test runs again once it is back.
    """
    backend, name = ai.chain(phase, model)[0]
    model = f"{backend.name}:{name}"
    with _lock:
        known = _memory.get(model) or _load(data_dir / PROFILE_FILE).get(model)
        if known is not None:
            _memory[model] = known
            return known
        try:
            measured = self_test(ai, phase, model)
        except AIServiceError as exc:
            log.warning("no capability profile for %s: %s", model, exc.message)
            return Profile(model, None, None, None)
        _memory[model] = measured
        _save(data_dir, measured)
        log.info("capability profile of %s: %s", model, measured)
        return measured


def forget() -> None:
    """Drop the in-memory profiles (tests; a model file replaced under the same name)."""
    with _lock:
        _memory.clear()
