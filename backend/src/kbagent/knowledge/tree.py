"""The controlled category tree: resolve names to existing nodes, rename, merge and move.

Every operation updates items (a new version each), category rows and syntheses in the same
unit of work; the caller refreshes the vault afterwards.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy.orm import Session

from kbagent.errors import Duplicate, InvalidInput, NotFound
from kbagent.knowledge import history, repository
from kbagent.knowledge.categories import category_name, most_similar
from kbagent.knowledge.models import Category
from kbagent.knowledge.schemas import (
    CategoryChange,
    CategoryTree,
    MainCategoryRead,
    SubCategoryRead,
)

DEFAULT_SUB = "general"
MAIN_SYNTHESIS = ""  # sub_category of a main category's synthesis
MAX_CACHED_DATABASES = 4


def _name(raw: str) -> str:
    name = category_name(raw)
    if not name:
        raise InvalidInput(f"{raw!r} is not a usable category name.", {"name": raw})
    return name


def _mains(session: Session) -> list[str]:
    return sorted({c.main_category for c in repository.list_categories(session)})


def _subs(session: Session, main: str) -> list[str]:
    return [c.sub_category for c in repository.list_categories(session) if c.main_category == main]


def resolve(
    session: Session, main: str | None, sub: str | None, threshold: float
) -> tuple[str | None, str | None]:
    """The existing node a (main, sub) pair names, created only if nothing similar exists."""
    if main is None:
        if sub is not None:
            raise InvalidInput("A subcategory needs a main category.", {"sub_category": sub})
        return None, None
    main_name = _name(main)
    sub_name = _name(sub) if sub is not None else DEFAULT_SUB
    if repository.get_category(session, main_name, sub_name) is not None:
        # The node exists as named (the common case once a category has items): nothing is
        # more similar to a name than itself, so one indexed read decides.
        return main_name, sub_name
    known = repository.list_categories(session)  # once, for the main and the sub
    main_name = most_similar(main_name, sorted({c.main_category for c in known}), threshold) or (
        main_name
    )
    subs = [c.sub_category for c in known if c.main_category == main_name]
    sub_name = most_similar(sub_name, subs, threshold) or sub_name
    if (main_name, sub_name) not in {(c.main_category, c.sub_category) for c in known}:
        repository.add(session, Category(main_category=main_name, sub_category=sub_name))
    return main_name, sub_name


def create(session: Session, main: str, sub: str, threshold: float) -> Category:
    main_name, sub_name = _name(main), _name(sub)
    twin_main = most_similar(main_name, _mains(session), threshold)
    if twin_main is not None and twin_main != main_name:
        raise Duplicate(
            f"Main category {main_name!r} is too similar to existing {twin_main!r}.",
            {"similar_to": twin_main},
        )
    twin_sub = most_similar(sub_name, _subs(session, main_name), threshold)
    if twin_sub is not None:
        raise Duplicate(
            f"Category {main_name}/{sub_name} already exists as {main_name}/{twin_sub}.",
            {"similar_to": f"{main_name}/{twin_sub}"},
        )
    category = Category(main_category=main_name, sub_category=sub_name, origin="user")
    repository.add(session, category)
    return category


def prune(session: Session) -> list[tuple[str, str]]:
    """Remove the pipeline's categories left without items (their items failed or moved)."""
    return repository.prune_empty_categories(session)


def tree(session: Session) -> CategoryTree:
    """The tree with item counts; an empty category shows only if a user created it (empty
    pipeline categories are hidden here even before `prune` removes them)."""
    counts: dict[str, dict[str, int]] = {}
    for category in repository.list_categories(session):
        if category.origin == "user":
            counts.setdefault(category.main_category, {}).setdefault(category.sub_category, 0)
    filed, total = _counts(session)
    for main, sub, n in filed:
        counts.setdefault(main, {})[sub] = n
    mains = [
        MainCategoryRead(
            name=main,
            count=sum(subs.values()),
            subcategories=[SubCategoryRead(name=s, count=n) for s, n in sorted(subs.items())],
        )
        for main, subs in sorted(counts.items())
    ]
    return CategoryTree(categories=mains, total_items=total)


@dataclass(frozen=True)
class _Counts:
    stamp: int
    filed: list[tuple[str, str, int]]
    total: int


_counts_cache: dict[str, _Counts] = {}
_counts_lock = threading.Lock()


