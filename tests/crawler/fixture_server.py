"""The local HTTP server for crawler tests (127.0.0.1, free port).

The implementation lives in `crawler.demo.server` because the demo serves its
sample sources with it too; see there for routes, reply sequences, handlers
and the request log.
"""

from crawler.demo.server import FixtureServer, Handler, Reply, Seen

__all__ = ["FixtureServer", "Handler", "Reply", "Seen"]
