"""A document's own title from its text: Markdown headings (ATX `# Title` and Setext
`Title` + `=====`), plain-text underlined headings, with badge lines kept out.

READMEs open with rows of shields (`[![build](...)](...)`): such a line is no title, and
images and link targets are removed from a heading that carries them.
"""

from __future__ import annotations

import re

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_ATX = re.compile(r"^ {0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_HTML_HEADING = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>", re.IGNORECASE | re.DOTALL)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]|<img\b[^>]*>", re.IGNORECASE)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\[[^\]]*\]")
_TAG = re.compile(r"<[^>]+>")
_NOT_TEXT = re.compile(r"^(?:[-*+>|=_~`#\s]|\d+\.\s)*$")


def plain(line: str) -> str:
    """A heading's words: images dropped, links reduced to their text, markup removed."""
    line = _IMAGE.sub("", line)
    line = _LINK.sub(lambda m: m.group(1) or m.group(2) or "", line)
    line = _TAG.sub("", line)
    line = re.sub(r"(\*\*|__|\*|`)", "", line)
    return " ".join(line.split()).strip(" -|")


def _heading_level(lines: list[str], n: int) -> tuple[int, str] | None:
    line = lines[n]
    atx = _ATX.match(line)
    if atx:
        return len(atx.group(1)), atx.group(2)
    following = lines[n + 1] if n + 1 < len(lines) else ""
    underline = _SETEXT.match(following)
    if underline and line.strip() and not _NOT_TEXT.match(line) and len(underline.group(1)) >= 2:
        return (1 if underline.group(1)[0] == "=" else 2), line
    html = _HTML_HEADING.search(line)
    if html:
        return int(html.group(1)), html.group(2)
    return None


def markdown_title(text: str) -> str:
    """The first level-1 heading, else the first heading, else the first line of prose."""
    lines = _FRONT_MATTER.sub("", text, count=1).splitlines()
    best: tuple[int, str] | None = None
    first_prose = ""
    in_fence = False
    for n, line in enumerate(lines[:2000]):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        found = _heading_level(lines, n)
        if found is not None:
            words = plain(found[1])
            if words and found[0] == 1:
                return words
            if words and (best is None or found[0] < best[0]):
                best = (found[0], words)
            continue
        if not first_prose and not _SETEXT.match(line):
            first_prose = plain(line) if not _NOT_TEXT.match(plain(line)) else ""
    return best[1] if best else first_prose


def underlined_title(text: str) -> str:
    """Plain text's own convention: a first line underlined with `===` or `---`."""
    lines = text.lstrip().splitlines()[:2]
    if len(lines) == 2 and _SETEXT.match(lines[1]) and len(lines[1].strip()) >= 3:
        return " ".join(lines[0].split())
    return ""
