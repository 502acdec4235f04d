"""Document structure without a model: sections, sentences, key phrases, packing to a budget."""

from __future__ import annotations

from harness.docs import pg, py

from kbagent.pipeline import document

TEXT = """Intro line of the page. It has two sentences, e.g. this one.

# Install

Run the installer. Then restart.

```
# not a heading: a shell comment
pip install kbagent. Done
```

## Configure

- First item of a list. Still the first item.
- Second item
> A quoted remark.
"""


def test_sections_follow_headings_and_ignore_code() -> None:
    parts = document.sections(TEXT)
    assert [(p.heading, p.level) for p in parts] == [("", 0), ("Install", 1), ("Configure", 2)]
    assert "# not a heading" in parts[1].text
    assert parts[0].text.startswith("Intro line")


def test_sentences_skip_code_and_split_prose() -> None:
    found = document.sentences(TEXT)
    assert found[:2] == ["Intro line of the page.", "It has two sentences, e.g. this one."]
    assert "Run the installer." in found and "Then restart." in found
    assert not any("pip install" in s or "shell comment" in s for s in found)
    # list items and quotes are sentences of their own, without their markers
    assert "First item of a list." in found and "Second item" in found
    assert "A quoted remark." in found


def test_sentences_are_the_source_text() -> None:
    page = pg("sql-createtable.html")
    source = " ".join(page.text.split())
    found = document.sentences(page.text)
    assert len(found) > 200
    assert all(s in source for s in found)


def test_key_phrases_name_the_topic() -> None:
    page = pg("mvcc-intro.html")
    phrases = document.key_phrases(page.text, 8)
    assert len(phrases) == 8
    assert "mvcc" in phrases and any("lock" in p for p in phrases)
    assert not set(phrases) & document.STOPWORDS


def test_key_sentences_are_full_sentences_in_order() -> None:
    page = pg("tutorial-arch.html")
    chosen = document.key_sentences(page.text, 3)
    found = document.sentences(page.text)
    assert len(chosen) == 3
    positions = [found.index(s) for s in chosen]
    assert positions == sorted(positions)
    assert all(s.endswith((".", "!", "?")) for s in chosen)


def test_pack_makes_fitting_pieces_and_loses_no_text() -> None:
    page = py("library/functools.html")
    limit = 1500
    pieces = document.pack(page.text, lambda t: len(t) <= limit)
    assert len(pieces) > 3
    assert all(len(p.text) <= limit for p in pieces)
    # every word of the page's sections is in some piece, in the same order
    assert _words(pieces) == _words(document.sections(page.text))
    headings = {p.heading for p in document.sections(page.text)}
    assert {p.heading for p in pieces} <= headings and len(headings) >= 2
    assert "partial Objects" in headings  # headings in plain words: no link or ¶ markup


def _words(parts: list[document.Part]) -> list[str]:
    """The words of the parts' text, with the heading lines merged pieces carry left out."""
    return [w for part in parts for sub in document.sections(part.text) for w in sub.text.split()]


def test_pack_cuts_a_single_overlong_line() -> None:
    line = " ".join(f"word{i}" for i in range(2000))
    pieces = document.pack(line, lambda t: len(t) <= 500)
    assert all(len(p.text) <= 500 for p in pieces)
    assert " ".join(p.text for p in pieces).split() == line.split()


def test_an_ellipsis_or_an_open_bracket_does_not_end_a_sentence() -> None:
    # From the PostgreSQL manual (ddl-rowsecurity.html): cutting at "..." left a fragment
    # with half a link in an extractive note, a sentence the source never had.
    text = (
        "When row security is enabled on a table (with [ALTER TABLE ... ENABLE ROW LEVEL "
        "SECURITY](sql-altertable.html)), all normal access must be allowed by a policy. "
        "(However, the owner is not subject to it.) If no policy exists, a default applies."
    )
    assert document.sentences(text) == [
        "When row security is enabled on a table (with [ALTER TABLE ... ENABLE ROW LEVEL "
        "SECURITY](sql-altertable.html)), all normal access must be allowed by a policy.",
        "(However, the owner is not subject to it.",
        "If no policy exists, a default applies.",
    ]
