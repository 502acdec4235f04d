"""Is a retrieved item about the question? Thresholds on calibrated retrieval evidence.

An item is relevant when its best chunk's normalised BM25 (the idf-weighted share of the
question's content terms it matches; `search.Ranked.text_score`) or its cosine similarity to
the question (`search.Ranked.cosine`) clears a threshold. Cosine scales differ between embedding
models, so the cosine threshold holds only for the model it was calibrated on; with any other
embedder (or none) only the full-text evidence decides, with a stricter threshold.

Calibration: bench/chat_calibration.py, over the PostgreSQL 15 manual (pages of
bench/chat_labelled.py, in-corpus questions and off-corpus questions that share words with it),
on SQLite and PostgreSQL with all-MiniLM-L6-v2. Figures are in the comments below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class Evidence(Protocol):
    @property
    def text_score(self) -> float | None: ...

    @property
    def cosine(self) -> float | None: ...


@dataclass(frozen=True)
class Thresholds:
    text: float  # normalised BM25 at or above this: relevant
    cosine: float | None  # cosine at or above this: relevant (None: not used)

    def admits(self, found: Evidence) -> bool:
        if found.text_score is not None and found.text_score >= self.text:
            return True
        return self.cosine is not None and found.cosine is not None and found.cosine >= self.cosine


# bench/chat_calibration.py --extra-pages 60 --holdout: 115 manual pages (2.4k chunks), 54
# in-corpus and 32 off-corpus questions, both databases. With MiniLM: recall 0.926 (the
# answering page among the first 3 relevant sources), every in-corpus question answered,
# abstention 1.000 on SQLite and PostgreSQL alike; the highest off-corpus evidence was text
# 0.36 and cosine 0.36. Calibrated on either half of the questions, the other half scored
# recall 0.89-0.93 with abstention 1.00 (even half) or 0.81 (odd half, whose thresholds came
# out lower): 32 off-corpus questions pin these down to a few hundredths, not better.
MINILM = Thresholds(text=0.41, cosine=0.41)
# Words alone (no embedder, an uncalibrated one, or the embedder down): recall 0.83 (SQLite) /
# 0.89 (PostgreSQL), abstention 0.906 on both.
TEXT_ONLY = Thresholds(text=0.30, cosine=None)
CALIBRATED = {"all-minilm-l6-v2": MINILM}


def for_embedder(embedding_model: str | None) -> Thresholds:
    """The thresholds calibrated for this embedding model; full-text only for unknown ones."""
    if embedding_model is None:
        return TEXT_ONLY
    name = embedding_model.lower().removeprefix("local:").rsplit("/", 1)[-1]
    return CALIBRATED.get(name, TEXT_ONLY)
