"""Subscribing, refreshing (conditional GET), removing, and OPML in and out.

No transaction is held while a feed is fetched. An entry already stored (as a feed entry, a
URL or a bookmark of the same link) is left as it is: the run's cache phase has replaced its
summary with its page's text, and a refresh must not undo that. A refresh of an unchanged
feed therefore changes nothing, whether the server answers 304 or sends the feed again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kbagent.config import Settings
from kbagent.db import Database, utcnow
from kbagent.errors import Duplicate, InvalidInput, KbagentError, NotFound
from kbagent.sources import repository as sources_repository
from kbagent.sources.drafts import ItemDraft, Record
from kbagent.sources.feeds import repository
from kbagent.sources.feeds.models import FeedSubscription
from kbagent.sources.feeds.opml import Outline, read_opml, write_opml
from kbagent.sources.feeds.parse import FEED_TYPES, SOURCE_TYPE, ParsedFeed, parse_feed
from kbagent.sources.fetch import Fetcher, FetchResponse, screen
from kbagent.sources.ingest import import_records
from kbagent.sources.schemas import ImportReport
from kbagent.sources.web import canonical_url

# A link stored under one of these is the same page: a feed entry for it adds nothing.
SAME_PAGE = (SOURCE_TYPE, "url", "bookmark")
MAX_URL = 2048
LOOKUP_BATCH = 300


@dataclass(frozen=True)
class Refreshed:
    feed_id: str
    not_modified: bool
    report: ImportReport


@dataclass(frozen=True)
class AllRefreshed:
    feeds: int
    not_modified: int
    failed: int
    report: ImportReport
    # "url: reason" per feed that could not be read at all (entries' failures are in report)
    unreadable: list[str] = field(default_factory=list)

    def outcome(self) -> dict[str, object]:
        """The fetch phase's account of the feeds (entries counted as in an import)."""
        entries = self.report.model_dump(mode="json", exclude={"item_ids", "format"})
        entries["failures"] = entries["failures"][:100]
        return {
            "feeds": self.feeds,
            "feeds_not_modified": self.not_modified,
            "feeds_failed": self.failed,
            "entries": entries,
        }


def feed_url(url: str, settings: Settings) -> str:
    """The subscription's key: one spelling per feed, refused at once when unreachable."""
    canonical = canonical_url(url)
    if len(canonical) > MAX_URL:
        raise InvalidInput(f"A feed URL is at most {MAX_URL} characters.")
    screen(canonical, settings)
    return canonical


def get_feed(session: Session, feed_id: str) -> FeedSubscription:
    feed = repository.get(session, feed_id)
    if feed is None:
        raise NotFound(f"No feed subscription with id {feed_id!r}.", {"id": feed_id})
    return feed


def list_feeds(session: Session) -> Sequence[FeedSubscription]:
    return repository.list_feeds(session)


def delete_feed(session: Session, feed_id: str) -> None:
    """Unsubscribe; the items the feed brought in stay."""
    repository.delete(session, get_feed(session, feed_id))


def _fetch(
    fetcher: Fetcher, settings: Settings, url: str, etag: str | None, modified: str | None
) -> FetchResponse:
    headers: dict[str, str] = {}
    if etag:
        headers["if-none-match"] = etag
    if modified:
        headers["if-modified-since"] = modified
    return fetcher.get(url, FEED_TYPES, settings.fetch_max_bytes, headers=headers)


def _unstored(database: Database, records: list[Record]) -> tuple[list[Record], int]:
    """The records to import: failures, and entries whose page is not stored yet (each
    once); the number left out as already stored."""
    drafts = {r.source_id: r for r in records if isinstance(r, ItemDraft)}
    keys = [(kind, key) for key in drafts for kind in SAME_PAGE]
    stored: set[str] = set()
    with database.reader() as session:
        for start in range(0, len(keys), LOOKUP_BATCH):  # SQLite caps bound parameters
            batch = keys[start : start + LOOKUP_BATCH]
            stored |= {key for _, key in sources_repository.stored_source_ids(session, batch)}
    fresh: list[Record] = [r for r in records if not isinstance(r, ItemDraft)]
    fresh += [d for key, d in drafts.items() if key not in stored]
    return fresh, len(records) - len(fresh)


def _store_entries(database: Database, parsed: ParsedFeed) -> ImportReport:
    fresh, known = _unstored(database, parsed.records)
    report = import_records(database, fresh)
    report.unchanged += known
    report.format = "feed"
    return report


