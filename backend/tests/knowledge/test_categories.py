"""Name normalisation and near-twin detection (pure functions)."""

from __future__ import annotations

from kbagent.knowledge.categories import (
    category_name,
    most_similar,
    normalise_tags,
    similarity,
)


def test_near_twins_are_detected() -> None:
    assert similarity("ml", "machine_learning") == 1.0
    assert similarity("llm", "llms") == 1.0
    assert similarity("large_language_models", "llm") == 1.0
    assert similarity("web_development", "Web Dev") == 1.0
    assert similarity("databases", "database") == 1.0
    assert similarity("python", "rust") < 0.85
    assert similarity("machine_learning", "machine_vision") < 0.85


def test_most_similar_respects_threshold() -> None:
    existing = ["machine_learning", "web_development", "security"]
    assert most_similar("ML", existing, 0.85) == "machine_learning"
    assert most_similar("securty", existing, 0.85) == "security"
    assert most_similar("cooking", existing, 0.85) is None


def test_names_and_tags_are_normalised() -> None:
    assert category_name("  Machine Learning! ") == "machine_learning"
    assert category_name("Café & Crème") == "cafe_creme"
    assert normalise_tags(["#LLMs", "llm", "Deep Learning", "deep_learning", " ", "AI"]) == [
        "llms",
        "deep-learning",
        "ai",
    ]
