"""Ctrl-C during `therapist-finder demo`'s crawls stops the demo, not only the crawl
that was running: the interrupt is passed on to that crawl's Scrapy child (which
has its own process group) and then raised in the demo."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def scrapy_children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (stat.parent / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue
        if ppid == pid and b"scrapy" in cmdline:
            found.append(int(stat.parent.name))
    return found


def test_ctrl_c_during_the_demo_crawls_stops_the_demo(tmp_path):
    env = dict(os.environ, THERAPIST_FINDER_REMOVALS=str(tmp_path / "removals.jsonl"))
    demo = subprocess.Popen([sys.executable, "-m", "therapist_finder.cli.main",
                             "--store", f"sqlite:///{tmp_path / 'dir.db'}", "demo", "--no-serve"],
                            stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
    try:
        deadline = time.time() + 120
        while not scrapy_children(demo.pid):
            assert demo.poll() is None and time.time() < deadline, "no crawl started"
            time.sleep(0.05)
        os.killpg(demo.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        _, err = demo.communicate(timeout=120)
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.communicate()
    assert demo.returncode == 130, err[-3000:]
    assert "demo: crawled" not in err  # no crawl after the interrupted one
