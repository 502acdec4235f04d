"""Is an answer's citation supported by the source it cites? A cheap, model-free check.

A cited sentence is supported when at least SUPPORT_SHARE of its content terms (crudely
stemmed) occur in the cited source's title or text. Made-up function names, options and facts
are words the source does not contain, which is what the check catches; a paraphrase that
keeps the source's key terms passes. Citations of a source no sentence is supported by are
removed; an answer left with none is not used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kbagent.chat import sentences
from kbagent.chat.retrieval import Retrieved, key_terms

SUPPORT_SHARE = 0.5
_CITATION = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")
_WORD = re.compile(r"\w+")


def stem(word: str) -> str:
    return word[:5]


def _stems(text: str) -> set[str]:
    return {stem(w) for w in _WORD.findall(text.lower())}


def _claims(answer: str) -> list[str]:
    """Sentences, with a citation standing alone ("... tables. [1]") joined to its sentence."""
    claims: list[str] = []
    for sentence in sentences.split(answer):
        if claims and not _WORD.search(_CITATION.sub("", sentence)):
            claims[-1] = f"{claims[-1]} {sentence}"
        else:
            claims.append(sentence)
    return claims


def supports(source: Retrieved, claim: str) -> bool:
    terms = [t for t in key_terms(_CITATION.sub(" ", claim)) if not t.isdigit()]
    if not terms:
        return False
    present = _stems(f"{source.title} {source.text}")
    return sum(1 for t in terms if stem(t) in present) / len(terms) >= SUPPORT_SHARE


@dataclass(frozen=True)
class Verdict:
    text: str  # the answer with unsupported citations removed
    supported: set[int]  # source numbers cited by a supported sentence
    unsupported: int  # citations removed (or of sentences the source does not back)


def check(answer: str, found: list[Retrieved]) -> Verdict:
    """Checks each cited sentence against the sources it cites (numbered from 1)."""
    supported: set[int] = set()
    cited = 0
    for claim in _claims(answer):
        numbers = [int(n) for m in _CITATION.findall(claim) for n in re.findall(r"\d+", m)]
        cited += len(numbers)
        supported.update(
            n for n in numbers if 1 <= n <= len(found) and supports(found[n - 1], claim)
        )
    text, kept = _only(answer, supported)
    return Verdict(text, supported, cited - kept)


def _only(text: str, keep: set[int]) -> tuple[str, int]:
    """The text with citations of numbers outside `keep` removed, and the citations kept."""
    kept = 0

    def sub(match: re.Match[str]) -> str:
        nonlocal kept
        numbers = list(dict.fromkeys(int(x) for x in re.findall(r"\d+", match.group(1))))
        good = [str(n) for n in numbers if n in keep]
        kept += len(good)
        return f" [{', '.join(good)}]" if good else ""

    return _CITATION.sub(sub, text), kept
