"""`extract --source directory` on saved profile pages: each file gets its own URL."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

SITE = Path(__file__).resolve().parents[2] / "crawler/demo/sources/directory/calmharbor"


def extract(*args):
    return subprocess.run([sys.executable, "-m", "therapist_finder.cli.main", "extract",
                           "--source", "directory", "--site", "calmharbor", *args],
                          capture_output=True, text=True, timeout=120)


def listings(done) -> list[dict]:
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def saved_site(tmp_path) -> Path:
    root = tmp_path / "mirror"
    shutil.copytree(SITE, root)
    return root


def test_a_saved_profile_page_is_read_as_a_profile(tmp_path):
    root = saved_site(tmp_path)
    [elena] = listings(extract(str(root / "therapists/elena-marchetti/index.html")))
    assert elena["id"] == "directory:calmharbor:elena-marchetti"
    assert elena["name"] == "Elena Marchetti"


def test_several_saved_profiles_are_several_listings(tmp_path):
    root = saved_site(tmp_path)
    files = [str(root / f"therapists/{who}/index.html") for who in ("elena-marchetti", "amara-okafor")]
    found = listings(extract(*files))
    assert [x["id"] for x in found] == ["directory:calmharbor:elena-marchetti",
                                        "directory:calmharbor:amara-okafor"]


def test_one_url_for_several_files_is_refused(tmp_path):
    root = saved_site(tmp_path)
    done = extract("--url", "https://www.calmharbor.example/therapists/elena-marchetti/",
                   str(root / "therapists/elena-marchetti/index.html"),
                   str(root / "therapists/amara-okafor/index.html"))
    assert done.returncode == 2 and not done.stdout
    [error] = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert "--url" in error and "--root" in error


def test_a_saved_copy_of_the_site_gets_the_site_urls(tmp_path):
    root = saved_site(tmp_path)
    found = listings(extract("--root", str(root), str(root / "therapists/elena-marchetti/index.html"),
                             str(root / "therapists/jonah-whitfield/index.html")))
    assert [x["sources"][0]["url"] for x in found] == [
        "https://www.calmharbor.example/therapists/elena-marchetti/",
        "https://www.calmharbor.example/therapists/jonah-whitfield/"]
    assert len({x["id"] for x in found}) == 2
    moved = listings(extract("--root", str(root), "--base-url", "https://mirror.example/calm/",
                             str(root / "therapists/amara-okafor/index.html")))
    assert moved[0]["sources"][0]["url"] == "https://mirror.example/calm/therapists/amara-okafor/"


def test_a_file_outside_the_root_is_refused(tmp_path):
    root = saved_site(tmp_path)
    elsewhere = tmp_path / "elsewhere.html"
    elsewhere.write_text("<html></html>")
    done = extract("--root", str(root / "therapists"), str(elsewhere))
    assert done.returncode == 2 and "not under --root" in done.stderr
