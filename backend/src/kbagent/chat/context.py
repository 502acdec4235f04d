"""The prompt: numbered sources within a token budget taken from the model's context window.

Sources are `[n] Title` followed by their text. A source that does not fit is trimmed at a
paragraph or line boundary, and never inside a fenced code block: half a code block reads as
complete code to the model and to the user.
"""

from __future__ import annotations

from dataclasses import dataclass

from kbagent.ai.base import Message
from kbagent.chat.retrieval import Retrieved

DEFAULT_WINDOW = 4096
ANSWER_TOKENS = 512
MIN_SOURCE_TOKENS = 40
FENCE = "```"

SYSTEM = (
    "You answer questions using only the numbered sources from the user's knowledge base. "
    "Cite every claim with the number of its source in square brackets, like [1]. "
    "If the sources do not contain the answer, say that it is not in the knowledge base; "
    "never invent facts or sources."
)


def tokens(text: str) -> int:
    """A model-independent estimate (about four characters a token), on the safe side."""
    return len(text) // 4 + 1


def budget(context_window: int | None, question: str, history: list[tuple[str, str]]) -> int:
    """Tokens left for sources once the instructions, history, question and answer fit."""
    window = context_window or DEFAULT_WINDOW
    used = tokens(SYSTEM) + tokens(question) + sum(tokens(c) + 4 for _, c in history)
    return max(0, window - ANSWER_TOKENS - used - 64)


def trim(text: str, max_tokens: int) -> str:
    """At most `max_tokens` of `text`, cut at a boundary outside any code block."""
    limit = max_tokens * 4
    if len(text) <= limit:
        return text
    cut = text[:limit]
    for boundary in ("\n\n", "\n", " "):
        at = cut.rfind(boundary)
        if at > limit // 2:
            cut = cut[:at]
            break
    if cut.count(FENCE) % 2 == 1:  # inside a code block: drop it whole
        cut = cut[: cut.rfind(FENCE)]
    return cut.rstrip() + "\n…"


@dataclass(frozen=True)
class Context:
    sources: list[Retrieved]  # numbered from 1, in this order
    text: str
    tokens: int
    budget: int
    trimmed: bool


def build(found: list[Retrieved], token_budget: int) -> Context:
    parts: list[str] = []
    used: list[Retrieved] = []
    spent = 0
    trimmed = False
    for source in found:
        left = token_budget - spent
        header = f"[{len(used) + 1}] {source.title}\n"
        if left - tokens(header) < MIN_SOURCE_TOKENS:
            trimmed = True
            break
        body = trim(source.text, left - tokens(header))
        trimmed = trimmed or body != source.text
        if not body.strip("…\n "):
            trimmed = True
            continue
        block = header + body
        parts.append(block)
        used.append(source)
        spent += tokens(block) + 1
    return Context(used, "\n\n".join(parts), spent, token_budget, trimmed)


def messages(context: Context, question: str, history: list[tuple[str, str]]) -> list[Message]:
    turns = [Message("user" if r == "user" else "assistant", c) for r, c in history]
    prompt = f"Sources:\n\n{context.text}\n\nQuestion: {question}"
    return [Message("system", SYSTEM), *turns, Message("user", prompt)]
