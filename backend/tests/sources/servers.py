"""Small HTTP servers on 127.0.0.1 that serve canned responses per path."""

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


@dataclass
class Site:
    base: str
    port: int
    routes: dict[str, Canned]
    hits: list[str]


@contextmanager
def serve_site(routes: dict[str, Canned]) -> Iterator[Site]:
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            canned = routes.get(
                self.path, Canned(404, b"not found", {"content-type": "text/plain"})
            )
            self.send_response(canned.status)
            for key, value in canned.headers.items():
                self.send_header(key, value)
            self.send_header("content-length", str(len(canned.body)))
            self.end_headers()
            self.wfile.write(canned.body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    port = int(server.server_address[1])
    try:
        yield Site(f"http://127.0.0.1:{port}", port, routes, hits)
    finally:
        server.shutdown()
        server.server_close()
