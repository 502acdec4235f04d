"""Regenerate the syntheses that are missing or stale (their sources' hash changed)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kbagent.ai import profile as profiles
from kbagent.ai.base import Message
from kbagent.ai.routing import AI
from kbagent.errors import AIServiceError
from kbagent.knowledge import synthesis
from kbagent.knowledge.synthesis import SynthesisDraft, SynthesisSource
from kbagent.pipeline.phase import PhaseContext
from kbagent.pipeline.synthesis_extractive import extractive_synthesis

SOURCE_CHARS = 1200
CHARS_PER_TOKEN = 3  # a safe over-estimate of tokens for the context check
REPLY_TOKENS = 800
EXTRACTIVE = "extractive"
log = logging.getLogger("kbagent.pipeline")


class ModelSynthesisWriter:
    """A `SynthesisWriter` backed by the routed synthesis model, with an extractive synthesis
    whenever that model is not able (its capability profile) or cannot give a valid one."""

    def __init__(self, ai: AI, data_dir: Path) -> None:
        self.ai = ai
        self.data_dir = data_dir

    def write(
        self, main_category: str, sub_category: str | None, sources: Sequence[SynthesisSource]
    ) -> tuple[SynthesisDraft, str]:
        scope = f"{main_category}/{sub_category}" if sub_category else main_category
        listing = "\n\n".join(
            f"[{s.id}] {s.title}\n{(s.summary or s.content)[:SOURCE_CHARS]}" for s in sources
        )
        messages = [
            Message(
                "system",
                "You write synthesis documents that consolidate many notes on one topic: themes, "
                "key insights, patterns across the notes, and recommendations. Cite the notes you "
                "draw on by their id in `citations`.",
            ),
            Message("user", f"Topic: {scope}\n\nNotes:\n{listing}"),
        ]
        try:
            able = profiles.profile(self.ai, "synthesis", self.data_dir).able(
                len(listing) // CHARS_PER_TOKEN + 300, REPLY_TOKENS
            )
            if able:
                result = self.ai.structured("synthesis", SynthesisDraft, messages)
                return result.value, result.completion.model
        except AIServiceError as exc:
            if exc.retryable:
                raise  # the model is down: the run retries rather than settle for less
            log.warning("synthesis of %s by the model failed (%s); extractive", scope, exc.message)
        return extractive_synthesis(scope, sources), EXTRACTIVE


def synthesise(ctx: PhaseContext) -> dict[str, Any]:
    settings = ctx.settings
    if ctx.config.get("synthesis_min_items"):
        settings = settings.model_copy(
            update={"synthesis_min_items": ctx.config["synthesis_min_items"]}
        )
    if ctx.config.get("synthesis_max_items"):
        settings = settings.model_copy(
            update={"synthesis_max_items": ctx.config["synthesis_max_items"]}
        )
    writer = ModelSynthesisWriter(ctx.ai, ctx.settings.data_dir)
    force = "synthesis" in (ctx.config.get("force_phases") or [])
    generated: list[str] = []
    for level in ("sub", "main"):  # main-category syntheses build on the fresh sub ones
        with ctx.database.reader() as session:
            jobs = synthesis.plan(session, settings, level, force=force)
        drafted = synthesis.draft(jobs, writer)
        with ctx.database.writer() as session:
            synthesis.save(session, drafted)
            session.commit()
        generated += [f"{j.main_category}/{j.sub_category}".rstrip("/") for j in jobs]
    with ctx.database.reader() as session:
        fresh = synthesis.count_fresh(session, settings)
    report = synthesis.GenerationReport(generated=generated, up_to_date=fresh - len(generated))
    return {"regenerated": len(generated), "fresh": fresh, **report.model_dump()}
