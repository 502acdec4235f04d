"""Where an item goes in the tree, decided from embeddings alone (no generative model).

Nearest centroid first: an item close enough to a subcategory's centroid joins it. Otherwise it
starts a new subcategory, under the nearest main category when that is close enough, else
under a new main; new names come from the item's distinctive key phrases. Each decision reads
only the stored tree, so items can be filed one by one, in any order, by several workers: a
topic's first item founds its category and the later ones find it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kbagent.knowledge.categories import name_problem
from kbagent.knowledge.centroids import Centroid, Vector, by_main, nearest
from kbagent.knowledge.keyphrases import name_from_terms

MAIN_CANDIDATES = 5


@dataclass(frozen=True)
class Placement:
    main: str
    sub: str
    similarity: float | None  # to the joined centroid; None for a new category
    reason: str


@dataclass(frozen=True)
class Thresholds:
    join_sub: float  # cosine to a subcategory centroid to join it
    join_main: float  # cosine to a main category centroid to open a subcategory in it


def _fresh(terms: Sequence[str], avoid: Sequence[str], title: str) -> str | None:
    """The first key phrase that makes a meaningful name sharing no word with `avoid`."""
    for term in terms:
        name = name_from_terms([term], avoid)
        if name is not None and name_problem(name, title) is None:
            return name
    return None


def broad_first(terms: Sequence[str], frequency: Mapping[str, int], documents: int) -> list[str]:
    """The item's key terms, those shared with more filed items first (single words before
    phrases on a tie): a main category names a field, its subcategories the narrower topics.
    A term key to over a fifth of the corpus (`postgresql` in its own manual) is too broad to
    tell fields apart and goes last."""

    def breadth(rank_term: tuple[int, str]) -> tuple[int, int, int]:
        rank, term = rank_term
        shared = frequency.get(term, 0)
        if documents and shared > documents / 5:
            shared = -1
        return (-shared, len(term.split()), rank)

    # Only the item's strongest terms compete: further down the list, words shared by many
    # items are table and code noise ("yes", "int"), not fields.
    strongest = sorted(enumerate(terms[:MAIN_CANDIDATES]), key=breadth)
    return [term for _, term in strongest] + list(terms[MAIN_CANDIDATES:])


def place(
    vector: Vector,
    terms: Sequence[str],
    title: str,
    centroids: Sequence[Centroid],
    thresholds: Thresholds,
    frequency: Mapping[str, int] | None = None,
    documents: int = 0,
) -> Placement | None:
    """None only when the item has no words to name a category with and nothing is near.

    `frequency` (filed items per key term, out of `documents`) lets a new main category take
    the item's broadest term as its name.
    """
    closest = nearest(vector, centroids, 1)
    if closest and closest[0][0] >= thresholds.join_sub:
        score, centroid = closest[0]
        return Placement(centroid.main, centroid.sub, score, "nearest category")
    mains = nearest(vector, by_main(centroids), 1)
    if mains and mains[0][0] >= thresholds.join_main:
        main = mains[0][1].main
        siblings = [c.sub for c in centroids if c.main == main]
        sub = _fresh(terms, [main, *siblings], title)
        if sub is not None:
            return Placement(main, sub, None, "new subcategory of the nearest main category")
    main_name = _fresh(broad_first(terms, frequency or {}, documents), [], title)
    if main_name is None:
        return None
    sub = _fresh(terms, [main_name], title)
    if sub is None:
        return None
    return Placement(main_name, sub, None, "new category")
