"""The generated markdown tree (`KNOWLEDGE_BASE_DIR`) in each of its layouts (LEGACY.md s.3).

Items: `<kb>/<main>/<sub>/<item>/README.md` (bold-label header from May 19 2025 with media in
`media/`; before that the body first and a `**Source**:` trailer, media beside the README;
February's `**Tweet URL:**`), and the latest export `<kb>/knowledge-base/<main>/<sub>/<item>/`
with its emoji `## 📋 Metadata` bullets. The tweet id comes from the status URL or the
metadata bullet; none of the layouts has front matter.

Syntheses: `<main>/<sub>/_synthesis/README.md`, `syntheses/<main>/<sub>/synthesis_<sub>` (no
`.md`: the earlier tool's name normaliser dropped it), `syntheses/<main>/synthesis_overview`
and the export's `syntheses/<main>/synthesis_<sub>.md`.
"""

from __future__ import annotations

import re
from pathlib import Path

from kbagent.errors import InvalidInput
from kbagent.legacy.decode import text
from kbagent.legacy.records import LegacyData, LegacyItem, LegacySynthesis, MediaRef, Skipped

_STATUS = re.compile(r"/status(?:es)?/(\d{1,25})")
_TWEET_ID = re.compile(r"\*\*Tweet ID:?\*\*:?\s*`?(\d{1,25})")
_IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
_DESCRIPTION = re.compile(r"^\*\*(?:Image|Video)(?: \d+)? Description:?\*\*:?\s*(.*)$")
_HEADER = ("**Source", "**Author", "**Original Post Date", "**Tweet URL")
_MEDIA_HEADINGS = ("## media", "## 🖼️ media", "## 🖼 media")
_MEDIA_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".mp4", ".mov", ".webm"}
EXPORT_ROOT = "knowledge-base"
MAX_README_BYTES = 20 << 20


def _sections(markdown: str) -> dict[str, str]:
    """`## heading` (lower-cased, emoji kept) -> the section's text."""
    found: dict[str, str] = {}
    current: str | None = None
    lines: list[str] = []
    for line in markdown.splitlines():
        if line.startswith("## "):
            if current is not None:
                found[current] = "\n".join(lines).strip()
            current, lines = line[3:].strip().lower(), []
        elif current is not None:
            lines.append(line)
    if current is not None:
        found[current] = "\n".join(lines).strip()
    return found


def _section(sections: dict[str, str], word: str) -> str | None:
    for heading, body in sections.items():  # "📄 content" is "content"; "media content" not
        if re.sub(r"[^a-z ]", "", heading).split() == [word] and body:
            return body
    return None


def _title(markdown: str) -> str | None:
    for line in markdown.splitlines():
        if line.startswith("# "):
            return text(line[2:])
    return None


def _body(markdown: str) -> str:
    """The README without its header lines, `**Source**` trailer and media section."""
    kept: list[str] = []
    lines = markdown.splitlines()
    for index, line in enumerate(lines):
        lowered = line.strip().lower()
        if lowered.startswith(_MEDIA_HEADINGS) or lowered == "## media content":
            break
        if line.strip() == "---" and any(
            n.startswith("**Source") for n in lines[index + 1 : index + 3]
        ):
            break
        if line.startswith(_HEADER):
            continue
        kept.append(line)
    return "\n".join(kept).strip()


def _media(readme: Path, markdown: str) -> list[MediaRef]:
    refs: list[MediaRef] = []
    seen: set[Path] = set()
    description: str | None = None
    for line in markdown.splitlines():
        said = _DESCRIPTION.match(line.strip())
        if said:
            description = text(said.group(1))
        for target in _IMAGE.findall(line):
            if "://" in target:
                continue
            path = (readme.parent / target).resolve()
            if path not in seen:
                seen.add(path)
                kind = "video" if path.suffix.lower() in (".mp4", ".mov", ".webm") else "image"
                refs.append(MediaRef(str(path), description, kind))
            description = None
    for folder in (readme.parent / "media", readme.parent):
        if folder.is_dir():
            for file in sorted(folder.iterdir()):
                if file.suffix.lower() in _MEDIA_SUFFIXES and file.resolve() not in seen:
                    seen.add(file.resolve())
                    refs.append(MediaRef(str(file.resolve())))
    return refs


