"""crawler.run._run_child with real signals: the child (in its own process group) is
stopped with its parent on SIGTERM and SIGHUP (`timeout`, a hangup), and a Ctrl-C is
passed on to it and then raised in the parent, so that a caller running several
crawls (the demo) stops too."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# The stand-in for Scrapy: writes its pid, stops cleanly (noting it) on SIGINT/SIGTERM.
CHILD = textwrap.dedent("""
    import os, signal, sys, time
    from pathlib import Path
    out = Path(sys.argv[1])
    def stop(signum, frame):
        (out / "child-stopped").write_text(signal.Signals(signum).name)
        sys.exit(0)
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    (out / "child-pid").write_text(str(os.getpid()))
    time.sleep(30)
""")

PARENT = textwrap.dedent("""
    import sys
    from crawler.run import _run_child
    out = sys.argv[1]
    try:
        code, _ = _run_child([sys.executable, "-c", sys.argv[2], out], False, None)
    except KeyboardInterrupt:
        print("KeyboardInterrupt", flush=True)
        sys.exit(7)
    print(f"returned {code}", flush=True)
""")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def parent(tmp_path):
    """Start the parent in a session of its own (as a terminal's job); yields it and
    the child's pid once the child runs. Kills whatever is left at the end."""
    # Hangups as a terminal delivers them, however the suite was started: under `nohup`
    # SIGHUP is ignored, and the parent then rightly leaves it ignored for the child too.
    proc = subprocess.Popen([sys.executable, "-c", PARENT, str(tmp_path), CHILD], cwd=PROJECT_ROOT,
                            stdout=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_DFL))
    pid_file, deadline = tmp_path / "child-pid", time.time() + 20
    while not pid_file.is_file() or not pid_file.read_text():
        assert time.time() < deadline and proc.poll() is None, "the child did not start"
        time.sleep(0.02)
    child_pid = int(pid_file.read_text())
    yield proc, child_pid
    for pid in (proc.pid, child_pid):
        if alive(pid):
            os.kill(pid, signal.SIGKILL)
    proc.communicate(timeout=10)


def wait_gone(pid: int, seconds: float = 10) -> bool:
    deadline = time.time() + seconds
    while alive(pid) and time.time() < deadline:
        time.sleep(0.02)
    return not alive(pid)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_or_sighup_to_the_parent_stops_the_child_too(parent, tmp_path, signum):
    proc, child_pid = parent
    os.kill(proc.pid, signum)  # as `timeout` sends SIGTERM, a hangup SIGHUP
    proc.communicate(timeout=10)
    assert proc.returncode == 128 + signum
    assert wait_gone(child_pid), "the child outlived its parent"
    assert (tmp_path / "child-stopped").read_text() == "SIGTERM"  # told to stop cleanly


def test_ctrl_c_is_passed_on_once_and_raised_after_the_child_stops(parent, tmp_path):
    proc, child_pid = parent
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does (the child has its own group)
    out, _ = proc.communicate(timeout=10)
    assert (tmp_path / "child-stopped").read_text() == "SIGINT"
    assert out.strip() == "KeyboardInterrupt" and proc.returncode == 7
    assert not alive(child_pid)
