"""The fetch guard: private addresses refused before and after DNS and redirects; caps hold."""

from __future__ import annotations

import pytest

from kbagent.config import load_settings
from kbagent.errors import InvalidInput, PayloadTooLarge
from kbagent.sources.fetch import Fetcher, FetchFailed
from kbagent.sources.ssrf import AddressGuard, AddressRefused

from .servers import Canned, Site, serve_site

HTML = {"content-type": "text/html; charset=utf-8"}


@pytest.fixture
def site() -> object:
    with serve_site({"/": Canned(200, b"<html><p>hello</p></html>", HTML)}) as running:
        yield running


def _fetcher(site: Site | None = None, **overrides: object) -> Fetcher:
    allow = f"127.0.0.1:{site.port}" if site else ""
    return Fetcher(load_settings(fetch_allow_hosts=allow, **overrides))


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1/", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "cloud metadata"),
        ("http://[::1]/", "loopback"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://[fd00:ec2::254]/", "cloud metadata"),
        ("http://10.1.2.3/", "private"),
        ("http://192.168.0.1/", "private"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://localhost/", "loopback"),  # refused after DNS resolution
        ("http://[2002:7f00:1::]/", "loopback"),  # 6to4 wrapping 127.0.0.1
    ],
)
def test_private_addresses_are_refused(url: str, reason: str) -> None:
    with _fetcher() as fetcher, pytest.raises(AddressRefused, match=reason):
        fetcher.get(url, ("text/html",), 1000)


def test_local_server_needs_the_allow_list(site: Site) -> None:
    with _fetcher() as fetcher, pytest.raises(AddressRefused):
        fetcher.get(site.base + "/", ("text/html",), 1000)
    assert site.hits == []  # refused before connecting
    with _fetcher(site) as fetcher:
        response = fetcher.get(site.base + "/", ("text/html",), 1000)
    assert response.body == b"<html><p>hello</p></html>"
    assert response.content_type == "text/html"


def test_dns_answers_are_checked() -> None:
    guard = AddressGuard("", resolver=lambda host, port: ["93.184.215.14", "10.0.0.7"])
    with pytest.raises(AddressRefused, match="private"):
        guard.check("rebinding.example", 80)
    public = AddressGuard("", resolver=lambda host, port: ["93.184.215.14"])
    assert public.check("example.com", 443) == "93.184.215.14"


@pytest.mark.parametrize(
    "target",
    ["http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://127.0.0.1:{other}/"],
)
def test_redirect_to_private_address_is_refused(site: Site, target: str) -> None:
    # The allow-listed server is the "public" page; its redirect must be checked again.
    target = target.format(other=site.port + 1)
    site.routes["/go"] = Canned(302, b"", {"location": target})
    with _fetcher(site) as fetcher, pytest.raises(AddressRefused):
        fetcher.get(site.base + "/go", ("text/html",), 1000)


def test_redirect_within_allowed_host_and_redirect_cap(site: Site) -> None:
    site.routes["/hop1"] = Canned(301, b"", {"location": "/"})
    with _fetcher(site) as fetcher:
        assert fetcher.get(site.base + "/hop1", ("text/html",), 1000).url == site.base + "/"
    site.routes["/loop"] = Canned(302, b"", {"location": "/loop"})
    with (
        _fetcher(site, fetch_max_redirects=3) as fetcher,
        pytest.raises(FetchFailed, match="redirects"),
    ):
        fetcher.get(site.base + "/loop", ("text/html",), 1000)
    assert site.hits.count("/loop") == 4


def test_size_type_and_status_caps(site: Site) -> None:
    site.routes["/big"] = Canned(200, b"x" * 5000, HTML)
    site.routes["/bin"] = Canned(200, b"\x00\x01", {"content-type": "application/octet-stream"})
    site.routes["/gone"] = Canned(410, b"gone", HTML)
    with _fetcher(site) as fetcher:
        with pytest.raises(PayloadTooLarge):
            fetcher.get(site.base + "/big", ("text/html",), 1000)
        with pytest.raises(InvalidInput, match="application/octet-stream"):
            fetcher.get(site.base + "/bin", ("text/html",), 1000)
        with pytest.raises(FetchFailed, match="410"):
            fetcher.get(site.base + "/gone", ("text/html",), 1000)


@pytest.mark.parametrize(
    "url", ["ftp://example.com/x", "file:///etc/passwd", "http://user:pw@example.com/", "nonsense"]
)
def test_bad_urls(url: str) -> None:
    with _fetcher() as fetcher, pytest.raises(InvalidInput):
        fetcher.get(url, ("text/html",), 1000)
