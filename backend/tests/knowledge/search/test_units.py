"""Chunking, snippets, query sanitising and fusion as pure functions."""

from __future__ import annotations

from kbagent.knowledge.search.chunking import chunk_item
from kbagent.knowledge.search.fts import fts5_query, terms, tsquery_literal
from kbagent.knowledge.search.hybrid import best_chunk_per_item, fuse
from kbagent.knowledge.search.query_vectors import QueryVectors
from kbagent.knowledge.search.snippets import snippet
from knowledge.fakes import HashEmbedder


def test_chunks_keep_code_blocks_whole_and_carry_the_title() -> None:
    code = "```python\n" + "\n".join(f"x{n} = {n}" for n in range(60)) + "\n```"
    body = ("Intro paragraph. " * 40) + "\n\n" + code + "\n\n" + ("Outro. " * 200)
    chunks = chunk_item("Title", "Summary", body, limit=800)
    assert len(chunks) > 2
    assert all(c.startswith("Title") for c in chunks)
    assert "Summary" in chunks[0] and "Summary" not in chunks[1]
    assert sum(code in c for c in chunks) == 1
    assert chunk_item("T", None, "") == ["T"]


def test_query_terms_are_sanitised() -> None:
    assert terms('"OR OR" * NEAR( a:b') == ["near", "b"]  # stop words dropped
    assert terms("OR OR the") == ["or", "the"]  # unless nothing else is left
    assert terms('"*') == []
    assert len(terms(" ".join(f"w{n}" for n in range(500)))) == 64
    assert fts5_query(["or", 'x"y']) == '"or" OR "x""y"'
    assert tsquery_literal("it's\\") == "'it''s\\\\'"


def test_snippets_escape_html_and_mark_matches() -> None:
    text = "Intro <script>alert(1)</script> " + "filler " * 80 + "the Zebras are striped"
    result = snippet(text, ["zebra"])
    assert "<mark>Zebras</mark>" in result and result.startswith("…")
    assert "<script>" not in snippet(text, ["script"])
    assert snippet("", ["x"]) == ""


def test_reciprocal_rank_fusion() -> None:
    fused = fuse([["a", "b", "c"], ["b", "c", "d"]])
    assert [item for item, _ in fused][:2] == ["b", "c"]
    assert best_chunk_per_item([("a", 2, 3.0), ("a", 0, 2.0), ("b", 1, 1.0)]) == [
        ("a", 2, 3.0),
        ("b", 1, 1.0),
    ]


def test_common_terms_are_pruned_only_in_large_corpora() -> None:
    from kbagent.knowledge.search.fts import PRUNE_MIN_CHUNKS, selective

    df = {"return": 6000, "object": 3000, "selector": 12, "header": 90}
    assert selective(df, 10_000) == ["selector", "header"]
    assert selective({"return": 6000, "object": 3000}, 10_000) == ["object", "return"]
    assert selective(df, PRUNE_MIN_CHUNKS - 1) == list(df)


def test_first_stage_reads_a_bounded_number_of_rows() -> None:
    from kbagent.knowledge.search.fts import CANDIDATE_BUDGET, within_budget

    df = {"a": CANDIDATE_BUDGET - 10, "b": 5, "c": 20, "d": CANDIDATE_BUDGET * 3}
    assert within_budget(df, list(df)) == ["b", "c"]
    assert within_budget({"d": CANDIDATE_BUDGET * 3}, ["d"]) == ["d"]


def test_query_vectors_are_remembered_per_embedder_and_text() -> None:
    first, second = HashEmbedder(8), HashEmbedder(8)
    memory = QueryVectors(size=2)

    def vector(embedder: HashEmbedder, text: str) -> list[float]:
        return memory.get(embedder, 8, text, lambda: embedder([text])[0])

    assert vector(first, "tide pools") == vector(first, "tide pools")
    assert first.calls == 1  # the second ask was answered from memory
    assert vector(second, "tide pools") == vector(first, "tide pools")
    assert second.calls == 1  # another embedder (another model) is asked itself
    vector(first, "sea stars")  # a third entry: the least recently used one goes
    assert first.calls == 2
    vector(second, "tide pools")
    assert second.calls == 2
