"""`kbagent migrate-legacy` as a user runs it: dry run, run, again, roll back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .fixtures import kb_tree, old_db

KBAGENT = str(Path(sys.executable).with_name("kbagent"))


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KBAGENT_")}
    env["KBAGENT_DATA_DIR"] = str(tmp_path / "data")
    return subprocess.run(
        [KBAGENT, "migrate-legacy", *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_command_line_round_trip(tmp_path: Path) -> None:
    old_db(tmp_path / "old.db")
    kb_tree(tmp_path / "kb")
    sources = ("--db", str(tmp_path / "old.db"), "--kb-dir", str(tmp_path / "kb"))
    dry = _run(tmp_path, *sources, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Dry run (nothing written)" in dry.stdout and "content_items: 7 new" in dry.stdout
    done = _run(tmp_path, *sources, "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["out"]["content_items"]["new"] == 7
    again = json.loads(_run(tmp_path, *sources, "--json").stdout)
    assert again["out"]["content_items"] == {"new": 0, "updated": 0, "unchanged": 7, "adopted": 0}
    undone = _run(tmp_path, "--rollback", report["run_id"])
    assert undone.returncode == 0, undone.stderr
    assert json.loads(undone.stdout)["deleted"]["content_items"] == 7
    bad = _run(tmp_path, "--db", str(tmp_path / "absent.db"))
    assert bad.returncode != 0 and "No legacy database" in bad.stderr
    assert "Traceback" not in bad.stderr
