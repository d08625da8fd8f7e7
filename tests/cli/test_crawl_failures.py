"""`therapist-finder crawl` run as a scheduled job would: a crawl that fetched nothing
usable exits 1, a finished --jobdir is not silently "resumed", -o is checked and
overwritten, and `import-nppes --batch` must be at least 1."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.demo.nppes_api import FakeNppesApi
from tests.crawler.fixture_server import FixtureServer, Reply, closed_port_url
from tests.crawler.nppes_fake import make_records, serve_api

SOURCES = Path(__file__).resolve().parents[2] / "crawler/demo/sources/directory"
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "RETRY_TIMES=1",
        "-s", "RETRY_BACKOFF_BASE=0.05", "-s", "LOG_LEVEL=WARNING"]


def crawl(tmp_path, *args, timeout=240):
    store = f"sqlite:///{tmp_path / 'dir.db'}"
    return subprocess.run([sys.executable, "-m", "therapist_finder.cli.main", "--store", store,
                           "crawl", *args, *FAST], capture_output=True, text=True, timeout=timeout)


def error_lines(done) -> list[str]:
    return [line for line in done.stderr.splitlines() if line.startswith("error: ")]


@pytest.fixture
def fixture_server():
    with FixtureServer() as server:
        yield server


@pytest.fixture
def calmharbor():
    with FixtureServer(root=SOURCES / "calmharbor") as server:
        yield server


@pytest.fixture
def nppes_url(fixture_server):
    return serve_api(fixture_server, FakeNppesApi(make_records(5)))


def test_a_crawl_whose_start_url_fails_exits_1_and_says_so_last(fixture_server, tmp_path):
    done = crawl(tmp_path, "findtreatment", "-a", "state=TX",
                 "-a", f"base_url={fixture_server.url('/nothere')}")
    assert done.returncode == 1, done.stderr[-3000:]
    assert "drop_item/http_404: 1" in done.stderr
    assert done.stderr.splitlines()[-1].startswith("error: the crawl fetched nothing usable")


def test_a_directory_crawl_of_a_missing_site_exits_1(calmharbor, tmp_path):
    done = crawl(tmp_path, "directory", "-a", "site=calmharbor",
                 "-a", f"base_url={calmharbor.url('/nothere/')}")
    assert done.returncode == 1, done.stderr[-3000:]
    assert "drop_item/http_404: 1" in done.stderr


def test_a_plannet_crawl_with_nothing_listening_exits_1_and_lists_its_losses(tmp_path):
    done = crawl(tmp_path, "plannet", "-a", f"base_url={closed_port_url('/plannet/')}")
    assert done.returncode == 1, done.stderr[-3000:]
    assert "plannet/insurance_plans_unavailable: 1" in done.stderr
    assert "plannet/role_pages_lost_after: 1" in done.stderr
    assert "drop_item/connection_failed: 2" in done.stderr


def test_a_crawl_that_loses_some_pages_counts_them_and_exits_0(calmharbor, tmp_path):
    calmharbor.route("/therapists/amara-okafor/", Reply(404, "gone"))
    calmharbor.route("/therapists/jonah-whitfield/", Reply(500, "boom"))
    done = crawl(tmp_path, "directory", "-a", "site=calmharbor", "-a", f"base_url={calmharbor.url('/')}")
    assert done.returncode == 0, done.stderr[-3000:]
    assert "items scraped: 1" in done.stderr and "items dropped: 3" in done.stderr
    assert "drop_item/http_404: 1" in done.stderr and "drop_item/http_500: 1" in done.stderr
    assert not error_lines(done)


def test_a_finished_jobdir_is_refused_and_fresh_crawls_it_again(nppes_url, tmp_path):
    args = ("nppes", "-a", "state=NY", "-a", "taxonomies=Psychologist", "-a", f"api_url={nppes_url}",
            "--jobdir", str(tmp_path / "jd"))
    first = crawl(tmp_path, *args)
    assert first.returncode == 0 and "items scraped: 5" in first.stderr, first.stderr[-3000:]
    again = crawl(tmp_path, *args)
    assert again.returncode == 2, again.stderr[-3000:]
    [error] = error_lines(again)
    assert "already finished" in error and "--jobdir" in error and "--fresh" in error
    assert "items scraped" not in again.stderr  # refused before crawling
    fresh = crawl(tmp_path, *args, "--fresh")
    assert fresh.returncode == 0 and "items scraped: 5" in fresh.stderr, fresh.stderr[-3000:]


def test_an_unwritable_output_is_refused_before_the_crawl(nppes_url, fixture_server, tmp_path):
    done = crawl(tmp_path, "nppes", "-a", "state=NY", "-a", f"api_url={nppes_url}",
                 "-o", "/proc/nope/out.jsonl")
    assert done.returncode == 2, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    [error] = error_lines(done)
    assert "/proc/nope/out.jsonl" in error
    assert fixture_server.hits("/api/") == 0


@pytest.mark.parametrize("name", ["out.jsonl.gz", "out.csv", "out.json"])
def test_an_output_named_for_another_format_is_refused(nppes_url, fixture_server, tmp_path, name):
    """The feed is plain JSON lines: under a .gz name, `index` later refused it as not gzip."""
    done = crawl(tmp_path, "nppes", "-a", "state=NY", "-a", f"api_url={nppes_url}",
                 "-o", str(tmp_path / name))
    assert done.returncode == 2, done.stderr[-3000:]
    [error] = error_lines(done)
    assert name in error and "name the file .jsonl" in error
    assert fixture_server.hits("/api/") == 0 and not (tmp_path / name).exists()


def test_the_output_file_is_overwritten_not_appended_to(nppes_url, tmp_path):
    out = tmp_path / "out.jsonl"
    for _ in range(2):
        done = crawl(tmp_path, "nppes", "-a", "state=NY", "-a", "taxonomies=Psychologist",
                     "-a", f"api_url={nppes_url}", "-o", str(out))
        assert done.returncode == 0, done.stderr[-3000:]
    assert len([json.loads(line) for line in out.read_text().splitlines()]) == 5


@pytest.mark.parametrize("batch", ["0", "-5"])
def test_import_nppes_refuses_a_batch_below_1(tmp_path, batch):
    data = tmp_path / "npidata.csv"
    data.write_text('"NPI","Entity Type Code"\n')
    done = subprocess.run([sys.executable, "-m", "therapist_finder.cli.main",
                           "--store", f"sqlite:///{tmp_path / 'dir.db'}", "import-nppes",
                           "--batch", batch, str(data)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "--batch" in done.stderr and "at least 1" in done.stderr


def test_fresh_clears_only_a_job_directory(nppes_url, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a crawl's")
    done = crawl(tmp_path, "nppes", "-a", "state=NY", "-a", f"api_url={nppes_url}",
                 "--jobdir", str(tmp_path), "--fresh")
    assert done.returncode == 2, done.stderr[-3000:]
    [error] = error_lines(done)
    assert "does not look like a crawl's job directory" in error
    assert notes.read_text() == "not a crawl's"
