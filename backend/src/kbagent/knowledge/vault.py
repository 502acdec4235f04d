"""The markdown vault: the KB as Obsidian-compatible files, kept up to date incrementally.

Layout (SPEC.md): `<main>/<sub>/<item>/README.md` with `media/`, `<main>/<sub>/_synthesis/
README.md`, `<main>/_synthesis/README.md`, and a root `README.md` index. A manifest
(`vault_manifest.py`) records the hash of every file the vault wrote and the item it belongs
to, so a sync writes only what changed and removes what no longer exists (also after a
category rename, merge or move, which moves item folders), reading and writing only the rows
of what it touches.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from kbagent.config import Settings
from kbagent.content import repository as content_repository
from kbagent.content.models import ContentItem
from kbagent.knowledge import repository, tree
from kbagent.knowledge.markdown_safety import safe_inline, safe_markdown
from kbagent.knowledge.models import KnowledgeItem, SynthesisDocument
from kbagent.knowledge.vault_manifest import Manifest, is_manifest_file, open_manifest
from kbagent.knowledge.vault_paths import item_dir, synthesis_path
from kbagent.media_path import MediaPath, MediaPathRefused

log = logging.getLogger("kbagent.vault")

RECENT = 20


class SyncReport(BaseModel):
    written: int
    removed: int
    unchanged: int


@dataclass
class _Files:
    """Files the vault should contain: relative path -> text or a source file to copy."""

    texts: dict[str, str] = field(default_factory=dict)
    copies: dict[str, MediaPath] = field(default_factory=dict)
    owners: dict[str, str] = field(default_factory=dict)  # relative path -> its item's id


def _yaml_value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(json.dumps(str(v)) for v in value) + "]"
    return json.dumps(value if isinstance(value, str | int | float | bool) else str(value))


def front_matter(fields: dict[str, Any]) -> str:
    lines = [f"{key}: {_yaml_value(value)}" for key, value in fields.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def _media_source(settings: Settings, item_id: str, raw: Any) -> MediaPath | None:
    """A file of the media area; anything else (the database, the secret key, a path out of
    the data directory, a symlink out of the media area) is never copied into the vault, its
    zip or its git push: skipped, with the reason in the log."""
    try:
        media = MediaPath.parse(raw)
        media.file(settings.data_dir)
    except MediaPathRefused as exc:
        log.warning(
            "media path skipped: %s",
            exc.reason,
            extra={"item_id": item_id, "path": exc.raw},
        )
        return None
    return media if media.is_file(settings.data_dir) else None


def _descriptions(content: ContentItem | None) -> dict[str, str]:
    found: dict[str, str] = {}
    for media in (content.media_files or []) if content else []:
        if not isinstance(media, dict):
            continue
        description = media.get("description") or media.get("alt_text")
        for key in ("path", "local_path", "url"):
            if isinstance(media.get(key), str) and isinstance(description, str):
                found[Path(media[key]).name] = description
    return found


def render_item(
    item: KnowledgeItem, content: ContentItem | None, media: list[tuple[str, str]]
) -> str:
    matter = front_matter(
        {
            "title": item.display_title,
            "id": item.id,
            "category": f"{item.main_category}/{item.sub_category}" if item.main_category else None,
            "tags": item.tags,
            "source": item.source_url,
            "source_type": content.source_type if content else None,
            "version": item.version,
            "created": item.created_at.isoformat(),
            "updated": item.updated_at.isoformat(),
        }
    )
    # Imported text may carry raw HTML and script links; the vault never passes them on.
    body = safe_markdown((item.enhanced_content or "").strip())
    # Generated notes open with their own "# Title"; the file gets one title heading either way.
    has_title = body.startswith("# ")
    parts = [matter] if has_title else [matter, f"# {safe_inline(item.display_title)}\n"]
    if item.summary and not has_title:
        parts.append(f"\n> {safe_inline(item.summary)}\n")
    if body:
        parts.append(f"{'' if has_title else chr(10)}{body}\n")
    if media:
        parts.append("\n## Media\n")
        for name, description in media:
            caption = safe_inline(description).replace("[", "(").replace("]", ")")
            parts.append(f"\n![{caption or name}](media/{name})\n")
            if caption:
                parts.append(f"\n*{caption}*\n")
    if item.source_url:
        parts.append(f"\n---\nSource: <{item.source_url}>\n")
    return "".join(parts)


def _item_files(
    files: _Files, settings: Settings, item: KnowledgeItem, content: ContentItem | None
) -> None:
    folder = item_dir(item.main_category, item.sub_category, item.display_title, item.id)
    descriptions = _descriptions(content)
    media: list[tuple[str, str]] = []
    for raw in item.media_paths or []:
        source = _media_source(settings, item.id, raw)
        if source is not None:
            name = source.relative.name
            files.copies[f"{folder}/media/{name}"] = source
            files.owners[f"{folder}/media/{name}"] = item.id
            media.append((name, descriptions.get(name, "")))
    files.texts[f"{folder}/README.md"] = render_item(item, content, media)
    files.owners[f"{folder}/README.md"] = item.id


def _synthesis_file(doc: SynthesisDocument) -> tuple[str, str]:
    matter = front_matter(
        {
            "title": doc.title,
            "type": "synthesis",
            "category": f"{doc.main_category}/{doc.sub_category}"
            if doc.sub_category
            else doc.main_category,
            "sources": len(doc.source_item_ids),
            "content_hash": doc.content_hash,
            "updated": doc.updated_at.isoformat(),
        }
    )
    return synthesis_path(doc.main_category, doc.sub_category), matter + safe_markdown(doc.content)


def render_index(session: Session) -> str:
    categories = tree.tree(session)
    syntheses = {(d.main_category, d.sub_category) for d in repository.list_syntheses(session)}
    lines = [
        front_matter({"title": "Knowledge base"}).rstrip(),
        "",
        "# Knowledge base",
        "",
        f"- Items: {categories.total_items}",
        f"- Categories: {sum(len(m.subcategories) for m in categories.categories)}",
        f"- Syntheses: {len(syntheses)}",
        "",
        "## Categories",
        "",
    ]
    for main in categories.categories:
        link = (
            f" ([synthesis]({synthesis_path(main.name, '')}))"
            if (main.name, tree.MAIN_SYNTHESIS) in syntheses
            else ""
        )
        lines.append(f"- **{safe_inline(main.name)}** ({main.count}){link}")
        for sub in main.subcategories:
            sub_link = (
                f" ([synthesis]({synthesis_path(main.name, sub.name)}))"
                if (main.name, sub.name) in syntheses
                else ""
            )
            lines.append(f"  - {safe_inline(sub.name)} ({sub.count}){sub_link}")
    lines += ["", "## Recent items", ""]
    for item in repository.recent_items(session, RECENT):
        folder = item_dir(item.main_category, item.sub_category, item.display_title, item.id)
        label = safe_inline(item.display_title).replace("[", "(").replace("]", ")")
        lines.append(f"- [{label}]({folder}/README.md)")
    return "\n".join(lines) + "\n"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write(root: Path, rel: str, data: bytes, manifest: Manifest, owner: str | None) -> bool:
    target = root / rel
    digest = _digest(data)
    if manifest.digest(rel) == digest and target.is_file():
        manifest.set(rel, digest, owner)  # the owner may be new (a manifest taken over)
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)  # a symlink planted there would be written through
    tmp.write_bytes(data)
    os.replace(tmp, target)
    manifest.set(rel, digest, owner)
    return True


def _remove(root: Path, rels: Iterable[str], manifest: Manifest) -> int:
    removed = 0
    for rel in rels:
        target = root / rel
        manifest.drop(rel)
        if target.is_file():
            target.unlink()
            removed += 1
        parent = target.parent
        while parent != root and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    return removed


@contextlib.contextmanager
def _exclusive(settings: Settings) -> Iterator[None]:
    """One vault writer at a time, across threads and processes (an API refresh and the export
    phase on a worker); the database is only read, so no database lock is held meanwhile."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.data_dir / "vault.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def held_still(settings: Settings) -> contextlib.AbstractContextManager[None]:
    """No vault writer, in this or another process, while the caller reads the folder (a
    backup copies a vault whose files agree with its manifest)."""
    return _exclusive(settings)


