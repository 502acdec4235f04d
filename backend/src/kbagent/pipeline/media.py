"""Describe each downloaded image with the vision model, so images become searchable text."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from kbagent.content import repository as content_repository
from kbagent.errors import NotFound
from kbagent.media_path import MediaPath, MediaPathRefused
from kbagent.pipeline.phase import Output, PhaseContext, record_now

log = logging.getLogger("kbagent.pipeline")

IMAGE_TYPES = ("photo", "image", "animated_gif")
MAX_IMAGE_BYTES = 20 * 1024 * 1024


def _local_image(ctx: PhaseContext, item_id: str, media: dict[str, object]) -> MediaPath | None:
    """Only files kbagent stored in the media area are read (never a user path): the database
    or the secret key would otherwise go to a remote vision model."""
    raw = media.get("path")
    kind = str(media.get("kind") or media.get("type") or "photo")
    if raw is None or kind not in IMAGE_TYPES or media.get("status") == "failed":
        return None
    try:
        path = MediaPath.parse(raw)
        if not path.is_file(ctx.settings.data_dir):
            path.file(ctx.settings.data_dir)  # a refusal explains itself below
            return None
        return path if path.size(ctx.settings.data_dir) <= MAX_IMAGE_BYTES else None
    except MediaPathRefused as exc:
        log.warning(
            "media file not described: %s", exc.reason, extra={"item_id": item_id, "path": exc.raw}
        )
        return None


def describe_media(ctx: PhaseContext, item_id: str) -> str | None:
    return record_now(ctx, item_id, "media", media_output(ctx, item_id))


def media_output(ctx: PhaseContext, item_id: str) -> Output:
    with ctx.database.reader() as session:
        item = content_repository.get(session, item_id)
        if item is None:
            raise NotFound(f"content item {item_id} is gone")
        media = [dict(m) for m in item.media_files or []]
    todo = [
        (i, p)
        for i, m in enumerate(media)
        if not m.get("description") and (p := _local_image(ctx, item_id, m)) is not None
    ]
    if not todo or not ctx.ai.routes.get("vision"):
        return Output(None)  # nothing to describe, or no vision model configured
    model = None
    for index, path in todo:
        completion = ctx.ai.describe_image(
            path.read_bytes(ctx.settings.data_dir),
            "Describe this image for someone who cannot see it: what it shows, any text in it, "
            "and what it tells about the post it belongs to.",
        )
        media[index]["description"] = completion.text.strip()
        media[index]["described_by"] = model = completion.model

    def apply(session: Session) -> None:
        item = content_repository.get(session, item_id)
        if item is not None:
            item.media_files = media

    return Output(model, apply)
