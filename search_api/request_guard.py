"""What every request goes through before routing (an ASGI middleware).

- A query string must be percent-encoded ASCII, as the ASGI spec says servers
  pass it. uvicorn refuses raw bytes itself, but behind a server that passes
  them through, Starlette's `request.url` raised UnicodeDecodeError: a 500.
- HEAD is answered as GET without the body. FastAPI routes answer only the
  methods they declare, so link checkers and `curl -I` got 405 on every page.
- Every answer says not to store it, nor send this address on, unless its route
  says otherwise: an API answer (a 422 too) repeats what someone searched for,
  which no shared cache should keep. Static assets may be cached.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

NOT_ENCODED = b"Bad request: the address holds characters that are not percent-encoded.\n"
PRIVATE_DEFAULTS = (
    (b"cache-control", b"no-store"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
)


class RequestGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not scope.get("path", "").startswith("/static/"):
            send = _private(send)
        if not scope.get("query_string", b"").isascii():
            await _plain_answer(send, 400, NOT_ENCODED)
            return
        if scope["method"] == "HEAD":
            await self.app(dict(scope, method="GET"), receive, _headers_only(send))
            return
        await self.app(scope, receive, send)


def _private(send: Send) -> Send:
    """`send` adding PRIVATE_DEFAULTS to the answer's headers, each unless already set."""

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", ()))
            present = {name.lower() for name, _ in headers}
            headers.extend(item for item in PRIVATE_DEFAULTS if item[0] not in present)
            message = {**message, "headers": headers}
        await send(message)

    return wrapped


def _headers_only(send: Send) -> Send:
    """`send` for a HEAD request: the GET answer's status and headers (its
    Content-Length included), and no body."""

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.body":
            if message.get("more_body", False):
                return
            message = {"type": "http.response.body", "body": b"", "more_body": False}
        await send(message)

    return wrapped


async def _plain_answer(send: Send, status: int, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body, "more_body": False})
