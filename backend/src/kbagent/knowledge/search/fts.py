"""Full-text search with BM25 ranking on both databases.

SQLite: FTS5's built-in `bm25()` over `knowledge_chunks_fts` (porter stemming).
PostgreSQL: `ts_rank` alone ranks far below BM25 (no inverse document frequency), so each
query term's `ts_rank` (a saturating term-frequency score, length-normalised) is weighted by
its BM25 idf, computed from per-term document counts on the GIN index and cached until the
search-state generation has moved by more than a small fraction of the corpus.

User text never reaches a query parser raw: it is reduced to word tokens first, which are
quoted for FTS5 and joined with OR; so `"`, `*`, `OR OR` or 10 kB of text are plain words.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Float,
    case,
    cast,
    column,
    func,
    literal_column,
    select,
    table,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import TSQUERY, TSVECTOR
from sqlalchemy.orm import Session

from kbagent.knowledge import repository
from kbagent.knowledge.models import KnowledgeChunk, KnowledgeItem
from kbagent.knowledge.search.filters import SearchFilters, conditions

MAX_TERMS = 64
PRUNE_FRACTION = 0.1
STALE_FRACTION = 0.002  # generation moves per chunk count the statistics are kept for
PRUNE_MIN_CHUNKS = 5000  # below this, scoring every match is cheap: no pruning
CANDIDATE_BUDGET = 5000  # PostgreSQL: matching rows the first stage may read
RERANK_POOL = 300
BM25_K1 = 1.2  # FTS5's constants, so both databases rank alike
BM25_B = 0.75
_WORD = re.compile(r"\w+")

Hit = tuple[str, int, float]  # item id, chunk index, score (higher is better)
Scored = tuple[list[Hit], float]  # hits, and the most BM25 any chunk could score for the query


# Words so common they add almost nothing to BM25 but make every chunk a match to score
# (PostgreSQL's english configuration drops these too).
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
    ]
)


def terms(query: str) -> list[str]:
    """Distinct lowercase word tokens of the query, in order, at most MAX_TERMS.

    Stop words are dropped unless the query has nothing else.
    """
    seen: dict[str, None] = {}
    for word in _WORD.findall(query.lower()):
        seen.setdefault(word, None)
        if len(seen) >= MAX_TERMS * 2:
            break
    words = [w for w in seen if w not in STOPWORDS] or list(seen)
    return words[:MAX_TERMS]


def fts5_query(words: list[str]) -> str:
    return " OR ".join('"' + w.replace('"', '""') + '"' for w in words)


_fts = table("knowledge_chunks_fts", column("rowid"))


def fts5_idf(df: int, total: int) -> float:
    """FTS5's own idf (it floors terms in over half the rows at a tiny positive value)."""
    ratio = (total - df + 0.5) / (df + 0.5)
    return math.log(ratio) if ratio > 1 else 1e-6


def _search_sqlite(
    session: Session, words: list[str], filters: SearchFilters, limit: int
) -> Scored:
    df, total, _ = _document_counts(session, words, _count_sqlite)
    mass = sum(fts5_idf(max(n, 1), total) for n in df.values()) * (BM25_K1 + 1)
    rank: ColumnElement[float] = literal_column("bm25(knowledge_chunks_fts)", Float)
    match = literal_column("knowledge_chunks_fts").op("MATCH")(fts5_query(selective(df, total)))
    if filters.is_empty():
        # Rank inside FTS5 alone and join only the top rows: joining first would fetch the
        # chunk row of every match before sorting.
        top = select(_fts.c.rowid, rank.label("rank")).where(match).order_by(rank).limit(limit)
        best = top.subquery()
        statement = (
            select(KnowledgeChunk.knowledge_item_id, KnowledgeChunk.chunk_index, best.c.rank)
            .join(best, KnowledgeChunk.id == best.c.rowid)
            .order_by(best.c.rank)
        )
    else:
        statement = (
            select(KnowledgeChunk.knowledge_item_id, KnowledgeChunk.chunk_index, rank)
            .select_from(_fts)
            .join(KnowledgeChunk, KnowledgeChunk.id == _fts.c.rowid)
            .join(KnowledgeItem, KnowledgeItem.id == KnowledgeChunk.knowledge_item_id)
            .where(match, *conditions(session, filters))
            .order_by(rank)
            .limit(limit)
        )
    return [(r[0], int(r[1]), -float(r[2])) for r in session.execute(statement)], mass


