"""EPUB books (2 and 3): the text in the reading order of the OPF spine, each chapter a section.

- `META-INF/container.xml` names the package document (OPF); its `dc:title` is the book's
  title and its `dc:creator`s the authors (`dc:language`, `dc:publisher` and `dc:date` kept too).
- The spine gives the reading order; linear documents come first, then the auxiliary ones a
  book marks `linear="no"` (notes, answers). The EPUB 3 navigation document is not text.
- Chapter headings are the documents' own `<h1>`..`<h6>` as Markdown headings; a document
  without one is headed by its label in the table of contents (EPUB 3 `nav`, EPUB 2 NCX).
  Paragraphs, list items (`- `) and table rows (cells split by ` | `) are blocks; footnote
  reference numbers are left out (they would run into the word before them).
- Images, styles and fonts are not text and are left out; a DRM-encrypted book is refused
  (its text cannot be read without the vendor's key). Font obfuscation is not DRM.

The zip goes through `SafeZip` (names checked, sizes capped, members read into memory, never
extracted). XML is parsed without loading DTDs or resolving entities (no entity expansion
bombs, no network); HTML's named entities (`&nbsp;`, `&mdash;`) are turned into character
references first, since XHTML chapters use them without the DTD that declares them.
"""

from __future__ import annotations

import html.entities
import posixpath
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lxml import etree

from kbagent.errors import InvalidInput
from kbagent.sources.safezip import SafeZip

MAX_ZIP_BYTES = 1_000_000_000  # declared total: images make books large, text never is
MAX_XML = 20_000_000  # one package, navigation or chapter document
MAX_TEXT = 5_000_000  # what one item may hold (ingest refuses more)
MAX_DEPTH = 200

_OPF = "{http://www.idpf.org/2007/opf}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
_NCX = "{http://www.daisy.org/z3986/2005/ncx/}"
_EPUB = "{http://www.idpf.org/2007/ops}"
_ENC = "{http://www.w3.org/2001/04/xmlenc#}"
# Font obfuscation (IDPF, Adobe) hides fonts, not text: such books read fine.
_FONT_OBFUSCATION = {"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"}

_PARSER = etree.XMLParser(
    resolve_entities=False,
    load_dtd=False,
    no_network=True,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
    recover=True,
)
_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")

_HEADINGS = {f"h{n}": "#" * n + " " for n in range(1, 7)}
_BLOCKS = {
    *_HEADINGS,
    *("p", "div", "section", "article", "blockquote", "li", "dt", "dd", "pre", "tr"),
    *("figcaption", "aside", "header", "footer", "table", "ul", "ol", "dl", "figure"),
    *("main", "body", "hr"),
}
_SKIP = {"head", "script", "style", "nav", "svg", "math", "template"}


def _named_to_numeric(match: re.Match[bytes]) -> bytes:
    name = match.group(1).decode("ascii")
    if name in _XML_ENTITIES or name not in html.entities.name2codepoint:
        return match.group(0)
    return b"&#%d;" % html.entities.name2codepoint[name]


def _parse(data: bytes, what: str) -> Any:
    try:
        root = etree.fromstring(_ENTITY.sub(_named_to_numeric, data), parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise InvalidInput(f"EPUB {what} is not readable XML: {exc}.") from None
    if root is None:
        raise InvalidInput(f"EPUB {what} is empty or not XML.")
    return root


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _words(text: str | None) -> str:
    return " ".join((text or "").split())


class _Book:
    def __init__(self, archive: SafeZip) -> None:
        self.archive = archive

    def read(self, name: str, what: str) -> bytes:
        data = self.archive.read(name, MAX_XML)
        if data is None:
            raise InvalidInput(f"EPUB {what} `{name[:200]}` is larger than {MAX_XML} bytes.")
        return data

    def xml(self, name: str, what: str) -> Any:
        return _parse(self.read(name, what), what)


def _resolve(base: str, href: str) -> str:
    """A member name from an href relative to the document `base` (fragment dropped)."""
    path = unquote(href.split("#", 1)[0])
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), path)) if path else ""


def _package_path(book: _Book) -> str:
    if "META-INF/container.xml" not in book.archive.names:
        raise InvalidInput("EPUB has no META-INF/container.xml.")
    container = book.xml("META-INF/container.xml", "container")
    for rootfile in container.iter(f"{_CONTAINER}rootfile"):
        path = rootfile.get("full-path") or ""
        if path and (rootfile.get("media-type") or "").endswith("oebps-package+xml"):
            return path
    raise InvalidInput("EPUB container names no package document (OPF).")


def _metadata(opf: Any) -> dict[str, Any]:
    meta = opf.find(f"{_OPF}metadata")
    if meta is None:
        return {}

    def all_of(name: str) -> list[str]:
        found = (_words("".join(e.itertext())) for e in meta.iter(f"{_DC}{name}"))
        return list(dict.fromkeys(v for v in found if v))

    authors = all_of("creator")
    fields: dict[str, Any] = {
        "book_title": next(iter(all_of("title")), ""),
        "authors": authors,
        "author": ", ".join(authors) or None,
        "language": next(iter(all_of("language")), None),
        "publisher": next(iter(all_of("publisher")), None),
        "published": next(iter(all_of("date")), None),
    }
    return {k: v for k, v in fields.items() if v}


