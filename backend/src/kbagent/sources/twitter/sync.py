"""Fetch X bookmarks into content items: incremental, rate-limit aware, partial-result safe."""

from __future__ import annotations

from typing import Any

from kbagent.config import Settings
from kbagent.db import Database
from kbagent.errors import KbagentError
from kbagent.sources import media, repository
from kbagent.sources.drafts import Record, RecordFailure
from kbagent.sources.fetch import Fetcher
from kbagent.sources.ingest import import_records
from kbagent.sources.schemas import ImportReport
from kbagent.sources.twitter import oauth
from kbagent.sources.twitter.client import Sleep, XClient
from kbagent.sources.twitter.threads import Post, Seen, bookmark_draft


def _already_stored(database: Database, ids: list[str]) -> set[str]:
    with database.reader() as session:
        keys = repository.stored_source_ids(session, [("x", i) for i in ids])
    return {source_id for _, source_id in keys}


def _partial_errors(page: dict[str, Any], ids: set[str]) -> list[RecordFailure]:
    """`errors[]` next to `data`: posts X could not return (deleted, protected)."""
    failures = []
    for error in page.get("errors") or []:
        ref = str(error.get("resource_id") or error.get("value") or "?")
        if ref in ids:
            continue
        reason = f"X API: {error.get('title') or 'error'}: {error.get('detail') or ''}".strip()
        failures.append(RecordFailure(ref, reason))
    return failures


def collect(
    database: Database, client: XClient, token: str, user_id: str, full: bool
) -> tuple[list[Post], Seen, list[RecordFailure]]:
    """Walk bookmark pages newest first; stop at the first one already stored (unless `full`)."""
    seen = Seen()
    wanted: list[Post] = []
    failures: list[RecordFailure] = []
    for page in client.bookmark_pages(user_id, token):
        seen.add(page)
        posts = [p for p in page.get("data") or [] if isinstance(p, dict) and "id" in p]
        failures.extend(_partial_errors(page, {str(p["id"]) for p in posts}))
        known = set() if full else _already_stored(database, [str(p["id"]) for p in posts])
        for post in posts:
            if post["id"] in known:
                return wanted, seen, failures
            wanted.append(post)
    return wanted, seen, failures


def _complete_threads(client: XClient, token: str, posts: list[Post], seen: Seen) -> None:
    """Fetch the rest of threads whose bookmarked post replies to its own author."""
    done: set[str] = set()
    for post in posts:
        conversation = str(post.get("conversation_id") or "")
        author = seen.users.get(str(post.get("author_id")), {})
        if not seen.continues_thread(post) or conversation in done or not author.get("username"):
            continue
        done.add(conversation)
        seen.add(client.conversation(conversation, str(author["username"]), token))


def sync_bookmarks(
    database: Database, settings: Settings, *, full: bool = False, sleep: Sleep | None = None
) -> ImportReport:
    records: list[Record] = []
    with XClient(settings, **({"sleep": sleep} if sleep else {})) as client:
        token, user_id = oauth.access_token(database, settings, client)
        posts, seen, failures = collect(database, client, token, user_id, full)
        _complete_threads(client, token, posts, seen)
        records.extend(failures)
        with Fetcher(settings) as fetcher:

            def fetch_media(url: str, kind: str, extra: dict[str, Any]) -> dict[str, Any]:
                return media.download(url, kind, settings, fetcher, **extra)

            for post in posts:
                try:
                    records.append(bookmark_draft(post, seen, fetch_media))
                except (KbagentError, KeyError, ValueError, TypeError) as exc:
                    records.append(RecordFailure(str(post.get("id")), f"unreadable post: {exc}"))
    report = import_records(database, records)
    report.format = "x_bookmarks"
    return report
