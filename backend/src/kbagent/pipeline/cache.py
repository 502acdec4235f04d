"""Cache phase: make each item complete before the models see it.

- a bookmarked URL saved without its text (a browser bookmark, a read-later export) gets the
  page's main content, fetched through the SSRF-guarded fetcher; so does a feed entry, once
  (its summary is kept when the page cannot be fetched);
- media known only by URL (exporter files) are downloaded into the data directory; a failed
  download is recorded as failed, never left as a path to a missing file.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from kbagent.content import repository as content_repository
from kbagent.content.models import ContentItem
from kbagent.errors import KbagentError, NotFound
from kbagent.pipeline.phase import Output, PhaseContext, SkipItem, record_now
from kbagent.sources import media
from kbagent.sources.feeds.parse import SOURCE_TYPE as FEED_ENTRY
from kbagent.sources.fetch import Fetcher, FetchFailed
from kbagent.sources.web import page_draft

NEEDS_PAGE = ("url", "bookmark")
MIN_TEXT = 200


def _needs_page(item: ContentItem) -> bool:
    if not item.source_id.startswith(("http://", "https://")):
        return False
    if item.source_type == FEED_ENTRY:
        # A feed entry's summary stands in for its page until the page has been read once.
        return "page" not in (item.raw_data or {})
    return item.source_type in NEEDS_PAGE and len(item.content or "") < MIN_TEXT


def require_text(item: ContentItem) -> None:
    """Skip an item with nothing to read (no text, no described image): a URL whose page could
    not be fetched. Filing or writing a note from its address alone made empty notes in
    made-up categories, and syntheses of them."""
    described = any(m.get("description") for m in item.media_files or [])
    if not (item.content or "").strip() and not described:
        raise SkipItem(
            "no text to work from: its page was not fetched (see the cache phase; "
            "retry the failed items once the site can be reached)"
        )


def cache(ctx: PhaseContext, item_id: str) -> str | None:
    return record_now(ctx, item_id, "cache", cache_output(ctx, item_id))


def cache_output(ctx: PhaseContext, item_id: str) -> Output:
    with ctx.database.reader() as session:
        item = content_repository.get(session, item_id)
        if item is None:
            raise NotFound(f"content item {item_id} is gone")
        url, fetch_page = item.source_id, _needs_page(item)
        has_text = bool((item.content or "").strip())
        entries = [dict(m) for m in item.media_files or []]
    page: dict[str, Any] | None = None
    remote = any(e.get("status") == "remote" and e.get("url") for e in entries)
    if not fetch_page and not remote:
        # Nothing to fetch: skip building a fetcher (its TLS set-up costs ~80 ms).
        return Output(None)
    with Fetcher(ctx.settings) as fetcher:
        if fetch_page:
            try:
                draft = page_draft(url, ctx.settings, fetcher)
                page = {"title": draft.title, "content": draft.content, "raw": draft.raw_data}
                # The page's lead image, downloaded with it: kept unless the item has it.
                known = {e.get("url") for e in entries}
                entries += [m for m in draft.media_files if m.get("url") not in known]
            except KbagentError as exc:
                page = {"error": exc.message}
        for index, entry in enumerate(entries):
            if entry.get("status") == "remote" and entry.get("url"):
                extra = {
                    k: v for k, v in entry.items() if k not in ("kind", "url", "status", "path")
                }
                entries[index] = media.download(
                    str(entry["url"]),
                    str(entry.get("kind", "photo")),
                    ctx.settings,
                    fetcher,
                    **extra,
                )
    if page is not None and "error" in page and not has_text:
        # Nothing to work from (a URL added on its own): the item fails here with the reason,
        # and `retry-failed` fetches it again later.
        raise FetchFailed(f"The page could not be fetched: {page['error']}", {"url": url})

    def apply(session: Session) -> None:
        item = content_repository.get(session, item_id)
        if item is None:
            return
        item.media_files = entries
        raw = dict(item.raw_data or {})
        if page is not None and "error" not in page:
            item.content = str(page["content"] or item.content)
            if page["title"] and item.title.startswith(("http://", "https://")):
                item.title = str(page["title"])[:1024]
            raw["page"] = page.get("raw") or {}
        elif page is not None:
            raw["page_error"] = page["error"]
        item.raw_data = raw

    return Output(None, apply)
