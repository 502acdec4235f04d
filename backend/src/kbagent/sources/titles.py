"""A web page's title, and the chapter it belongs to, from the page's own markup.

Two ways extraction goes wrong on documentation sites, seen on the PostgreSQL manual:
- trafilatura prefers elements with a `title` class, and documentation renders admonitions as
  `<h3 class="title">Warning</h3>`: 34 of 1,169 pages came out titled "Note", "Warning"...
  The page's own `og:title`, `<h1>` and `<title>` win over such a heading.
- a section page ("62.1. Introduction") says nothing of its chapter: the navigation names it
  (DocBook's navigation header, `rel=up` links, Sphinx's up link, breadcrumbs). The chapter goes
  into the metadata, and into the title of numbered or generic section titles.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html
from lxml.etree import ParserError, _Element

ADMONITIONS = frozenset(
    {"note", "notes", "tip", "tips", "hint", "warning", "caution", "important", "danger"}
    | {"attention", "see also", "todo", "error", "info", "remark"}
)
# "62.1. Introduction", "F.3. auth_delay", "2.1.4 Options": a numbered section of something.
_NUMBERED_SECTION = re.compile(r"^(?:[A-Z]|\d+)(?:\.\d+)+\.?\s")
_GENERIC = frozenset(
    {"introduction", "overview", "examples", "example", "usage", "notes", "summary"}
    | {"description", "configuration", "installation", "limitations", "implementation"}
    | {"details", "background", "reference", "further reading", "see also", "getting started"}
)
_PARSER = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True)


def clean(text: str | None) -> str:
    # also folds no-break spaces, and drops the zero-width spaces manuals put in long names
    return " ".join((text or "").replace("\u200b", "").split())


def _squashed(text: str) -> str:
    return "".join(text.split())


def is_admonition(title: str | None) -> bool:
    return clean(title).rstrip(":.!").lower() in ADMONITIONS


def parse(html: str) -> _Element | None:
    try:
        return lxml_html.fromstring(html.encode("utf-8", errors="replace"), parser=_PARSER)
    except (ParserError, ValueError):
        return None


def _first(tree: _Element, xpath: str) -> str:
    for found in tree.xpath(xpath):
        text = clean(found if isinstance(found, str) else found.text_content())
        if text:
            return text
    return ""


def page_title(tree: _Element, extracted: str | None) -> str:
    """The extractor's title unless it is an admonition heading (or missing): then the first
    of the page's `og:title`, `<h1>` and `<title>` that is not one either."""
    # Sphinx puts a permalink pilcrow in every heading, and the extractor keeps it.
    extracted = clean(extracted).removesuffix("\u00b6").rstrip()
    candidates = (
        _first(tree, "//meta[@property='og:title']/@content"),
        _first(tree, "//h1"),
        _first(tree, "//title"),
    )
    if extracted and not is_admonition(extracted):
        # The extractor spaces out inline markup ("Sorting Rows ( ORDER BY )"): the page's
        # own spelling of the same words is better.
        same = (c for c in candidates if _squashed(c) == _squashed(extracted))
        return next(same, extracted)
    return next((c for c in candidates if c and not is_admonition(c)), "")


def chapter(tree: _Element, title: str) -> str | None:
    """The enclosing chapter (or part, or parent page) named by the page's navigation."""
    candidates = (
        # DocBook HTML: the navigation header's second row names the enclosing division.
        _first(tree, "//div[@class='navheader']//tr[2]/th"),
        _first(tree, "//link[@rel='up']/@title"),
        _first(tree, "//a[@accesskey='u' or @accesskey='U']/@title"),
        _first(tree, "//a[@accesskey='u' or @accesskey='U']"),  # Sphinx: the up link's text
        _breadcrumb(tree),
    )
    for candidate in candidates:
        if candidate and candidate != title and not is_admonition(candidate):
            return candidate
    return None


def _breadcrumb(tree: _Element) -> str:
    trails = tree.xpath(
        "//*[contains(translate(@class, 'BREADCRUMB', 'breadcrumb'), 'breadcrumb')"
        " or contains(translate(@aria-label, 'BREADCRUMB', 'breadcrumb'), 'breadcrumb')]"
    )
    for trail in trails:
        links = [clean(a.text_content()) for a in trail.iter("a")]
        if links:
            return links[-1]
    return ""


def with_chapter(title: str, parent: str | None) -> str:
    """`62.1. Introduction (Chapter 62. Genetic Query Optimizer)` for a section whose title
    means little alone; any other title as it is."""
    if not parent or parent in title:
        return title
    bare = _NUMBERED_SECTION.sub("", title).strip().lower()
    if _NUMBERED_SECTION.match(title) or bare in _GENERIC:
        return f"{title} ({parent})"
    return title
