"""The extractive answer: the best passage of each top source, quoted and cited.

Used when the chat model is too weak to answer faithfully, and in place of a model answer
whose citations the sources do not support. Every word comes from a source, so it cannot
invent; it can only quote the wrong passage, which the reader sees with its source.
A sentence scores by the share of the question's content terms it contains, plus its cosine
similarity to the question when an embedder is at hand; a short best sentence takes the
next one along, so a quote reads as a passage.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kbagent.chat import sentences
from kbagent.chat.grounding import stem
from kbagent.chat.retrieval import Retrieved, key_terms
from kbagent.errors import KbagentError
from kbagent.knowledge.search.vectors import Embedder

QUOTED_SOURCES = 3
PASSAGE_CHARS = 420
SHORT = 160  # a best sentence shorter than this takes the next sentence too
MIN_SENTENCE = 20
# A later source is quoted if its passage scores this share of the best. bench/quality_chat.py
# (54 + 32 questions, SQLite): 0.6 kept expected_cited at 0.926, as with no cut, with 2.11
# sources quoted per answer instead of 2.44; 0.75 lost a page that answers (0.907).
KEEP_SHARE = 0.6
INTRO = "From your knowledge base:"


@dataclass(frozen=True)
class Passage:
    number: int  # the source's number in the answer's sources
    text: str


def _candidates(source: Retrieved) -> list[str]:
    found: list[str] = []
    for sentence in sentences.split(source.text):
        # Chunks start with their item's title: a quote of the title alone says nothing.
        if sentence.strip(" #*") == source.title or len(sentence) < MIN_SENTENCE:
            continue
        # A note repeats a key sentence (its summary, then its body): quoted once.
        if sentence not in found:
            found.append(sentence)
    # Nothing sentence-like (a bare title, a one-word note): the text itself is the quote.
    return found or ([source.text.strip()] if source.text.strip() else [])


def _overlap(stems: set[str], sentence: str) -> float:
    if not stems:
        return 0.0
    return len(stems & {stem(w) for w in key_terms(sentence)}) / len(stems)


def _clip(text: str) -> str:
    if len(text) <= PASSAGE_CHARS:
        return text
    if sentences.is_code(text):
        return text[: text.rfind("\n", 0, PASSAGE_CHARS)].rstrip() + "\n```"
    cut = text[:PASSAGE_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"


def passages(question: str, found: list[Retrieved], embedder: Embedder | None) -> list[Passage]:
    """The best passage of each of the first QUOTED_SOURCES sources that has one."""
    stems = {stem(t) for t in key_terms(question)}
    per_source = [(n, _candidates(s)) for n, s in enumerate(found[:QUOTED_SOURCES], start=1)]
    every = [s for _, found_in in per_source for s in found_in]
    similarity: dict[str, float] = {}
    if embedder is not None and every:
        try:
            vectors = np.asarray(embedder([question, *every]), dtype=np.float32)
        except KbagentError:  # the embedding model is down: words alone choose
            vectors = np.zeros((0, 0), dtype=np.float32)
        if len(vectors):
            vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
            similarity = dict(zip(every, (vectors[1:] @ vectors[0]).tolist(), strict=True))
    chosen: list[tuple[float, Passage]] = []
    for number, candidates in per_source:
        if not candidates:
            continue
        # A run-on "sentence" (a syntax synopsis, a table flattened to one line) would be
        # clipped mid-way when quoted: it scores less the longer it is.
        scores = [
            (_overlap(stems, s) + similarity.get(s, 0.0)) / max(1.0, len(s) / PASSAGE_CHARS)
            for s in candidates
        ]
        best = int(np.argmax(scores))
        text = candidates[best]
        following = candidates[best + 1] if best + 1 < len(candidates) else None
        short = len(text) < SHORT and not sentences.is_code(text)
        if short and following and not sentences.is_code(following):
            text = f"{text} {following}"
        chosen.append((scores[best], Passage(number, _clip(text))))
    if not chosen:
        return []
    # A source that passed the relevance gate can still have no passage on the question (a
    # page found for one shared term): quoting it would be noise next to the real answer.
    top = max(score for score, _ in chosen)
    return [p for i, (score, p) in enumerate(chosen) if i == 0 or score >= KEEP_SHARE * top]


def render(chosen: list[Passage]) -> str:
    quotes = []
    for passage in chosen:
        if sentences.is_code(passage.text):
            quotes.append(f"{passage.text}\n[{passage.number}]")
        else:
            quotes.append(f"> {passage.text} [{passage.number}]")
    return "\n\n".join([INTRO, *quotes])


def answer(
    question: str, found: list[Retrieved], embedder: Embedder | None
) -> tuple[str, set[int]]:
    """The answer text and the source numbers it cites."""
    chosen = passages(question, found, embedder)
    return render(chosen), {p.number for p in chosen}
