"""The web app end to end in a real browser: chromium (Debian) driven by playwright-core
(frontend/e2e/run.mjs) against a real uvicorn on SQLite with the deterministic model stand-in,
a local site to add by URL, and the built web app (`make frontend`). Screenshots at 360 and
1280 px, light and dark, land in frontend/test-artifacts/ (not committed)."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
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
PAGE = b"""<!doctype html><html><head><title>Tidepool ecology field notes</title>
<meta property="og:image" content="SITE/tidepool.png"></head><body>
<article><h1>Tidepool ecology field notes</h1>
<p>Ochre sea stars are keystone predators in rocky tidepools: they eat mussels, and where the
sea stars vanish the mussels crowd out every other species in the intertidal zone.</p>
<p>Anemones close their tentacles at low tide to keep water in; hermit crabs trade shells as
they grow, queuing by size when a larger shell appears.</p>
<p>Injected: <img src="x" onerror="window.__xss='page'">
<script>window.__xss='page-script'</script></p>
</article></body></html>"""


def _png(width: int = 24, height: int = 16) -> bytes:
    """A real PNG (a sea-green block), so the browser decodes and shows the page's image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x2e\x8b\x57" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def site() -> Iterator[str]:
    html = {"content-type": "text/html; charset=utf-8"}
    # The page's og:image (an absolute URL, so its address is known once the site runs) is
    # stored in the media area, described by the vision model and shown in the item view.
    routes = {"/tidepool.png": Canned(200, _png(), {"content-type": "image/png"})}
    with serve_site(routes) as running:
        page = PAGE.replace(b"SITE/", running.base.encode() + b"/")
        running.routes["/tidepools"] = Canned(200, page, html)
        yield running.base


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("The browser test needs Node.js 20+ (Debian: apt-get install -y nodejs npm).")
    return node


# Thirty flows through a real browser, server and pipeline: minutes on a busy shared machine.
@pytest.mark.timeout(1200)
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
                # The failed-item flow turns the model off: items fail at once, not after
                # the outage budget, and retries within a run are quick.
                "pipeline_outage_seconds": 0,
                "pipeline_retry_base_seconds": 0.05,
                "metrics_sample_seconds": 5,  # the Monitoring charts have points to draw
            }
        )
        with serve(configured) as base:
            ARTIFACTS.mkdir(exist_ok=True)
            command = ["e2e/run.mjs", "--base", base, "--site", site, "--artifacts", str(ARTIFACTS)]
            command += ["--model", model_url]  # its /_control: a model down or slow
            # Signs in through the login page as the admin every harness database has.
            command += ["--user", admin.USERNAME, "--password", admin.PASSWORD]
            result = subprocess.run(
                [_node(), *command],
                cwd=FRONTEND,
                capture_output=True,
                text=True,
                timeout=1100,
            )
    print(result.stdout)
    print(result.stderr)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "0 failed" in result.stdout
