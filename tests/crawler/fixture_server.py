"""The local HTTP server for crawler tests (127.0.0.1, free port).

The implementation lives in `crawler.demo.server` because the demo serves its
sample sources with it too; see there for routes, reply sequences, handlers
and the request log. `closed_port_url` is a 127.0.0.1 URL where nothing listens.
"""

import socket

from crawler.demo.server import FixtureServer, Handler, Reply, Seen

__all__ = ["FixtureServer", "Handler", "Reply", "Seen", "closed_port_url"]


def closed_port_url(path: str = "/") -> str:
    """A 127.0.0.1 URL where nothing listens (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"
