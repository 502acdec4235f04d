"""OPML, the list-of-feeds file every feed reader imports and exports.

Reading: every `<outline>` with an `xmlUrl`, at any depth (readers nest feeds in folders).
The file is untrusted XML: entity declarations are refused (as in feeds), the parser loads no
DTD and reaches no network.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime

import lxml.etree

from kbagent.errors import InvalidInput
from kbagent.sources.feeds.parse import refuse_entities

MAX_BYTES = 2 * 1024 * 1024  # the request body limit (max_body_bytes) usually stops it first
MEDIA_TYPE = "text/x-opml"
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Outline:
    url: str
    title: str | None
    site_url: str | None


def _attribute(element: lxml.etree._Element, name: str) -> str | None:
    # OPML writers disagree on case (xmlUrl, xmlurl, XMLURL).
    for key, value in element.attrib.items():
        if str(key).lower() == name.lower() and str(value).strip():
            return str(value).strip()
    return None


def read_opml(body: bytes) -> list[Outline]:
    refuse_entities(body)
    parser = lxml.etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = lxml.etree.fromstring(body, parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise InvalidInput(f"Not an OPML file: {exc}.", {"reason": "not_opml"}) from None
    if not isinstance(root.tag, str) or root.tag.lower() != "opml":
        raise InvalidInput("Not an OPML file: its root element is not <opml>.")
    found: list[Outline] = []
    for element in root.iter("outline"):
        url = _attribute(element, "xmlUrl")
        if url is None:
            continue  # a folder
        title = _attribute(element, "title") or _attribute(element, "text")
        found.append(Outline(url, title[:500] if title else None, _attribute(element, "htmlUrl")))
    return found


def _xml(text: str) -> str:
    """The text without the control characters XML 1.0 cannot carry (a feed title may)."""
    return NOT_XML.sub("", text)


def write_opml(outlines: Sequence[Outline], created: datetime) -> bytes:
    root = lxml.etree.Element("opml", version="2.0")
    head = lxml.etree.SubElement(root, "head")
    lxml.etree.SubElement(head, "title").text = "kbagent feed subscriptions"
    lxml.etree.SubElement(head, "dateCreated").text = format_datetime(created)
    body = lxml.etree.SubElement(root, "body")
    for outline in outlines:
        name = _xml(outline.title or outline.url)
        element = lxml.etree.SubElement(
            body, "outline", type="rss", text=name, title=name, xmlUrl=_xml(outline.url)
        )
        if outline.site_url:
            element.set("htmlUrl", _xml(outline.site_url))
    written: bytes = lxml.etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
    return written
