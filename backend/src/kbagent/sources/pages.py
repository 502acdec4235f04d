"""A page's main content as Markdown, and its own title and chapter: for a page fetched from
the web and an HTML file uploaded alike."""

from __future__ import annotations

from typing import Any

import trafilatura

from kbagent.sources import titles


def extract_page(html: str, url: str) -> tuple[str, dict[str, Any]]:
    """Markdown text and metadata (title, chapter, author, date, lead image) of a page's main
    content; the title and chapter come from the page's own markup (see `titles`)."""
    document = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    meta: dict[str, Any] = {}
    if document is not None:
        found = document if isinstance(document, dict) else document.as_dict()
        meta = {k: found.get(k) for k in ("title", "author", "date", "image", "sitename")}
    tree = titles.parse(html)
    if tree is not None:
        title = titles.page_title(tree, meta.get("title"))
        parent = titles.chapter(tree, title)
        meta["title"] = titles.with_chapter(title, parent) or None
        if parent:
            meta["chapter"] = parent
    text = trafilatura.extract(
        html, url=url, output_format="markdown", include_links=True, include_tables=True
    )
    return text or "", meta
