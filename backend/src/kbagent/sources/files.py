"""Single documents: PDF (text per page), Markdown, HTML, plain text, DOCX, EPUB (epub.py).

The type comes from `detect.py` (the bytes), never from the file name; the original is kept
under `data_dir/files` by content hash.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pypdf
from pypdf.errors import PdfReadError

from kbagent.errors import InvalidInput
from kbagent.sources.doctitles import markdown_title, underlined_title
from kbagent.sources.drafts import ItemDraft, clip_title
from kbagent.sources.epub import epub_document
from kbagent.sources.pages import extract_page

SUFFIX = {
    "pdf": ".pdf",
    "markdown": ".md",
    "html": ".html",
    "text": ".txt",
    "docx": ".docx",
    "epub": ".epub",
}
MAX_TEXT = 5_000_000
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DC = "{http://purl.org/dc/elements/1.1/}"


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_text(path: Path, max_bytes: int = MAX_TEXT) -> str:
    data = path.read_bytes()[: max_bytes + 1]
    if len(data) > max_bytes:
        raise InvalidInput(f"Text file is larger than {max_bytes} bytes.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"File is not valid UTF-8 (byte {exc.start}).") from None


def _pdf(path: Path) -> tuple[str, str, dict[str, Any]]:
    try:
        reader = pypdf.PdfReader(path)
        pages = [page.extract_text() or "" for page in reader.pages]
        title = str(reader.metadata.get("/Title") or "") if reader.metadata else ""
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InvalidInput(f"PDF could not be read: {exc}.") from None
    text = "\n\n".join(f"<!-- page {n} -->\n{p.strip()}" for n, p in enumerate(pages, 1))
    if not any(p.strip() for p in pages):
        raise InvalidInput("PDF has no extractable text (scanned images need OCR).")
    return title or pages[0], text, {"pages": len(pages)}


MAX_XML_DEPTH = 256  # real documents nest a few dozen levels


def _docx_paragraphs(stream: Any) -> list[tuple[str, str]]:
    """(style, text) of each paragraph in one streaming pass: work grows with the size, never
    with nesting depth squared (a paragraph's text is gathered as its `w:t` elements end)."""
    paragraphs: list[tuple[str, str]] = []
    open_paragraphs: list[list[str]] = []
    styles: list[str] = []
    depth = 0
    for event, element in ElementTree.iterparse(stream, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth > MAX_XML_DEPTH:
                raise InvalidInput(f"DOCX document is nested deeper than {MAX_XML_DEPTH} levels.")
            if element.tag == f"{_W}p":
                open_paragraphs.append([])
                styles.append("")
            elif element.tag == f"{_W}pStyle" and styles:
                styles[-1] = element.get(f"{_W}val") or ""
            continue
        depth -= 1
        if element.tag == f"{_W}t" and open_paragraphs:
            open_paragraphs[-1].append(element.text or "")
        elif element.tag == f"{_W}p" and open_paragraphs:
            paragraphs.append((styles.pop(), "".join(open_paragraphs.pop())))
        element.clear()  # keeps memory flat: nothing below is needed again
    return paragraphs


def _docx_title(archive: zipfile.ZipFile) -> str:
    """`dc:title` of the document's core properties (what Word shows as its title)."""
    try:
        info = archive.getinfo("docProps/core.xml")
    except KeyError:
        return ""
    if info.file_size > 1_000_000:
        return ""
    try:
        root = ElementTree.fromstring(archive.read(info))
    except ElementTree.ParseError:
        return ""
    found = root.find(f"{_DC}title")
    return " ".join((found.text or "").split()) if found is not None else ""


def _is_heading(style: str) -> bool:
    # Word's built-in ids ("Title", "Heading1"); localised templates keep those ids.
    return style.lower() == "title" or style.lower().startswith("heading")


def _docx(path: Path) -> tuple[str, str, dict[str, Any]]:
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_TEXT * 4:
                raise InvalidInput("DOCX document is too large.")
            with archive.open(info) as stream:
                paragraphs = _docx_paragraphs(stream)
            title = _docx_title(archive)
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError) as exc:
        raise InvalidInput(f"DOCX could not be read: {exc}.") from None
    text = "\n\n".join(p for _, p in paragraphs if p.strip())
    heading = next((p for style, p in paragraphs if _is_heading(style) and p.strip()), "")
    return title or heading or text, text, {}


def _markdown(path: Path) -> tuple[str, str, dict[str, Any]]:
    text = read_text(path)
    return markdown_title(text), text, {}


def _html(path: Path) -> tuple[str, str, dict[str, Any]]:
    """As a fetched page is read: the page's own title (not an admonition heading such as
    "Note"), with its chapter when the title alone says little ("13.1. Introduction")."""
    text, meta = extract_page(read_text(path), "")
    found = {k: meta[k] for k in ("chapter", "author", "date") if meta.get(k)}
    return str(meta.get("title") or "") or text, text, found


def _text(path: Path) -> tuple[str, str, dict[str, Any]]:
    text = read_text(path)
    return underlined_title(text) or text, text, {}


_EXTRACT = {
    "pdf": _pdf,
    "docx": _docx,
    "epub": epub_document,
    "markdown": _markdown,
    "html": _html,
    "text": _text,
}


def file_draft(path: Path, kind: str, data_dir: Path, display_name: str | None) -> ItemDraft:
    """Extract a document and keep its original; `display_name` is metadata, never a path."""
    title_source, text, extra = _EXTRACT[kind](path)
    if not text.strip():
        raise InvalidInput("The file contains no text.")
    sha = file_hash(path)
    target = data_dir / "files" / sha[:2] / f"{sha}{SUFFIX[kind]}"
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        tmp = target.with_suffix(".part")
        tmp.write_bytes(path.read_bytes())
        os.replace(tmp, target)
    name = (display_name or "").replace("\\", "/").rsplit("/", 1)[-1][:255] or None
    return ItemDraft(
        source_type="file",
        source_id=sha,
        title=clip_title(title_source, fallback=name or f"{kind} file"),
        content=text,
        raw_data={
            "kind": kind,
            "filename": name,
            "sha256": sha,
            "bytes": path.stat().st_size,
            "original": str(target.relative_to(data_dir)),
            **extra,
        },
        hash_ignores=frozenset({"filename"}),
    )
