"""Category names must mean something: validation, key phrases, naming and placement."""

from __future__ import annotations

import numpy as np
import pytest

from kbagent.knowledge.categories import meaningless, name_problem
from kbagent.knowledge.centroids import Centroid, unit
from kbagent.knowledge.keyphrases import distinctive, name_from_terms, weights
from kbagent.knowledge.placement import Thresholds, place
from kbagent.pipeline.digest import DIGEST_CHARS, digest, headings, lead


@pytest.mark.parametrize(
    ("main", "sub", "title", "why"),
    [
        ("partitioning", "sub_category", "", "field name"),
        ("main_category", "indexes", "", "field name"),
        ("item_name", "indexes", "", "field name"),
        ("vacuum", "vacuum", "", "both"),
        ("machine_learning", "ML", "", "both"),
        ("uncategorised", "general", "", "generic"),
        ("misc", "indexes", "", "generic"),
        ("databases", "tables_and_columns_for_storing_data", "", "too long"),
        ("databases", "routine_vacuuming", "Routine Vacuuming", "title"),
        ("databases", "!!!", "", "no letters"),
    ],
)
def test_meaningless_categories_are_refused(main: str, sub: str, title: str, why: str) -> None:
    problem = meaningless(main, sub, title)
    assert problem is not None and why in problem


@pytest.mark.parametrize(
    ("main", "sub"),
    [("databases", "indexes"), ("authentication", "ldap"), ("plpgsql", "cursors")],
)
def test_topic_names_pass(main: str, sub: str) -> None:
    assert meaningless(main, sub, "Some page title") is None


def test_a_one_word_title_may_name_a_topic() -> None:
    # "Indexes" is a page title and also the right topic; only multi-word titles are refused
    assert name_problem("indexes", "Indexes") is None


PAGE = """Intro words here.

## Partial Indexes

A partial index is an index built over a subset of a table. The partial index contains
entries only for rows that satisfy the predicate. Partial indexes avoid indexing common
values, and a partial index can enforce uniqueness over a subset.

```sql
CREATE INDEX orders_unbilled_index ON orders (order_nr) WHERE billed is not true;
```

### Note

Partial indexes are an advanced feature.
"""


def test_key_phrases_favour_titles_and_headings_over_code() -> None:
    counts = weights("Partial Indexes", headings(PAGE), PAGE)
    terms = distinctive(counts, {}, 0, 5)
    assert terms[0] == "partial index"
    assert "orders_unbilled_index" not in terms[:2]


def test_corpus_frequency_demotes_terms_every_item_has() -> None:
    counts = {"postgresql": 12.0, "partial index": 4.0}
    alone = distinctive(counts, {}, 0, 2)
    in_corpus = distinctive(counts, {"postgresql": 50, "partial index": 2}, 50, 2)
    assert alone[0] == "postgresql" and in_corpus[0] == "partial index"


def test_names_are_snake_case_and_never_repeat_the_main() -> None:
    assert name_from_terms(["partial index", "index"]) == "partial_index"
    assert name_from_terms(["data type", "type", "numeric type"], ["data_type"]) == "numeric_type"
    assert name_from_terms(["test1", "general", "cursor"]) == "cursor"
    assert name_from_terms(["general"]) is None


def test_digest_stays_within_budget_and_keeps_structure() -> None:
    long_page = PAGE + "\n\n".join(f"## Heading {i}\n\n" + "word " * 400 for i in range(60))
    made = digest("Partial Indexes", long_page, {}, 0)
    assert len(made.text) <= DIGEST_CHARS
    assert made.text.startswith("Partial Indexes")
    assert "Note" not in headings(PAGE)  # admonitions are not topics
    assert lead(PAGE).startswith("Intro words here.")
    assert "partial index" in made.terms


def _centroid(main: str, sub: str, vector: list[float], members: int = 3) -> Centroid:
    return Centroid(main, sub, unit(np.asarray(vector, dtype=np.float32)), members)


def test_placement_joins_creates_under_main_or_founds_a_new_main() -> None:
    tree = [_centroid("index", "partial_index", [1, 0, 0, 0])]
    limits = Thresholds(join_sub=0.8, join_main=0.5)
    near = place(unit(np.array([0.95, 0.1, 0, 0])), ["unique"], "T", tree, limits)
    assert near is not None and (near.main, near.sub) == ("index", "partial_index")

    sibling = place(unit(np.array([0.7, 0.7, 0, 0])), ["unique index", "b"], "T", tree, limits)
    assert sibling is not None and (sibling.main, sibling.sub) == ("index", "unique_index")

    far = place(unit(np.array([0, 0, 1, 0])), ["ldap", "bind mode"], "T", tree, limits)
    assert far is not None and (far.main, far.sub) == ("ldap", "bind_mode")

    nothing = place(unit(np.array([0, 0, 0, 1])), ["general"], "T", tree, limits)
    assert nothing is None
