"""What an answer is grounded in: KB items (hybrid search) and syntheses, or nothing.

A follow-up ("and what about its cost?") names nothing to search for; it is rewritten with the
previous question's key terms. Hybrid search always returns *something* (vectors have nearest
neighbours), so relevance is decided separately, from the search's calibrated evidence for each
item (normalised BM25 and cosine; see chat/relevance.py). Nothing relevant means the "not in
your knowledge base" answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from kbagent.chat import relevance as gate
from kbagent.chat import repository
from kbagent.config import Settings
from kbagent.errors import KbagentError
from kbagent.knowledge.search import service as search
from kbagent.knowledge.search.fts import STOPWORDS
from kbagent.knowledge.search.schemas import SearchMode, SearchRequest
from kbagent.knowledge.search.vectors import Embedder

_WORD = re.compile(r"\w+")
# Words that carry no topic: question words and pronouns on top of search's stop words, and
# the rest of PostgreSQL's english stop list, so both databases' full-text sees the same terms.
_FILLER = STOPWORDS | {
    "am", "been", "being", "had", "having", "doing", "our", "ours", "ourselves", "yours",
    "yourself", "yourselves", "himself", "hers", "herself", "itself", "theirs", "themselves",
    "whom", "because", "until", "while", "against", "between", "into", "through", "during",
    "before", "after", "above", "below", "up", "down", "out", "off", "over", "under",
    "further", "once", "here", "all", "both", "each", "few", "most", "other", "such", "nor",
    "only", "own", "same", "too", "very", "just", "don", "now", "myself", "s", "t",
    "about", "again", "also", "can", "could", "did", "do", "does", "he", "her", "him", "his",
    "how", "i", "me", "more", "my", "say", "she", "tell", "their", "them", "then", "these",
    "they", "those", "what", "when", "where", "which", "who", "why", "would", "you", "your",
    "there", "any", "some", "should", "much", "many", "use", "used", "using", "know", "please",
    "explain", "describe", "give", "get", "so", "if", "not", "no", "yes", "than", "but", "we",
}  # fmt: skip
_ANAPHORA = {"it", "its", "this", "that", "they", "them", "their", "these", "those", "one"}
_CONTINUATIONS = ("and ", "or ", "but ", "also ", "what about ", "how about ", "and?")
ITEM_LIMIT = 8
SYNTHESIS_LIMIT = 2
SYNTHESIS_WORDS = 0.5  # share of the question's terms a synthesis of another category needs


@dataclass(frozen=True)
class Retrieved:
    kind: str  # "item" | "synthesis"
    id: str
    title: str
    url: str | None
    category: str | None
    text: str
    score: float
    text_score: float | None = None  # normalised BM25 of the best chunk (search.Ranked)
    cosine: float | None = None


def key_terms(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for word in _WORD.findall(text.lower()):
        if word not in _FILLER and len(word) > 1:
            seen.setdefault(word, None)
    return list(seen)


def rewrite(question: str, previous_questions: list[str]) -> str:
    """The retrieval query: a short or anaphoric follow-up gets the last question's terms."""
    if not previous_questions:
        return question
    words = _WORD.findall(question.lower())
    # A question of its own ("What does VACUUM FULL do?") keeps its topic even when short:
    # only a pronoun, a continuation ("and in Rust?", "what about cost?") or a question with
    # at most one topic word ("why?", "tell me more") leans on the last one.
    continues = question.lower().lstrip().startswith(_CONTINUATIONS)
    follow_up = len(key_terms(question)) <= 1 or continues or bool(_ANAPHORA & set(words))
    if not follow_up:
        return question
    carried = [t for t in key_terms(previous_questions[-1]) if t not in words]
    return " ".join([*carried, question]) if carried else question


def _stem(word: str) -> str:
    return word[:5]


def relevance(terms: list[str], text: str) -> float:
    """Share of the query's content terms found in the text (crudely stemmed)."""
    if not terms:
        return 0.0
    present = {_stem(w) for w in _WORD.findall(text.lower())}
    return sum(1 for t in terms if _stem(t) in present) / len(terms)


def candidates(
    session: Session, query: str, embedder: Embedder | None, settings: Settings
) -> list[Retrieved]:
    """The top items of hybrid search with their evidence, relevant or not (best first)."""
    terms = key_terms(query)
    if not terms:
        return []
    words = " ".join(terms)
    mode = SearchMode.HYBRID if embedder is not None else SearchMode.FULLTEXT
    request = SearchRequest(query=query, mode=mode, limit=ITEM_LIMIT)
    try:
        ranked = search.rank_scored(session, request, embedder, settings, text_query=words)
    except KbagentError:  # embedding model down: words alone still find things
        request = SearchRequest(query=query, mode=SearchMode.FULLTEXT, limit=ITEM_LIMIT)
        ranked = search.rank_scored(session, request, None, settings, text_query=words)
    if not ranked:
        return []
    ids = [r.item_id for r in ranked]
    items = {i.id: i for i in repository.knowledge_items(session, ids)}
    wanted = {(r.item_id, r.chunk) for r in ranked}
    chunks = {(i, c): t for i, c, t in repository.chunk_texts(session, ids) if (i, c) in wanted}
    found = []
    for r in ranked:
        item = items.get(r.item_id)
        if item is None:
            continue
        text = chunks.get((r.item_id, r.chunk)) or item.enhanced_content
        category = "/".join(c for c in (item.main_category, item.sub_category) if c) or None
        found.append(
            Retrieved(
                "item", item.id, item.display_title, item.source_url, category, text, r.score,
                r.text_score, r.cosine,
            )
        )  # fmt: skip
    return found


def _syntheses(session: Session, terms: list[str]) -> list[Retrieved]:
    scored = []
    for doc in repository.syntheses(session):
        score = relevance(terms, f"{doc.title} {doc.main_category} {doc.sub_category}")
        score = max(score, relevance(terms, doc.content) * 0.8)
        if score > 0:
            category = f"{doc.main_category}/{doc.sub_category}"
            scored.append(
                Retrieved("synthesis", doc.id, doc.title, None, category, doc.content, score)
            )
    scored.sort(key=lambda r: -r.score)
    return scored[:SYNTHESIS_LIMIT]


def retrieve(
    session: Session, query: str, embedder: Embedder | None, settings: Settings
) -> list[Retrieved]:
    """Relevant items in rank order, then the syntheses of their categories.

    Items come first: they are the sources a question is answered from and cited by; a
    synthesis is derived from them (an extractive one quotes them), so put first it crowded
    the page that answers out of the quoted passages (measured: bench/quality.py).

    Syntheses are not in the search index, so they are matched by words, and only once some
    item passed the calibrated gate: words alone are what let off-topic questions through.
    """
    found = candidates(session, query, embedder, settings)
    # No cosine at all: the embedder was down, and words alone decide, at their own threshold.
    vectors = embedder is not None and any(c.cosine is not None for c in found)
    thresholds = gate.for_embedder(settings.model_embeddings if vectors else None)
    items = [c for c in found if thresholds.admits(c)]
    if not items:
        return []
    categories = {c.category for c in items}
    syntheses = [
        s
        for s in _syntheses(session, key_terms(query))
        if s.category in categories or s.score >= SYNTHESIS_WORDS
    ]
    return [*items, *syntheses]
