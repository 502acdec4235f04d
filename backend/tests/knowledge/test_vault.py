"""The markdown vault: layout, front-matter, media, incremental updates, zip export."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import httpx
from harness import admin
from harness.runs import started_run

from kbagent.config import Settings
from kbagent.knowledge.vault_manifest import MANIFEST, is_manifest_file

from .conftest import ITEMS, git_run, make_item

VAULT = "/api/v1/knowledge/vault"


def _files(root: Path) -> set[str]:
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and not is_manifest_file(p.name)
    }


def test_vault_layout_and_incremental_updates(kb: httpx.Client, settings: Settings) -> None:
    root = settings.resolved_vault_dir
    media = settings.data_dir / "media" / "diagram.png"
    media.parent.mkdir(parents=True)
    media.write_bytes(b"\x89PNG fake")
    content = kb.post(
        "/api/v1/content/items",
        json={
            "source_type": "url",
            "source_id": "u1",
            "title": "t",
            "content": "c",
            "media_files": [{"path": "media/diagram.png", "description": "A flow diagram"}],
        },
    ).json()
    item = make_item(
        kb,
        content_item_id=content["id"],
        display_title="HNSW Explained",
        summary="Graphs.",
        enhanced_content="Layers of graphs.",
        main_category="databases",
        sub_category="vectors",
        tags=["ann"],
        source_url="https://example.org/hnsw",
        media_paths=["media/diagram.png"],
    )
    folder = f"databases/vectors/hnsw-explained-{item['id'][:8]}"
    assert _files(root) == {"README.md", f"{folder}/README.md", f"{folder}/media/diagram.png"}
    readme = (root / folder / "README.md").read_text()
    assert readme.startswith('---\ntitle: "HNSW Explained"\n')
    assert 'tags: ["ann"]' in readme and 'category: "databases/vectors"' in readme
    assert "![A flow diagram](media/diagram.png)" in readme
    assert "Layers of graphs." in readme
    index = (root / "README.md").read_text()
    assert "**databases** (1)" in index and f"({folder}/README.md)" in index

    other = make_item(kb, display_title="Other", main_category="databases", sub_category="vectors")
    other_readme = root / f"databases/vectors/other-{other['id'][:8]}/README.md"
    before = other_readme.stat().st_mtime_ns
    kb.put(f"{ITEMS}/{item['id']}", json={"display_title": "HNSW In Depth"}).raise_for_status()
    new_folder = f"databases/vectors/hnsw-in-depth-{item['id'][:8]}"
    assert (root / new_folder / "README.md").is_file()
    assert not (root / folder).exists()  # the old folder is gone
    assert other_readme.stat().st_mtime_ns == before  # untouched items are not rewritten

    kb.post(
        "/api/v1/knowledge/categories/rename",
        json={"main_category": "databases", "new_name": "data"},
    ).raise_for_status()
    assert not (root / "databases").exists()
    assert (root / f"data/vectors/hnsw-in-depth-{item['id'][:8]}/media/diagram.png").is_file()

    assert kb.delete(f"{ITEMS}/{other['id']}").status_code == 204
    assert not any("other-" in f for f in _files(root))

    (root / "README.md").unlink()  # a file removed by hand comes back on a full sync
    report = kb.post(f"{VAULT}/sync").json()
    assert report["written"] == 1 and report["removed"] == 0

    exported = kb.get(f"{VAULT}/export")
    assert exported.status_code == 200
    assert exported.headers["content-type"] == "application/zip"
    names = set(zipfile.ZipFile(io.BytesIO(exported.content)).namelist())
    assert "vault/README.md" in names
    assert f"vault/data/vectors/hnsw-in-depth-{item['id'][:8]}/README.md" in names


def test_manifest_of_an_older_vault_is_taken_over(kb: httpx.Client, settings: Settings) -> None:
    """A vault written with the JSON manifest: its rows (and which item owns which folder) are
    taken over, so a rename still removes the old folder and nothing unchanged is rewritten."""
    root = settings.resolved_vault_dir
    item = make_item(kb, display_title="Old Name", main_category="a", sub_category="b")
    folder = f"a/b/old-name-{item['id'][:8]}"
    digests = {
        rel: hashlib.sha256((root / rel).read_bytes()).hexdigest()
        for rel in ("README.md", f"{folder}/README.md")
    }
    for path in root.glob(".kbagent-manifest*"):
        path.unlink()
    legacy = root / ".kbagent-manifest.json"
    legacy.write_text(json.dumps({"files": digests, "items": {item["id"]: folder}}))

    kb.put(f"{ITEMS}/{item['id']}", json={"display_title": "New Name"}).raise_for_status()
    new_folder = f"a/b/new-name-{item['id'][:8]}"
    assert _files(root) == {"README.md", f"{new_folder}/README.md"}
    assert not legacy.exists()
    assert kb.post(f"{VAULT}/sync").json() == {"written": 0, "removed": 0, "unchanged": 2}


def test_damaged_manifest_is_started_afresh(kb: httpx.Client, settings: Settings) -> None:
    root = settings.resolved_vault_dir
    make_item(kb, display_title="First", main_category="a", sub_category="b")
    (root / MANIFEST).write_bytes(b"not a database at all" * 100)
    make_item(kb, display_title="Second", main_category="a", sub_category="b")
    report = kb.post(f"{VAULT}/sync").json()
    assert report["removed"] == 0 and report["written"] + report["unchanged"] == 3
    assert kb.post(f"{VAULT}/sync").json() == {"written": 0, "removed": 0, "unchanged": 3}


def test_synthesis_files_in_the_vault(settings: Settings) -> None:
    from harness.openai_server import model_settings, run_openai_server
    from harness.server import serve

    with (
        run_openai_server() as (url, _),
        serve(settings.model_copy(update=model_settings(url))) as base,
        admin.Client(base_url=base, timeout=30) as kb,
    ):
        _synthesis_then_merge(kb, settings)


def _synthesis_then_merge(kb: httpx.Client, settings: Settings) -> None:
    for n in range(3):
        make_item(kb, display_title=f"A{n}", main_category="x", sub_category="one")
        make_item(kb, display_title=f"B{n}", main_category="x", sub_category="two")
    started_run(kb, "/api/v1/knowledge/synthesis/generate")
    root = settings.resolved_vault_dir
    assert (root / "x/one/_synthesis/README.md").is_file()
    main = (root / "x/_synthesis/README.md").read_text()
    assert 'type: "synthesis"' in main and "(../one/_synthesis/README.md)" in main
    kb.post(
        "/api/v1/knowledge/categories/merge",
        json={"source_main": "x", "source_sub": "two", "target_main": "x", "target_sub": "one"},
    ).raise_for_status()
    assert not (root / "x/two").exists()


def test_git_commit_and_push_without_leaking_credentials(
    settings: Settings, tmp_path: Path
) -> None:
    import subprocess

    from harness.server import serve

    from kbagent.knowledge.vault_git import scrub

    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    configured = settings.model_copy(update={"vault_git_remote": str(remote)})
    # A .gitignore written when the manifest was a JSON file: the new manifest is added to it.
    configured.resolved_vault_dir.mkdir(parents=True)
    (configured.resolved_vault_dir / ".gitignore").write_text(".kbagent-manifest.json\n*.tmp\n")
    with serve(configured) as base, admin.Client(base_url=base, timeout=30) as kb:
        make_item(kb, display_title="Versioned", main_category="a", sub_category="b")
        first = git_run(kb)["outcome"]
        assert first["committed"] and first["pushed"], first
        again = git_run(kb)["outcome"]
        assert not again["committed"] and again["commit"] == first["commit"]
    log = subprocess.run(
        ["git", "--git-dir", str(remote), "log", "--format=%s", "main"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Update knowledge base" in log
    tracked = subprocess.run(
        ["git", "--git-dir", str(remote), "ls-tree", "-r", "--name-only", "main"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert "README.md" in tracked and not any(is_manifest_file(p) for p in tracked)

    secret = "https://user:s3cret@git.example/vault.git"
    assert "s3cret" not in scrub(f"fatal: unable to access '{secret}'", None)
    assert "s3cret" not in scrub(f"fatal: {secret}", secret)
    broken = settings.model_copy(
        update={"vault_git_remote": secret.replace("git.example", "127.0.0.1:9")}
    )
    with serve(broken) as base, admin.Client(base_url=base, timeout=60) as kb:
        failed = git_run(kb)
        assert failed["error"] == "git push failed.", failed
        assert "s3cret" not in str(failed)
        logs = kb.get("/api/v1/system/logs").text
        assert "s3cret" not in logs
