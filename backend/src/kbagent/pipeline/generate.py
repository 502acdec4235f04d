"""Turn an item into a knowledge-base note: the model's when it is usable, else extractive.

The model strategy (`note_model`) reads documents of any length inside the model's window; its
note is then checked for meaning (`note_check`). Any non-transient AI failure, a context that
is too small, or a note that says nothing leaves the item with an extractive note built from
the source's own sentences; only transient failures (model busy or down) propagate, so the
engine retries the item later.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy.orm import Session

from kbagent.ai import profile as profiles
from kbagent.ai.routing import AI
from kbagent.content import repository as content_repository
from kbagent.content.models import ContentItem
from kbagent.errors import AIServiceError, NotFound
from kbagent.knowledge import repository as kb_repository
from kbagent.knowledge import service as kb_service
from kbagent.knowledge.schemas import KnowledgeItemCreate, KnowledgeItemUpdate
from kbagent.media_path import confined
from kbagent.pipeline import extractive
from kbagent.pipeline.cache import require_text
from kbagent.pipeline.extractive import EXTRACTIVE
from kbagent.pipeline.note import KBItemDraft, meta, render
from kbagent.pipeline.note_ability import ABILITY, NoteAbility
from kbagent.pipeline.note_check import problems, useful_tags
from kbagent.pipeline.note_model import MAP_CALLS, NoteWriter, unreachable
from kbagent.pipeline.phase import Output, PhaseContext, record_now

PHASE = "kb_generation"
_UNABLE = "invalid structured output"  # the model answered, but not with a note
IMAGE_NOTES_CHARS = 1000  # image descriptions beside the text: context, not the note's body
log = logging.getLogger("kbagent.pipeline")


def header(item: ContentItem) -> str:
    """What the model is told about the item besides its text."""
    lines = [f"Title: {item.title}", f"Source: {item.source_type} {item.source_id}"]
    images = [str(m["description"]) for m in item.media_files or [] if m.get("description")]
    if images:
        described = "\n".join(f"- {d}" for d in images)[:IMAGE_NOTES_CHARS]
        lines.append(f"Images:\n{described}")
    return "\n".join(lines)


def _route_key(ai: AI, spec: str) -> str:
    """The phase's models, with the backend objects serving them: the same name on another
    app's backend (another server) may be another model."""
    names = [part.split(":", 1)[0].strip() for part in spec.split(",") if part.strip()]
    return f"{spec}@" + ",".join(str(id(ai.backends.get(name))) for name in names)


def write_note(
    ai: AI,
    title: str,
    about: str,
    body: str,
    ability: NoteAbility = ABILITY,
    data_dir: Path | None = None,
) -> tuple[KBItemDraft, str]:
    """The note for a text and who wrote it (`backend:model`, or `extractive`). With
    `data_dir`, the model's capability profile (ai/profile.py) is consulted first: a model that
    failed its self-test is not asked for notes at all."""
    spec = ai.routes.get(PHASE, "")
    if not spec.strip():
        return extractive.note(title, body), EXTRACTIVE
    if data_dir is not None:
        verdict = profiles.profile(ai, PHASE, data_dir)
        if verdict.json_reliability is not None and not verdict.reliable:
            return extractive.note(title, body), EXTRACTIVE
    route = _route_key(ai, spec)
    if not ability.worth_asking(route):
        return extractive.note(title, body), EXTRACTIVE
    try:
        writer = NoteWriter(ai, PHASE, about, MAP_CALLS if ability.proven(route) else 0)
        draft = writer.write(body)
    except AIServiceError as exc:
        if unreachable(exc):
            raise  # the model is down or busy: the engine retries, then records the failure
        log.warning("%s; using an extractive note for %r", exc.message, title[:80])
        if _UNABLE in str(exc.details.get("cause")):
            ability.record(route, usable=False)
        return extractive.note(title, body), EXTRACTIVE
    found = problems(draft, title)
    ability.record(route, usable=not found)
    if found:
        log.warning("note by %s for %r rejected: %s", writer.model, title[:80], "; ".join(found))
        return extractive.note(title, body), EXTRACTIVE
    return draft.model_copy(update={"tags": useful_tags(draft.tags, title)}), writer.model


def stored_media(item: ContentItem, data_dir: Path) -> list[str]:
    """The item's media files kbagent stored (in the media area), for the note and the vault."""
    paths = [
        str(m["path"])
        for m in item.media_files or []
        if isinstance(m, dict) and m.get("status") == "stored" and isinstance(m.get("path"), str)
    ]
    return [p for p in dict.fromkeys(paths) if confined(data_dir, p) is not None][:100]


def _source_url(item: ContentItem) -> str | None:
    if item.source_id.startswith(("http://", "https://")):
        return item.source_id
    url = (item.raw_data or {}).get("url")
    return str(url) if isinstance(url, str) and url.startswith(("http://", "https://")) else None


def generate(ctx: PhaseContext, item_id: str) -> str | None:
    return record_now(ctx, item_id, "generate", generate_output(ctx, item_id))


def generate_output(ctx: PhaseContext, item_id: str) -> Output:
    with ctx.database.reader() as session:
        item = content_repository.get(session, item_id)
        if item is None:
            raise NotFound(f"content item {item_id} is gone")
        require_text(item)
        about, source_url = header(item), _source_url(item)
        title, body = item.title, item.content or ""
    draft, model = write_note(ctx.ai, title, about, body, data_dir=ctx.settings.data_dir)
    markdown = render(draft, source_url)

    def apply(session: Session) -> None:
        content = content_repository.get(session, item_id)
        if content is None:
            return
        existing = kb_repository.get_by_content_item(session, item_id)
        fields = {
            "display_title": draft.title.strip()[:200] or content.title,
            "summary": meta(draft.meta_description or draft.introduction),
            "enhanced_content": markdown,
            "tags": [t for t in draft.tags if t.strip()][:10],
            "media_paths": stored_media(content, ctx.settings.data_dir),
        }
        if existing is None:
            written = kb_service.create_item(
                session,
                KnowledgeItemCreate(content_item_id=item_id, source_url=source_url, **fields),
                ctx.settings,
                None,  # vectors come in the embed phase, outside this transaction
            )
        else:
            written = kb_service.update_item(
                session,
                existing.id,
                KnowledgeItemUpdate(**fields),
                ctx.settings,
                None,
                change=f"rewritten by the pipeline ({model})",
            )
        written.model = model  # who wrote the note, shown with it
        content.processing_state = "processed"

    return Output(model, apply)
