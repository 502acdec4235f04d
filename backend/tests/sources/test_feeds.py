"""RSS and Atom feeds: served by a local HTTP server that honours ETag and Last-Modified, read
through the SSRF-guarded fetcher, their entries stored once with their pages' text, refreshed
conditionally (a 304 changes nothing), OPML in and out, and hostile feeds refused."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import lxml.etree
import pytest
from harness import admin
from harness.runs import wait_run
from harness.server import serve

from kbagent.config import Settings
from kbagent.db import Database
from kbagent.errors import InvalidInput, PayloadTooLarge
from kbagent.sources.feeds import service
from kbagent.sources.ssrf import AddressRefused

from .conftest import stored
from .servers import Site, canned, serve_site

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Storage notes</title>
  <link href="{base}/"/>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2024-03-06T10:00:00Z</updated>
  {entries}
</feed>"""
ATOM_ENTRY = """<entry>
    <title>{title}</title>
    <link href="{base}/posts/{slug}"/>
    <id>urn:post:{slug}</id>
    <updated>2024-03-0{day}T09:00:00Z</updated>
    <author><name>Ann Writer</name></author>
    <category term="databases"/>
    <summary type="html">&lt;p&gt;Short teaser about {title}.&lt;/p&gt;</summary>
  </entry>"""
RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
  <title>Ops log — Ünïcode</title>
  <link>{base}/ops</link>
  <description>Operations</description>
  <item>
    <title>Vacuum tuning</title>
    <link>{base}/posts/vacuum#top</link>
    <guid isPermaLink="false">ops-1</guid>
    <pubDate>Tue, 05 Mar 2024 08:00:00 GMT</pubDate>
    <description>&lt;b&gt;Autovacuum&lt;/b&gt; settings that matter.</description>
  </item>
  <item>
    <title>A note without a page</title>
    <guid isPermaLink="false">ops-note-2</guid>
    <description>Only the feed carries this text.</description>
  </item>
  <item><description>neither a link nor an id</description></item>
</channel></rss>"""
PAGE = """<html><head><title>{title}</title></head><body><nav>Home</nav><article>
<h1>{title}</h1><p>{text}</p><p>{text}</p></article></body></html>"""
TEXT = {
    "wal": "Write-ahead logging appends every change to a journal before the data file.",
    "mvcc": "Multi-version concurrency control keeps old row versions for running readers.",
    "fsync": "An fsync forces the operating system to put written pages on the disk itself.",
    "vacuum": "Vacuum reclaims the space held by dead rows so that tables stop growing.",
}


def atom(base: str, slugs: list[str]) -> bytes:
    entries = "\n".join(
        ATOM_ENTRY.format(base=base, slug=slug, title=f"About {slug}", day=n % 9 + 1)
        for n, slug in enumerate(slugs)
    )
    return ATOM.format(base=base, entries=entries).encode()


def publish(site: Site) -> None:
    """An Atom feed (ETag), an RSS 2.0 feed (Last-Modified only) and every post's page."""
    site.routes["/atom.xml"] = canned(
        atom(site.base, ["wal", "mvcc"]), "application/atom+xml", etag='"v1"'
    )
    site.routes["/rss.xml"] = canned(
        RSS.format(base=site.base).encode(),
        "application/rss+xml; charset=utf-8",
        last_modified="Tue, 05 Mar 2024 08:00:00 GMT",
    )
    for slug, text in TEXT.items():
        page = PAGE.format(title=f"About {slug} (page)", text=text).encode()
        site.routes[f"/posts/{slug}"] = canned(page, "text/html; charset=utf-8")


@pytest.fixture
def site() -> Iterator[Site]:
    with serve_site({}) as found:
        publish(found)
        yield found


def allowed(settings: Settings, site: Site) -> Settings:
    return settings.model_copy(update={"fetch_allow_hosts": f"127.0.0.1:{site.port}"})


