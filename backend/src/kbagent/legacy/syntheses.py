"""Legacy syntheses as kbagent synthesis documents, their staleness decided anew.

The earlier tool's hash is over other inputs, so it cannot be compared: an imported synthesis
is fresh only if the legacy one was not stale and it was written from exactly the items now
filed in its category; then it takes kbagent's own source hash (`knowledge.synthesis`), and the
next synthesis phase leaves it alone. Otherwise it is marked stale and regenerated.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from kbagent.config import Settings
from kbagent.errors import InvalidInput
from kbagent.knowledge import repository as kb_repository
from kbagent.knowledge import synthesis, tree
from kbagent.knowledge.categories import category_name
from kbagent.knowledge.models import SynthesisDocument
from kbagent.legacy.items import LEGACY_MODEL
from kbagent.legacy.records import LegacySynthesis


def place(session: Session, legacy: LegacySynthesis, settings: Settings) -> tuple[str, str] | None:
    try:
        if legacy.sub_category is None:  # an overview: no "general" node made for it
            main = category_name(legacy.main_category)
            return (main, tree.MAIN_SYNTHESIS) if main else None
        found = tree.resolve(
            session, legacy.main_category, legacy.sub_category, settings.category_similarity
        )
    except InvalidInput:
        return None
    return (found[0], found[1]) if found[0] and found[1] else None


def write_synthesis(
    session: Session,
    legacy: LegacySynthesis,
    where: tuple[str, str],
    source_ids: list[str],
    previous: str | None,
) -> tuple[SynthesisDocument, str] | None:
    """The document and `new`/`updated`; None when kbagent has its own for the category."""
    doc = session.get(SynthesisDocument, previous) if previous else None
    outcome = "updated"
    if doc is None:
        if kb_repository.get_synthesis(session, *where) is not None:
            return None
        doc = SynthesisDocument(main_category=where[0], sub_category=where[1])
        outcome = "new"
    doc.title = (legacy.title or f"{where[0]} {where[1]}".strip())[:1024]
    doc.content = legacy.content
    doc.item_count = legacy.item_count or len(source_ids)
    doc.source_item_ids = source_ids
    doc.is_stale = True
    doc.content_hash = None
    doc.model = LEGACY_MODEL
    if legacy.created_at is not None:
        doc.created_at = legacy.created_at
    if outcome == "new":
        kb_repository.add(session, doc)
    session.flush()
    return doc, outcome


def recompute_staleness(
    session: Session, settings: Settings, written: dict[str, tuple[SynthesisDocument, bool]]
) -> dict[str, int]:
    """`written`: document id -> (document, the legacy one was stale)."""
    fresh = stale = 0
    for level in ("sub", "main"):
        jobs = {
            (job.main_category, job.sub_category): job
            for job in synthesis.plan(session, settings, level, force=True)
        }
        for doc, was_stale in written.values():
            is_main = doc.sub_category == tree.MAIN_SYNTHESIS
            if is_main != (level == "main"):
                continue
            job = jobs.get((doc.main_category, doc.sub_category))
            sources = {s.id for s in job.sources} if job is not None else set()
            same = is_main or set(doc.source_item_ids or []) == sources
            if job is not None and same and not was_stale:
                doc.content_hash, doc.is_stale = job.content_hash, False
                doc.source_item_ids = sorted(sources) if is_main else doc.source_item_ids
                fresh += 1
            else:
                doc.content_hash, doc.is_stale = None, True
                stale += 1
    session.flush()
    return {"fresh": fresh, "stale": stale}
