"""Web pages: fetch safely, extract the main content with trafilatura, store one item per URL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import httpx

from kbagent.config import Settings
from kbagent.db import Database
from kbagent.errors import InvalidInput, KbagentError
from kbagent.sources import media, repository
from kbagent.sources.drafts import ItemDraft, Record, RecordFailure, clip_title
from kbagent.sources.fetch import Fetcher, screen
from kbagent.sources.ingest import import_records
from kbagent.sources.pages import extract_page
from kbagent.sources.schemas import ImportReport

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


def page_draft(url: str, settings: Settings, fetcher: Fetcher) -> ItemDraft:
    response = fetcher.get(url, accept=PAGE_TYPES, max_bytes=settings.fetch_max_bytes)
    html = response.body.decode("utf-8", errors="replace")
    meta: dict[str, Any]
    if response.content_type == "text/plain":
        text, meta = html, {}
    else:
        text, meta = extract_page(html, response.url)
    if not text.strip():
        raise InvalidInput("No readable text found on the page.")
    media_files: list[dict[str, Any]] = []
    if meta.get("image"):
        # Pages often name their image relative to themselves (`/pic.png`).
        image = urljoin(response.url, str(meta["image"]))
        media_files.append(media.download(image, "image", settings, fetcher, role="lead"))
    return ItemDraft(
        source_type="url",
        source_id=url,
        title=clip_title(str(meta.get("title") or ""), fallback=response.url),
        content=text,
        raw_data={"url": url, "final_url": response.url, **meta},
        media_files=media_files,
    )


def canonical_url(url: str) -> str:
    """One spelling per page: no fragment, lower-case scheme and host (the item's key)."""
    url = url.strip()
    try:
        return str(httpx.URL(url).copy_with(fragment=None))
    except (httpx.InvalidURL, ValueError, TypeError):
        return url  # the fetcher reports it as invalid


def page_records(urls: list[str], settings: Settings) -> Iterator[Record]:
    with Fetcher(settings) as fetcher:
        for url in dict.fromkeys(canonical_url(u) for u in urls):
            try:
                yield page_draft(url, settings, fetcher)
            except KbagentError as exc:
                yield RecordFailure(url, exc.message)


def queue_urls(database: Database, settings: Settings, urls: list[str]) -> ImportReport:
    """Store each new URL as an item awaiting its page (the cache phase of a run fetches it);
    URLs no fetch could reach are refused now, URLs already stored are left as they are."""
    canonical = list(dict.fromkeys(canonical_url(u) for u in urls))
    with database.reader() as session:
        known = {
            u for _, u in repository.stored_source_ids(session, [("url", u) for u in canonical])
        }
    records: list[Record] = []
    skipped = 0
    for url in canonical:
        if url in known:
            skipped += 1
            continue
        try:
            screen(url, settings)
        except KbagentError as exc:
            records.append(RecordFailure(url, exc.message))
            continue
        records.append(
            ItemDraft(
                source_type="url", source_id=url, title=url, content="", raw_data={"url": url}
            )
        )
    report = import_records(database, records)
    report.unchanged += skipped
    report.format = "urls"
    return report


def add_urls(database: Database, settings: Settings, urls: list[str]) -> ImportReport:
    """Fetch every page first (no transaction held during network I/O), then store them."""
    records = list(page_records(urls, settings))
    report = import_records(database, records)
    report.format = "urls"
    return report
