"""Formats are decided by content; names never matter; unreadable input is a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbagent.errors import InvalidInput
from kbagent.sources.detect import Format, detect

from .fixtures import NETSCAPE, exporter_json, exporter_record, pdf_bytes, x_archive


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_formats_by_content_not_name(tmp_path: Path) -> None:
    # Every file is given a misleading name: detection must not look at it.
    assert detect(x_archive(tmp_path / "photo.jpg")) is Format.X_ARCHIVE
    exported = exporter_json(tmp_path / "notes.txt", [exporter_record(1)])
    assert detect(exported) is Format.EXPORTER_JSON
    assert detect(_write(tmp_path, "a.pdf", NETSCAPE.encode())) is Format.NETSCAPE
    assert detect(_write(tmp_path, "b.md", pdf_bytes(["hello"]))) is Format.PDF
    assert detect(_write(tmp_path, "c.txt", b"<!doctype html><html><p>x</p></html>")) is Format.HTML
    assert detect(_write(tmp_path, "d.html", b"# Title\n\nSome *markdown*.")) is Format.MARKDOWN
    assert detect(_write(tmp_path, "e.json", b"Just a plain note.\n")) is Format.TEXT
    assert detect(_write(tmp_path, "f", b"window.YTD.tweets.part0 = []")) is Format.X_ARCHIVE_JS


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\xff\xfe\x00garbage\x00\x01", "binary"),
        (b"caf\xe9 au lait, not UTF-8", "not valid UTF-8"),
        (b"PK\x03\x04 not really a zip", "cannot be read"),
        (b'{"not": "an array"}', "JSON object not recognised"),
        # A feed reader's export: its feeds are subscribed to, not imported as a page.
        (
            b'<?xml version="1.0"?>\n<opml version="2.0"><head><title>My feeds</title></head>'
            b'<body><outline type="rss" xmlUrl="https://e.org/feed"/></body></opml>',
            "Import OPML",
        ),
    ],
)
def test_unreadable_input_is_refused(tmp_path: Path, data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        detect(_write(tmp_path, "upload.pdf", data))
