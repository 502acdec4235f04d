"""A synthesis made from its sources alone, for a model that cannot write one.

Like extractive notes (pipeline/extractive.py): themes are the key phrases the sources share,
insights are their own key sentences (quoted, one per source, with its title), patterns are
the phrases that recur across several sources, and every source is cited. Nothing is invented.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from kbagent.knowledge.synthesis import Citation, SynthesisDraft, SynthesisSource
from kbagent.pipeline.document import key_phrases, key_sentences
from kbagent.pipeline.note import prose

THEMES = 6
SOURCE_CHARS = 4000


def _text(source: SynthesisSource) -> str:
    # The notes' words, not their template: "key points", "references" and the vault's file
    # names had become a synthesis's themes.
    return f"{source.summary}\n\n{prose(source.content)[:SOURCE_CHARS]}".strip()


def extractive_synthesis(scope: str, sources: Sequence[SynthesisSource]) -> SynthesisDraft:
    corpus = "\n\n".join(_text(s) for s in sources)
    themes = key_phrases(corpus, THEMES)
    per_source = {s.id: set(key_phrases(_text(s), 12)) for s in sources}
    shared = Counter(p for phrases in per_source.values() for p in phrases)
    patterns = [
        f"{phrase} (in {count} of {len(sources)} notes)"
        for phrase, count in shared.most_common()
        if count >= 2
    ][:5]
    insights = []
    for source in sources:
        found = key_sentences(_text(source), 1, themes) or key_sentences(_text(source), 1)
        if found:
            insights.append(f"{source.title}: {found[0]}")
    name = scope.replace("_", " ").replace("/", " / ")
    listing = ", ".join(themes[:4]) or "no shared themes"
    return SynthesisDraft(
        title=f"{name[:1].upper()}{name[1:]}: what your notes say",
        overview=f"{len(sources)} notes on {name}. Recurring topics: {listing}.",
        themes=themes,
        key_insights=insights,
        patterns=patterns,
        recommendations=[],
        citations=[Citation(source_id=s.id, note=s.title) for s in sources],
    )