def _toc_labels(book: _Book, opf_path: str, opf: Any, manifest: dict[str, Any]) -> dict[str, str]:
    """The table of contents' label of each document (the first one naming it)."""
    labels: dict[str, str] = {}
    nav = next((i for i in manifest.values() if "nav" in (i.get("properties") or "").split()), None)
    if nav is not None:
        path = _resolve(opf_path, nav.get("href") or "")
        if path in book.archive.names:
            for element in book.xml(path, "navigation document").iter("{*}nav"):
                if "toc" not in (element.get(f"{_EPUB}type") or "toc"):
                    continue
                for link in element.iter("{*}a"):
                    target = _resolve(path, link.get("href") or "")
                    label = _words("".join(link.itertext()))
                    if target and label:
                        labels.setdefault(target, label)
    spine = opf.find(f"{_OPF}spine")
    ncx = manifest.get(spine.get("toc") or "") if spine is not None else None
    if not labels and ncx is not None:
        path = _resolve(opf_path, ncx.get("href") or "")
        if path in book.archive.names:
            for point in book.xml(path, "NCX table of contents").iter(f"{_NCX}navPoint"):
                text = point.find(f"{_NCX}navLabel/{_NCX}text")
                content = point.find(f"{_NCX}content")
                if text is None or content is None:
                    continue
                target = _resolve(path, content.get("src") or "")
                label = _words("".join(text.itertext()))
                if target and label:
                    labels.setdefault(target, label)
    return labels


def _encrypted(book: _Book) -> set[str]:
    """Members encrypted by something other than font obfuscation (DRM)."""
    if "META-INF/encryption.xml" not in book.archive.names:
        return set()
    root = book.xml("META-INF/encryption.xml", "encryption list")
    found: set[str] = set()
    for data in root.iter(f"{_ENC}EncryptedData"):
        method = data.find(f"{_ENC}EncryptionMethod")
        algorithm = method.get("Algorithm") if method is not None else None
        reference = data.find(f"{_ENC}CipherData/{_ENC}CipherReference")
        if algorithm not in _FONT_OBFUSCATION and reference is not None:
            found.add(posixpath.normpath(unquote(reference.get("URI") or "")))
    return found


def _spine(opf_path: str, opf: Any, manifest: dict[str, Any]) -> list[str]:
    spine = opf.find(f"{_OPF}spine")
    if spine is None:
        raise InvalidInput("EPUB package has no spine (reading order).")
    linear: list[str] = []
    auxiliary: list[str] = []
    for ref in spine.iter(f"{_OPF}itemref"):
        item = manifest.get(ref.get("idref") or "")
        if item is None or "nav" in (item.get("properties") or "").split():
            continue
        path = _resolve(opf_path, item.get("href") or "")
        if path:
            (auxiliary if ref.get("linear") == "no" else linear).append(path)
    return list(dict.fromkeys(linear + auxiliary))


class _Blocks:
    """A chapter's blocks as Markdown lines: headings `#`, list items `- `, paragraphs."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.buffer: list[str] = []
        self.prefix = ""

    def flush(self) -> None:
        text = _words("".join(self.buffer)).removesuffix(" |")
        if text:
            self.out.append(self.prefix + text)
        self.buffer.clear()

    def walk(self, element: Any, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            raise InvalidInput(f"EPUB chapter is nested deeper than {MAX_DEPTH} levels.")
        tag = _local(element.tag)
        if not tag or tag in _SKIP:  # entity references, comments: no text of their own
            return
        if "noteref" in (element.get(f"{_EPUB}type") or ""):
            return  # a footnote's number would run into the word it follows ("word1")
        block = tag in _BLOCKS
        if block:
            self.flush()
            self.prefix = _HEADINGS.get(tag, "- " if tag == "li" else "")
        if tag == "br":
            self.buffer.append(" ")
        self.buffer.append(element.text or "")
        for child in element:
            self.walk(child, depth + 1)
            self.buffer.append(child.tail or "")
        if tag in ("td", "th"):
            self.buffer.append(" | ")  # a row's cells on one line, kept apart
        if block:
            self.flush()
            self.prefix = ""


def _chapter(root: Any) -> list[str]:
    body = next(root.iter("{*}body"), None)
    blocks = _Blocks()
    blocks.walk(body if body is not None else root)
    blocks.flush()
    return blocks.out


def epub_document(path: Path) -> tuple[str, str, dict[str, Any]]:
    """(title, Markdown text, metadata) of an EPUB file."""
    archive = SafeZip(path, MAX_ZIP_BYTES)
    try:
        book = _Book(archive)
        opf_path = _package_path(book)
        if opf_path not in archive.names:
            raise InvalidInput(f"EPUB package document `{opf_path[:200]}` is missing.")
        opf = book.xml(opf_path, "package document")
        manifest = {
            item.get("id"): item
            for item in opf.iter(f"{_OPF}item")
            if item.get("id") and item.get("href")
        }
        meta = _metadata(opf)
        labels = _toc_labels(book, opf_path, opf, manifest)
        order = _spine(opf_path, opf, manifest)
        locked = _encrypted(book)
        if any(p in locked for p in order):
            raise InvalidInput("EPUB is DRM-protected: its chapters are encrypted.")
        sections: list[str] = []
        size = 0
        chapters = 0
        for name in order:
            if name not in archive.names:
                continue
            blocks = _chapter(book.xml(name, "chapter"))
            if not blocks:
                continue
            if not blocks[0].startswith("#") and name in labels:
                blocks.insert(0, f"# {labels[name]}")
            section = "\n\n".join(blocks)
            size += len(section) + 2
            if size > MAX_TEXT:
                raise InvalidInput(f"EPUB text is longer than {MAX_TEXT} characters.")
            sections.append(section)
            chapters += 1
    finally:
        archive.close()
    text = "\n\n".join(sections)
    title = str(meta.pop("book_title", "")) or next(
        (line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")), text
    )
    return title, text, {**meta, "chapters": chapters}
