"""Where an item goes in the tree, decided from embeddings alone (no generative model).

Nearest centroid first: an item close enough to a subcategory's centroid joins it. Otherwise it
starts a new subcategory, under the nearest main category when that is close enough, else
under a new main; new names come from the item's distinctive key phrases. Each decision reads
only the stored tree, so items can be filed one by one, in any order, by several workers: a
topic's first item founds its category and the later ones find it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kbagent.knowledge.categories import name_problem
from kbagent.knowledge.centroids import Centroid, Vector, by_main, nearest
from kbagent.knowledge.keyphrases import name_from_terms


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


def place(
    vector: Vector,
    terms: Sequence[str],
    title: str,
    centroids: Sequence[Centroid],
    thresholds: Thresholds,
) -> Placement | None:
    """None only when the item has no words to name a category with and nothing is near."""
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
    main_name = _fresh(terms, [], title)
    if main_name is None:
        return None
    sub = _fresh(terms, [main_name], title)
    if sub is None:
        return None
    return Placement(main_name, sub, None, "new category")
