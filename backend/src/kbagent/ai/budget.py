"""Token budgets: what part of a model's context window a prompt may take.

A prompt that does not fit is refused by the model server (or silently cut, which is worse), so
callers size their text from the real window: window - the messages already written - the
answer's tokens - a margin for the chat template. Tokens are counted with the model's own
tokenizer when the backend offers one, else estimated on the safe side.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kbagent.ai.base import Message

# A window we do not know is assumed small: most served models have at least this much, and
# guessing too high is what makes requests fail.
DEFAULT_CONTEXT_WINDOW = 4096
# English prose runs ~4 characters per token on common tokenizers, code and markup fewer;
# 3 errs towards fitting.
CHARS_PER_TOKEN = 3
MESSAGE_OVERHEAD = 8  # role markers a chat template wraps around each message
TEMPLATE_MARGIN = 64  # the template's own text and the BOS token, plus rounding

Counter = Callable[[str], int]


def estimate_tokens(text: str) -> int:
    return -(-len(text) // CHARS_PER_TOKEN)


@dataclass(frozen=True)
class Budget:
    window: int
    counter: Counter = estimate_tokens

    def count(self, text: str) -> int:
        return self.counter(text) if text else 0

    def used(self, messages: list[Message]) -> int:
        """Tokens `messages` take in the window, template included."""
        return TEMPLATE_MARGIN + sum(self.count(m.content) + MESSAGE_OVERHEAD for m in messages)

    def room(self, messages: list[Message], answer_tokens: int) -> int:
        """Tokens still free for more prompt text once the answer's share is set aside."""
        return self.window - self.used(messages) - answer_tokens

    def fits(self, messages: list[Message], answer_tokens: int) -> bool:
        return self.room(messages, answer_tokens) >= 0

    def clip(self, text: str, tokens: int) -> str:
        """The longest prefix of `text` (cut at a space) that takes at most `tokens`."""
        if tokens <= 0:
            return ""
        if self.count(text) <= tokens:
            return text
        low, high = 0, len(text)
        while low < high:  # binary search on the prefix length: counters are not linear
            middle = (low + high + 1) // 2
            if self.count(text[:middle]) <= tokens:
                low = middle
            else:
                high = middle - 1
        prefix = text[:low]
        cut = prefix.rfind(" ")
        return prefix[:cut] if cut > low // 2 else prefix
