"""The web app in chromium with 10,000 items: initial JavaScript gzipped (target < 250 kB),
navigation to a usable Knowledge Base page (target < 1.5 s), search-as-you-type p95 (target
< 150 ms, keystroke to results on screen). Items are loaded in bulk as in bench/search.py; the
server is `kbagent serve` with the hashed embedder (bench/kb_server.py) serving frontend/dist.
Run: make bench-frontend. The last line printed is one JSON object.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import kb_corpus
import kb_server
import search
from _services import ROOT
from harness import admin
from harness.ports import free_port

from kbagent import migrations
from kbagent.config import load_settings

SIZE = 10_000


def main() -> None:
    dist = ROOT / "frontend" / "dist"
    if not (dist / "index.html").is_file():
        sys.exit("frontend/dist is not built: run `make frontend`.")
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        settings = load_settings(data_dir=Path(folder))
        migrations.upgrade(settings)
        search.load(settings, SIZE, kb_corpus.documents())
        admin.provision(settings)  # the browser signs in as the harness admin
        env = {"KBAGENT_FRONTEND_DIST": str(dist)}
        url = settings.resolved_database_url
        with kb_server.serve(settings.data_dir, url, free_port(), env) as base:
            command = ["node", "bench/frontend/measure.mjs", "--base", base, "--dist", str(dist)]
            command += ["--user", admin.USERNAME, "--password", admin.PASSWORD]
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        sys.exit(f"measure.mjs failed:\n{done.stdout}\n{done.stderr}")
    lines = done.stdout.strip().splitlines()
    for line in lines[:-1]:
        print(line)
    result = json.loads(lines[-1])
    result["benchmark"] = "frontend"
    # The machine is shared: the load around the run is the figures' context.
    result["load_average_1m_before"] = round(load_before, 2)
    result["load_average_1m"] = round(os.getloadavg()[0], 2)
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "frontend.json").write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
