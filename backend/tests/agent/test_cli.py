"""`kbagent import` then `kbagent run`, as a user types them, against a model server."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from harness.env import settings_env
from harness.openai_server import model_settings, run_openai_server
from harness.ports import free_port

from kbagent.config import load_settings

KBAGENT = str(Path(sys.executable).with_name("kbagent"))
# An Ollama that is down: notes cannot be written (categorisation would still file the item by
# its embedding, and a model that is not configured at all gets an extractive note instead).
MODEL = "kb_generation=ollama:llama3.2"


def test_import_then_run_with_progress(tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_text("# Vector search\n\nHNSW graphs find near neighbours quickly.\n")
    with run_openai_server() as (url, _):
        settings = load_settings(data_dir=tmp_path / "data", **model_settings(url))
        env = settings_env(settings)
        imported = subprocess.run(
            [KBAGENT, "import", str(note)], env=env, capture_output=True, text=True, timeout=120
        )
        assert imported.returncode == 0, imported.stderr
        assert "1 new" in imported.stdout
        ran = subprocess.run(
            [KBAGENT, "run", "--skip", "synthesis"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        # A model nobody serves (the other phases' model still up): once the (here short)
        # outage budget is spent, the run ends, but says so, with the reason, and exits non-zero.
        again = subprocess.run(
            [KBAGENT, "run", "--skip", "synthesis", "--force", "generate", "--model", MODEL],
            env={
                **env,
                "KBAGENT_OLLAMA_URL": f"http://127.0.0.1:{free_port()}",
                "KBAGENT_PIPELINE_OUTAGE_SECONDS": "1",
            },
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "completed" in ran.stdout
    assert "generate    1/1 finished" in ran.stderr  # a progress line per phase
    assert "failed:" not in ran.stdout

    assert again.returncode == 3, again.stdout + again.stderr
    assert "completed_with_failures" in again.stdout
    assert "failed: 1 item(s); top reasons:" in again.stdout
    assert "1 x generate: " in again.stdout and "ollama" in again.stdout
    bad = subprocess.run(
        [KBAGENT, "run", "--skip", "nonsense"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
