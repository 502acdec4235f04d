"""Long posts in the X archive: `data/note-tweet.js` holds the full text of posts over 280
characters, while `tweets.js` keeps only the first 280 and an ellipsis.

A note does not carry the id of its post (`noteTweetId` is the note's own id), so a post finds
its note the way the archive allows: created in the same second (one either side, for
rounding) and its text a prefix of the note's once links, leading reply mentions and the
ellipsis are set aside. Notes are few (one per long post) and are held in memory by second.
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from typing import Any

from kbagent.sources.drafts import field_dict, field_list
from kbagent.sources.twitter.text import ARCHIVE_DATE

_URL = re.compile(r"https?://\S+")
_MENTIONS = re.compile(r"^(?:@\w+\s+)+")
SAMPLE = 80


def _second(value: object) -> int | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())
    except ValueError:
        pass
    try:
        return int(datetime.strptime(value, ARCHIVE_DATE).timestamp())
    except ValueError:
        return None


def comparable(text: str) -> str:
    # Posts escape `&` `<` `>` as entities; whether notes do is not documented.
    text = _MENTIONS.sub("", _URL.sub(" ", html.unescape(text)).strip())
    return " ".join(text.replace("\u2026", " ").split()).lower()


class LongPosts:
    def __init__(self) -> None:
        self.by_second: dict[int, list[dict[str, Any]]] = {}
        self.used: set[int] = set()
        self.count = 0

    def add(self, record: Any) -> None:
        note = field_dict(record, "noteTweet")
        core = field_dict(note, "core")
        text = core.get("text")
        second = _second(note.get("createdAt"))
        if isinstance(text, str) and text and second is not None:
            urls = [
                {
                    "url": u.get("shortUrl") or u.get("url"),
                    "expanded_url": u.get("expandedUrl") or u.get("expanded_url"),
                }
                for u in field_list(core, "urls")
                if isinstance(u, dict)
            ]
            self.count += 1
            entry = {"text": text, "urls": urls, "key": self.count}
            self.by_second.setdefault(second, []).append(entry)

    def match(self, text: str, created_at: object) -> tuple[str, list[dict[str, Any]]] | None:
        """The note's full text (reply mentions put back) and its link entities, or None."""
        second = _second(created_at)
        if second is None or not self.by_second:
            return None
        sample = comparable(text)[:SAMPLE]
        for candidate_second in (second, second - 1, second + 1):
            for note in self.by_second.get(candidate_second, []):
                if note["key"] in self.used:
                    continue
                full = comparable(note["text"])
                if sample and not (full.startswith(sample) or sample.startswith(full[:SAMPLE])):
                    continue
                self.used.add(note["key"])
                mentions = _MENTIONS.match(text)
                body = note["text"]
                if mentions and not body.startswith(mentions.group(0).strip()):
                    body = mentions.group(0) + body
                return body, note["urls"]
        return None
