"""Markdown from imported content made safe to open: no raw HTML, no script links.

Vault files are opened in Obsidian, editors and Git web views, which render raw HTML and follow
links. Item text comes from the outside world (web pages, posts, files), so outside code
blocks and code spans every `<` is escaped (autolinks to http(s)/mailto stay), and a link
destination whose scheme is not http, https or mailto (`javascript:`, `data:`, `vbscript:`,
also when hidden behind entities or control characters) is replaced by `#unsafe-link`.
"""

from __future__ import annotations

import html
import re

SAFE_SCHEMES = ("http", "https", "mailto")
UNSAFE = "#unsafe-link"

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1", re.S)
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^\s<>]*)>", re.I)
_INLINE_LINK = re.compile(r"(\]\(\s*)(<[^>\n]*>|[^\s)]+)")
_REFERENCE = re.compile(r"^( {0,3}\[[^\]\n]+\]:\s*)(<[^>\n]*>|\S+)", re.M)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f\u200b-\u200f\u2028-\u202e\ufeff]")


def safe_destination(url: str) -> str:
    bare = url[1:-1] if url.startswith("<") and url.endswith(">") else url
    # Renderers decode entities in destinations and browsers ignore control characters
    # inside a scheme: `&#106;avascript:` and `java\tscript:` are both javascript:.
    plain = _INVISIBLE.sub("", html.unescape(bare))
    scheme = _SCHEME.match(plain)
    if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
        return UNSAFE
    return url


def _text(segment: str) -> str:
    """Plain markdown (no code): links checked, then raw HTML escaped."""
    segment = _INLINE_LINK.sub(lambda m: m.group(1) + safe_destination(m.group(2)), segment)
    segment = _REFERENCE.sub(lambda m: m.group(1) + safe_destination(m.group(2)), segment)
    autolinks: list[str] = []

    def keep(match: re.Match[str]) -> str:
        autolinks.append(match.group(0))
        return f"\x00{len(autolinks) - 1}\x00"

    segment = _AUTOLINK.sub(keep, segment.replace("\x00", ""))
    segment = segment.replace("<", "&lt;")
    return re.sub(r"\x00(\d+)\x00", lambda m: autolinks[int(m.group(1))], segment)


def _outside_spans(block: str) -> str:
    out: list[str] = []
    last = 0
    for span in _CODE_SPAN.finditer(block):
        out += [_text(block[last : span.start()]), span.group(0)]
        last = span.end()
    out.append(_text(block[last:]))
    return "".join(out)


def safe_markdown(text: str) -> str:
    """The markdown with raw HTML escaped and unsafe links neutralised; code is kept as is."""
    out: list[str] = []
    prose: list[str] = []
    fence: str | None = None
    for line in text.splitlines(keepends=True):
        opening = _FENCE.match(line)
        if fence is None and opening:
            out.append(_outside_spans("".join(prose)))
            prose = []
            fence = opening.group(1)[0] * len(opening.group(1))
            out.append(line)
        elif fence is not None:
            out.append(line)
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
        else:
            prose.append(line)
    out.append(_outside_spans("".join(prose)))
    return "".join(out)


def safe_inline(text: str) -> str:
    """One line of text (a title, a caption): raw HTML escaped, links neutralised."""
    return safe_markdown(" ".join(text.split()))
