"""What a stored answer says about its sources: valid citations, the source list, the stats."""

from __future__ import annotations

import re
from typing import Any

from kbagent.chat import context, retrieval
from kbagent.chat.schemas import ContextStats, Source

SNIPPET_CHARS = 240
_CITATION = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")


def citations(text: str, count: int) -> tuple[str, set[int]]:
    """The text with citations of non-existent sources removed, and the numbers cited."""
    cited: set[int] = set()

    def keep(match: re.Match[str]) -> str:
        numbers = [int(n) for n in re.findall(r"\d+", match.group(1))]
        valid = [n for n in numbers if 1 <= n <= count]
        cited.update(valid)
        return f"[{', '.join(str(n) for n in valid)}]" if valid else ""

    return _CITATION.sub(keep, text), cited


def sources(found: list[retrieval.Retrieved], cited: set[int]) -> list[dict[str, Any]]:
    return [
        Source(
            number=n,
            kind="synthesis" if r.kind == "synthesis" else "item",
            id=r.id,
            title=r.title,
            url=r.url,
            snippet=" ".join(r.text.split())[:SNIPPET_CHARS],
            category=r.category,
            cited=n in cited,
        ).model_dump(mode="json")
        for n, r in enumerate(found, start=1)
    ]


def stats(query: str, ctx: context.Context | None) -> dict[str, Any]:
    sources = ctx.sources if ctx else []
    return ContextStats(
        found=bool(sources),
        query=query[:500],
        items=sum(1 for s in sources if s.kind == "item"),
        syntheses=sum(1 for s in sources if s.kind == "synthesis"),
        categories=sorted({s.category for s in sources if s.category}),
        context_tokens=ctx.tokens if ctx else 0,
        token_budget=ctx.budget if ctx else 0,
        trimmed=ctx.trimmed if ctx else False,
    ).model_dump(mode="json")