def _counts(session: Session) -> tuple[list[tuple[str, str, int]], int]:
    """Items per category and in all, remembered per database while its tree stamp stands
    (migration 0022): counting joins every item (~200 ms at 100k on SQLite), and every
    auto-synced vault change renders the index that shows the counts. The stamp is read
    before the counts (SQLite's readers take a snapshot per statement): counts newer than their
    stamp are only counted again next time. Only `Database.reader` sessions remember: a
    writer's own uncommitted stamp may be rolled back and then reused by another change."""
    if session.get_bind().get_execution_options().get("kb_begin", "") is not None:
        return repository.category_counts(session), repository.count_items(session)
    key = repository.database_key(session)
    stamp = repository.tree_stamp(session)
    found = _counts_cache.get(key)
    if found is not None and found.stamp == stamp:
        return found.filed, found.total
    counts = _Counts(stamp, repository.category_counts(session), repository.count_items(session))
    with _counts_lock:
        if len(_counts_cache) >= MAX_CACHED_DATABASES and key not in _counts_cache:
            _counts_cache.pop(next(iter(_counts_cache)))  # one per database; tests open many
        _counts_cache[key] = counts
    return counts.filed, counts.total


def _require(session: Session, main: str, sub: str) -> Category:
    category = repository.get_category(session, main, sub)
    if category is None:
        raise NotFound(f"No category {main}/{sub}.", {"category": f"{main}/{sub}"})
    return category


def _require_main(session: Session, main: str) -> list[str]:
    subs = _subs(session, main)
    if not subs:
        raise NotFound(f"No main category {main!r}.", {"category": main})
    return subs


def _relocate(session: Session, src: tuple[str, str], dst: tuple[str, str]) -> CategoryChange:
    """Move everything in subcategory `src` to `dst`, creating `dst` if needed."""
    repository.delete_row(session, _require(session, *src))
    if repository.get_category(session, *dst) is None:
        repository.add(session, Category(main_category=dst[0], sub_category=dst[1]))
    items = repository.refile(session, src, dst)
    for item in items:
        item.version += 1
        history.record(session, item, f"recategorised from {src[0]}/{src[1]}")
    syntheses = 0
    source_doc = repository.get_synthesis(session, *src)
    target_doc = repository.get_synthesis(session, *dst)
    if source_doc is not None:
        syntheses += 1
        if target_doc is None:
            source_doc.main_category, source_doc.sub_category = dst
            source_doc.is_stale = True
        else:
            repository.delete_row(session, source_doc)
    if target_doc is not None:
        target_doc.is_stale = True
        syntheses += 1
    for main in {src[0], dst[0]}:
        main_doc = repository.get_synthesis(session, main, MAIN_SYNTHESIS)
        if main_doc is not None:
            main_doc.is_stale = True
            syntheses += 1
    session.flush()
    return CategoryChange(items_updated=len(items), syntheses_updated=syntheses)


def _add(total: CategoryChange, part: CategoryChange) -> CategoryChange:
    return CategoryChange(
        items_updated=total.items_updated + part.items_updated,
        syntheses_updated=total.syntheses_updated + part.syntheses_updated,
    )


def _move_main(session: Session, src: str, dst: str) -> CategoryChange:
    total = CategoryChange(items_updated=0, syntheses_updated=0)
    for sub in _require_main(session, src):
        total = _add(total, _relocate(session, (src, sub), (dst, sub)))
    main_doc = repository.get_synthesis(session, src, MAIN_SYNTHESIS)
    if main_doc is not None:
        if repository.get_synthesis(session, dst, MAIN_SYNTHESIS) is None:
            main_doc.main_category = dst
            main_doc.is_stale = True
        else:
            repository.delete_row(session, main_doc)
    session.flush()
    return total


def rename(session: Session, main: str, sub: str | None, new_name: str) -> CategoryChange:
    new = _name(new_name)
    if sub is None:
        _require_main(session, main)
        if _subs(session, new):
            raise Duplicate(f"Main category {new!r} exists; merge instead.", {"target": new})
        return _move_main(session, main, new)
    if repository.get_category(session, main, new) is not None:
        raise Duplicate(f"Category {main}/{new} exists; merge instead.", {"target": new})
    return _relocate(session, (main, sub), (main, new))


def merge(
    session: Session, source: tuple[str, str | None], target: tuple[str, str | None]
) -> CategoryChange:
    (src_main, src_sub), (dst_main, dst_sub) = source, target
    if (src_sub is None) != (dst_sub is None):
        raise InvalidInput("Merge a subcategory into a subcategory, or a main into a main.")
    if source == target:
        raise InvalidInput("A category cannot be merged into itself.")
    if src_sub is None or dst_sub is None:
        _require_main(session, dst_main)
        return _move_main(session, src_main, dst_main)
    _require(session, dst_main, dst_sub)
    return _relocate(session, (src_main, src_sub), (dst_main, dst_sub))


def move(session: Session, main: str, sub: str, new_main: str, threshold: float) -> CategoryChange:
    target_main = _name(new_main)
    target_main = most_similar(target_main, _mains(session), threshold) or target_main
    if repository.get_category(session, target_main, sub) is not None:
        raise Duplicate(
            f"Category {target_main}/{sub} exists; merge instead.",
            {"target": f"{target_main}/{sub}"},
        )
    return _relocate(session, (main, sub), (target_main, sub))
