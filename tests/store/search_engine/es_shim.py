"""TEST HARNESS ONLY: an HTTP shim that lets the official Elasticsearch client
talk to the in-memory OpenSearch-compatible test engine (osmem-server).

No Elasticsearch server can be installed in CI, yet the `elasticsearch://` code
path (the elasticsearch-py 8 client, its helpers and its error types) must run
there. elasticsearch-py refuses servers that are not Elasticsearch: it sends the
compatibility media types (`application/vnd.elasticsearch+json;
compatible-with=8`), which the test engine answers with 406, and it checks the
`X-Elastic-Product` response header. This proxy rewrites those media types to
plain JSON and adds the header. It is NOT a claim that the test engine, or
OpenSearch, is compatible with Elasticsearch; real Elasticsearch is tested
whenever THERAPIST_FINDER_TEST_ELASTICSEARCH_URL is set.

For the bulk retry tests it can also answer the next N `_bulk` requests with
429, the way a busy Elasticsearch node rejects work.
"""

from __future__ import annotations

import http.client
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

MEDIA_TYPES = {
    "application/vnd.elasticsearch+json": "application/json",
    "application/vnd.elasticsearch+x-ndjson": "application/x-ndjson",
}
HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "transfer-encoding",
    "content-length",
    "te",
    "trailer",
    "upgrade",
}


def plain_media_type(value: str) -> str:
    """`application/vnd.elasticsearch+json; compatible-with=8` -> `application/json`."""
    base = value.split(";", 1)[0].strip().lower()
    return MEDIA_TYPES.get(base, value)


class EsShim:
    """A threaded proxy on 127.0.0.1 in front of `upstream` (http://host:port)."""

    def __init__(self, upstream: str) -> None:
        target = urlparse(upstream)
        self.upstream = (target.hostname or "127.0.0.1", target.port or 80)
        self.bulk_rejections = 0
        self.requests = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def reject_bulk(self, times: int) -> None:
        """Answer the next `times` bulk requests with 429 (too many requests)."""
        with self._lock:
            self.bulk_rejections = times

    def _take_rejection(self, path: str) -> bool:
        with self._lock:
            if self.bulk_rejections and path.split("?", 1)[0].endswith("/_bulk"):
                self.bulk_rejections -= 1
                return True
            return False

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _handler(shim: EsShim) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out as separate writes

        def log_message(self, *args) -> None:  # keep test output quiet
            pass

        def _proxy(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            shim.requests += 1
            if shim._take_rejection(self.path):
                self._send(
                    429,
                    {"Content-Type": "application/json"},
                    json.dumps(
                        {
                            "error": {
                                "type": "es_rejected_execution_exception",
                                "reason": "rejected execution (test shim: simulated busy node)",
                            },
                            "status": 429,
                        }
                    ).encode(),
                )
                return
            headers = {}
            for name, value in self.headers.items():
                if name.lower() in ("content-type", "accept"):
                    value = plain_media_type(value)
                if name.lower() not in HOP_BY_HOP | {"host"}:
                    headers[name] = value
            conn = http.client.HTTPConnection(*shim.upstream, timeout=30)
            try:
                conn.request(self.command, self.path, body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
            except OSError:
                # The engine is down: drop the connection as a dead node would.
                self.close_connection = True
                return
            finally:
                conn.close()
            out = {
                k: v
                for k, v in resp.getheaders()
                if k.lower() not in HOP_BY_HOP | {"date", "server"}
            }
            out["X-Elastic-Product"] = "Elasticsearch"
            self._send(resp.status, out, data)

        def _send(self, status: int, headers: dict[str, str], data: bytes) -> None:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _proxy

    return Handler
