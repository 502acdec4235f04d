"""Categorise an item into the main/sub tree, with the strategy its models are able for.

1. The item's digest (title, headings, lead, key phrases: never longer than an embedding
   model reads) is embedded and compared with the category centroids (knowledge/placement.py):
   it joins the nearest category when close enough, else a new one named from its key phrases.
2. When the categorisation model's capability profile says it can (reliable structured
   answers, a context that holds the prompt), it chooses among the nearest categories or
   proposes a new name; its answer must mean something (no schema field names, no main ==
   sub, no titles or generic words) or the embedding decision stands.
3. With no embedding model, the chat model (if able) and then the key phrases decide alone.

No item is filed as uncategorised because a model answered badly; only an item with no words
at all ends up there.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kbagent.ai import profile as profiles
from kbagent.ai.base import Message, Options
from kbagent.content import repository as content_repository
from kbagent.errors import AIServiceError, NotFound
from kbagent.knowledge import centroids, tree
from kbagent.knowledge import repository as kb_repository
from kbagent.knowledge.categories import category_name, meaningless
from kbagent.knowledge.centroids import Centroid, Vector
from kbagent.knowledge.keyphrases import name_from_terms
from kbagent.knowledge.placement import Placement, Thresholds, place
from kbagent.pipeline.cache import require_text
from kbagent.pipeline.digest import Digest, digest
from kbagent.pipeline.phase import Output, PhaseContext, record_now

log = logging.getLogger("kbagent.pipeline")
FALLBACK = ("uncategorised", "general")  # only for items without a single usable word
CANDIDATES = 5
CHARS_PER_TOKEN = 3  # a safe over-estimate of tokens for the context check


class CategoryPick(BaseModel):
    # No descriptions in the schema: small models copy them into the answer.
    choice: int
    main_category: str = Field(default="", max_length=60)
    sub_category: str = Field(default="", max_length=60)


@dataclass(frozen=True)
class Decision:
    main: str
    sub: str
    model: str
    reason: str


@dataclass(frozen=True)
class Reading:
    title: str
    summary: Digest
    chars: int
    frequency: Counter[str]  # filed items per key term
    documents: int  # filed items


def _read(ctx: PhaseContext, item_id: str) -> Reading:
    with ctx.database.reader() as session:
        item = content_repository.get(session, item_id)
        if item is None:
            raise NotFound(f"content item {item_id} is gone")
        require_text(item)
        frequency, documents = centroids.document_frequency(session)
        images = " ".join(
            str(m["description"]) for m in item.media_files or [] if m.get("description")
        )
        content = item.content or ""
        summary = digest(item.title, content, frequency, documents, images)
        return Reading(item.title, summary, len(content), frequency, documents)


def _not_set_up(exc: AIServiceError) -> bool:
    """True when no embedding model is configured or able (not when one is down)."""
    attempts = exc.details.get("attempts") or [exc.details]
    return all(
        str(a.get("cause", "")).endswith("not configured")
        or str(a.get("cause", "")).startswith("cannot do")
        for a in attempts
    )


def _embed(ctx: PhaseContext, text: str) -> tuple[Vector, str] | None:
    try:
        result = ctx.ai.embed([text], ctx.model_override("embeddings"))
    except AIServiceError as exc:
        if not _not_set_up(exc):
            raise  # the embedding model is down: retry later rather than file the item badly
        log.warning("no embedding for categorisation: %s", exc.message)
        return None
    return centroids.unit(np.asarray(result.vectors[0], dtype=np.float32)), result.model


def _ask_model(
    ctx: PhaseContext,
    title: str,
    summary: Digest,
    near: list[tuple[float, Centroid]],
    proposal: Placement | None,
) -> Decision | None:
    """The model's choice among the nearest categories, if its profile says it can choose."""
    options = [f"{c.main}/{c.sub}" for _, c in near]
    if proposal is not None and proposal.similarity is None:
        options.append(f"{proposal.main}/{proposal.sub}")
    listing = "\n".join(f"{i}. {o}" for i, o in enumerate(options, 1)) or "(none yet)"
    prompt = (
        f"Item:\n{summary.text}\n\nCategories:\n{listing}\n\nWhich category fits the item? "
        "Answer with its number as `choice`. If none fits, answer 0 and name a new "
        "main_category (a broad field) and sub_category (a narrower topic), each one to three "
        "lowercase words in snake_case."
    )
    try:
        model_profile = profiles.profile(ctx.ai, "categorisation", ctx.settings.data_dir)
        if not model_profile.able(len(prompt) // CHARS_PER_TOKEN + 200):
            return None
        result = ctx.ai.structured(
            "categorisation",
            CategoryPick,
            [Message("user", prompt)],
            Options(max_tokens=60, temperature=0.0),
            ctx.model_override("categorisation"),
            repairs=0,
        )
    except AIServiceError as exc:
        log.info("categorisation model not used: %s", exc.message)
        return None
    pick, model = result.value, result.completion.model
    if 1 <= pick.choice <= len(options):
        main, sub = options[pick.choice - 1].split("/", 1)
        return Decision(main, sub, model, "chosen by the model")
    problem = meaningless(pick.main_category, pick.sub_category, title)
    if problem:
        log.info(
            "model's category %r/%r refused: %s", pick.main_category, pick.sub_category, problem
        )
        return None
    return Decision(
        category_name(pick.main_category), category_name(pick.sub_category), model, "named by model"
    )


def decide(ctx: PhaseContext, item_id: str) -> tuple[Decision, Digest, Vector | None, str]:
    reading = _read(ctx, item_id)
    title, summary = reading.title, reading.summary
    embedded = _embed(ctx, summary.text)
    near: list[tuple[float, Centroid]] = []
    proposal: Placement | None = None
    embed_model = ""
    if embedded is not None:
        vector, embed_model = embedded
        with ctx.database.reader() as session:
            known, origin = centroids.load(session, embed_model, vector.shape[0])
        seen = centroids.centre(vector, origin)
        near = centroids.nearest(seen, known, CANDIDATES)
        thresholds = Thresholds(
            ctx.settings.category_join_similarity, ctx.settings.category_main_similarity
        )
        proposal = place(
            seen, summary.terms, title, known, thresholds, reading.frequency, reading.documents
        )
    chosen = _ask_model(ctx, title, summary, near, proposal)
    if chosen is not None:
        return chosen, summary, embedded[0] if embedded else None, embed_model
    if proposal is not None:
        decision = Decision(proposal.main, proposal.sub, embed_model, proposal.reason)
        return decision, summary, embedded[0] if embedded else None, embed_model
    main = name_from_terms(summary.terms)
    sub = name_from_terms(summary.terms, [main or ""]) if main else None
    if main and sub and not meaningless(main, sub, title):
        return Decision(main, sub, "key phrases", "named from key phrases"), summary, None, ""
    log.warning("item %s has no words to file it by (%d chars)", item_id, reading.chars)
    return Decision(*FALLBACK, "key phrases", "no usable words"), summary, None, ""


def categorise(ctx: PhaseContext, item_id: str) -> str | None:
    return record_now(ctx, item_id, "categorise", categorise_output(ctx, item_id))


def categorise_output(ctx: PhaseContext, item_id: str) -> Output:
    decision, summary, vector, embed_model = decide(ctx, item_id)
    changes: list[centroids.Change] = []

    def apply(session: Session) -> None:
        item = content_repository.get(session, item_id)
        if item is None:
            return
        change = centroids.begin(session, item_id)
        main, sub = tree.resolve(
            session, decision.main, decision.sub, ctx.settings.category_similarity
        )
        item.main_category, item.sub_category = main, sub
        if vector is not None:
            kb_repository.save_digest(
                session, item_id, centroids.pack(vector), embed_model, summary.terms
            )
        changes.append(centroids.end(session, change, item_id))
        log.info("filed %s under %s/%s (%s)", item_id, main, sub, decision.reason)

    def after() -> None:
        for change in changes:  # the next item meets this one without reading every digest
            centroids.apply(change)

    return Output(decision.model, apply, after)
