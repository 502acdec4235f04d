"""Who writes the answer: the chat model, or the extractive answer (quotes of the sources).

A small model such as the bundled SmolLM2-135M, given the right page, still invents function
names and cites nothing (issue 10), so by default its answers are not asked for: the
extractive answer is used directly. The chat model's capability profile (ai/profile.py, a
short self-test on first use) decides; a model not yet profiled (unreachable) is judged by its
context window. `KBAGENT_CHAT_ANSWER_STRATEGY` overrides it.
"""

from __future__ import annotations

from enum import StrEnum

SMALL_WINDOW = 2048  # a window this small leaves room for a page or two at most


class Strategy(StrEnum):
    NOT_FOUND = "not_found"  # nothing relevant: no model call
    MODEL = "model"  # the model's answer, its citations supported
    EXTRACTIVE = "extractive"  # quotes, chosen up front for a weak model
    EXTRACTIVE_FALLBACK = "extractive_fallback"  # quotes, replacing an unsupported answer


def extractive_first(setting: str, reliable: bool | None, context_window: int | None) -> bool:
    """`setting`: "auto", "model" or "extractive"; `reliable`: the profile's verdict on the chat
    model (None when it could not be tested)."""
    if setting != "auto":
        return setting == "extractive"
    if reliable is not None:
        return not reliable
    return context_window is not None and context_window <= SMALL_WINDOW