class _Stats:
    """Corpus statistics (document counts per term) of one database as of one search-state
    generation, used until the generation has moved past `fresh_until` (see `_document_counts`)."""

    def __init__(self) -> None:
        self.database: str | None = None
        self.generation = 0
        self.fresh_until = -1
        self.total = 0
        self.average_length = 1.0
        self.df: dict[str, int] = {}
        self.common: dict[str, float] | None = None  # PostgreSQL's most common lexemes
        self.lock = threading.Lock()


_stats = _Stats()


def _lexemes(session: Session, words: list[str]) -> list[str]:
    rows = session.execute(
        text("SELECT DISTINCT lexeme FROM unnest(to_tsvector('english', :q))"),
        {"q": " ".join(words)},
    )
    return [r[0] for r in rows][:MAX_TERMS]


def tsquery_literal(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _count_sqlite(session: Session, word: str) -> int:
    match = literal_column("knowledge_chunks_fts").op("MATCH")(fts5_query([word]))
    return int(session.scalar(select(func.count()).select_from(_fts).where(match)) or 0)


def _common_lexemes(session: Session) -> dict[str, float]:
    """Lexeme frequencies of the most common lexemes, from ANALYZE's statistics."""
    row = session.execute(
        text(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE tablename = 'knowledge_chunks' AND attname = 'tsv'"
        )
    ).first()
    if row is None or row[0] is None:
        return {}
    return dict(zip(row[0], row[1], strict=False))


def _count_postgres(session: Session, lexeme: str) -> int:
    """Document count of a lexeme (called with `_stats.lock` held).

    Counting a common lexeme on the GIN index costs tens of milliseconds at 100k chunks, so
    common lexemes take their frequency from the planner statistics; the others are rare by
    definition and counted exactly, cheaply.
    """
    if _stats.common is None:
        _stats.common = _common_lexemes(session)
    if lexeme in _stats.common:
        return round(_stats.common[lexeme] * _stats.total)
    found = session.scalar(
        text("SELECT count(*) FROM knowledge_chunks WHERE tsv @@ CAST(:q AS tsquery)"),
        {"q": tsquery_literal(lexeme)},
    )
    return int(found or 0)


def _document_counts(
    session: Session, terms_: list[str], count: Callable[[Session, str], int]
) -> tuple[dict[str, int], int, float]:
    """Per-term document counts (cheap: no ranking), chunk count and mean chunk length."""
    database = repository.database_key(session)
    generation = repository.search_generation(session)
    with _stats.lock:
        if _stats.database != database or not _stats.generation <= generation <= _stats.fresh_until:
            total, average = session.execute(
                select(func.count(), func.avg(KnowledgeChunk.token_count))
            ).one()
            _stats.database, _stats.generation = database, generation
            _stats.df, _stats.common = {}, None
            _stats.total, _stats.average_length = int(total), float(average or 1.0)
            # Each move of the generation is one item's chunks replaced or removed: a few
            # such changes among many chunks leave every count within a fraction of a percent,
            # so the next search after a write does not count the whole corpus again (~40 ms
            # of CPU per search at 100k chunks while items were being written).
            _stats.fresh_until = generation + int(_stats.total * STALE_FRACTION)
        for term in terms_:
            if term not in _stats.df:
                _stats.df[term] = count(session, term)
        return {t: _stats.df[t] for t in terms_}, _stats.total, _stats.average_length


def selective(df: dict[str, int], total: int) -> list[str]:
    """The terms worth matching on: those in at most PRUNE_FRACTION of chunks.

    A term in most chunks adds little to BM25 (low idf) but makes every one of those chunks
    a match to score, which dominated query time at 100k items. If every term is that common,
    the two rarest are kept.
    """
    if total < PRUNE_MIN_CHUNKS:
        return list(df)
    keep = [t for t, n in df.items() if n <= PRUNE_FRACTION * total]
    return keep or sorted(df, key=lambda t: df[t])[:2]


def within_budget(df: dict[str, int], terms_: list[str]) -> list[str]:
    """The rarest terms whose matches together stay within CANDIDATE_BUDGET (at least one).

    PostgreSQL's first stage reads every matching row's tsvector; bounding the rows it reads
    bounds its cost. The second stage still scores all query terms.
    """
    chosen: list[str] = []
    rows = 0
    for term in sorted(terms_, key=lambda t: df[t]):
        if chosen and rows + df[term] > CANDIDATE_BUDGET:
            break
        chosen.append(term)
        rows += df[term]
    return chosen


def idf(df: int, total: int) -> float:
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


def _search_postgres(
    session: Session, words: list[str], filters: SearchFilters, limit: int
) -> Scored:
    """Two stages: a cheap idf-weighted `ts_rank` picks candidates, exact BM25 orders them.

    Exact BM25 needs each query term's frequency in a chunk, read from the tsvector's
    positions with `unnest`, which is too costly for every match of a common term; so it is
    computed for the best RERANK_POOL candidates of the first stage only.
    """
    lexemes = _lexemes(session, words)
    if not lexemes:
        return [], 0.0
    df, total, average_length = _document_counts(session, lexemes, _count_postgres)
    weights = {x: idf(n, total) for x, n in df.items()}
    mass = sum(idf(max(n, 1), total) for n in df.values()) * (BM25_K1 + 1)
    matching = selective(df, total)
    if total >= PRUNE_MIN_CHUNKS:
        matching = within_budget(df, matching)
    tsv = column("tsv", TSVECTOR)
    any_term = cast(" | ".join(tsquery_literal(x) for x in matching), TSQUERY)
    parts = [
        func.ts_rank(tsv, cast(tsquery_literal(x), TSQUERY), 1, type_=Float) * weights[x]
        for x in matching
    ]
    first_stage = sum(parts[1:], parts[0])
    candidates = (
        select(
            KnowledgeChunk.id,
            KnowledgeChunk.knowledge_item_id,
            KnowledgeChunk.chunk_index,
            KnowledgeChunk.token_count,
            tsv,
        )
        .where(tsv.op("@@", return_type=Boolean)(any_term))
        .order_by(first_stage.desc())
        .limit(max(RERANK_POOL, limit))
    )
    if not filters.is_empty():
        candidates = candidates.join(
            KnowledgeItem, KnowledgeItem.id == KnowledgeChunk.knowledge_item_id
        ).where(*conditions(session, filters))
    pool = candidates.subquery()
    terms_ = func.unnest(pool.c.tsv).table_valued("lexeme", "positions", "weights").lateral("term")
    tf = func.cast(func.array_length(terms_.c.positions, 1), Float)
    weight = case(weights, value=terms_.c.lexeme, else_=0.0)
    norm = BM25_K1 * (1 - BM25_B + BM25_B * pool.c.token_count / average_length)
    score = func.sum(weight * tf * (BM25_K1 + 1) / (tf + norm), type_=Float)
    statement = (
        select(pool.c.knowledge_item_id, pool.c.chunk_index, score)
        .select_from(pool.join(terms_, true()))
        .where(terms_.c.lexeme.in_(lexemes))
        .group_by(pool.c.id, pool.c.knowledge_item_id, pool.c.chunk_index)
        .order_by(score.desc(), pool.c.id)
        .limit(limit)
    )
    return [(r[0], int(r[1]), float(r[2])) for r in session.execute(statement)], mass


def scored(session: Session, query: str, filters: SearchFilters, limit: int) -> Scored:
    """Best chunks for `query` by BM25, and the query's idf mass: sum of idf x (k1 + 1).

    BM25 of one term saturates at idf x (k1 + 1), so a score over that mass is the share of the
    query a chunk matches, weighted by how telling each term is: 0 to 1 whatever the corpus
    size, which a raw BM25 score is not (its idf grows with the corpus). Query terms in no
    chunk count in the mass as if in one (as rare as a word can be here, no more), so a
    question about eggs that matches only "long" is a weak match, and in a corpus of a handful
    of chunks an unknown word does not outweigh every known one.
    """
    words = terms(query)
    if not words:
        return [], 0.0
    if repository.dialect(session) == "postgresql":
        return _search_postgres(session, words, filters, limit)
    return _search_sqlite(session, words, filters, limit)


def search(session: Session, query: str, filters: SearchFilters, limit: int) -> list[Hit]:
    """Best chunks for `query` by BM25 (higher score is better); [] for a query of no words."""
    return scored(session, query, filters, limit)[0]
