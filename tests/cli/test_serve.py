"""`therapist-finder serve`: searches are health data, so no request line is logged."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_writes_no_search_parameters_to_its_output(tmp_path):
    port = _free_port()
    store = f"sqlite:///{tmp_path / 'absent.db'}"  # a 503 is answered, and would be logged too
    proc = subprocess.Popen(
        [sys.executable, "-m", "therapist_finder.cli.main", "--store", store,
         "serve", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=5).read()
                break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)
        for path in ("/v1/therapists?q=postpartum&insurance=aetna", "/?q=postpartum&near=10001"):
            try:
                urllib.request.urlopen(base + path, timeout=30).read()
            except urllib.error.HTTPError:
                pass  # the store is absent: 503; what matters is what was logged
    finally:
        proc.terminate()
        output, _ = proc.communicate(timeout=30)
    assert "serving on" in output  # the output was captured
    assert "postpartum" not in output and "GET /" not in output, output
