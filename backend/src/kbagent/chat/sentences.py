"""Sentences of markdown text, for quoting sources and checking an answer's citations.

Code blocks are one unit (quoting half of one misleads), list items and headings end a
sentence, and a full stop ends one only before a capital, digit, quote or bracket, so
"e.g. the" or "pg_dump -Fc." inside a sentence does not split it.
"""

from __future__ import annotations

import re

_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\[`*])")
_MARKUP = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)")
FENCE = "```"


def _blocks(text: str) -> list[str]:
    """Lines joined into paragraphs; fenced code blocks kept whole; headings and list items
    on their own."""
    blocks: list[str] = []
    current: list[str] = []
    fenced = False
    for line in text.splitlines():
        if line.lstrip().startswith(FENCE):
            if not fenced and current:
                blocks.append(" ".join(current))
                current = []
            fenced = not fenced
            current.append(line)
            if not fenced:
                blocks.append("\n".join(current))
                current = []
            continue
        if fenced:
            current.append(line)
        elif not line.strip() or _MARKUP.match(line):
            if current:
                blocks.append(" ".join(current))
            current = [line.strip()] if line.strip() else []
        else:
            current.append(line.strip())
    if current:
        blocks.append(("\n" if fenced else " ").join(current))
    return [b for b in blocks if b.strip()]


def split(text: str) -> list[str]:
    """The sentences of `text` in order (markdown list and heading markers removed)."""
    found: list[str] = []
    for block in _blocks(text):
        if block.lstrip().startswith(FENCE):
            found.append(block.strip())
            continue
        block = _MARKUP.sub("", block, count=1)
        found.extend(s.strip() for s in _END.split(block) if s.strip())
    return found


def is_code(sentence: str) -> bool:
    return sentence.startswith(FENCE)
