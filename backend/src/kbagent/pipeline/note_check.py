"""Is a note worth storing? Valid JSON is not enough: small models return the title again,
empty bodies, or the schema's own field names as content. A note with a problem is rejected
and the next strategy writes the note instead."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from kbagent.pipeline.note import KBItemDraft

MIN_BODY_WORDS = 12  # below this a "note" tells the reader nothing the title did not
# Placeholders models put where they have nothing to say.
_FILLER = {"", "string", "text", "none", "null", "n/a", "na", "tbd", "todo", "untitled", "..."}


_SUFFIX = re.compile(r"( \d+| [0-9a-f]{4,})+$")


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", text.lower()).split())


def field_names(*schemas: type[BaseModel]) -> set[str]:
    """Every property name in the schemas and their nested models, normalised."""
    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "properties" and isinstance(value, dict):
                    names.update(_norm(k) for k in value)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for schema in schemas:
        walk(schema.model_json_schema())
    return names


_FIELDS = field_names(KBItemDraft) | {"main category", "sub category", "item name", "category"}


def is_placeholder(text: str) -> bool:
    """A field name, alone or with a suffix (`introduction_3f2a`, `tags[0]`, `Heading 1`)."""
    normal = _norm(text)
    if normal in _FIELDS or normal in {_norm(f) for f in _FILLER}:
        return True
    stem = _SUFFIX.sub("", normal)  # only a machine-made suffix: "Text search" is content
    return stem != normal and stem in _FIELDS


def echoes(text: str, title: str) -> bool:
    """`text` says no more than the title: equal, or only words of it."""
    said, titled = _norm(text), _norm(title)
    return said == titled or (bool(said) and set(said.split()) <= set(titled.split()))


def _body(draft: KBItemDraft) -> list[str]:
    texts = [draft.introduction, *draft.key_takeaways, draft.conclusion]
    for section in draft.sections:
        texts += [*section.paragraphs, *section.bullets, *section.tips]
        texts += [b.explanation for b in section.code_blocks]
    return [t for t in texts if t.strip()]


def useful_tags(tags: list[str], title: str = "") -> list[str]:
    """The tags that name a topic: no field names, placeholders or the whole title."""
    kept: list[str] = []
    for tag in tags:
        clean = " ".join(tag.split()).strip("#")
        if not clean or len(clean) > 50 or is_placeholder(clean) or _norm(clean) == _norm(title):
            continue
        if clean.lower() not in (k.lower() for k in kept):
            kept.append(clean)
    return kept


def problems(draft: KBItemDraft, title: str) -> list[str]:
    """What makes the note unusable; empty when it may be stored."""
    found: list[str] = []
    body = _body(draft)
    meaningful = [t for t in body if not is_placeholder(t) and not echoes(t, title)]
    if sum(len(t.split()) for t in meaningful) < MIN_BODY_WORDS:
        found.append("the body is empty or only repeats the title")
    if is_placeholder(draft.introduction) or echoes(draft.introduction, title):
        found.append("the introduction repeats the title or a field name")
    for section in draft.sections:
        if is_placeholder(section.heading) or echoes(section.heading, title):
            found.append(f"section heading {section.heading[:40]!r} is the title or a field name")
            break
        if any(is_placeholder(t) for t in [*section.paragraphs, *section.bullets]):
            found.append(f"section {section.heading[:40]!r} holds field names, not content")
            break
    if is_placeholder(draft.title):
        found.append("the title is a field name")
    if not useful_tags(draft.tags, title):
        found.append("no usable tags")
    return found
