"""Snippets with highlights, made in Python so they are identical on both databases.

The text is HTML-escaped and only the `<mark>` tags are added, so stored content can never
inject markup into a results page.
"""

from __future__ import annotations

import html
import re
from itertools import accumulate
from operator import sub

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
    size = len(lower)
    for n in lengths:  # ascending
        if n > size:
            return False
        if size - n <= 4 and lower[:n] in stems:
            return True
    return False


def snippet(text: str, words: list[str]) -> str:
    """The window of WINDOW words with the most matches (the first such), escaped, matches
    marked. Made for every result of a search (50 a page, on each keystroke of search as you
    type), so it works on whole lists: tokens alternate between runs of word and non-word
    characters, each distinct word is matched once, and text is escaped in runs."""
    tokens = _TOKEN.findall(text.strip())
    if not tokens:
        return ""
    parity = 0 if tokens[0][0].isalnum() or tokens[0][0] == "_" else 1
    word_tokens = tokens[parity::2]
    if not word_tokens:
        return ""
    stems, lengths = _matcher(words)
    verdict = {w: 1 if _matches(w, stems, lengths) else 0 for w in set(word_tokens)}
    is_hit = list(map(verdict.__getitem__, word_tokens))
    total = len(word_tokens)
    start_word = 0
    if any(is_hit):
        # Window with the most hits (the first of equals), by a prefix count over words.
        counts = [0, *accumulate(is_hit)]
        padded = counts + [counts[-1]] * WINDOW
        in_window = list(map(sub, padded[WINDOW : WINDOW + total], counts[:total]))
        start_word = in_window.index(max(in_window))
    first_word = max(0, start_word - 3)
    last_word = min(total, start_word + WINDOW) - 1
    first, last = parity + 2 * first_word, parity + 2 * last_word
    out: list[str] = []
    run_start = first  # start of the current run of unmarked tokens
    for w in range(first_word, last_word + 1):
        if is_hit[w]:
            i = parity + 2 * w
            out.append(html.escape("".join(tokens[run_start:i])))
            out.append(f"<mark>{html.escape(tokens[i])}</mark>")
            run_start = i + 1
    out.append(html.escape("".join(tokens[run_start : last + 1])))
    prefix = "… " if first > 0 else ""
    # Text follows the window if a word does, or punctuation (at most one token then).
    more = last_word < total - 1 or any(t.strip() for t in tokens[last + 1 :])
    suffix = " …" if more else ""
    return prefix + " ".join("".join(out).split()) + suffix
