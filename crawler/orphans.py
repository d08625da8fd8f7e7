"""The Scrapy child stops when the CLI that started it dies, even by SIGKILL.

The child runs in its own process group (crawler.run), so a kill of the CLI's
group, an OOM kill or `kill -9` of the CLI leaves it crawling on its own, with
nobody to read its items. On Linux the kernel can send a signal to a process
when its parent dies (prctl PR_SET_PDEATHSIG): SIGTERM, which Scrapy answers
by stopping cleanly and saving its JOBDIR, so the crawl can still resume.
Elsewhere nothing is set up and the child behaves as before.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
from collections.abc import Callable

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def stop_with_parent() -> Callable[[], None] | None:
    """A `preexec_fn` asking the kernel to SIGTERM the child when this process
    dies, or None where that cannot be asked (not Linux, no C library found)."""
    if not sys.platform.startswith("linux"):
        return None
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    prctl = ctypes.CDLL(name, use_errno=True).prctl  # loaded before the fork, not in the child
    parent = os.getpid()

    def in_child() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        # The parent may have died before the request was made: then nobody will
        # send it, and there is nobody to crawl for.
        if os.getppid() != parent:
            os._exit(128 + signal.SIGTERM)

    return in_child