def _record(
    database: Database,
    feed_id: str,
    status: str,
    response: FetchResponse | None = None,
    parsed: ParsedFeed | None = None,
    added: int = 0,
    error: str | None = None,
) -> None:
    with database.writer() as session:
        feed = repository.get(session, feed_id)
        if feed is None:  # unsubscribed while it was being fetched
            return
        feed.status, feed.error, feed.checked_at = status, error, utcnow()
        if response is not None and response.status != 304:
            feed.etag = (response.headers.get("etag") or "")[:512] or None
            feed.last_modified = (response.headers.get("last-modified") or "")[:100] or None
        if parsed is not None:  # a title given in an OPML file (a user's own name) stays
            feed.title = feed.title or parsed.title
            feed.site_url = feed.site_url or parsed.site_url
        feed.items_added += added
        session.commit()


def refresh(database: Database, settings: Settings, fetcher: Fetcher, feed_id: str) -> Refreshed:
    """Fetch one feed (conditionally) and store its new entries; a failure is recorded on the
    subscription and raised."""
    with database.reader() as session:
        feed = get_feed(session, feed_id)
        url, etag, modified = feed.url, feed.etag, feed.last_modified
    try:
        response = _fetch(fetcher, settings, url, etag, modified)
        if response.status == 304:
            _record(database, feed_id, "not_modified", response)
            return Refreshed(feed_id, True, ImportReport(format="feed"))
        parsed = parse_feed(response.body, response.url, response.content_type)
        report = _store_entries(database, parsed)
    except KbagentError as exc:
        _record(database, feed_id, "failed", error=exc.message)
        raise
    _record(database, feed_id, "ok", response, parsed, added=report.new)
    return Refreshed(feed_id, False, report)


def refresh_one(database: Database, settings: Settings, feed_id: str) -> Refreshed:
    with Fetcher(settings) as fetcher:
        return refresh(database, settings, fetcher, feed_id)


def refresh_all(database: Database, settings: Settings) -> AllRefreshed:
    """Every subscription, one after the other; a feed that fails is counted, not raised."""
    with database.reader() as session:
        feeds = [(f.id, f.url) for f in repository.list_feeds(session)]
    report = ImportReport(format="feed")
    not_modified = failed = 0
    unreadable: list[str] = []
    if not feeds:
        return AllRefreshed(0, 0, 0, report)
    with Fetcher(settings) as fetcher:
        for feed_id, url in feeds:
            try:
                done = refresh(database, settings, fetcher, feed_id)
            except KbagentError as exc:
                failed += 1
                report.fail(url, exc.message)
                unreadable.append(f"{url}: {exc.message}")
                continue
            not_modified += done.not_modified
            report.new += done.report.new
            report.unchanged += done.report.unchanged
            report.updated += done.report.updated
            for failure in done.report.failures:
                report.fail(f"{url} {failure.ref}", failure.reason)
    return AllRefreshed(len(feeds), not_modified, failed, report, unreadable)


def subscribe(database: Database, settings: Settings, url: str) -> Refreshed:
    """Fetch the feed (it must be one), store the subscription and its entries."""
    url = feed_url(url, settings)
    with database.reader() as session:
        if repository.by_url(session, url) is not None:
            raise Duplicate(f"Already subscribed to {url}.", {"url": url})
    with Fetcher(settings) as fetcher:
        response = _fetch(fetcher, settings, url, None, None)
    parsed = parse_feed(response.body, response.url, response.content_type)
    with database.writer() as session:
        feed = FeedSubscription(url=url, title=parsed.title, site_url=parsed.site_url)
        try:
            repository.add(session, feed)
        except IntegrityError:
            raise Duplicate(f"Already subscribed to {url}.", {"url": url}) from None
        session.commit()
        feed_id = feed.id
    report = _store_entries(database, parsed)
    _record(database, feed_id, "ok", response, parsed, added=report.new)
    return Refreshed(feed_id, False, report)


def import_opml(database: Database, settings: Settings, body: bytes) -> ImportReport:
    """Subscribe to every feed of an OPML file (fetched by the next run); known ones are
    unchanged, unreachable ones fail with the reason."""
    outlines = read_opml(body)
    report = ImportReport(format="opml")
    with database.writer() as session:
        known = {feed.url for feed in repository.list_feeds(session)}
        for outline in outlines:
            try:
                url = feed_url(outline.url, settings)
            except KbagentError as exc:
                report.fail(outline.url[:200], exc.message)
                continue
            if url in known:
                report.unchanged += 1
                continue
            known.add(url)
            site = outline.site_url
            if site is not None:
                web = site.startswith(("http://", "https://")) and len(site) <= MAX_URL
                site = canonical_url(site) if web else None
            session.add(FeedSubscription(url=url, title=outline.title, site_url=site))
            report.new += 1
        try:
            session.commit()
        except IntegrityError:
            raise Duplicate(
                "Feeds were added while the file was imported; import it again."
            ) from None
    return report


def export_opml(session: Session) -> bytes:
    outlines = [Outline(f.url, f.title, f.site_url) for f in repository.list_feeds(session)]
    return write_opml(outlines, utcnow())
