"""Describe each downloaded image with the vision model, so images become searchable text."""

from __future__ import annotations

from pathlib import Path

from kbagent.content import repository as content_repository
from kbagent.errors import NotFound
from kbagent.pipeline.phase import PhaseContext, mark_done
from kbagent.sources.media import media_area_file

IMAGE_TYPES = ("photo", "image", "animated_gif")
MAX_IMAGE_BYTES = 20 * 1024 * 1024


def _local_image(ctx: PhaseContext, media: dict[str, object]) -> Path | None:
    """Only files kbagent stored under its data directory are read (never a user path)."""
    raw = media.get("path")
    kind = str(media.get("kind") or media.get("type") or "photo")
    if not isinstance(raw, str) or kind not in IMAGE_TYPES or media.get("status") == "failed":
        return None
    # The media area only: never the database or the secret key, which a stored path could
    # otherwise send to a remote vision model.
    path = media_area_file(ctx.settings.data_dir, raw)
    if path is None or not path.is_file():
        return None
    return path if path.stat().st_size <= MAX_IMAGE_BYTES else None


def describe_media(ctx: PhaseContext, item_id: str) -> str | None:
    with ctx.database.reader() as session:
        item = content_repository.get(session, item_id)
        if item is None:
            raise NotFound(f"content item {item_id} is gone")
        media = [dict(m) for m in item.media_files or []]
    todo = [
        (i, p)
        for i, m in enumerate(media)
        if not m.get("description") and (p := _local_image(ctx, m)) is not None
    ]
    if not todo or not ctx.ai.routes.get("vision"):
        return None  # nothing to describe, or no vision model configured
    model = None
    for index, path in todo:
        completion = ctx.ai.describe_image(
            path.read_bytes(),
            "Describe this image for someone who cannot see it: what it shows, any text in it, "
            "and what it tells about the post it belongs to.",
        )
        media[index]["description"] = completion.text.strip()
        media[index]["described_by"] = model = completion.model
    with ctx.database.writer() as session:
        if not mark_done(session, item_id, "media", ctx.task_id, model):
            return model
        item = content_repository.get(session, item_id)
        if item is not None:
            item.media_files = media
        session.commit()
    return model