def _read(path: Path, data: LegacyData, kind: str) -> str | None:
    try:
        if path.stat().st_size > MAX_README_BYTES:
            data.skipped.append(Skipped(kind, str(path), "larger than 20 MiB"))
            return None
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        data.skipped.append(Skipped(kind, str(path), f"unreadable: {exc.strerror}"))
        return None


def _item(kb: Path, readme: Path, data: LegacyData) -> None:
    markdown = _read(readme, data, "markdown")
    if markdown is None:
        return
    found = _TWEET_ID.search(markdown) or _STATUS.search(markdown)
    if found is None:
        data.skipped.append(Skipped("markdown", str(readme.relative_to(kb)), "no tweet id in it"))
        return
    parts = list(readme.relative_to(kb).parts[:-1])
    if parts and parts[0] == EXPORT_ROOT:
        parts = parts[1:]
    sections = _sections(markdown)
    content = _section(sections, "content")  # the export layout's `## 📄 Content`
    data.add_item(
        LegacyItem(
            tweet_id=found.group(1),
            display_title=_title(markdown),
            description=_section(sections, "description"),
            markdown=content if content is not None else _body(markdown),
            markdown_from=f"markdown:{readme.relative_to(kb).as_posix()}",
            main_category=parts[0] if len(parts) >= 3 else None,
            sub_category=parts[1] if len(parts) >= 3 else None,
            media=_media(readme, markdown),
            folder=str(readme.parent),
            origins=["markdown"],
        )
    )


def _synthesis_place(kb: Path, path: Path) -> tuple[str, str | None] | None:
    parts = path.relative_to(kb).parts
    name = path.name.removesuffix(".md")
    if path.name == "README.md" and len(parts) in (3, 4) and parts[-2] == "_synthesis":
        return (parts[0], parts[1] if len(parts) == 4 else None)
    if parts[0] != "syntheses" or not name.startswith("synthesis_"):
        return None
    sub = name.removeprefix("synthesis_")
    if len(parts) == 3:  # syntheses/<main>/synthesis_<sub>[.md]
        return (parts[1], None if sub == "overview" else sub)
    if len(parts) == 4:  # syntheses/<main>/<sub>/synthesis_<sub>
        return (parts[1], parts[2])
    return None


def _synthesis(kb: Path, path: Path, place: tuple[str, str | None], data: LegacyData) -> None:
    markdown = _read(path, data, "synthesis")
    if markdown is None:
        return
    content = _section(_sections(markdown), "synthesis") or markdown.strip()
    if not content:
        data.skipped.append(Skipped("synthesis", str(path.relative_to(kb)), "empty file"))
        return
    data.add_synthesis(
        LegacySynthesis(
            main_category=place[0],
            sub_category=place[1],
            title=_title(markdown),
            content=content,
            origin=f"markdown:{path.relative_to(kb).as_posix()}",
        )
    )


def read_kb_dir(kb: Path, data: LegacyData) -> None:
    if not kb.is_dir():
        raise InvalidInput(f"No legacy knowledge base folder at {kb}.", {"kb_dir": str(kb)})
    items = syntheses = 0
    for path in sorted(p for p in kb.rglob("*") if p.is_file() and not p.is_symlink()):
        rel = path.relative_to(kb)
        if any(part.startswith(".") for part in rel.parts):
            continue  # .git and friends
        place = _synthesis_place(kb, path)
        if place is not None:
            syntheses += 1
            _synthesis(kb, path, place, data)
        elif path.name == "README.md" and len(rel.parts) > 1:
            items += 1
            _item(kb, path, data)
    data.tables_in["markdown items"] = items
    data.tables_in["markdown syntheses"] = syntheses
