"""Security headers on every HTTP response (plain ASGI, so streamed bodies pass untouched).

Every response: `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`,
`X-Frame-Options: DENY`, `Cross-Origin-Opener-Policy: same-origin` and a Content-Security-Policy
with `frame-ancestors 'none'`: strict `default-src 'self'` for HTML pages, `default-src 'none'`
for everything else (JSON, files). FastAPI's API docs pages load Swagger UI / ReDoc from their
CDN with an inline start-up script, so those two pages get a policy that allows exactly that.
HSTS only on HTTPS (as seen after a trusted proxy's `X-Forwarded-Proto`, see gate.py): on plain
HTTP it would be ignored, and on a LAN name it would lock users out of HTTP.
A header the app set itself is kept.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_CSP = (
    "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
    "object-src 'none'; img-src 'self' data:"
)
DATA_CSP = "default-src 'none'; frame-ancestors 'none'"
_CDN = "https://cdn.jsdelivr.net"
DOCS_CSP = (
    f"default-src 'self'; script-src 'self' 'unsafe-inline' {_CDN}; style-src 'self' "
    f"'unsafe-inline' {_CDN} https://fonts.googleapis.com; font-src https://fonts.gstatic.com; "
    f"img-src 'self' data: https://fastapi.tiangolo.com {_CDN}; worker-src blob:; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"
)
DOCS_PATHS = frozenset({"/docs", "/redoc", "/docs/oauth2-redirect"})
HSTS = b"max-age=31536000"

_COMMON: list[tuple[bytes, bytes]] = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = _secured(scope, list(message.get("headers") or []))
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _secured(scope: Scope, headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    present = {name.lower() for name, _ in headers}
    content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
    if scope.get("path") in DOCS_PATHS:
        csp = DOCS_CSP
    elif content_type.startswith(b"text/html"):
        csp = PAGE_CSP
    else:
        csp = DATA_CSP
    added = [(k, v) for k, v in _COMMON if k not in present]
    if b"content-security-policy" not in present:
        added.append((b"content-security-policy", csp.encode()))
    if scope.get("scheme") == "https" and b"strict-transport-security" not in present:
        added.append((b"strict-transport-security", HSTS))
    return headers + added
