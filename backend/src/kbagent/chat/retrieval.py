"""What an answer is grounded in: KB items (hybrid search) and syntheses, or nothing.

A follow-up ("and what about its cost?") names nothing to search for; it is rewritten with the
previous question's key terms. Hybrid search always returns *something* (vectors have nearest
neighbours), so relevance is decided separately: a source counts only if it shares a content
word with the query. Nothing relevant means the "not in your knowledge base" answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kbagent.chat import repository
from kbagent.config import Settings
from kbagent.errors import KbagentError
from kbagent.knowledge.models import KnowledgeChunk, KnowledgeItem
from kbagent.knowledge.search import service as search
from kbagent.knowledge.search.fts import STOPWORDS
from kbagent.knowledge.search.schemas import SearchMode, SearchRequest
from kbagent.knowledge.search.vectors import Embedder

_WORD = re.compile(r"\w+")
# Words that carry no topic: question words and pronouns on top of search's stop words.
_FILLER = STOPWORDS | {
    "about", "again", "also", "can", "could", "did", "do", "does", "he", "her", "him", "his",
    "how", "i", "me", "more", "my", "say", "she", "tell", "their", "them", "then", "these",
    "they", "those", "what", "when", "where", "which", "who", "why", "would", "you", "your",
    "there", "any", "some", "should", "much", "many", "use", "used", "using", "know", "please",
    "explain", "describe", "give", "get", "so", "if", "not", "no", "yes", "than", "but", "we",
}  # fmt: skip
_ANAPHORA = {"it", "its", "this", "that", "they", "them", "their", "these", "those", "one"}
ITEM_LIMIT = 8
SYNTHESIS_LIMIT = 2


@dataclass(frozen=True)
class Retrieved:
    kind: str  # "item" | "synthesis"
    id: str
    title: str
    url: str | None
    category: str | None
    text: str
    score: float


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
    follow_up = len(key_terms(question)) <= 2 or bool(_ANAPHORA & set(words))
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


def _items(
    session: Session, query: str, terms: list[str], embedder: Embedder | None, settings: Settings
) -> list[Retrieved]:
    mode = SearchMode.HYBRID if embedder is not None else SearchMode.FULLTEXT
    request = SearchRequest(query=query, mode=mode, limit=ITEM_LIMIT)
    try:
        ranked = search.rank(session, request, embedder, settings)
    except KbagentError:  # embedding model down: words alone still find things
        request = SearchRequest(query=query, mode=SearchMode.FULLTEXT, limit=ITEM_LIMIT)
        ranked = search.rank(session, request, None, settings)
    if not ranked:
        return []
    ids = [r[0] for r in ranked]
    items = {
        i.id: i
        for i in session.scalars(select(KnowledgeItem).where(KnowledgeItem.id.in_(ids))).all()
    }
    wanted = {(r[0], r[1]) for r in ranked}
    chunks = {
        (i, c): t
        for i, c, t in session.execute(
            select(
                KnowledgeChunk.knowledge_item_id, KnowledgeChunk.chunk_index, KnowledgeChunk.text
            ).where(KnowledgeChunk.knowledge_item_id.in_(ids))
        )
        if (i, c) in wanted
    }
    found = []
    for item_id, chunk, _score, _ in ranked:
        item = items.get(item_id)
        if item is None:
            continue
        text = chunks.get((item_id, chunk)) or item.enhanced_content
        score = relevance(terms, f"{item.display_title} {item.summary or ''} {text}")
        if score <= 0:
            continue
        category = "/".join(c for c in (item.main_category, item.sub_category) if c) or None
        found.append(
            Retrieved("item", item.id, item.display_title, item.source_url, category, text, score)
        )
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
    """Relevant syntheses first (they summarise a category), then items in rank order."""
    terms = key_terms(query)
    if not terms:
        return []
    return [*_syntheses(session, terms), *_items(session, query, terms, embedder, settings)]
