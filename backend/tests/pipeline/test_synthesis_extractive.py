"""A synthesis written from its notes alone takes its themes from what the notes say, never
from the note template ("Key points", "References", "Original source") or the vault's links."""

from __future__ import annotations

from kbagent.knowledge.synthesis import SynthesisSource
from kbagent.pipeline.note import prose
from kbagent.pipeline.synthesis_extractive import extractive_synthesis


def _note(title: str, body: str) -> str:
    return (
        f"# {title}\n\n{body}\n\n## Key points\n\n- {body}\n\n"
        "```sql\nSELECT pg_relation_size('orders');\n```\n\n"
        "## References\n\n- [Original source](https://e.org/x)\n- [README](../http/README.md)\n"
    )


NOTES = {
    "Vacuum basics": "Vacuum reclaims dead tuples so that tables stop growing after updates.",
    "Autovacuum tuning": "Autovacuum workers reclaim dead tuples when a table's updates pile up.",
    "Bloat": "Table bloat grows when dead tuples are not reclaimed by vacuum in time.",
}


def test_themes_come_from_the_notes_words_not_their_template() -> None:
    sources = [
        SynthesisSource(str(n), title, body, _note(title, body), f"../vacuum/{n}.md")
        for n, (title, body) in enumerate(NOTES.items())
    ]
    draft = extractive_synthesis("postgres/vacuum", sources)
    words = " ".join([*draft.themes, *draft.patterns]).lower()
    for scaffolding in ("key points", "references", "original", "source", "readme", "md", "sql"):
        assert scaffolding not in words.split(), (scaffolding, draft.themes, draft.patterns)
    assert any("dead tuples" in theme for theme in draft.themes), draft.themes


def test_prose_keeps_the_words_and_drops_the_scaffolding() -> None:
    text = prose(_note("Vacuum basics", NOTES["Vacuum basics"]))
    assert "Vacuum reclaims dead tuples" in text
    assert "Key points" not in text and "Original source" not in text and "README" not in text
    assert "pg_relation_size" not in text and "#" not in text
