"""Small HTTP servers on 127.0.0.1 that serve canned responses per path.

Conditional GETs are honoured as a careful server does: a response with an `etag` header
answers 304 to a matching If-None-Match; one with only `last-modified`, to a matching
If-Modified-Since. Every request's path and headers are recorded."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Canned:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def canned(
    body: bytes,
    content_type: str,
    *,
    status: int = 200,
    etag: str | None = None,
    last_modified: str | None = None,
    location: str | None = None,
) -> Canned:
    headers = {"content-type": content_type}
    for name, value in (("etag", etag), ("last-modified", last_modified), ("location", location)):
        if value is not None:
            headers[name] = value
    return Canned(status, body, headers)


@dataclass
class Site:
    base: str
    port: int
    routes: dict[str, Canned]
    hits: list[str]
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def sent(self, path: str) -> list[dict[str, str]]:
        """The headers (lower-case names) of every request for `path`, in order."""
        return [headers for p, headers in self.requests if p == path]


def _fresh(canned: Canned, request: dict[str, str]) -> bool:
    """Whether the client's validators match: the answer is 304 Not Modified."""
    etag = canned.headers.get("etag")
    if etag is not None:
        return request.get("if-none-match") == etag
    modified = canned.headers.get("last-modified")
    return modified is not None and request.get("if-modified-since") == modified


@contextmanager
def serve_site(routes: dict[str, Canned]) -> Iterator[Site]:
    hits: list[str] = []
    requests: list[tuple[str, dict[str, str]]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            headers = {k.lower(): v for k, v in self.headers.items()}
            requests.append((self.path, headers))
            found = routes.get(self.path, canned(b"not found", "text/plain", status=404))
            fresh = _fresh(found, headers)
            body = b"" if fresh else found.body
            self.send_response(304 if fresh else found.status)
            for key, value in found.headers.items():
                self.send_header(key, value)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    port = int(server.server_address[1])
    try:
        yield Site(f"http://127.0.0.1:{port}", port, routes, hits, requests)
    finally:
        server.shutdown()
        server.server_close()
