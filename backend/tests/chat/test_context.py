"""The prompt's budget, numbering and code-block-safe trimming; follow-up rewriting."""

from __future__ import annotations

from kbagent.chat import context
from kbagent.chat.citing import citations
from kbagent.chat.retrieval import Retrieved, relevance, rewrite

CODE = "Intro paragraph.\n\n```python\n" + "\n".join(f"x{i} = {i}" for i in range(200)) + "\n```\n"


def _source(title: str, text: str) -> Retrieved:
    return Retrieved("item", title.lower(), title, None, "cat/sub", text, 1.0)


def test_trimming_never_leaves_a_code_block_open() -> None:
    for limit in range(5, 400, 7):
        cut = context.trim(CODE + "Outro.", limit)
        assert cut.count("```") % 2 == 0, (limit, cut)
        assert context.tokens(cut) <= limit + 2
    assert context.trim("short", 100) == "short"


def test_sources_are_numbered_within_the_budget() -> None:
    found = [_source(f"Title {i}", "word " * 300) for i in range(10)]
    built = context.build(found, 500)
    assert built.trimmed and 0 < len(built.sources) < 10
    assert built.tokens <= 500
    for number, source in enumerate(built.sources, start=1):
        assert f"[{number}] {source.title}\n" in built.text
    assert context.budget(8192, "q", []) > context.budget(4096, "q", []) > 0
    assert context.budget(None, "q", [("user", "x" * 40_000)]) == 0


def test_citations_outside_the_sources_are_dropped() -> None:
    text, cited = citations("A [1]. B [7]. C [2, 9]. D [3][1].", 3)
    assert cited == {1, 2, 3}
    assert text == "A [1]. B . C [2]. D [3][1]."


def test_follow_ups_carry_the_previous_topic() -> None:
    previous = ["How does Kubernetes autoscaling work?"]
    assert "kubernetes" in rewrite("and what about its cost?", previous).lower()
    standalone = "How does PostgreSQL vacuum reclaim dead tuples?"
    assert rewrite(standalone, previous) == standalone
    assert rewrite("What is it?", []) == "What is it?"
    # A short question of its own is not a follow-up (it had been searched with the last
    # question's words: "bake sourdough bread What does VACUUM FULL do?").
    baking = ["How do I bake sourdough bread?"]
    assert rewrite("What does VACUUM FULL do?", baking) == "What does VACUUM FULL do?"
    assert "sourdough" in rewrite("And rye?", baking)
    assert "sourdough" in rewrite("Why?", baking)
    assert relevance(["vacuum", "tuples"], "Vacuum reclaims dead tuples") == 1.0
    assert relevance(["france"], "Vacuum reclaims dead tuples") == 0.0


def test_a_quoted_answer_never_repeats_a_sentence() -> None:
    """A note says its key sentence twice (summary, then body): it is quoted once."""
    from kbagent.chat.extractive import answer
    from kbagent.chat.retrieval import Retrieved

    said = "Green tea should be brewed with water between 70 and 80 degrees Celsius."
    note = f"{said}\n\n## Brewing\n\n{said} Steep the leaves for one to three minutes."
    tea = Retrieved("item", "1", "Green tea", None, "tea/green", note, 1.0)
    text, cited = answer("At what temperature should green tea be brewed?", [tea], None)
    assert cited == {1}
    assert text.count(said) == 1, text
