"""Synthesis documents: per subcategory, then per main category; only stale ones regenerate.

A synthesis records `content_hash`, a hash over its sources (ids and text). Generation runs in
three steps so no database transaction is held while a model writes: `plan` (read: which
syntheses are missing or stale, with their sources), `draft` (the model, no database), `save`
(write). Main-category syntheses are planned after the subcategory ones are saved, since their
sources are those syntheses.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kbagent.config import Settings
from kbagent.knowledge import repository
from kbagent.knowledge.models import SynthesisDocument
from kbagent.knowledge.tree import MAIN_SYNTHESIS
from kbagent.knowledge.vault_paths import item_dir_name


@dataclass(frozen=True)
class SynthesisSource:
    id: str
    title: str
    summary: str
    content: str
    link: str  # relative link from the synthesis document to the source, in the vault
    fingerprint: str = ""  # for a synthesis used as a source: its own sources' hash


class Citation(BaseModel):
    source_id: str
    note: str = ""


class SynthesisDraft(BaseModel):
    title: str = Field(min_length=1, max_length=1024)
    overview: str = ""
    themes: list[str] = Field(default_factory=list)
    key_insights: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)
    recommendations: list[str] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)


class SynthesisWriter(Protocol):
    """The model that writes a synthesis; `sub_category` is None for a main category.
    Returns the draft and the `backend:model` that wrote it."""

    def write(
        self, main_category: str, sub_category: str | None, sources: Sequence[SynthesisSource]
    ) -> tuple[SynthesisDraft, str]: ...


@dataclass(frozen=True)
class SynthesisJob:
    main_category: str
    sub_category: str  # MAIN_SYNTHESIS for a main category
    sources: tuple[SynthesisSource, ...]
    content_hash: str


class SynthesisSourceRef(BaseModel):
    id: str
    kind: str = Field(description="`item` (a note) or `synthesis` (a subcategory's synthesis).")
    title: str


class SynthesisRead(BaseModel):
    id: str
    main_category: str
    sub_category: str | None
    title: str
    content: str
    item_count: int
    source_item_ids: list[str]
    sources: list[SynthesisSourceRef] = Field(
        description="The sources still there, with their titles (in `source_item_ids` order)."
    )
    content_hash: str | None
    is_stale: bool
    model: str | None = Field(description="The `backend:model` that wrote it.")
    updated_at: datetime


class GenerationReport(BaseModel):
    generated: list[str] = Field(description="`main/sub` (or `main`) of each regenerated one.")
    up_to_date: int


def source_hash(sources: Sequence[SynthesisSource]) -> str:
    digest = hashlib.sha256()
    for source in sorted(sources, key=lambda s: s.id):
        for part in (source.id, source.title, source.summary, source.content, source.fingerprint):
            digest.update(part.encode())
            digest.update(b"\x00")
    return digest.hexdigest()


def _sub_jobs(session: Session, settings: Settings) -> list[SynthesisJob]:
    jobs = []
    for main, sub, count in repository.category_counts(session):
        if count < settings.synthesis_min_items or not sub:
            continue
        items = list(repository.items_in_category(session, main, sub))[
            -settings.synthesis_max_items :
        ]
        sources = tuple(
            SynthesisSource(
                id=i.id,
                title=i.display_title,
                summary=i.summary or "",
                content=i.enhanced_content,
                link=f"../{item_dir_name(i.display_title, i.id)}/README.md",
            )
            for i in items
        )
        jobs.append(SynthesisJob(main, sub, sources, source_hash(sources)))
    return jobs


def _main_jobs(session: Session, settings: Settings) -> list[SynthesisJob]:
    by_main: dict[str, list[SynthesisDocument]] = {}
    for doc in repository.list_syntheses(session):
        if doc.sub_category != MAIN_SYNTHESIS:
            by_main.setdefault(doc.main_category, []).append(doc)
    jobs = []
    for main, docs in sorted(by_main.items()):
        if len(docs) < settings.synthesis_min_subcategories:
            continue
        sources = tuple(
            SynthesisSource(
                id=d.id,
                title=d.title,
                summary="",
                content=d.content,
                link=f"../{d.sub_category}/_synthesis/README.md",
                fingerprint=d.content_hash or "",
            )
            for d in docs
        )
        jobs.append(SynthesisJob(main, MAIN_SYNTHESIS, sources, source_hash(sources)))
    return jobs


def _is_fresh(session: Session, job: SynthesisJob) -> bool:
    doc = repository.get_synthesis(session, job.main_category, job.sub_category)
    return doc is not None and not doc.is_stale and doc.content_hash == job.content_hash


def plan(session: Session, settings: Settings, level: str, force: bool) -> list[SynthesisJob]:
    """Syntheses of `level` ("sub" or "main") that are missing or stale."""
    jobs = _sub_jobs(session, settings) if level == "sub" else _main_jobs(session, settings)
    return [job for job in jobs if force or not _is_fresh(session, job)]


def count_fresh(session: Session, settings: Settings) -> int:
    jobs = _sub_jobs(session, settings) + _main_jobs(session, settings)
    return sum(1 for job in jobs if _is_fresh(session, job))


Drafted = tuple[SynthesisJob, SynthesisDraft, str]


def draft(jobs: Sequence[SynthesisJob], writer: SynthesisWriter) -> list[Drafted]:
    return [
        (job, *writer.write(job.main_category, job.sub_category or None, job.sources))
        for job in jobs
    ]


def _bullets(heading: str, lines: Sequence[str]) -> list[str]:
    return [f"## {heading}", "", *(f"- {line}" for line in lines), ""] if lines else []


def render(job: SynthesisJob, result: SynthesisDraft) -> str:
    by_id = {s.id: s for s in job.sources}
    cited = [c for c in result.citations if c.source_id in by_id]
    cited_ids = {c.source_id for c in cited}
    lines = [f"# {result.title}", ""]
    if result.overview:
        lines += [result.overview, ""]
    lines += _bullets("Themes", result.themes)
    lines += _bullets("Key insights", result.key_insights)
    lines += _bullets("Patterns", result.patterns)
    lines += _bullets("Recommendations", result.recommendations)
    lines += ["## Sources", ""]
    for citation in cited:
        source = by_id[citation.source_id]
        note = f": {citation.note}" if citation.note else ""
        lines.append(f"- [{source.title}]({source.link}){note}")
    for source in job.sources:
        if source.id not in cited_ids:
            lines.append(f"- [{source.title}]({source.link})")
    return "\n".join(lines).rstrip() + "\n"


def save(session: Session, drafted: Sequence[Drafted]) -> list[SynthesisDocument]:
    saved = []
    for job, result, model in drafted:
        doc = repository.get_synthesis(session, job.main_category, job.sub_category)
        new = doc is None
        if doc is None:
            doc = SynthesisDocument(main_category=job.main_category, sub_category=job.sub_category)
        doc.title = result.title
        doc.content = render(job, result)
        doc.item_count = len(job.sources)
        doc.source_item_ids = [s.id for s in job.sources]
        doc.content_hash = job.content_hash
        doc.model = model
        doc.is_stale = False
        if new:
            repository.add(session, doc)
        saved.append(doc)
    session.flush()
    return saved


def list_syntheses(session: Session, settings: Settings) -> list[SynthesisRead]:
    current = {
        (j.main_category, j.sub_category): j.content_hash
        for j in _sub_jobs(session, settings) + _main_jobs(session, settings)
    }
    docs = repository.list_syntheses(session)
    titles = repository.source_titles(session, {i for d in docs for i in d.source_item_ids})
    return [
        SynthesisRead(
            id=doc.id,
            main_category=doc.main_category,
            sub_category=doc.sub_category or None,
            title=doc.title,
            content=doc.content,
            item_count=doc.item_count,
            source_item_ids=doc.source_item_ids,
            sources=[
                SynthesisSourceRef(id=i, kind=titles[i][0], title=titles[i][1])
                for i in doc.source_item_ids
                if i in titles
            ],
            content_hash=doc.content_hash,
            is_stale=doc.is_stale
            or current.get((doc.main_category, doc.sub_category)) != doc.content_hash,
            model=doc.model,
            updated_at=doc.updated_at,
        )
        for doc in docs
    ]