def snapshot(database: Database) -> dict[str, tuple[str, str, str | None]]:
    return {
        key: (item.title, item.content, item.content_hash)
        for key, item in stored(database, "feed").items()
    }


def test_atom_feed_refreshes_conditionally(
    database: Database, settings: Settings, site: Site
) -> None:
    local = allowed(settings, site)
    first = service.subscribe(database, local, f"{site.base}/atom.xml")
    assert (first.report.new, first.report.failed, first.not_modified) == (2, 0, False)
    items = stored(database, "feed")
    assert set(items) == {f"{site.base}/posts/wal", f"{site.base}/posts/mvcc"}
    wal = items[f"{site.base}/posts/wal"]
    assert wal.title == "About wal"
    assert wal.content == "Short teaser about About wal."  # the page comes in the cache phase
    assert wal.raw_data is not None
    assert wal.raw_data["feed_title"] == "Storage notes"
    assert wal.raw_data["entry_id"] == "urn:post:wal"
    assert wal.raw_data["published"].startswith("2024-03-01")
    assert (wal.raw_data["author"], wal.raw_data["tags"]) == ("Ann Writer", ["databases"])
    assert "if-none-match" not in site.sent("/atom.xml")[0]
    before = snapshot(database)

    again = service.refresh_one(database, local, first.feed_id)
    assert again.not_modified and again.report.new == 0
    assert site.sent("/atom.xml")[-1]["if-none-match"] == '"v1"'
    assert snapshot(database) == before
    with database.reader() as session:
        feed = service.get_feed(session, first.feed_id)
        assert (feed.status, feed.etag, feed.items_added) == ("not_modified", '"v1"', 2)

    # The feed changes: one new entry is stored, the known two are left as they are.
    site.routes["/atom.xml"] = canned(
        atom(site.base, ["wal", "mvcc", "fsync"]), "application/atom+xml", etag='"v2"'
    )
    changed = service.refresh_one(database, local, first.feed_id)
    assert (changed.not_modified, changed.report.new, changed.report.unchanged) == (False, 1, 2)
    after = snapshot(database)
    assert {k: v for k, v in after.items() if k in before} == before
    # Sent again in full (a server that ignores validators): still nothing changes.
    del site.routes["/atom.xml"].headers["etag"]
    assert service.refresh_one(database, local, first.feed_id).report.new == 0
    assert snapshot(database) == after


def test_rss_feed_uses_last_modified(database: Database, settings: Settings, site: Site) -> None:
    local = allowed(settings, site)
    first = service.subscribe(database, local, f"{site.base}/rss.xml")
    assert (first.report.new, first.report.failed) == (2, 1)
    assert "neither a link nor an id" in first.report.failures[0].reason
    items = stored(database, "feed")
    # The link loses its fragment; an entry without a link is keyed by its guid.
    assert set(items) == {f"{site.base}/posts/vacuum", "ops-note-2"}
    assert items[f"{site.base}/posts/vacuum"].content == "Autovacuum settings that matter."
    assert items["ops-note-2"].content == "Only the feed carries this text."
    with database.reader() as session:
        feed = service.get_feed(session, first.feed_id)
        assert feed.title == "Ops log — Ünïcode" and feed.site_url == f"{site.base}/ops"
    before = snapshot(database)

    again = service.refresh_one(database, local, first.feed_id)
    assert again.not_modified
    assert site.sent("/rss.xml")[-1]["if-modified-since"] == "Tue, 05 Mar 2024 08:00:00 GMT"
    assert snapshot(database) == before


