"""Splitting long items into search chunks without breaking fenced code blocks.

Every chunk starts with the item's title, so a chunk found on its own still says what it is
about (for BM25 as for embeddings); the first chunk also carries the summary. An item is
searched by its note and by its source's own text: a note summarises, and the detail a
question asks about ("a running total over ordered rows") is often only in the source.
"""

from __future__ import annotations

import re

MAX_CHARS = 1500
MAX_SOURCE_CHUNKS = 200  # ~300 kB of source text: beyond it, the note stands for the rest
_WORD = re.compile(r"\w+")


def token_count(text: str) -> int:
    return len(_WORD.findall(text))


def _blocks(markdown: str) -> list[str]:
    """Paragraphs, with each fenced code block kept whole."""
    blocks: list[str] = []
    current: list[str] = []
    fenced = False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not fenced and not line.strip() and current:
            blocks.append("\n".join(current))
            current = []
        elif line.strip() or fenced:
            current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


def _split_long(block: str, limit: int) -> list[str]:
    pieces: list[str] = []
    rest = block
    while len(rest) > limit:
        cut = rest.rfind(" ", 0, limit)
        cut = cut if cut > limit // 2 else limit
        pieces.append(rest[:cut])
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def _parts(body: str, limit: int) -> list[str]:
    parts: list[str] = []
    current = ""
    for block in _blocks(body):
        for piece in _split_long(block, limit) if len(block) > limit else [block]:
            if current and len(current) + len(piece) + 2 > limit:
                parts.append(current)
                current = piece
            else:
                current = f"{current}\n\n{piece}" if current else piece
    if current or not parts:
        parts.append(current)
    return parts


def chunk_item(
    title: str,
    summary: str | None,
    body: str,
    limit: int = MAX_CHARS,
    source: str | None = None,
) -> list[str]:
    """The note's chunks, then (when the source text is not the note itself) the source's."""
    parts = _parts(body, limit)
    head = f"{title}\n\n{summary}" if summary else title
    chunks = [f"{title}\n\n{part}" if part else title for part in parts]
    chunks[0] = f"{head}\n\n{parts[0]}" if parts[0] else head
    if source and source.strip() and source.strip() != body.strip():
        extra = [p for p in _parts(source, limit) if p.strip()][:MAX_SOURCE_CHUNKS]
        chunks += [f"{title}\n\n{part}" for part in extra]
    return chunks
