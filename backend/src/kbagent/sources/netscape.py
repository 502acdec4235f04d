"""Netscape bookmark HTML (browsers, Pocket, Raindrop): one item per `<DT><A HREF=...>`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from kbagent.sources.drafts import ItemDraft, Record, RecordFailure, clip_title
from kbagent.sources.files import read_text

MAX_FOLDER_DEPTH = 32  # deeper folders file their links under the 32nd
MAX_FOLDER_NAME = 200


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
        self.found: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): v or "" for k, v in attrs}
        if tag == "a":
            self.link = {"attrs": values, "title": ""}
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
            self.found.append(self.link)
            self.link = None
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
        elif (
            self.in_folder_title
            and self.pending_folder is not None
            and len(self.pending_folder) < MAX_FOLDER_NAME * 4
        ):
            self.pending_folder += data


def _date(value: str) -> str | None:
    if not value.isdigit():
        return None
    seconds = int(value)
    if seconds > 10**11:  # some tools write microseconds
        seconds //= 1_000_000
    try:
        return datetime.fromtimestamp(seconds, UTC).isoformat()
    except (OverflowError, OSError, ValueError):
        return None


def bookmark_records(path: Path) -> Iterator[Record]:
    parser = _Parser()
    parser.feed(read_text(path, max_bytes=200_000_000))
    parser.close()
    for n, link in enumerate(parser.found, 1):
        attrs = link["attrs"]
        url = attrs.get("href", "").strip()
        if not url.lower().startswith(("http://", "https://")):
            yield RecordFailure(f"bookmark {n}", f"not an http(s) link: {url[:100]!r}")
            continue
        title = " ".join(link["title"].split())
        tags = [t.strip() for t in attrs.get("tags", "").split(",") if t.strip()]
        yield ItemDraft(
            source_type="bookmark",
            source_id=url,
            title=clip_title(title, fallback=url),
            content=title,
            raw_data={
                "url": url,
                "title": title,
                "added_at": _date(attrs.get("add_date", "")),
                "folder": link["folder"] or None,
                "tags": tags,
            },
        )
