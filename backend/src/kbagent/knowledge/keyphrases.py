"""Key phrases of a text and topic names made from them, with no model: pure functions.

A candidate is a word or a two-word phrase with no stop word in it. Its weight in a document
is its frequency, counted three times in the title and twice in headings (where authors name
their topic). Distinctiveness against a corpus is that weight times an inverse document
frequency, where the "documents" of the corpus are the key-term lists of the items already
filed (kept beside their digests), so a term that is key to every item (`postgresql` in the
PostgreSQL manual) stops naming categories by itself.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from kbagent.knowledge.categories import GENERIC_NAMES, singular

_WORD = re.compile(r"[a-z][a-z0-9]*(?:[-'][a-z0-9]+)*")
_STOP_WORDS = """a about above after again against all also am an and any are as at be because been
    before being below between both but by can cannot could did do does doing done down during
    each either else even ever every few for from further get gets got had has have having he
    her here hers him his how however i if in into is it its itself just least less let like
    may me might more most much must my neither no nor not now of off often on once one only or
    other others otherwise our ours out over own per rather same see shall she should since so
    some such than that the their theirs them then there these they this those though through
    thus to too under until up upon us use used uses using very via was we well were what when
    where whether which while who whom whose why will with within without would yet you your
    yours e g ie eg etc new way ways make makes made many first second two three last next
    following follows given instead still already always never see also shown show shows
    within whereas unless whose able value values"""
# Verbs and hedges that are frequent in prose about anything: "built" or "contains" named
# categories and tags in trials on real pages (`built/partial_index`). Shared with the note
# tags (pipeline/document.py).
GENERIC_PROSE = frozenset(
    [
        "built",
        "contain",
        "contains",
        "contained",
        "containing",
        "define",
        "defined",
        "defines",
        "defining",
        "describe",
        "describes",
        "described",
        "describing",
        "explain",
        "explains",
        "explained",
        "provide",
        "provides",
        "provided",
        "providing",
        "allow",
        "allows",
        "allowed",
        "allowing",
        "called",
        "based",
        "need",
        "needs",
        "needed",
        "want",
        "wants",
        "include",
        "includes",
        "included",
        "including",
        "specified",
        "specifies",
        "available",
        "possible",
        "different",
        "several",
        "various",
        "certain",
        "particular",
        "usually",
        "typically",
        "simply",
        "actually",
        "related",
        "corresponding",
    ]
)
_STOP = frozenset(_STOP_WORDS.split()) | GENERIC_PROSE
TITLE_WEIGHT, HEADING_WEIGHT = 3.0, 2.0
MAX_NAME_WORDS = 3


def words(text: str) -> list[str]:
    return [singular(w.replace("'", "")) for w in _WORD.findall(text.lower())]


def _usable(word: str) -> bool:
    return len(word) >= 3 and word not in _STOP and not word.isdigit()


def candidates(text: str) -> list[str]:
    """Words and adjacent word pairs of `text` that could name a topic."""
    found: list[str] = []
    for line in re.split(r"[\n.;:!?()\[\]{}|,]+", text.lower()):
        tokens = words(line)
        for i, word in enumerate(tokens):
            if not _usable(word):
                continue
            found.append(word)
            if i + 1 < len(tokens) and _usable(tokens[i + 1]) and tokens[i + 1] != word:
                found.append(f"{word} {tokens[i + 1]}")
    return found


def weights(title: str, headings: Sequence[str], body: str) -> dict[str, float]:
    """Title and heading mentions count fully, body mentions damped: an identifier repeated
    in every code sample of a page must not outweigh the words its author chose as titles."""
    counts: dict[str, float] = {}
    weighted = [(title, TITLE_WEIGHT), *((h, HEADING_WEIGHT) for h in headings)]
    for text, weight in weighted:
        for term in candidates(text):
            counts[term] = counts.get(term, 0.0) + weight
    for term, n in Counter(candidates(body)).items():
        counts[term] = counts.get(term, 0.0) + 1.0 + math.log(n)
    return counts


def distinctive(
    counts: Mapping[str, float],
    document_frequency: Mapping[str, int],
    documents: int,
    limit: int,
) -> list[str]:
    """The `limit` terms of `counts` that say most about it against the corpus.

    A phrase must occur at least twice (or in the title) to count: a single chance pairing of
    two words is not a topic. Phrases get a small bonus because they name a topic more
    precisely than either word does.
    """
    scored: list[tuple[float, str]] = []
    for term, weight in counts.items():
        phrase = " " in term
        if phrase and weight < 2:  # one chance pairing in the body
            continue
        idf = math.log((documents + 1) / (document_frequency.get(term, 0) + 1)) + 1.0
        score = math.log1p(weight) * idf * (1.3 if phrase else 1.0)
        scored.append((score, term))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    chosen: list[str] = []
    for _, term in scored:
        # a word already inside a chosen phrase (or the reverse) adds nothing new
        if any(term in other.split() or other in term.split() for other in chosen):
            continue
        chosen.append(term)
        if len(chosen) == limit:
            break
    return chosen


def name_from_terms(terms: Iterable[str], avoid: Iterable[str] = ()) -> str | None:
    """The first term that makes a usable category name (snake_case, 1-3 words) adding a
    word to each name in `avoid` (so `data_type/type` or `type` beside `numeric_type` never
    happens)."""
    avoided = [set(a.split("_")) for a in avoid if a]
    for term in terms:
        parts = [w for w in term.split() if w not in GENERIC_NAMES]
        # identifiers with digits (`test1`, `int4`) name code, not topics
        if not parts or len(parts) > MAX_NAME_WORDS or any(c.isdigit() for c in term):
            continue
        if any(set(parts) <= words for words in avoided):
            continue
        return "_".join(parts)
    return None
