"""A local stand-in for the X API v2: OAuth 2.0 PKCE token endpoint, users/me, bookmarks with
pagination and expansions, `errors[]` partial results, recent search and 429 rate limiting.

Responses follow the documented shapes; PKCE is really verified (S256 of the verifier).
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from .fixtures import PNG

USERS = {
    "42": {"id": "42", "username": "alice", "name": "Alice"},
    "7": {"id": "7", "username": "bob", "name": "Bob"},
    "8": {"id": "8", "username": "carol", "name": "Carol"},
}


@dataclass
class FakeX:
    base: str = ""
    client_id: str = "kb-client"
    redirect_uri: str = "http://127.0.0.1/callback"
    page_size: int = 2
    expires_in: int = 7200
    codes: dict[str, str] = field(default_factory=dict)
    access: set[str] = field(default_factory=set)
    refresh: set[str] = field(default_factory=set)
    bookmarks: list[dict[str, Any]] = field(default_factory=list)
    others: dict[str, dict[str, Any]] = field(default_factory=dict)  # includes.tweets pool
    media: dict[str, dict[str, Any]] = field(default_factory=dict)
    search: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)  # sent with the first page
    rate_limited: int = 0  # how many 429s the next bookmark requests get
    reset_in: int = 0
    log: list[tuple[str, str, dict[str, list[str]]]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    counter: int = 0
    token_prefix: str = ""  # long, greppable tokens for tests that look for them in logs

    def authorise(self, challenge: str) -> str:
        """What X does when the user clicks "Authorize app": a code bound to the challenge."""
        self.counter += 1
        code = f"code-{self.counter}"
        self.codes[code] = challenge
        return code

    def _tokens(self) -> dict[str, Any]:
        self.counter += 1
        access = f"{self.token_prefix}at-{self.counter}"
        refresh = f"{self.token_prefix}rt-{self.counter}"
        self.access.add(access)
        self.refresh.add(refresh)
        return {
            "token_type": "bearer",
            "expires_in": self.expires_in,
            "access_token": access,
            "scope": "tweet.read users.read bookmark.read offline.access",
            "refresh_token": refresh,
        }

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if form.get("client_id") != self.client_id:
            return 401, {"error": "unauthorized_client"}
        if form.get("grant_type") == "authorization_code":
            challenge = self.codes.pop(form.get("code", ""), None)
            verifier = form.get("code_verifier", "").encode()
            expected = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=")
            if challenge is None or challenge.encode() != expected:
                return 400, {"error": "invalid_request", "error_description": "PKCE failed"}
            if form.get("redirect_uri") != self.redirect_uri:
                return 400, {"error": "invalid_request"}
            return 200, self._tokens()
        if form.get("grant_type") == "refresh_token":
            if form.get("refresh_token") not in self.refresh:
                return 400, {"error": "invalid_request"}
            self.refresh.discard(form["refresh_token"])
            self.access.clear()  # the old access token stops working
            return 200, self._tokens()
        return 400, {"error": "unsupported_grant_type"}

    def _includes(self, posts: list[dict[str, Any]]) -> dict[str, Any]:
        users = {p["author_id"] for p in posts}
        tweets = []
        for post in posts:
            for ref in post.get("referenced_tweets") or []:
                if ref["id"] in self.others:
                    tweets.append(self.others[ref["id"]])
                    users.add(self.others[ref["id"]]["author_id"])
        keys = [k for p in posts for k in (p.get("attachments") or {}).get("media_keys", [])]
        return {
            "users": [USERS[u] for u in sorted(users)],
            "tweets": tweets,
            "media": [self.media[k] for k in keys if k in self.media],
        }

    def bookmarks_page(self, query: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        start = int(query.get("pagination_token", ["0"])[0])
        size = min(int(query.get("max_results", ["100"])[0]), self.page_size)
        posts = self.bookmarks[start : start + size]
        body: dict[str, Any] = {
            "data": posts,
            "includes": self._includes(posts),
            "meta": {"result_count": len(posts)},
        }
        if start + size < len(self.bookmarks):
            body["meta"]["next_token"] = str(start + size)
        if start == 0 and self.errors:
            body["errors"] = self.errors
        return 200, body


@contextmanager
def serve_fake_x(fake: FakeX) -> Iterator[FakeX]:
    class Handler(BaseHTTPRequestHandler):
        def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            ctype = "image/jpeg" if isinstance(body, bytes) else "application/json"
            for key, value in {"content-type": ctype, **(headers or {})}.items():
                self.send_header(key, value)
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _authorised(self) -> bool:
            token = self.headers.get("authorization", "").removeprefix("Bearer ")
            return token in fake.access

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            fake.log.append(("POST", self.path, {k: [v] for k, v in form.items()}))
            if self.path == "/2/oauth2/token":
                self._send(*fake.token(form))
            else:
                self._send(404, {"title": "Not Found"})

        def do_GET(self) -> None:
            url = urlparse(self.path)
            query = parse_qs(url.query)
            fake.log.append(("GET", url.path, query))
            if url.path in fake.files:
                self._send(200, fake.files[url.path])
                return
            if url.path.startswith("/media/"):
                self._send(404, {"title": "Not Found"})
                return
            if not self._authorised():
                self._send(401, {"title": "Unauthorized", "status": 401})
                return
            if url.path == "/2/users/me":
                self._send(200, {"data": USERS["42"]})
            elif url.path == "/2/users/42/bookmarks":
                if fake.rate_limited > 0:
                    fake.rate_limited -= 1
                    reset = str(int(time.time()) + fake.reset_in)
                    self._send(429, {"title": "Too Many Requests"}, {"x-rate-limit-reset": reset})
                    return
                self._send(*fake.bookmarks_page(query))
            elif url.path == "/2/tweets/search/recent":
                conversation = query["query"][0].split()[0].removeprefix("conversation_id:")
                posts = fake.search.get(conversation, [])
                body = {"data": posts, "includes": fake._includes(posts), "meta": {}}
                self._send(200, body)
            else:
                self._send(404, {"title": "Not Found"})

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    fake.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


def post(post_id: str, text: str, author: str = "7", **extra: Any) -> dict[str, Any]:
    return {
        "id": post_id,
        "text": text,
        "author_id": author,
        "conversation_id": extra.pop("conversation_id", post_id),
        "created_at": f"2026-01-01T00:{int(post_id) % 60:02d}:00.000Z",
        "edit_history_tweet_ids": [post_id],
        **extra,
    }


def populated(fake: FakeX) -> FakeX:
    """Bookmarks covering links, media, threads, long and quoted posts, and partial errors."""
    base = fake.base
    fake.files["/media/photo.jpg"] = PNG
    fake.files["/media/high.mp4"] = b"\x00\x00\x00\x18ftypmp42 high"
    fake.files["/media/poster.jpg"] = PNG
    fake.media = {
        "3_1": {"media_key": "3_1", "type": "photo", "url": f"{base}/media/photo.jpg"},
        "3_9": {"media_key": "3_9", "type": "photo", "url": f"{base}/media/gone.jpg"},
        "7_1": {
            "media_key": "7_1",
            "type": "video",
            "preview_image_url": f"{base}/media/poster.jpg",
            "variants": [
                {"bit_rate": 256000, "content_type": "video/mp4", "url": f"{base}/media/low.mp4"},
                {"content_type": "application/x-mpegURL", "url": f"{base}/media/pl.m3u8"},
                {"bit_rate": 2176000, "content_type": "video/mp4", "url": f"{base}/media/high.mp4"},
            ],
        },
    }
    link = {
        "start": 10,
        "end": 33,
        "url": "https://t.co/abc",
        "expanded_url": "https://example.com/a",
    }
    pic = {
        "url": "https://t.co/pic",
        "expanded_url": "https://x.com/bob/status/300/photo/1",
        "media_key": "3_1",
    }
    root = post("280", "1/ Threads start here", conversation_id="280")
    middle = post("285", "2/ the middle", conversation_id="280", in_reply_to_user_id="7")
    fake.others["260"] = post("260", "The quoted original", author="8")
    fake.bookmarks = [
        post(
            "300",
            "Read this https://t.co/abc now https://t.co/pic",
            entities={"urls": [link, pic]},
            attachments={"media_keys": ["3_1"]},
        ),
        post("290", "3/ the end", conversation_id="280", in_reply_to_user_id="7"),
        post(
            "270",
            "A long post, truncated…",
            note_tweet={"text": "A long post, in full: " + "word " * 100},
            referenced_tweets=[{"type": "quoted", "id": "260"}],
        ),
        post("250", "Watch this", attachments={"media_keys": ["7_1"]}),
        post("240", "Quoting a deleted post", referenced_tweets=[{"type": "quoted", "id": "999"}]),
        post("230", "Photo whose file is gone", attachments={"media_keys": ["3_9"]}),
    ]
    fake.search = {"280": [root, middle, fake.bookmarks[1]]}
    fake.errors = [
        {
            "value": "999",
            "detail": "Could not find tweet with referenced_tweets.id: [999].",
            "title": "Not Found Error",
            "resource_type": "tweet",
            "parameter": "referenced_tweets.id",
            "resource_id": "999",
            "type": "https://api.twitter.com/2/problems/resource-not-found",
        }
    ]
    return fake