def sync(session: Session, settings: Settings, item_ids: Iterable[str] | None = None) -> SyncReport:
    """Bring the vault up to date: everything, or only the given items (plus index, syntheses)."""
    with _exclusive(settings):
        return _sync(session, settings, item_ids)


def _sync(session: Session, settings: Settings, item_ids: Iterable[str] | None) -> SyncReport:
    root = settings.resolved_vault_dir
    root.mkdir(parents=True, exist_ok=True)
    with open_manifest(root) as manifest:
        report = _sync_into(session, settings, root, manifest, item_ids)
        manifest.save()
    return report


def _sync_into(
    session: Session,
    settings: Settings,
    root: Path,
    manifest: Manifest,
    item_ids: Iterable[str] | None,
) -> SyncReport:
    full = item_ids is None
    touched = set(item_ids or [])
    if full:
        manifest.load_all()
    else:
        manifest.load_items(touched)
    files = _Files()
    items = (
        list(repository.all_items(session))
        if full
        else [i for i in (repository.get_item(session, x) for x in touched) if i]
    )
    for item in items:
        _item_files(files, settings, item, content_repository.get(session, item.content_item_id))
    for doc in repository.list_syntheses(session):
        path, text = _synthesis_file(doc)
        files.texts[path] = text
    files.texts["README.md"] = render_index(session)

    written = unchanged = 0
    for rel, text in files.texts.items():
        if _write(root, rel, text.encode(), manifest, files.owners.get(rel)):
            written += 1
        else:
            unchanged += 1
    for rel, source in files.copies.items():
        try:
            data = source.read_bytes(settings.data_dir)
        except (MediaPathRefused, OSError) as exc:  # swapped for a symlink, or gone, since
            log.warning("media file skipped: %s", exc, extra={"path": str(source)})
            continue
        if _write(root, rel, data, manifest, files.owners.get(rel)):
            written += 1
        else:
            unchanged += 1

    # A partial sync read only the rows of the touched items and of the files of no item:
    # an item's files left over (an old folder after a rename or move, a media file no longer
    # listed, a deleted item) and syntheses no longer there go.
    expected = set(files.texts) | set(files.copies)
    stale = [
        rel
        for rel, (_, owner) in manifest.rows.items()
        if rel not in expected
        and (full or owner in touched or (owner is None and "/_synthesis/" in rel))
    ]
    removed = _remove(root, sorted(stale), manifest)
    return SyncReport(written=written, removed=removed, unchanged=unchanged)


def archive(settings: Settings, destination: Path) -> Path:
    """The vault as a zip file (without the manifest)."""
    root = settings.resolved_vault_dir
    import zipfile

    with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as archive_file:
        for path in sorted(root.rglob("*")):
            # A symlink (put in the vault folder by hand) may point anywhere: never followed
            # (rglob does not descend into linked folders either).
            if path.is_symlink():
                continue
            if (
                path.is_file()
                and not is_manifest_file(path.name)
                and not path.name.endswith(".tmp")
            ):
                if ".git" in path.relative_to(root).parts:
                    continue
                archive_file.write(path, f"vault/{path.relative_to(root).as_posix()}")
    return destination
