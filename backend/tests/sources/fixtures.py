"""Test inputs built with the real shapes: an X archive zip, exporter JSON, Netscape HTML, PDFs."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

from fpdf import FPDF

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def ytd(name: str, records: list[dict[str, Any]]) -> bytes:
    return f"window.YTD.{name}.part0 = {json.dumps(records, indent=2)}".encode()


def archive_tweet(post_id: str, text: str, **extra: Any) -> dict[str, Any]:
    return {
        "tweet": {
            "id_str": post_id,
            "full_text": text,
            "created_at": "Wed Oct 10 20:19:24 +0000 2018",
            "entities": {"urls": [], "hashtags": []},
            **extra,
        }
    }


def x_archive(path: Path, tweets: list[dict[str, Any]] | None = None) -> Path:
    tweets = tweets or [
        archive_tweet(
            "1001",
            "Read this https://t.co/abc about SQLite https://t.co/pic",
            entities={
                "urls": [{"url": "https://t.co/abc", "expanded_url": "https://sqlite.org/wal.html"}]
            },
            extended_entities={
                "media": [
                    {
                        "type": "photo",
                        "url": "https://t.co/pic",
                        "media_url_https": "https://pbs.twimg.com/media/FaBcD.png",
                    }
                ]
            },
        ),
        archive_tweet("1002", "A second post with &amp; entity"),
        archive_tweet(
            "1003",
            "Photo that the archive lost https://t.co/gone",
            extended_entities={
                "media": [
                    {
                        "type": "photo",
                        "url": "https://t.co/gone",
                        "media_url_https": "https://pbs.twimg.com/media/Missing.jpg",
                    }
                ]
            },
        ),
    ]
    likes = [
        {
            "like": {
                "tweetId": "2001",
                "fullText": "A liked post",
                "expandedUrl": "https://x.com/i/web/status/2001",
            }
        }
    ]
    account = [{"account": {"accountId": "42", "username": "alice", "accountDisplayName": "Alice"}}]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data/account.js", ytd("account", account))
        archive.writestr("data/tweets.js", ytd("tweets", tweets))
        archive.writestr("data/like.js", ytd("like", likes))
        archive.writestr("data/tweets_media/1001-FaBcD.png", PNG)
        archive.writestr("Your archive.html", "<html></html>")
    return path


def exporter_record(n: int, text: str | None = None) -> dict[str, Any]:
    return {
        "id": str(10_000 + n),
        "created_at": "2024-05-01 12:00:00 +00:00",
        "full_text": text if text is not None else f"Exported post number {n} about #python",
        "screen_name": "bob",
        "name": "Bob",
        "user_id": "77",
        "media": [
            {
                "type": "photo",
                "url": f"https://pbs.twimg.com/media/P{n}.jpg",
                "thumbnail": f"https://pbs.twimg.com/media/P{n}.jpg?name=thumb",
                "original": f"https://pbs.twimg.com/media/P{n}.jpg?name=orig",
                "ext_alt_text": None,
            }
        ]
        if n % 2
        else [],
        "in_reply_to": None,
        "quoted_status": None,
        "retweeted_status": None,
        "favorite_count": n,
        "retweet_count": 0,
        "url": f"https://x.com/bob/status/{10_000 + n}",
    }


def exporter_json(path: Path, records: list[Any]) -> Path:
    path.write_text(json.dumps(records, indent=1))
    return path


NETSCAPE = """<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file. -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
    <DT><H3 ADD_DATE="1700000000">Reading</H3>
    <DL><p>
        <DT><A HREF="https://example.com/a" ADD_DATE="1700000001" TAGS="db,sql">Article &amp; A</A>
        <DT><A HREF="javascript:alert(1)" ADD_DATE="1700000002">Bookmarklet</A>
    </DL><p>
    <DT><A HREF="https://example.org/b" ADD_DATE="1700000003">B page</A>
</DL><p>
"""


def pdf_bytes(pages: list[str], title: str = "Test Document") -> bytes:
    pdf = FPDF()
    pdf.set_title(title)
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 10, text)
    return bytes(pdf.output())


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