def test_entries_get_their_page_text_through_a_run(settings: Settings, site: Site) -> None:
    local = allowed(settings, site)
    with serve(local) as base, admin.Client(base_url=base, timeout=60) as client:
        added = client.post("/api/v1/sources/feeds", json={"url": f"{site.base}/atom.xml"})
        assert added.status_code == 201, added.text
        body = added.json()
        assert (body["report"]["new"], body["feed"]["title"]) == (2, "Storage notes")
        run = wait_run(client, body["run_id"])
        assert run["status"] == "completed", run
        cache = next(p for p in run["phases"] if p["name"] == "cache")
        assert (cache["done"], cache["failed"]) == (2, 0), cache

        items = client.get("/api/v1/content/items", params={"source_type": "feed"}).json()
        by_id = {i["source_id"]: i for i in items["items"]}
        wal = client.get(f"/api/v1/content/items/{by_id[f'{site.base}/posts/wal']['id']}")
        assert TEXT["wal"] in wal.json()["content"]
        assert wal.json()["title"] == "About wal"  # the entry's title stays
        assert (
            client.post("/api/v1/sources/feeds", json={"url": f"{site.base}/atom.xml"}).json()[
                "error_code"
            ]
            == "duplicate"
        )

        # One feed refreshed now: 304, nothing new, no run.
        feed_id = body["feed"]["id"]
        again = client.post(f"/api/v1/sources/feeds/{feed_id}/refresh").json()
        assert (again["not_modified"], again["report"]["new"], again["run_id"]) == (True, 0, None)
        # Every feed refreshed by a run (as schedules do): the fetch phase counts them.
        started = client.post("/api/v1/sources/feeds/refresh")
        assert started.status_code == 202, started.text
        run = wait_run(client, started.json()["id"])
        fetched = next(p for p in run["phases"] if p["name"] == "fetch")["outcome"]
        assert fetched["feeds"]["feeds"] == 1 and fetched["feeds"]["feeds_not_modified"] == 1
        assert client.get(f"/api/v1/content/items/{wal.json()['id']}").json() == wal.json()
        assert run["status"] == "completed", run

        listed = client.get("/api/v1/sources/feeds").json()["items"]
        assert [(f["url"], f["status"], f["items_added"]) for f in listed] == [
            (f"{site.base}/atom.xml", "not_modified", 2)
        ]
        # The feed goes away: every run that refreshes it ends with that failure named.
        site.routes["/atom.xml"] = canned(b"<html>gone</html>", "text/html", status=410)
        started = client.post("/api/v1/sources/feeds/refresh")
        run = wait_run(client, started.json()["id"])
        assert run["status"] == "completed_with_failures", run
        assert run["failures"]["phase_problems"] == {"fetch": 1}
        [reason] = run["failures"]["top_reasons"]
        assert reason["phase"] == "fetch" and "atom.xml" in reason["reason"], reason

        assert client.delete(f"/api/v1/sources/feeds/{feed_id}").status_code == 204
        assert client.get("/api/v1/sources/feeds").json()["items"] == []
        assert client.delete(f"/api/v1/sources/feeds/{feed_id}").status_code == 404
        # Unsubscribing keeps the items.
        kept = client.get("/api/v1/content/items", params={"source_type": "feed"}).json()
        assert kept["total"] == 2


def test_a_schedule_refreshes_feeds(settings: Settings, site: Site) -> None:
    local = allowed(settings, site)
    database_feed = f"{site.base}/rss.xml"
    with serve(local) as base, admin.Client(base_url=base, timeout=60) as client:
        added = client.post("/api/v1/sources/feeds", json={"url": database_feed}).json()
        wait_run(client, added["run_id"])
        schedule = client.post(
            "/api/v1/agent/schedules",
            json={"name": "feeds", "cron": "0 * * * *", "config": {"mode": "fetch_only"}},
        )
        assert schedule.status_code == 201, schedule.text
        started = client.post(f"/api/v1/agent/schedules/{schedule.json()['id']}/run")
        assert started.status_code == 202, started.text
        run = wait_run(client, started.json()["id"])
    fetched = next(p for p in run["phases"] if p["name"] == "fetch")["outcome"]
    assert fetched["feeds"]["feeds_not_modified"] == 1
    assert site.sent("/rss.xml")[-1]["if-modified-since"] == "Tue, 05 Mar 2024 08:00:00 GMT"


OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>My reader</title></head><body>
  <outline text="Databases">
    <outline type="rss" text="Storage notes" xmlUrl="{base}/atom.xml" htmlUrl="{base}/"/>
    <outline type="rss" text="Ops" title="Ops log" xmlURL="{base}/rss.xml"/>
  </outline>
  <outline type="rss" text="Again" xmlUrl="{base}/atom.xml#dup"/>
  <outline type="rss" text="Private" xmlUrl="http://10.1.2.3/feed.xml"/>
  <outline type="rss" text="Local file" xmlUrl="file:///etc/passwd"/>
</body></opml>"""


def test_opml_import_twice_and_round_trip(
    settings: Settings, database: Database, site: Site
) -> None:
    local = allowed(settings, site)
    opml = OPML.format(base=site.base).encode()
    with serve(local) as base, admin.Client(base_url=base, timeout=60) as client:

        def upload(data: bytes) -> httpx.Response:
            files = {"file": ("feeds.opml", data, "text/x-opml")}
            return client.post("/api/v1/sources/feeds/opml", files=files)

        first = upload(opml)
        assert first.status_code == 200, first.text
        report = first.json()["report"]
        assert (report["new"], report["unchanged"], report["failed"]) == (2, 1, 2), report
        reasons = " ".join(f["reason"] for f in report["failures"])
        assert "private address" in reasons and "http and https" in reasons
        run = wait_run(client, first.json()["run_id"])  # the new feeds, fetched by a run
        assert run["status"] == "completed", run
        entries = snapshot(database)
        assert len(entries) == 4  # 2 Atom + 2 RSS entries

        again = upload(opml).json()
        assert (again["report"]["new"], again["report"]["unchanged"], again["run_id"]) == (
            0,
            3,
            None,
        )
        exported = client.get("/api/v1/sources/feeds/opml")
        assert exported.status_code == 200
        assert exported.headers["content-type"].startswith("text/x-opml")
        root = lxml.etree.fromstring(exported.content)
        outlines = {o.get("xmlUrl"): o.get("title") for o in root.iter("outline")}
        assert outlines == {
            f"{site.base}/atom.xml": "Storage notes",
            f"{site.base}/rss.xml": "Ops log",
        }
        # The export imports as nothing new: the round trip is lossless.
        back = upload(exported.content).json()["report"]
        assert (back["new"], back["unchanged"], back["failed"]) == (0, 2, 0)
        assert snapshot(database) == entries

        bad = upload(b"<html><body>not opml</body></html>")
        assert bad.status_code == 422 and bad.json()["error_code"] == "validation_error"
        broken = upload(b"<opml><body><outline")
        assert broken.status_code == 422 and "OPML" in broken.json()["message"]


def test_private_addresses_are_refused(settings: Settings, database: Database, site: Site) -> None:
    # The default settings allow no loopback host: the local server is out of reach.
    for url in (f"{site.base}/atom.xml", "http://localhost/feed", "http://[::ffff:10.0.0.1]/x"):
        with pytest.raises(AddressRefused):
            service.subscribe(database, settings, url)
    # A public-looking feed that redirects to the cloud metadata address.
    local = allowed(settings, site)
    site.routes["/moved.xml"] = canned(
        b"", "text/plain", status=302, location="http://169.254.169.254/"
    )
    with pytest.raises(AddressRefused, match="metadata"):
        service.subscribe(database, local, f"{site.base}/moved.xml")
    with serve(settings) as base, admin.Client(base_url=base, timeout=30) as client:
        refused = client.post("/api/v1/sources/feeds", json={"url": f"{site.base}/atom.xml"})
        assert refused.status_code == 422
        body = refused.json()
        assert body["error_code"] == "validation_error" and "loopback" in body["message"]
        assert body["request_id"]
        assert client.get("/api/v1/sources/feeds").json()["items"] == []
    assert stored(database) == {}


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<rss version="2.0"><channel><title>&d;&d;&d;&d;&d;&d;&d;&d;</title>
<item><title>&d;&d;&d;&d;</title><link>http://e.org/1</link></item></channel></rss>"""


