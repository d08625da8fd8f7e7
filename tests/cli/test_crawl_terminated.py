"""`timeout 1h therapist-finder crawl ...` (SIGTERM to the CLI only): the Scrapy child,
in its own process group, is stopped too, cleanly, and the CLI exits 143 saying so."""

from __future__ import annotations

import os
import signal
import time

from tests.cli.slow_crawl import slow_crawl


def test_sigterm_to_the_crawl_stops_its_scrapy_child_and_exits_143(tmp_path):
    with slow_crawl(tmp_path, page_size=50, delay=0.3) as running:
        crawl, children = running.crawl, running.children
        crawl.send_signal(signal.SIGTERM)  # what `timeout` sends: to the CLI, not its child
        _, err = crawl.communicate(timeout=60)
        deadline = time.time() + 10
        while any(os.path.exists(f"/proc/{pid}") for pid in children) and time.time() < deadline:
            time.sleep(0.05)
        assert not any(os.path.exists(f"/proc/{pid}") for pid in children), "the child outlived the CLI"
    assert crawl.returncode == 128 + signal.SIGTERM, err[-3000:]
    last = err.splitlines()[-1]
    assert "stopped by SIGTERM" in last and "--jobdir" in last
    assert (tmp_path / "jd" / "requests.seen").exists()  # Scrapy stopped cleanly: it resumes
