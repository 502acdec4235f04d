"""Netscape bookmark HTML (browsers, Raindrop) and Pocket's `ril_export.html`: one item per URL.

A URL bookmarked in several folders is one item that keeps every folder (re-importing the
file then changes nothing). The `<DD>` after a link is its description. Firefox's `place:`
entries are saved searches, not bookmarks: skipped, not failed. Pocket's export is a list of
`<a href time_added tags>` under `<h1>Unread</h1>` and `<h1>Read Archive</h1>`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from kbagent.sources.drafts import ItemDraft, Record, RecordFailure, RecordSkipped, clip_title
from kbagent.sources.files import read_text
from kbagent.sources.merge import bookmark_content, with_folders

MAX_FOLDER_DEPTH = 32  # deeper folders file their links under the 32nd
MAX_FOLDER_NAME = 200
MAX_DESCRIPTION = 20_000
POCKET_STATUS = {"unread": "unread", "read archive": "archived"}


class _Parser(HTMLParser):
    """Each link shares its folder's path string: joining the folder stack per link cost
    depth x links, and a file of 100,000 nested folders then filled memory."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.folders: list[str] = []
        self.hidden_depth = 0  # folders open below MAX_FOLDER_DEPTH
        self.folder_path = ""
        self.pending_folder: str | None = None
        self.in_folder_title = False
        self.link: dict[str, Any] | None = None
        self.described: dict[str, Any] | None = None  # the link a `<DD>` describes
        self.in_description = False
        self.in_section = False
        self.section = ""  # Pocket's `<h1>`: "Unread" or "Read Archive"
        self.found: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): v or "" for k, v in attrs}
        if tag == "dd":
            self.in_description = self.described is not None
            return
        if tag not in ("p", "br", "b", "i", "em", "strong"):
            self.in_description = False
            self.described = None
        if tag == "a":
            self.link = {"attrs": values, "title": "", "description": ""}
        elif tag == "h1":
            self.in_section = True
            self.section = ""
        elif tag == "h3":
            self.in_folder_title = True
            self.pending_folder = ""
        elif tag == "dl" and self.pending_folder is not None:
            if len(self.folders) < MAX_FOLDER_DEPTH:
                self.folders.append(" ".join(self.pending_folder.split())[:MAX_FOLDER_NAME])
                self.folder_path = "/".join(self.folders)
            else:
                self.hidden_depth += 1
            self.pending_folder = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.link is not None:
            self.link["folder"] = self.folder_path
            self.link["section"] = self.section
            self.found.append(self.link)
            self.described = self.link
            self.link = None
        elif tag == "h1":
            self.in_section = False
        elif tag == "h3":
            self.in_folder_title = False
        elif tag == "dl" and self.hidden_depth:
            self.hidden_depth -= 1
        elif tag == "dl" and self.folders:
            self.folders.pop()
            self.folder_path = "/".join(self.folders)

    def handle_data(self, data: str) -> None:
        if self.link is not None:
            self.link["title"] += data
        elif self.in_description and self.described is not None:
            if len(self.described["description"]) < MAX_DESCRIPTION:
                self.described["description"] += data
        elif self.in_section and len(self.section) < MAX_FOLDER_NAME:
            self.section += data
        elif (
            self.in_folder_title
            and self.pending_folder is not None
            and len(self.pending_folder) < MAX_FOLDER_NAME * 4
        ):
            self.pending_folder += data


def epoch_date(value: str) -> str | None:
    if not value.isdigit():
        return None
    seconds = int(value)
    if seconds > 10**11:  # some tools write microseconds
        seconds //= 1_000_000
    try:
        return datetime.fromtimestamp(seconds, UTC).isoformat()
    except (OverflowError, OSError, ValueError):
        return None


def _group(links: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Links by URL, in the order each URL first appears."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for link in links:
        groups.setdefault(link["attrs"].get("href", "").strip(), []).append(link)
    return groups


def _first(values: Iterable[str]) -> str:
    return next((v for v in values if v), "")


def _draft(url: str, links: list[dict[str, Any]], pocket: bool) -> ItemDraft:
    title = _first(" ".join(link["title"].split()) for link in links)
    description = _first(" ".join(link["description"].split()) for link in links)
    tags = [
        t.strip() for link in links for t in link["attrs"].get("tags", "").split(",") if t.strip()
    ]
    dates = [
        d
        for link in links
        if (d := epoch_date(link["attrs"].get("time_added" if pocket else "add_date", "")))
    ]
    raw: dict[str, Any] = {"url": url, "title": title, "added_at": min(dates, default=None)}
    raw = with_folders(raw, list(dict.fromkeys(link["folder"] for link in links if link["folder"])))
    raw["tags"] = list(dict.fromkeys(tags))
    if description:
        raw["description"] = description
    if pocket:
        raw["source"] = "pocket"
        statuses = [POCKET_STATUS.get(" ".join(link["section"].split()).lower()) for link in links]
        raw["status"] = _first(s for s in statuses if s) or None
    return ItemDraft(
        source_type="bookmark",
        source_id=url,
        title=clip_title(title, fallback=url),
        content=bookmark_content(raw),
        raw_data=raw,
    )


def bookmark_records(path: Path, pocket: bool = False) -> Iterator[Record]:
    parser = _Parser()
    parser.feed(read_text(path, max_bytes=200_000_000))
    parser.close()
    for n, (url, links) in enumerate(_group(parser.found).items(), 1):
        if url.lower().startswith("place:"):
            yield RecordSkipped(f"bookmark {n}", "a saved search (place:), not a bookmark")
        elif not url.lower().startswith(("http://", "https://")):
            yield RecordFailure(f"bookmark {n}", f"not an http(s) link: {url[:100]!r}")
        else:
            yield _draft(url, links, pocket)