def test_malformed_and_hostile_feeds_are_clear_errors(
    settings: Settings, database: Database, site: Site
) -> None:
    site.routes["/page.html"] = canned(b"<html><body><p>Just a page</p></body></html>", "text/xml")
    site.routes["/broken.xml"] = canned(
        b'<rss version="2.0"><channel><title>Cut', "application/xml"
    )
    site.routes["/bomb.xml"] = canned(BOMB, "application/rss+xml")
    site.routes["/bomb16.xml"] = canned(BOMB.decode().encode("utf-16"), "application/xml")
    site.routes["/image.png"] = canned(b"\x89PNG\r\n", "image/png")
    xxe = (
        b'<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel>&x;</channel></rss>'
    )
    site.routes["/xxe.xml"] = canned(xxe, "application/rss+xml")
    site.routes["/huge.xml"] = canned(atom(site.base, ["wal"] * 400), "application/atom+xml")
    local = allowed(settings, site).model_copy(update={"fetch_max_bytes": 64 * 1024})
    for path, message in (
        ("/page.html", "is not an RSS or Atom feed"),
        ("/broken.xml", "is not an RSS or Atom feed"),
        ("/bomb.xml", "declares XML entities"),
        ("/bomb16.xml", "declares XML entities"),
        ("/xxe.xml", "declares XML entities"),
        ("/image.png", "not one of"),
    ):
        with pytest.raises(InvalidInput, match=message):
            service.subscribe(database, local, f"{site.base}{path}")
    with pytest.raises(PayloadTooLarge):
        service.subscribe(database, local, f"{site.base}/huge.xml")
    with serve(local) as base, admin.Client(base_url=base, timeout=30) as client:
        for path, status in (("/bomb.xml", 422), ("/huge.xml", 413), ("/missing.xml", 502)):
            answer = client.post("/api/v1/sources/feeds", json={"url": f"{site.base}{path}"})
            assert answer.status_code == status, answer.text
            assert set(answer.json()) >= {"error_code", "message", "details", "request_id"}
        bad = client.post("/api/v1/sources/feeds", json={"url": "ftp://e.org/feed"})
        assert bad.status_code == 422 and "http and https" in bad.json()["message"]
        assert client.get("/api/v1/sources/feeds").json()["items"] == []
        assert client.post("/api/v1/sources/feeds/no-such-id/refresh").status_code == 404
    assert stored(database) == {}


def test_a_failing_refresh_is_recorded(database: Database, settings: Settings, site: Site) -> None:
    local = allowed(settings, site)
    first = service.subscribe(database, local, f"{site.base}/atom.xml")
    site.routes["/atom.xml"] = canned(b"<html>gone</html>", "text/html", status=410)
    everything = service.refresh_all(database, local)
    assert (everything.feeds, everything.failed) == (1, 1)
    assert "410" in everything.report.failures[0].reason
    with database.reader() as session:
        feed = service.get_feed(session, first.feed_id)
        assert feed.status == "failed" and feed.error and "410" in feed.error
        assert feed.etag == '"v1"'  # kept: the next refresh still asks conditionally


def test_a_long_feed_is_stored_once(database: Database, settings: Settings, site: Site) -> None:
    # More entries than one lookup of stored links takes (the lookups go in batches).
    slugs = [f"post-{n}" for n in range(400)] + ["post-7"]  # one entry twice
    site.routes["/long.xml"] = canned(atom(site.base, slugs), "application/atom+xml")
    local = allowed(settings, site)
    first = service.subscribe(database, local, f"{site.base}/long.xml")
    assert (first.report.new, first.report.unchanged, first.report.failed) == (400, 1, 0)
    again = service.refresh_one(database, local, first.feed_id)  # no validators: sent in full
    assert (again.not_modified, again.report.new, again.report.unchanged) == (False, 0, 401)
    assert len(stored(database, "feed")) == 400
