"""A file's format, decided from its bytes; the name a user gave it is never consulted."""

from __future__ import annotations

import codecs
import re
import zipfile
from enum import StrEnum
from pathlib import Path

from kbagent.errors import InvalidInput
from kbagent.sources.omnivore import is_omnivore
from kbagent.sources.safezip import check_member_count

HEAD = 64 * 1024
# Markdown needs its own structure: headings, fences or links are enough alone; lists, quotes
# and underlined headings are plain-text habits too, and count only with inline markup.
_STRONG = re.compile(r"^(#{1,6}\s|```|~~~)|\[[^\]]+\]\([^)]+\)|^\[[^\]]+\]:\s", re.MULTILINE)
_BLOCK = re.compile(r"^([-*+]\s|\d+\.\s|>\s|(=+|-+)\s*$)", re.MULTILINE)
_INLINE = re.compile(r"\*\*[^*\n]+\*\*|`[^`\n]+`|(?<![\w*])\*[^*\s][^*\n]*\*(?![\w*])")


def _is_markdown(text: str) -> bool:
    return bool(_STRONG.search(text) or (_INLINE.search(text) and _BLOCK.search(text)))


class Format(StrEnum):
    X_ARCHIVE = "x_archive"
    X_ARCHIVE_JS = "x_archive_js"
    EXPORTER_JSON = "exporter_json"
    NETSCAPE = "netscape_bookmarks"
    POCKET_HTML = "pocket_html"
    POCKET_CSV = "pocket_csv"
    RAINDROP_CSV = "raindrop_csv"
    INSTAPAPER_CSV = "instapaper_csv"
    KARAKEEP_JSON = "karakeep_json"
    LINKWARDEN_JSON = "linkwarden_json"
    OMNIVORE_ZIP = "omnivore_zip"
    READWISE_READER_CSV = "readwise_reader_csv"
    READWISE_CSV = "readwise_csv"
    PDF = "pdf"
    DOCX = "docx"
    EPUB = "epub"
    HTML = "html"
    MARKDOWN = "markdown"
    TEXT = "text"


CSV_HEADERS = {
    "title,url,time_added,tags,status": Format.POCKET_CSV,
    "id,title,note,excerpt,url,folder,tags,created": Format.RAINDROP_CSV,
    "url,title,selection,folder,timestamp": Format.INSTAPAPER_CSV,
    "title,url,id,documenttags,saveddate": Format.READWISE_READER_CSV,
    "highlight,booktitle,bookauthor": Format.READWISE_CSV,
}


def _zip_format(path: Path) -> Format:
    with path.open("rb") as handle:
        check_member_count(handle)
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise InvalidInput(f"File looks like a zip but cannot be read: {exc}.") from None
    if any(n.endswith(("data/tweets.js", "data/like.js", "data/tweet.js")) for n in names):
        return Format.X_ARCHIVE
    if "word/document.xml" in names:
        return Format.DOCX
    if "META-INF/container.xml" in names:
        return Format.EPUB
    if is_omnivore(names):
        return Format.OMNIVORE_ZIP
    raise InvalidInput(
        "Zip file is not an X data archive, a DOCX document, an EPUB book or an Omnivore export."
    )


def _decode_head(head: bytes, complete: bool) -> str:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        return decoder.decode(head, final=complete).removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"File is not valid UTF-8 text (byte {exc.start}) and not a known binary format."
        ) from None


def detect(path: Path) -> Format:
    with path.open("rb") as handle:
        head = handle.read(HEAD)
        complete = not handle.read(1)
    if not head:
        raise InvalidInput("The file is empty.")
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(path)
    if head.startswith(b"%PDF-"):
        return Format.PDF
    if b"\x00" in head:
        raise InvalidInput("Unsupported binary file: not a PDF, zip archive or text.")
    text = _decode_head(head, complete)
    start = text.lstrip()[:512].lower()
    if start.startswith("window.ytd."):
        return Format.X_ARCHIVE_JS
    # A JSON array; a README opening with a badge (`[![build](...)](...)`) is not one.
    if re.match(r"\[\s*([{\[\]\"\d-]|true|false|null|$)", start):
        return Format.EXPORTER_JSON
    if start.startswith("{"):
        if re.match(r'\{\s*"bookmarks"\s*:', start):
            return Format.KARAKEEP_JSON
        if '"collections"' in text and '"links"' in text:
            return Format.LINKWARDEN_JSON
        raise InvalidInput(
            "JSON object not recognised: expected an array of exported posts, a Karakeep export "
            "or a Linkwarden backup."
        )
    if re.search(r"<opml[\s>]", start):
        raise InvalidInput(
            "This is an OPML list of feeds, not items to import: subscribe to its feeds with "
            "Sources → Feeds → Import OPML (POST /api/v1/sources/feeds/opml)."
        )
    if "<!doctype netscape-bookmark-file" in start:
        return Format.NETSCAPE
    if "<title>pocket export</title>" in text[:4096].lower():
        return Format.POCKET_HTML
    if start.startswith(("<!doctype html", "<html", "<head", "<body", "<?xml")) or "<html" in start:
        return Format.HTML
    header = start.split("\n", 1)[0].replace('"', "").replace(" ", "")
    for prefix, found in CSV_HEADERS.items():
        if header.startswith(prefix):
            return found
    if _is_markdown(text[:HEAD]):
        return Format.MARKDOWN
    return Format.TEXT
