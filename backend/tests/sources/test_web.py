"""Web pages end to end: fetched from a local server, extracted, stored once, failures reported."""

from __future__ import annotations

from pathlib import Path

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


PG_MANUAL = Path("/usr/share/doc/postgresql-doc-15/html")
PY_MANUAL = Path("/usr/share/doc/python3.11-doc/html")


def test_titles_of_real_manual_pages(database: Database, settings: Settings) -> None:
    """Pages of the PostgreSQL manual on which trafilatura took a "Warning" or "Note" box's
    heading for the title, and section pages that lost their chapter's name."""
    pages = {
        "/app-pgdump.html": ("pg_dump", "PostgreSQL Client Applications"),
        "/sql-createindex.html": ("CREATE INDEX", "SQL Commands"),
        "/geqo-intro.html": (
            "62.1. Query Handling as a Complex Optimization Problem "
            "(Chapter 62. Genetic Query Optimizer)",
            "Chapter 62. Genetic Query Optimizer",
        ),
        "/geqo.html": ("Chapter 62. Genetic Query Optimizer", "Part VII. Internals"),
        # trafilatura spaced out the inline markup: "( ORDER BY )"
        "/queries-order.html": (
            "7.5. Sorting Rows (ORDER BY) (Chapter 7. Queries)",
            "Chapter 7. Queries",
        ),
    }
    routes = {
        path: Canned(200, (PG_MANUAL / path[1:]).read_bytes(), {"content-type": "text/html"})
        for path in pages
    }
    if PY_MANUAL.is_dir():
        routes["/os.html"] = Canned(
            200, (PY_MANUAL / "library/os.html").read_bytes(), {"content-type": "text/html"}
        )
        pages["/os.html"] = (
            "os — Miscellaneous operating system interfaces",
            "Generic Operating System Services",
        )
    with serve_site(routes) as site:
        local = settings.model_copy(update={"fetch_allow_hosts": f"127.0.0.1:{site.port}"})
        report = add_urls(database, local, [site.base + path for path in pages])
        assert (report.new, report.failed) == (len(pages), 0), report.failures
        items = stored(database, "url")
        for path, (title, chapter) in pages.items():
            item = items[site.base + path]
            assert (item.title, (item.raw_data or {}).get("chapter")) == (title, chapter), path
        pg_dump = items[site.base + "/app-pgdump.html"]
        assert "is a utility for backing up a" in pg_dump.content


@pytest.mark.parametrize("db_kind", ["sqlite"], indirect=True)
def test_admonition_heading_never_titles_a_page(database: Database, settings: Settings) -> None:
    page = """<html><head><title>Deploying | Handbook</title>
    <meta property="og:title" content="Deploying to production"></head><body>
    <nav aria-label="Breadcrumb"><a href="/">Handbook</a> / <a href="/ops">Operations</a></nav>
    <div class="sect1"><p>{para}</p><div class="tip"><h3 class="title">Tip</h3>
    <p>Keep a rollback plan.</p></div><p>{para}</p></div></body></html>"""
    intro = page.replace("Deploying to production", "Introduction").replace("Deploying", "Intro")
    para = "Ship small changes often, and watch the error rate after each deploy. " * 8
    routes = {
        "/deploy": Canned(200, page.format(para=para).encode(), {"content-type": "text/html"}),
        "/intro": Canned(200, intro.format(para=para).encode(), {"content-type": "text/html"}),
    }
    with serve_site(routes) as site:
        local = settings.model_copy(update={"fetch_allow_hosts": f"127.0.0.1:{site.port}"})
        assert add_urls(database, local, [site.base + "/deploy", site.base + "/intro"]).new == 2
        items = stored(database, "url")
    deploy, intro_item = items[site.base + "/deploy"], items[site.base + "/intro"]
    assert deploy.title == "Deploying to production"
    assert (deploy.raw_data or {})["chapter"] == "Operations"  # from the breadcrumbs
    # A generic section title gets its chapter's name.
    assert intro_item.title == "Introduction (Operations)"
