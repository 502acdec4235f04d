"""Category and tag names: normalisation and near-twin detection, pure functions.

The tree stays controlled by comparing *canonical token sets*: names are split on separators,
abbreviations expanded (`ml` -> machine learning), plurals folded (`llms` -> `llm`), so
`ml/llm` and `machine_learning/llms` canonicalise to the same path. Names that differ only a
little in spelling are caught by a string-similarity ratio on the canonical form.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher
from functools import lru_cache

MAX_NAME = 100
MAX_TAG = 50

# Abbreviations people use for category names; values are canonical token sequences.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "ml": ("machine", "learning"),
    "ai": ("artificial", "intelligence"),
    "llm": ("large", "language", "model"),
    "nlp": ("natural", "language", "processing"),
    "cv": ("computer", "vision"),
    "dl": ("deep", "learning"),
    "rl": ("reinforcement", "learning"),
    "js": ("javascript",),
    "ts": ("typescript",),
    "py": ("python",),
    "k8s": ("kubernetes",),
    "db": ("database",),
    "dbs": ("database",),
    "devops": ("devops",),
    "ui": ("user", "interface"),
    "ux": ("user", "experience"),
    "os": ("operating", "system"),
    "sec": ("security",),
    "infosec": ("security",),
    "api": ("api",),
    "apis": ("api",),
}

# Whole-token synonyms folded to one spelling.
SYNONYMS: dict[str, str] = {
    "programming": "programming",
    "coding": "programming",
    "dev": "development",
    "develop": "development",
    "ops": "operations",
    "misc": "miscellaneous",
    "other": "miscellaneous",
    "general": "miscellaneous",
    "howto": "tutorial",
    "guide": "tutorial",
}

_STOP = {"and", "or", "the", "of", "for", "in", "on", "a", "an", "to", "with"}


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def slug(text: str, separator: str = "_", limit: int = MAX_NAME) -> str:
    """Lowercase ASCII words joined by `separator` (category names use snake_case)."""
    words = re.findall(r"[a-z0-9]+", _ascii(text).lower())
    return separator.join(words)[:limit].strip(separator)


def category_name(text: str) -> str:
    return slug(text, "_")


def normalise_tag(tag: str) -> str:
    return slug(tag.lstrip("#"), "-", MAX_TAG)


def normalise_tags(tags: Iterable[str]) -> list[str]:
    """Normalised tags, deduplicated by canonical form (so `LLMs` and `llm` are one tag)."""
    seen: set[tuple[str, ...]] = set()
    result: list[str] = []
    for raw in tags:
        tag = normalise_tag(raw)
        key = canonical_tokens(tag)
        if tag and key not in seen:
            seen.add(key)
            result.append(tag)
    return result


# Words that end in "s" without being plurals (names, mostly).
NOT_PLURAL = frozenset({"postgres", "kubernetes", "redis", "series", "species", "news", "ios"})


def singular(word: str) -> str:
    if len(word) <= 3 or word.endswith(("ss", "us", "is")) or word in NOT_PLURAL:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


@lru_cache(maxsize=4096)
def canonical_tokens(name: str) -> tuple[str, ...]:
    tokens: list[str] = []
    for word in re.findall(r"[a-z0-9]+", _ascii(name).lower()):
        if word in _STOP:
            continue
        if word in ABBREVIATIONS:
            tokens.extend(ABBREVIATIONS[word])
            continue
        word = singular(word)
        if word in ABBREVIATIONS:
            tokens.extend(ABBREVIATIONS[word])
            continue
        tokens.append(SYNONYMS.get(word, word))
    return tuple(tokens)


def similarity(a: str, b: str, at_least: float = 0.0) -> float:
    """1.0 for the same canonical tokens; otherwise the best of set overlap and spelling.

    With `at_least`, a score below it may be answered by a cheap upper bound instead (the
    spelling ratio is computed only when its bounds can reach `at_least`)."""
    ta, tb = canonical_tokens(a), canonical_tokens(b)
    if not ta or not tb:
        return 1.0 if category_name(a) == category_name(b) else 0.0
    sa, sb = set(ta), set(tb)
    if sa == sb:
        return 1.0
    overlap = len(sa & sb) / len(sa | sb)
    matcher = SequenceMatcher(None, " ".join(sorted(ta)), " ".join(sorted(tb)))
    if at_least > overlap:
        bound = matcher.real_quick_ratio()  # >= quick_ratio() >= ratio()
        if bound < at_least or (bound := matcher.quick_ratio()) < at_least:
            return max(overlap, bound)
    return max(overlap, matcher.ratio())


def most_similar(name: str, existing: Sequence[str], threshold: float) -> str | None:
    """The existing name closest to `name` if it is at least `threshold` similar."""
    best: tuple[float, str] | None = None
    for candidate in existing:
        score = similarity(name, candidate, threshold)
        if score >= threshold and (best is None or score > best[0]):
            best = (score, candidate)
    return best[1] if best else None


# Words that say nothing about a topic: a category (or a key phrase naming one) made only of
# these is refused. Schema field names are here because small models copy them as answers.
FIELD_NAMES = frozenset(
    {"main_category", "sub_category", "category", "subcategory", "item_name", "name", "title"}
)
_GENERIC_WORDS = """general miscellaneous misc other others uncategorised uncategorized unknown
    none null stuff thing things topic topics category categories subcategory item items name title
    untitled various content contents article articles post posts page pages document
    documents documentation doc docs note notes tip tips warning caution important example
    examples introduction overview summary chapter section part appendix reference main sub
    field information info data detail details description sample test default"""
GENERIC_NAMES = frozenset(_GENERIC_WORDS.split())
MAX_TOPIC_WORDS = 3
MAX_TOPIC_CHARS = 40


def name_problem(raw: str, title: str = "") -> str | None:
    """Why `raw` cannot name a topic, or None when it can."""
    name = category_name(raw)
    if not name:
        return f"{raw!r} has no letters or digits"
    if name in FIELD_NAMES or raw.strip().lower() in FIELD_NAMES:
        return f"{name!r} is a field name, not a topic"
    words = name.split("_")
    if all(w in GENERIC_NAMES or w.isdigit() for w in words):
        return f"{name!r} is too generic"
    if len(words) > MAX_TOPIC_WORDS or len(name) > MAX_TOPIC_CHARS:
        return f"{name!r} is too long for a topic (at most {MAX_TOPIC_WORDS} words)"
    title_name = category_name(title)
    if len(words) > 1 and name == title_name:
        return f"{name!r} is the item's title, not a topic"
    return None


def meaningless(main: str, sub: str, title: str = "") -> str | None:
    """Why a (main, sub) pair cannot be a category, or None when it can.

    Catches what small models produce instead of a topic: field names copied from the schema,
    the same name twice, generic words, and the item's own title as a name.
    """
    problem = name_problem(main, title) or name_problem(sub, title)
    if problem:
        return problem
    a, b = category_name(main), category_name(sub)
    if a == b or canonical_tokens(a) == canonical_tokens(b):
        return f"main and sub are both {a!r}"
    return None
