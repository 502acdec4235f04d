"""Who writes the answer: the chat model, or the extractive answer (quotes of the sources).

A small model such as the bundled SmolLM2-135M, given the right page, still invents function
names and cites nothing (issue 10), so by default its answers are not asked for: the
extractive answer is used directly. This rule is by model name and context window until the
models' capability profiles (ai/profile.py) can say how faithful a model is; swap
`extractive_first` for a profile lookup then. `KBAGENT_CHAT_ANSWER_STRATEGY` overrides it.
"""

from __future__ import annotations

from enum import StrEnum

# Model families known to answer unfaithfully from sources (measured: issue 10).
WEAK_MODELS = ("smollm",)
SMALL_WINDOW = 2048  # a window this small leaves room for a page or two at most


class Strategy(StrEnum):
    NOT_FOUND = "not_found"  # nothing relevant: no model call
    MODEL = "model"  # the model's answer, its citations supported
    EXTRACTIVE = "extractive"  # quotes, chosen up front for a weak model
    EXTRACTIVE_FALLBACK = "extractive_fallback"  # quotes, replacing an unsupported answer


def extractive_first(setting: str, model_spec: str, context_window: int | None) -> bool:
    """`setting`: "auto", "model" or "extractive"; `model_spec`: "backend:name[,fallback]"."""
    if setting != "auto":
        return setting == "extractive"
    first = model_spec.split(",", 1)[0].lower()
    if any(weak in first for weak in WEAK_MODELS):
        return True
    return context_window is not None and context_window <= SMALL_WINDOW
