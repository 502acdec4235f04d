# Book files are quoted as EPUB tools write them: long lines.
# ruff: noqa: E501
"""EPUB books made here in both real layouts (EPUB 3 with a navigation document, EPUB 2 with
an NCX): the text in spine order with chapters as Markdown headings, title and authors from
the OPF; entity bombs and DRM refused. Every import runs twice and the second changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbagent.config import Settings
from kbagent.db import Database
from kbagent.errors import InvalidInput
from kbagent.sources.detect import Format, detect
from kbagent.sources.epub import epub_document
from kbagent.sources.imports import import_file

from .conftest import stored
from .fixtures import zip_bytes
from .twice import import_twice

CONTAINER = b"""<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>"""

OPF3 = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="en">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="uid">urn:uuid:1b6f0d4e-0000-4000-8000-000000000001</dc:identifier>
    <dc:title id="t1">The Tidepool Handbook</dc:title>
    <dc:creator id="c1">Ann Lee</dc:creator>
    <dc:creator id="c2">Bo Chen</dc:creator>
    <dc:language>en</dc:language>
    <dc:publisher>Shore Press</dc:publisher>
    <dc:date>2021-06-01</dc:date>
    <meta property="dcterms:modified">2021-06-01T00:00:00Z</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="css" href="css/book.css" media-type="text/css"/>
    <item id="notes" href="text/notes.xhtml" media-type="application/xhtml+xml"/>
    <item id="ch2" href="text/chapter%202.xhtml" media-type="application/xhtml+xml"/>
    <item id="ch1" href="text/ch01.xhtml" media-type="application/xhtml+xml"/>
    <item id="cover" href="images/cover.jpg" media-type="image/jpeg"/>
  </manifest>
  <spine>
    <itemref idref="nav" linear="no"/>
    <itemref idref="notes" linear="no"/>
    <itemref idref="ch1"/>
    <itemref idref="ch2"/>
  </spine>
</package>"""

NAV = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>Contents</title></head>
<body><nav epub:type="toc" id="toc"><h1>Contents</h1><ol>
  <li><a href="text/ch01.xhtml">I. Low Tide</a></li>
  <li><a href="text/chapter%202.xhtml#start">II. Sea Stars</a></li>
  <li><a href="text/notes.xhtml">Notes</a></li>
</ol></nav></body></html>"""

CH1 = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>Low Tide</title><link rel="stylesheet" href="../css/book.css"/><style>p{margin:0}</style></head>
<body><section epub:type="chapter">
  <h1>Chapter 1: Low Tide</h1>
  <p>The sea&nbsp;retreats twice a day&mdash;and leaves <em>pools</em> behind.</p>
  <h2>What to bring</h2>
  <ul><li>Boots</li><li>A <a href="notes.xhtml#n1">field guide</a></li></ul>
  <p>Caf&eacute; after.<br/>Then home.<a epub:type="noteref" href="notes.xhtml#n1">1</a></p>
  <table><tr><th>Tide</th><th>Height</th></tr><tr><td>Low</td><td>0.2&#160;m</td></tr></table>
  <script>document.write("not text")</script>
</section></body></html>"""

CH2 = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head>
<body><div id="start"><p>Sea stars eat mussels.</p><p>They pry shells open.</p></div></body></html>"""

NOTES = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Notes</title></head>
<body><aside id="n1"><p>Any guide to the Pacific shore will do.</p></aside></body></html>"""


def _epub(path: Path, members: dict[str, bytes] | None = None) -> Path:
    book = {
        "mimetype": b"application/epub+zip",
        "META-INF/container.xml": CONTAINER,
        "OEBPS/content.opf": OPF3.encode(),
        "OEBPS/nav.xhtml": NAV.encode(),
        "OEBPS/css/book.css": b"p { margin: 0 }",
        "OEBPS/text/ch01.xhtml": CH1.encode(),
        "OEBPS/text/chapter 2.xhtml": CH2.encode(),
        "OEBPS/text/notes.xhtml": NOTES.encode(),
        "OEBPS/images/cover.jpg": b"\xff\xd8\xff\xe0 not really a jpeg",
    }
    book.update(members or {})
    path.write_bytes(zip_bytes(book))
    return path


