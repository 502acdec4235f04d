"""The schedule form's preview: a cron expression in words and its next firing times, and
what it answers for an expression that is not one."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import httpx
import pytest
from harness import admin
from harness.server import serve

from kbagent.agent.cron_words import describe
from kbagent.config import Settings


@pytest.mark.parametrize(
    ("cron", "words"),
    [
        ("0 3 * * *", "At 03:00, every day"),
        ("*/15 * * * *", "Every 15 minutes, every day"),
        ("30 9 * * 1", "At 09:30, on Monday"),
        ("0 8 * * mon-fri", "At 08:00, on Monday to Friday"),
        ("0 */6 * * *", "Every 6 hours at minute 0, every day"),
        ("5 * * * *", "At minute 5 of every hour, every day"),
        ("0 9 1 * *", "At 09:00, on day 1 of the month"),
        ("0 9 L * *", "At 09:00, on the last day of the month"),
        ("0 0 1 1 *", "At 00:00, on day 1 of the month and in January"),
        ("15,45 8-18 * * 0,7", "At minute 15, 45 past hour 8 to 18, on Sunday, Sunday"),
        ("0 0 * * * 5", "As the cron expression 0 0 * * * 5 says"),
        ("0 9 * * 1#2", "As the cron expression 0 9 * * 1#2 says"),
    ],
)
def test_cron_in_words(cron: str, words: str) -> None:
    assert describe(cron) == words


def test_preview_answers_words_and_the_next_five_times(settings: Settings) -> None:
    with serve(settings) as base, admin.Client(base_url=base, timeout=30) as client:
        shown = client.get("/api/v1/agent/schedules/preview", params={"cron": "30 4 * * *"})
        assert shown.status_code == 200, shown.text
        body = shown.json()
        assert body["description"] == "At 04:30, every day"
        times = [datetime.fromisoformat(t) for t in body["next_runs"]]
        assert len(times) == 5 and times == sorted(times)
        assert all((t.hour, t.minute) == (4, 30) for t in times)
        assert times[0] > datetime.now(UTC)
        assert {(b - a).days for a, b in itertools.pairwise(times)} == {1}

        for bad in ("every day", "61 * * * *", "x" * 101, ""):
            refused = client.get("/api/v1/agent/schedules/preview", params={"cron": bad})
            assert refused.status_code == 422, (bad, refused.text)
            assert refused.json()["error_code"] == "validation_error"
        assert httpx.get(f"{base}/api/v1/agent/schedules/preview?cron=0+3+*+*+*").status_code == 401
