"""A threaded HTTP server on 127.0.0.1 for the demo crawl and the crawler tests.

It serves files from a directory and programmable routes: a fixed reply, a
sequence of replies (429 then 200: the last one repeats), or a handler
function of the request. Every request is logged, so tests can assert what
the crawler asked for (and that it kept away from robots.txt-disallowed paths).

    with FixtureServer(root=FIXTURES) as server:
        server.route("/api/", sequence=[Reply(429, headers={"Retry-After": "0"}), Reply(200, b"{}")])
        server.robots("User-agent: *\nDisallow: /private/\n")
        ... crawl server.url("/api/") ...
        assert server.hits("/api/") == 2
"""

from __future__ import annotations

import mimetypes
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    """One HTTP response."""

    status: int = 200
    body: bytes | str = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=utf-8"


@dataclass
class Seen:
    """One request the server received."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]


Handler = Callable[[Seen], Reply]


class _Route:
    def __init__(self, replies: list[Reply] | None, handler: Handler | None) -> None:
        self.replies, self.handler, self.lock = replies or [], handler, threading.Lock()

    def reply(self, seen: Seen) -> Reply:
        if self.handler is not None:
            return self.handler(seen)
        with self.lock:
            return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]


class FixtureServer:
    """Start with `with FixtureServer(root) as server:` (or start()/stop())."""

    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root) if root else None
        self.routes: dict[str, _Route] = {}
        self.seen: list[Seen] = []
        self._httpd: ThreadingHTTPServer | None = None

    # -- programming ------------------------------------------------------
    def route(self, path: str, reply: Reply | None = None, *, sequence: list[Reply] | None = None,
              handler: Handler | None = None) -> None:
        """Answer `path` (query ignored) with a reply, a sequence of replies or a handler."""
        replies = sequence if sequence is not None else ([reply] if reply else None)
        if not replies and handler is None:
            raise ValueError("route needs a reply, a sequence or a handler")
        self.routes[path] = _Route(list(replies or []), handler)

    def robots(self, text: str) -> None:
        """Serve /robots.txt."""
        self.route("/robots.txt", Reply(200, text, content_type="text/plain"))

    def hits(self, path: str) -> int:
        """How many requests asked for `path`."""
        return sum(1 for s in self.seen if s.path == path)

    # -- serving ----------------------------------------------------------
    def _answer(self, seen: Seen) -> Reply:
        route = self.routes.get(seen.path)
        if route is not None:
            return route.reply(seen)
        if self.root is not None:
            target = (self.root / seen.path.lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if target.is_file() and self.root.resolve() in target.parents:
                ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                if ctype.startswith("text/") or ctype == "application/json":
                    ctype += "; charset=utf-8"
                return Reply(200, target.read_bytes(), content_type=ctype)
        return Reply(404, "not found", content_type="text/plain")

    def start(self) -> FixtureServer:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                parts = urlsplit(self.path)
                seen = Seen("GET", parts.path, parse_qs(parts.query), dict(self.headers))
                server.seen.append(seen)
                reply = server._answer(seen)
                body = reply.body.encode() if isinstance(reply.body, str) else reply.body
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(body)))
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return self._httpd.server_address[1]

    def url(self, path: str = "/") -> str:
        """Absolute URL of `path` on this server."""
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> FixtureServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
