"""Notes written by a model, for a document of any length, inside the model's context window.

A document that fits the window (after the system prompt, the field list, the answer's tokens
and a margin for one repair) is sent whole. A longer one is read map-reduce: it is cut along
its own headings and paragraphs into pieces that fit, each piece becomes a few key points, and
the points become the note. The number of model calls is bounded (`MAP_CALLS` pieces go to the
model, the rest are summarised extractively) so a 100 kB page stays practical on a small local
model; when the points are still too long they are condensed again, then trimmed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kbagent.ai.base import Message, Options
from kbagent.ai.budget import Budget
from kbagent.ai.routing import AI
from kbagent.ai.structured import with_instructions
from kbagent.errors import AIServiceError
from kbagent.pipeline import document, extractive
from kbagent.pipeline.note import KBItemDraft, PartialNote
from kbagent.pipeline.note_check import is_placeholder

SYSTEM = (
    "You turn saved posts and articles into clear, self-contained knowledge-base notes. "
    "Keep facts from the source; do not invent details."
)
MAP_SYSTEM = (
    "You list the main facts of one part of a longer document. Keep facts from the source; "
    "do not invent details."
)
NOTE_ANSWER = 600  # tokens for a whole note (at most a fifth of the window)
PARTIAL_ANSWER = 200  # tokens for one piece's key points (at most a tenth of the window)
REPAIR_RESERVE = 96  # a repair turn adds the validation error to the same prompt
MIN_PROSE_WORDS = 4  # a sentence shorter than this is a label, not a statement
MAP_CALLS = 3  # pieces of a long document given to the model; the rest are read extractively
CONDENSE_CALLS = 1  # further model calls to shorten the points when they still do not fit
MIN_ROOM = 160  # tokens of document below which asking the model for a piece is pointless
PARTIAL_POINTS = 3
LONG = "This is a long document; the content is the key points of each of its parts."
HEADING_CHARS = 80  # of a part's heading in the map prompt
MAX_POINT_WORDS = 60  # a "point" longer than this is a copied run-on, not a point


_TRANSIENT = re.compile(
    r"(cannot connect|timed out|no reply within|connection lost|HTTP (429|5\d\d))"
)


def unreachable(exc: AIServiceError) -> bool:
    """The model could not be reached (down, busy, timing out) rather than answering badly:
    trying later may give a model note. Routing does not mark these retryable yet, so the
    causes of every model tried are read."""
    if exc.retryable:
        return True
    attempts = exc.details.get("attempts") or [{"cause": exc.details.get("cause")}]
    causes = [str(a.get("cause") or "") for a in attempts if isinstance(a, dict)]
    return bool(causes) and all(_TRANSIENT.match(c) for c in causes)


@dataclass
class Piece:
    heading: str
    points: list[str]


def _note_messages(header: str, content: str, remark: str = "") -> list[Message]:
    prompt = f"{header}\n{remark}\nContent:\n{content}"
    return [Message("system", SYSTEM), Message("user", prompt)]


def _map_messages(header: str, heading: str, content: str) -> list[Message]:
    where = f"Part: {heading[:HEADING_CHARS]}\n" if heading else ""
    prompt = f"{header}\n{where}\nContent:\n{content}"
    return [Message("system", MAP_SYSTEM), Message("user", prompt)]


def _room(
    budget: Budget,
    schema: type[KBItemDraft] | type[PartialNote],
    messages: list[Message],
    answer: int,
) -> int:
    return budget.room(with_instructions(schema, messages), answer + REPAIR_RESERVE)


def _digest(pieces: list[Piece], per_piece: int | None = None) -> str:
    lines: list[str] = []
    for piece in pieces:
        points = piece.points[:per_piece] if per_piece else piece.points
        if points:
            lines += [f"## {piece.heading}"] if piece.heading else []
            lines += [f"- {p}" for p in points]
    return "\n".join(lines)


def _has_prose(text: str) -> bool:
    return any(
        document.complete(s) and len(s.split()) >= MIN_PROSE_WORDS for s in document.sentences(text)
    )


class NoteWriter:
    """One item's note by `phase`'s model; raises `AIServiceError` when it cannot write one."""

    def __init__(self, ai: AI, phase: str, header: str, map_calls: int = MAP_CALLS) -> None:
        self.ai, self.phase, self.header = ai, phase, header
        self.map_calls = map_calls
        self.budget = ai.budget(phase)
        self.note_answer = min(NOTE_ANSWER, self.budget.window // 5)
        self.partial_answer = min(PARTIAL_ANSWER, self.budget.window // 10)
        self.model = ""
        self.calls = 0

    def write(self, body: str) -> KBItemDraft:
        messages = _note_messages(self.header, "", LONG)
        room = _room(self.budget, KBItemDraft, messages, self.note_answer)
        if room < MIN_ROOM:
            raise self._too_small()
        if self.budget.count(body) <= room:
            return self._note(_note_messages(self.header, body))
        digest = self._reduce(self._map(body), room)
        return self._note(_note_messages(self.header, digest, LONG))

    def _too_small(self) -> AIServiceError:
        return AIServiceError(
            f"The {self.budget.window}-token context leaves no room for the document.",
            {"cause": "context window too small", "window": self.budget.window},
        )

    def _note(self, messages: list[Message]) -> KBItemDraft:
        options = Options(max_tokens=self.note_answer, temperature=0.3)
        result = self.ai.structured(
            self.phase, KBItemDraft, messages, options, repairs=1, budget=self.budget
        )
        self.calls += result.attempts
        self.model = result.completion.model
        return result.value

    def _points(self, heading: str, content: str) -> list[str]:
        """A piece's key points by the model, or from the piece itself when the model's are
        unusable; a transient failure propagates so the engine retries the item."""
        messages = _map_messages(self.header, heading, content)
        options = Options(max_tokens=self.partial_answer, temperature=0.2)
        try:
            result = self.ai.structured(
                self.phase, PartialNote, messages, options, repairs=0, budget=self.budget
            )
        except AIServiceError as exc:
            if unreachable(exc):
                raise
            self.calls += 1
            return extractive.partial(content, PARTIAL_POINTS).key_points
        self.calls += result.attempts
        points = [" ".join(p.split()) for p in result.value.key_points]
        points = [
            p for p in points if 3 <= len(p.split()) <= MAX_POINT_WORDS and not is_placeholder(p)
        ]
        return points or extractive.partial(content, PARTIAL_POINTS).key_points

    def _fits(self, room: int) -> Callable[[str], bool]:
        return lambda text: self.budget.count(text) <= room

    def _map(self, body: str) -> list[Piece]:
        room = _room(
            self.budget,
            PartialNote,
            _map_messages(self.header, "x" * HEADING_CHARS, ""),
            self.partial_answer,
        )
        if room < MIN_ROOM:
            raise self._too_small()
        pieces = []
        asked = 0
        for part in document.pack(body, self._fits(room)):
            # A piece without prose (a syntax synopsis, a code listing, a table) has no points
            # for a model to state: asked anyway, it answers that there is nothing to note,
            # and that sentence became the note's opening.
            if asked < self.map_calls and _has_prose(part.text):
                asked += 1
                points = self._points(part.heading, part.text)
            else:
                points = extractive.partial(part.text, PARTIAL_POINTS).key_points
            pieces.append(Piece(part.heading, points))
        return pieces

    def _reduce(self, pieces: list[Piece], room: int) -> str:
        """The pieces' points as one text that fits `room`: condensed by the model (bounded),
        then by taking fewer points per piece, then cut."""
        condensed = 0 if self.map_calls else CONDENSE_CALLS
        while self.budget.count(_digest(pieces)) > room and len(pieces) > 1:
            if condensed == CONDENSE_CALLS:
                break
            condensed += 1
            pieces = self._condense(pieces)
        for per_piece in (None, 2, 1):
            digest = _digest(pieces, per_piece)
            if self.budget.count(digest) <= room:
                return digest
        pieces = [p for p in pieces if p.points]
        count = len(pieces)
        while count > 1:  # fewer pieces, spread over the whole document
            count = count * 4 // 5
            step = (len(pieces) - 1) / max(count - 1, 1)
            digest = _digest([pieces[round(i * step)] for i in range(count)], 1)
            if self.budget.count(digest) <= room:
                return digest
        return self.budget.clip(_digest(pieces, 1), room)

    def _condense(self, pieces: list[Piece]) -> list[Piece]:
        """Pieces merged into fewer: the first batch by the model, the others extractively."""
        fits = self._fits(
            _room(self.budget, PartialNote, _map_messages(self.header, "", ""), self.partial_answer)
        )
        batches: list[list[Piece]] = [[]]
        for piece in pieces:
            if batches[-1] and not fits(_digest([*batches[-1], piece])):
                batches.append([])
            batches[-1].append(piece)
        merged = []
        for index, batch in enumerate(batches):
            heading = "; ".join(p.heading for p in batch if p.heading)[:120]
            text = "\n\n".join(point for p in batch for point in p.points)
            if index == 0 and len(batch) > 1:
                points = self._points(heading, _digest(batch))
            else:
                points = extractive.partial(text, PARTIAL_POINTS).key_points
            merged.append(Piece(heading, points))
        return merged