def test_epub3_text_in_spine_order_with_chapters_and_metadata(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    path = _epub(tmp_path / "upload.bin")
    assert detect(path) is Format.EPUB
    report = import_twice(database, settings, path)
    assert (report.format, report.new, report.failed) == ("epub", 1, 0)
    [item] = stored(database, "file").values()
    assert item.title == "The Tidepool Handbook"
    raw = item.raw_data or {}
    assert raw["authors"] == ["Ann Lee", "Bo Chen"]
    assert raw["author"] == "Ann Lee, Bo Chen"
    assert (raw["language"], raw["publisher"], raw["published"]) == (
        "en",
        "Shore Press",
        "2021-06-01",
    )
    assert (raw["kind"], raw["chapters"]) == ("epub", 3)
    assert raw["original"].endswith(".epub")
    assert item.content == (
        "# Chapter 1: Low Tide\n\n"
        "The sea retreats twice a day\u2014and leaves pools behind.\n\n"
        "## What to bring\n\n"
        "- Boots\n\n"
        "- A field guide\n\n"
        "Caf\u00e9 after. Then home.\n\n"
        "Tide | Height\n\n"
        "Low | 0.2 m\n\n"
        # No heading of its own: the table of contents names it.
        "# II. Sea Stars\n\n"
        "Sea stars eat mussels.\n\n"
        "They pry shells open.\n\n"
        # Auxiliary (linear="no") documents follow the reading order; the nav is not text.
        "# Notes\n\n"
        "Any guide to the Pacific shore will do."
    )
    assert "not text" not in item.content and "margin" not in item.content


NCX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE ncx PUBLIC "-//NISO//DTD ncx 2005-1//EN" "http://www.daisy.org/z3986/2005/ncx-2005-1.dtd">
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
  <head><meta name="dtb:uid" content="x"/></head>
  <docTitle><text>Old Book</text></docTitle>
  <navMap>
    <navPoint id="p1" playOrder="1"><navLabel><text>Opening</text></navLabel><content src="one.html"/></navPoint>
    <navPoint id="p2" playOrder="2"><navLabel><text>Closing</text></navLabel><content src="two.html#x"/></navPoint>
  </navMap>
</ncx>"""

OPF2 = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="BookId">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
    <dc:title>Ein altes Buch</dc:title>
    <dc:creator opf:role="aut" opf:file-as="M\u00fcller, J\u00fcrgen">J\u00fcrgen M\u00fcller</dc:creator>
    <dc:language>de</dc:language>
  </metadata>
  <manifest>
    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
    <item id="a" href="one.html" media-type="application/xhtml+xml"/>
    <item id="b" href="two.html" media-type="application/xhtml+xml"/>
  </manifest>
  <spine toc="ncx"><itemref idref="b"/><itemref idref="a"/></spine>
</package>"""

XHTML11 = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title></title></head><body>{}</body></html>"""


def test_epub2_with_ncx_at_the_root(database: Database, settings: Settings, tmp_path: Path) -> None:
    container = CONTAINER.replace(b"OEBPS/content.opf", b"book.opf")
    members = {
        "mimetype": b"application/epub+zip",
        "META-INF/container.xml": container,
        "book.opf": OPF2.encode(),
        "toc.ncx": NCX.encode(),
        "one.html": XHTML11.format("<p>Erstens &#8211; der Anfang.</p>").encode(),
        "two.html": XHTML11.format("<h3>Zweitens</h3><p>Das Ende kommt zuerst.</p>").encode(),
    }
    path = tmp_path / "alt.epub"
    path.write_bytes(zip_bytes(members))
    import_twice(database, settings, path)
    [item] = stored(database, "file").values()
    assert item.title == "Ein altes Buch"
    assert (item.raw_data or {})["authors"] == ["J\u00fcrgen M\u00fcller"]
    assert item.content == (
        "### Zweitens\n\nDas Ende kommt zuerst.\n\n# Opening\n\nErstens \u2013 der Anfang."
    )


BOMB = """<?xml version="1.0"?>
<!DOCTYPE html [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
  <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
  <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
  <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Start &g; end.</p></body></html>"""

LOCAL_FILE = """<?xml version="1.0"?>
<!DOCTYPE html [<!ENTITY local SYSTEM "file:///etc/passwd">]>
<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Before &local; after.</p></body></html>"""


def test_entities_are_never_expanded(tmp_path: Path) -> None:
    members = {
        "OEBPS/text/ch01.xhtml": BOMB.encode(),
        "OEBPS/text/chapter 2.xhtml": LOCAL_FILE.encode(),
    }
    _, text, _ = epub_document(_epub(tmp_path / "bomb.epub", members))
    # The parser stops at the bomb (the rest of that chapter is lost, never expanded) and
    # leaves the external entity unread.
    assert "aaaa" not in text and "root:" not in text
    assert "Start" in text and "Before after." in text
    assert len(text) < 1000


ENCRYPTION = """<?xml version="1.0"?>
<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
  <enc:EncryptedData><enc:EncryptionMethod Algorithm="{algorithm}"/>
    <enc:CipherData><enc:CipherReference URI="{uri}"/></enc:CipherData></enc:EncryptedData>
</encryption>"""


def test_drm_is_refused_but_font_obfuscation_reads(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    aes = ENCRYPTION.format(
        algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc", uri="OEBPS/text/ch01.xhtml"
    )
    locked = _epub(tmp_path / "locked.epub", {"META-INF/encryption.xml": aes.encode()})
    with pytest.raises(InvalidInput, match="DRM"):
        import_file(database, settings, locked)
    fonts = ENCRYPTION.format(
        algorithm="http://www.idpf.org/2008/embedding", uri="OEBPS/fonts/serif.otf"
    )
    fine = _epub(tmp_path / "fonts.epub", {"META-INF/encryption.xml": fonts.encode()})
    assert import_twice(database, settings, fine).new == 1


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"META-INF/container.xml": b"<container/>"}, "names no package"),
        ({"OEBPS/content.opf": b"<package xmlns='http://www.idpf.org/2007/opf'/>"}, "no spine"),
    ],
)
def test_broken_books_are_a_clear_error(
    tmp_path: Path, members: dict[str, bytes], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        epub_document(_epub(tmp_path / "broken.epub", members))
