"""The web app end to end in a real browser: chromium (Debian) driven by playwright-core
(frontend/e2e/run.mjs) against a real uvicorn on SQLite with the deterministic model stand-in,
a local site to add by URL, and the built web app (`make frontend`). Screenshots at 360 and
1280 px, light and dark, land in frontend/test-artifacts/ (not committed)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import admin
from harness.openai_server import model_settings, run_openai_server
from harness.server import serve
from sources.servers import Canned, serve_site

from kbagent.config import Settings

REPO = Path(__file__).resolve().parents[3]
FRONTEND = REPO / "frontend"
DIST = FRONTEND / "dist"
ARTIFACTS = FRONTEND / "test-artifacts"

# A page to add by URL: a distinctive topic to search and chat about, and hostile markup that
# must stay inert when the note is rendered.
PAGE = b"""<!doctype html><html><head><title>Tidepool ecology field notes</title></head><body>
<article><h1>Tidepool ecology field notes</h1>
<p>Ochre sea stars are keystone predators in rocky tidepools: they eat mussels, and where the
sea stars vanish the mussels crowd out every other species in the intertidal zone.</p>
<p>Anemones close their tentacles at low tide to keep water in; hermit crabs trade shells as
they grow, queuing by size when a larger shell appears.</p>
<p>Injected: <img src="x" onerror="window.__xss='page'">
<script>window.__xss='page-script'</script></p>
</article></body></html>"""


@pytest.fixture
def site() -> Iterator[str]:
    html = {"content-type": "text/html; charset=utf-8"}
    with serve_site({"/tidepools": Canned(200, PAGE, html)}) as running:
        yield running.base


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("The browser test needs Node.js 20+ (Debian: apt-get install -y nodejs npm).")
    return node


@pytest.mark.parametrize("db_kind", ["sqlite"], indirect=True)
def test_web_app_in_chromium(settings: Settings, site: str) -> None:
    if not (DIST / "index.html").is_file():
        pytest.fail("frontend/dist is not built: run `make frontend` (make test does).")
    if not Path("/usr/bin/chromium").exists():
        pytest.fail("chromium is missing: `make system-packages` (apt-get install -y chromium).")
    if not (FRONTEND / "node_modules" / "playwright-core").is_dir():
        pytest.fail("frontend/node_modules is missing: run `bash tools/frontend-deps.sh`.")
    host = site.removeprefix("http://")
    with run_openai_server() as (model_url, state):
        state.word_delay = 0.02  # streamed answers take a few seconds: long enough to cancel
        state.padding = 120
        configured = settings.model_copy(
            update={
                **model_settings(model_url),
                "frontend_dist": DIST,
                "fetch_allow_hosts": host,
            }
        )
        with serve(configured) as base:
            ARTIFACTS.mkdir(exist_ok=True)
            command = ["e2e/run.mjs", "--base", base, "--site", site, "--artifacts", str(ARTIFACTS)]
            # Signs in through the login page as the admin every harness database has.
            command += ["--user", admin.USERNAME, "--password", admin.PASSWORD]
            result = subprocess.run(
                [_node(), *command],
                cwd=FRONTEND,
                capture_output=True,
                text=True,
                timeout=600,
            )
    print(result.stdout)
    print(result.stderr)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "0 failed" in result.stdout
