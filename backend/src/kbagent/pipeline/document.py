"""A document's own structure, read from its (markdown) text without a model.

`sections` (by headings), `sentences`, `key_phrases` and `key_sentences` serve the extractive
notes and the splitting of long documents for the model; `pack` cuts a text into pieces that
each fit a budget, along headings first, then paragraphs, then sentences. Every sentence
returned is the source's own text (markup at the start of a line aside), so whatever is built
from them quotes the source and never paraphrases it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from kbagent.knowledge.keyphrases import GENERIC_PROSE

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")

_FENCE = re.compile(r"^\s*(```|~~~)")
_MARKER = re.compile(r"^\s*(?:[-*+•]\s+|\d{1,3}[.)]\s+|>\s*)+")
_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
# Abbreviations after which a full stop does not end the sentence.
_ABBREVIATIONS = {"e.g.", "i.e.", "etc.", "vs.", "cf.", "mr.", "mrs.", "dr.", "no.", "fig."}
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_+#-]*[A-Za-z0-9+#]|[A-Za-z]")
_PHRASE_BREAK = re.compile(r"[,;:.!?()\[\]{}\"'|/=<>`*]+|\s[-\u2013\u2014]\s")
_STOPWORDS = """
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing done down during each either
else even every few for from further get gets got had has have having he her here hers him
his how however i if in into is it its itself just least less let like made make many may me
might more most much must my neither no nor not now of off often on once one only or other
others otherwise our out over own per perhaps rather same see seen shall she should since so
some such than that the their theirs them then there these they this those though through
thus to too under until up upon us use used uses using very via was we well were what when
where whether which while who whom whose why will with within without would yet you your
yours http https www com org html example examples following note
"""
STOPWORDS = frozenset(_STOPWORDS.split()) | GENERIC_PROSE


@dataclass(frozen=True)
class Part:
    heading: str  # "" for text before the first heading
    level: int  # 1-6 for a markdown heading, 0 for none
    text: str


def _lines_outside_code(text: str) -> Iterator[tuple[str, bool]]:
    """Each line with whether it is inside a fenced code block (fences count as inside)."""
    inside = False
    for line in text.splitlines():
        if _FENCE.match(line):
            yield line, True
            inside = not inside
            continue
        yield line, inside


def plain(text: str) -> str:
    """Inline markdown reduced to its words: links to their text, no permalink marks (`¶`),
    code ticks or emphasis; for headings, which are shown, not quoted."""
    text = _LINK.sub(r"\1", text)
    return " ".join(re.sub(r"[`*\u00b6]+", "", text).split())


def sections(text: str) -> list[Part]:
    """The text cut at its markdown headings (a `#` line inside a code block is code)."""
    parts: list[Part] = []
    heading, level, lines = "", 0, list[str]()
    for line, in_code in _lines_outside_code(text):
        found = None if in_code else _HEADING.match(line)
        if found:
            if heading or "\n".join(lines).strip():
                parts.append(Part(heading, level, "\n".join(lines).strip()))
            heading, level, lines = plain(found.group(2)), len(found.group(1)), []
        else:
            lines.append(line)
    if heading or "\n".join(lines).strip():
        parts.append(Part(heading, level, "\n".join(lines).strip()))
    return parts


def paragraphs(text: str) -> list[str]:
    """Blocks separated by blank lines; a fenced code block stays one block."""
    blocks: list[str] = []
    current: list[str] = []
    for line, in_code in _lines_outside_code(text):
        if not line.strip() and not in_code:
            if current:
                blocks.append("\n".join(current))
            current = []
        else:
            current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


def _units(block: str) -> Iterator[str]:
    """Runs of prose in a block: a list item or quoted line starts a new one."""
    current: list[str] = []
    for line in block.splitlines():
        marker = _MARKER.match(line)
        if marker and current:
            yield " ".join(current)
            current = []
        current.append(line[marker.end() :] if marker else line)
    if current:
        yield " ".join(current)


def _open(text: str, left: str, right: str) -> bool:
    return text.count(left) > text.count(right)


def _split(unit: str) -> Iterator[str]:
    start = 0
    for boundary in _BOUNDARY.finditer(unit):
        words = unit[start : boundary.start()].split()
        last = words[-1].lower() if words else ""
        if last in _ABBREVIATIONS or re.fullmatch(r"[a-z]\.|\d+\.\d*", last):
            continue  # "e.g. Foo", "A. Smith", "version 2. Then" are not ends
        so_far = unit[start : boundary.end()]
        if last.endswith(("...", "\u2026")) or _open(so_far, "[", "]") or _open(so_far, "(", ")"):
            continue  # "ALTER TABLE ... ENABLE" and "[a link. With text]" do not end here
        yield unit[start : boundary.start()]
        start = boundary.end()
    yield unit[start:]


def sentences(text: str) -> list[str]:
    """The prose sentences of a text, in order: code blocks, tables and headings left out."""
    found: list[str] = []
    for block in paragraphs(text):
        first = block.lstrip()
        if _FENCE.match(first) or first.startswith("|") or _HEADING.match(first):
            continue
        for unit in _units(block):
            for sentence in _split(" ".join(unit.split())):
                # a fence inside a paragraph leaves code in the line: not a sentence to quote
                if sentence.strip() and "```" not in sentence:
                    found.append(sentence.strip())
    return found


def complete(sentence: str) -> bool:
    """A sentence that reads whole out of context: it starts like one (a capital, a digit, a
    quote or a bracket, once inline markup is set aside) and ends with its full stop."""
    start = re.sub(r"^[\s`*_>#|\[]+", "", _LINK.sub(r"\1", sentence))
    return (
        bool(start)
        and (start[0].isupper() or start[0] in "0123456789(\"'")
        and (sentence.rstrip().endswith((".", "!", "?")))
    )


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _candidates(text: str) -> Iterator[tuple[str, ...]]:
    """Runs of up to three content words between stopwords and punctuation."""
    for piece in _PHRASE_BREAK.split(text):
        run: list[str] = []
        for word in [*words(piece), ""]:
            if word and word not in STOPWORDS and len(word) > 1 and not word.isdigit():
                run.append(word)
                continue
            for size in range(1, min(len(run), 3) + 1):
                for start in range(len(run) - size + 1):
                    yield tuple(run[start : start + size])
            run = []


def key_phrases(text: str, n: int = 8) -> list[str]:
    """The `n` phrases that best characterise the text: frequent content words and the word
    pairs they form, counted in the prose and weighted up where they appear in headings."""
    prose = " ".join(sentences(text))
    headings = " ".join(p.heading for p in sections(text))
    counts = Counter(_candidates(prose))
    for phrase in _candidates(headings):
        counts[phrase] += 2
    single = {p[0]: c for p, c in counts.items() if len(p) == 1}
    scored: list[tuple[float, tuple[str, ...]]] = []
    for phrase, count in counts.items():
        if len(phrase) > 1 and count < 2:
            continue  # a pair seen once is chance
        weight = sum(math.log1p(single.get(w, 1)) for w in phrase) / len(phrase)
        scored.append((count * weight * (1.0 + 0.6 * (len(phrase) - 1)), phrase))
    chosen: list[tuple[str, ...]] = []
    for _, phrase in sorted(scored, key=lambda s: (-s[0], s[1])):
        if any(set(phrase) <= set(c) or set(c) <= set(phrase) for c in chosen):
            continue
        chosen.append(phrase)
        if len(chosen) == n:
            break
    return [" ".join(p) for p in chosen]


def key_sentences(text: str, n: int = 5, phrases: list[str] | None = None) -> list[str]:
    """The `n` sentences carrying most key phrases, in document order; `phrases` (best first)
    are the text's own unless given (a section is best judged by its whole document's). A
    sentence with none of them is never chosen."""
    found = sentences(text)
    phrases = phrases if phrases is not None else key_phrases(text, 20)
    weights = {p: 1.0 / (1 + rank * 0.15) for rank, p in enumerate(phrases)}
    ranked: list[tuple[float, int]] = []
    for index, sentence in enumerate(found):
        length = len(sentence.split())
        if length < 6 or length > 70 or not complete(sentence):
            continue  # fragments, run-ons and lead-ins to examples ("For example:")
        lowered = " ".join(words(sentence))
        score = sum(w for p, w in weights.items() if re.search(rf"\b{re.escape(p)}\b", lowered))
        if not score:
            continue
        if "](" in sentence or sentence.startswith(("`", "*", "(", "[")):
            score /= 2  # link-laden or definition-list entries read badly out of context
        ranked.append((score / math.sqrt(length) + (0.05 if index < 8 else 0.0), index))
    best = sorted(index for _, index in sorted(ranked, reverse=True)[:n])
    return [found[i] for i in best]


def pack(text: str, fits: Callable[[str], bool]) -> list[Part]:
    """The text in pieces that each satisfy `fits`, cut along headings, then paragraphs, then
    lines; neighbouring small sections share a piece, so there are as few pieces as can be."""
    pieces: list[Part] = []
    for part in sections(text):
        titled = f"## {part.heading}\n{part.text}" if part.heading else part.text
        if pieces and fits(f"{_body(pieces[-1])}\n\n{titled}"):
            last = pieces[-1]
            pieces[-1] = Part(last.heading, last.level, f"{last.text}\n\n{titled}")
        elif fits(titled):
            pieces.append(Part(part.heading, part.level, part.text))
        else:
            pieces += [Part(part.heading, part.level, c) for c in _cut(part.text, fits)]
    return pieces


def _body(part: Part) -> str:
    return f"## {part.heading}\n{part.text}" if part.heading else part.text


def _cut(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Greedy packing of paragraphs, then of lines, then of words, into fitting chunks."""
    chunks: list[str] = []
    for unit in _fine_units(text, fits):
        if chunks and fits(f"{chunks[-1]}\n{unit}"):
            chunks[-1] = f"{chunks[-1]}\n{unit}"
        else:
            chunks.append(unit)
    return chunks


def _fine_units(text: str, fits: Callable[[str], bool]) -> Iterator[str]:
    for block in paragraphs(text):
        if fits(block):
            yield block
            continue
        for line in block.splitlines():
            if fits(line):
                yield line
                continue
            yield from _halves(line, fits)


def _halves(line: str, fits: Callable[[str], bool]) -> Iterator[str]:
    """A line too long to fit, halved at a space until the halves fit (a run without spaces
    is cut anywhere: model input only, never quoted)."""
    if fits(line) or len(line) < 2:
        yield line
        return
    middle = len(line) // 2
    cut = line.rfind(" ", 0, middle + 1)
    cut = cut if cut > 0 else line.find(" ", middle)
    cut = cut if cut > 0 else middle
    yield from _halves(line[:cut].strip(), fits)
    yield from _halves(line[cut:].strip(), fits)
