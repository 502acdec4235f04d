"""Web pages end to end: fetched from a local server, extracted, stored once, failures reported."""

from __future__ import annotations

import pytest

from kbagent.config import Settings
from kbagent.db import Database
from kbagent.sources.web import add_urls

from .conftest import stored
from .fixtures import PNG
from .servers import Canned, serve_site

ARTICLE = """<!doctype html><html><head><title>WAL mode explained | Blog</title>
<meta name="author" content="Ann Writer">
<meta property="article:published_time" content="2024-03-05">
<meta property="og:image" content="{base}/lead.png">
</head><body><nav>Home | About | Login</nav><article><h1>WAL mode explained</h1>
<p>{para}</p><h2>Checkpoints</h2><p>A checkpoint moves pages back into the database file.
{para}</p></article><footer>Copyright nobody</footer></body></html>"""
PARA = "Write-ahead logging lets readers continue while a writer appends to the log. " * 6


def test_add_urls_extracts_and_dedups(database: Database, settings: Settings) -> None:
    with serve_site({}) as site:
        site.routes["/article"] = Canned(
            200,
            ARTICLE.format(base=site.base, para=PARA).encode(),
            {"content-type": "text/html; charset=utf-8"},
        )
        site.routes["/lead.png"] = Canned(200, PNG, {"content-type": "image/png"})
        site.routes["/pdf"] = Canned(200, b"%PDF-1.4", {"content-type": "application/pdf"})
        local = settings.model_copy(update={"fetch_allow_hosts": f"127.0.0.1:{site.port}"})
        urls = [f"{site.base}/article", f"{site.base}/missing", f"{site.base}/pdf"]
        urls.append(f"{site.base.upper()}/article#checkpoints")  # the same page, spelt otherwise
        report = add_urls(database, local, urls)
        assert (report.new, report.failed) == (1, 2)
        assert site.hits.count("/article") == 1
        reasons = {f.ref: f.reason for f in report.failures}
        assert "404" in reasons[f"{site.base}/missing"]
        assert "application/pdf" in reasons[f"{site.base}/pdf"]

        item = stored(database, "url")[f"{site.base}/article"]
        assert item.title.startswith("WAL mode explained")
        assert "A checkpoint moves pages back" in item.content
        assert "Login" not in item.content and "Copyright" not in item.content
        assert item.content.count("## Checkpoints") == 1  # markdown headings
        raw = item.raw_data or {}
        assert (raw["author"], raw["date"]) == ("Ann Writer", "2024-03-05")
        [lead] = item.media_files
        assert lead["status"] == "stored" and lead["role"] == "lead"
        assert (settings.data_dir / lead["path"]).read_bytes() == PNG

        again = add_urls(database, local, [f"{site.base}/article"])
        assert (again.new, again.unchanged) == (0, 1)


@pytest.mark.parametrize("db_kind", ["sqlite"], indirect=True)
def test_without_allow_list_local_pages_are_refused(database: Database, settings: Settings) -> None:
    with serve_site({"/": Canned(200, b"<html>hi</html>", {"content-type": "text/html"})}) as site:
        report = add_urls(database, settings, [site.base + "/", "http://169.254.169.254/"])
        assert site.hits == []
    assert report.failed == 2 and report.new == 0
    assert all("Refused to fetch" in f.reason for f in report.failures)
    assert stored(database) == {}


def test_failed_media_download_has_no_path(database: Database, settings: Settings) -> None:
    with serve_site({}) as site:
        page = ARTICLE.format(base="http://169.254.169.254", para=PARA).encode()
        site.routes["/a"] = Canned(200, page, {"content-type": "text/html"})
        local = settings.model_copy(update={"fetch_allow_hosts": f"127.0.0.1:{site.port}"})
        assert add_urls(database, local, [site.base + "/a"]).new == 1
    [lead] = stored(database, "url")[site.base + "/a"].media_files
    assert lead["status"] == "failed" and lead["path"] is None
    assert "cloud metadata" in lead["error"]
