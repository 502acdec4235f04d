"""Capability profiles: a self-test with right answers, kept in memory and on disk, shown by
`kbagent ai models`; an unreachable model gets no verdict."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness.env import settings_env
from harness.openai_server import State, model_settings, run_openai_server

from kbagent.ai import profile
from kbagent.ai.registry import build_ai
from kbagent.config import Settings, load_settings


@pytest.fixture
def stand_in(tmp_path: Path) -> Iterator[tuple[Settings, State]]:
    with run_openai_server() as (url, state):
        yield load_settings(data_dir=tmp_path, **model_settings(url), ai_max_retries=0), state
    profile.forget()


def test_an_able_model_passes_once_and_is_remembered(stand_in: tuple[Settings, State]) -> None:
    settings, state = stand_in
    profile.forget()
    ai = build_ai(settings)
    try:
        measured = profile.profile(ai, "categorisation", settings.data_dir)
        asked = state.chat_requests
        again = profile.profile(ai, "categorisation", settings.data_dir)
        profile.forget()  # a new process: read back from the data dir
        reread = profile.profile(ai, "categorisation", settings.data_dir)
    finally:
        ai.close()
    assert measured.model == "openai:writer" and measured.json_reliability == 1.0
    assert measured.reliable and measured.able(500)
    assert asked == len(profile.SELF_TESTS)
    assert again == measured == reread and state.chat_requests == asked
    stored = json.loads((settings.data_dir / profile.PROFILE_FILE).read_text())
    assert stored["openai:writer"]["json_reliability"] == 1.0


def test_context_too_small_is_not_able() -> None:
    small = profile.Profile("x:y", 512, 1.0, 10.0)
    assert small.able(400) and not small.able(480)
    assert not profile.Profile("x:y", None, 0.4, 10.0).able(10)


def test_an_unreachable_model_gets_no_verdict(stand_in: tuple[Settings, State]) -> None:
    settings, state = stand_in
    profile.forget()
    state.down = True
    ai = build_ai(settings)
    try:
        down = profile.profile(ai, "categorisation", settings.data_dir)
        state.down = False
        back = profile.profile(ai, "categorisation", settings.data_dir)
    finally:
        ai.close()
    assert down.json_reliability is None and not down.able(10)
    assert back.json_reliability == 1.0


def test_models_command_shows_the_profile(stand_in: tuple[Settings, State]) -> None:
    settings, _ = stand_in
    kbagent = Path(sys.executable).parent / "kbagent"
    env = settings_env(settings, KBAGENT_DATA_DIR=str(settings.data_dir))
    shown = subprocess.run(
        [str(kbagent), "ai", "models", "--self-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout
    line = next(x for x in shown.splitlines() if "openai:writer " in x)
    assert "structured answers 100% right" in line
    embedder = next(x for x in shown.splitlines() if "local:all-minilm-l6-v2" in x)
    assert "context 256" in embedder and "not a chat model" in embedder
