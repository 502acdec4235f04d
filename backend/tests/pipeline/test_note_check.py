"""Notes are judged for meaning: valid JSON that says nothing is rejected."""

from __future__ import annotations

import json

from kbagent.pipeline.note import KBItemDraft, Section
from kbagent.pipeline.note_check import is_placeholder, problems, useful_tags

TITLE = "13.1. Introduction"
GOOD = KBItemDraft(
    title="MVCC in PostgreSQL",
    meta_description="How PostgreSQL isolates concurrent transactions with row versions.",
    introduction="PostgreSQL keeps several versions of a row so that readers never block writers.",
    sections=[
        Section(
            heading="Snapshots",
            paragraphs=["Each statement sees a snapshot of the data as of its start."],
        )
    ],
    tags=["mvcc", "concurrency", "transactions"],
)
# What SmolLM2-135M answered for the PostgreSQL manual's page "13.1. Introduction" (cut short):
# schema-valid, and nothing but the title.
SMOLLM2_ECHO = (
    '{"title": "13.1. Introduction", "meta_description": "13.1. Introduction", '
    '"introduction": "13.1. Introduction", "sections": ['
    + ", ".join(['{"heading": "13.1. Introduction", "paragraphs": [""]}'] * 3)
    + "]}"
)


def test_a_note_with_content_passes() -> None:
    assert problems(GOOD, TITLE) == []


def test_the_title_echoed_everywhere_is_rejected() -> None:
    draft = KBItemDraft.model_validate(json.loads(SMOLLM2_ECHO))
    found = problems(draft, TITLE)
    assert "the body is empty or only repeats the title" in found
    assert "the introduction repeats the title or a field name" in found
    assert "no usable tags" in found


def test_field_names_as_content_are_rejected() -> None:
    # what a schema-only stand-in or a confused model returns: the fields' own names
    draft = KBItemDraft(
        title="title_1a2b3c4d",
        meta_description="meta_description_9f8e7d6c",
        introduction="introduction_5a6b7c8d",
        sections=[Section(heading="heading_0a1b2c3d", paragraphs=["paragraphs[0]_77aa88bb"])],
        tags=["tags[0]_12345678", "sub_category"],
    )
    found = problems(draft, "Partitioning")
    assert "the title is a field name" in found
    assert "no usable tags" in found
    assert any("field name" in f for f in found)


def test_an_empty_body_is_rejected_even_with_tags() -> None:
    draft = GOOD.model_copy(update={"introduction": "", "sections": [], "key_takeaways": []})
    assert problems(draft, TITLE) == [
        "the body is empty or only repeats the title",
        "the introduction repeats the title or a field name",
    ]


def test_tags_that_are_field_names_or_the_title_are_dropped() -> None:
    tags = ["sub_category", "tags", "MVCC", "mvcc", "13.1. Introduction", "Locking", " ", "none"]
    assert useful_tags(tags, TITLE) == ["MVCC", "Locking"]


def test_real_words_that_resemble_field_names_are_content() -> None:
    assert not is_placeholder("Text search functions")
    assert not is_placeholder("Code examples for partitioning")
    assert is_placeholder("heading 2") and is_placeholder("N/A") and is_placeholder("key_takeaways")
