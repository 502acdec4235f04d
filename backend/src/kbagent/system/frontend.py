"""The built web app (`frontend/dist`) served at `/`, with client-side routing.

GET and HEAD of any path outside the API (`/api`, `/ws`, `/docs`, `/redoc`, `/openapi.json`,
`/metrics`)
answer with the file of that name in the build, or with `index.html` so the browser's router
shows the page. Hashed build assets (`/assets/...`) are cached for a year; `index.html` is never
cached, so a new build reaches every browser on its next load. Everything else reaches the API
untouched (an unknown API path is still the API's 404 envelope).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

RESERVED = ("/api", "/ws", "/docs", "/redoc", "/openapi.json", "/metrics")
LONG_CACHE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"
# The checkout's build: backend/src/kbagent/system/frontend.py -> <repo>/frontend/dist.
DEFAULT_DIST = Path(__file__).resolve().parents[4] / "frontend" / "dist"

NOT_BUILT = """<!doctype html><html><head><meta charset="utf-8"><title>kbagent</title></head>
<body style="font-family:system-ui;max-width:40rem;margin:4rem auto">
<h1>kbagent</h1><p>The API is running, but the web app is not built: run <code>make run</code>
(or <code>npm ci &amp;&amp; npm run build</code> in <code>frontend/</code>).
See the <a href="/docs">API documentation</a>.</p></body></html>"""


def _reserved(path: str) -> bool:
    return any(path == p or path.startswith(p + "/") for p in RESERVED)


@dataclass(frozen=True)
class Answer:
    """What a path gets: a file of the build (None: the build is missing) or a 404."""

    file: Path | None
    cache: str = NO_CACHE
    status: int = 200


def resolve(dist: Path, path: str) -> Answer:
    index = dist / "index.html"
    if not index.is_file():
        return Answer(None)
    relative = path.lstrip("/")
    if relative:
        candidate = (dist / relative).resolve()
        if candidate.is_relative_to(dist.resolve()) and candidate.is_file():
            return Answer(candidate, LONG_CACHE if relative.startswith("assets/") else NO_CACHE)
        if relative.startswith("assets/"):
            # A missing build asset: index.html in place of a script would fail obscurely.
            return Answer(None, status=404)
    return Answer(index)


class FrontendMiddleware:
    def __init__(self, app: ASGIApp, dist: Path) -> None:
        self.app = app
        self.dist = dist

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or _reserved(path):
            await self.app(scope, receive, send)
            return
        answer = resolve(self.dist, path)
        response: Response
        if answer.status == 404:
            response = PlainTextResponse("Not found", status_code=404)
        elif answer.file is None:
            response = HTMLResponse(NOT_BUILT, headers={"Cache-Control": NO_CACHE})
        else:
            response = FileResponse(answer.file, headers={"Cache-Control": answer.cache})
        await response(scope, receive, send)
