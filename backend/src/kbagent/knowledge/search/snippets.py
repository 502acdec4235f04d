"""Snippets with highlights, made in Python so they are identical on both databases.

The text is HTML-escaped and only the `<mark>` tags are added, so stored content can never
inject markup into a results page.
"""

from __future__ import annotations

import html
import re

WINDOW = 32  # words
_TOKEN = re.compile(r"\w+|\W+")


def _stem(word: str) -> str:
    return word[: max(4, len(word) - 2)] if len(word) > 4 else word


def _matcher(words: list[str]) -> tuple[set[str], list[int]]:
    stems = {_stem(w) for w in words if w}
    return stems, sorted({len(s) for s in stems})


def _matches(token: str, stems: set[str], lengths: list[int]) -> bool:
    """A word matches a query word if it starts with its stem and is at most 4 chars longer."""
    lower = token.lower()
    return any(len(lower) - n <= 4 and lower[:n] in stems for n in lengths if n <= len(lower))


def snippet(text: str, words: list[str]) -> str:
    tokens = _TOKEN.findall(text.strip())
    stems, lengths = _matcher(words)
    word_positions = [i for i, t in enumerate(tokens) if t[0].isalnum() or t[0] == "_"]
    hits = [i for i in word_positions if _matches(tokens[i], stems, lengths)]
    marked = set(hits)
    start_word = 0
    if hits:
        # Window with the most hits, by a prefix count over word positions.
        is_hit = [1 if i in marked else 0 for i in word_positions]
        counts = [0]
        for flag in is_hit:
            counts.append(counts[-1] + flag)
        best = -1
        for w in range(len(word_positions)):
            count = counts[min(w + WINDOW, len(word_positions))] - counts[w]
            if count > best:
                best, start_word = count, w
    if not word_positions:
        return ""
    first = word_positions[max(0, start_word - 3)]
    last = word_positions[min(len(word_positions), start_word + WINDOW) - 1]
    out = []
    for i in range(first, last + 1):
        piece = html.escape(tokens[i])
        out.append(f"<mark>{piece}</mark>" if i in marked else piece)
    prefix = "… " if first > 0 else ""
    suffix = " …" if last < len(tokens) - 1 and any(t.strip() for t in tokens[last + 1 :]) else ""
    return prefix + " ".join("".join(out).split()) + suffix
