"""A real Git smart-HTTP remote for tests: `git http-backend` behind Basic authentication.

Requests without the expected credentials get 401 (so git asks its credential helper), and
every `Authorization` header received is recorded.
"""

from __future__ import annotations

import base64
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit


@dataclass
class GitRemote:
    root: Path  # holds the bare repository `vault.git`
    username: str
    password: str
    url: str = ""
    authorizations: list[str] = field(default_factory=list)


@contextmanager
def serve_git_http(remote: GitRemote) -> Iterator[GitRemote]:
    expected = "Basic " + base64.b64encode(f"{remote.username}:{remote.password}".encode()).decode()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def _handle(self) -> None:
            auth = self.headers.get("Authorization")
            if auth:
                remote.authorizations.append(auth)
            if auth != expected:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="vault"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            url = urlsplit(self.path)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            env = {
                "GIT_PROJECT_ROOT": str(remote.root),
                "GIT_HTTP_EXPORT_ALL": "1",
                "REQUEST_METHOD": self.command,
                "PATH_INFO": url.path,
                "QUERY_STRING": url.query,
                "CONTENT_TYPE": self.headers.get("Content-Type", ""),
                "CONTENT_LENGTH": str(len(body)),
                "REMOTE_USER": remote.username,
                "REMOTE_ADDR": "127.0.0.1",
            }
            result = subprocess.run(
                ["git", "http-backend"], input=body, env=env, capture_output=True, check=False
            )
            head, _, payload = result.stdout.partition(b"\r\n\r\n")
            status = 200
            headers = []
            for line in head.decode("latin-1").split("\r\n"):
                name, _, value = line.partition(":")
                if name.lower() == "status":
                    status = int(value.strip().split()[0])
                elif name:
                    headers.append((name, value.strip()))
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = _handle
        do_POST = _handle

        def log_message(self, *args: object) -> None:
            pass

    subprocess.run(["git", "init", "-q", "--bare", str(remote.root / "vault.git")], check=True)
    subprocess.run(
        ["git", "--git-dir", str(remote.root / "vault.git"), "config", "http.receivepack", "true"],
        check=True,
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    port = server.server_address[1]
    remote.url = f"http://{remote.username}:{remote.password}@127.0.0.1:{port}/vault.git"
    try:
        yield remote
    finally:
        server.shutdown()
        server.server_close()
