"""`therapist-finder crawl plannet -a plan=...` with a plan the directory does not have.

The local server answers `InsurancePlan?_id=` as a FHIR server does (only that plan,
or an empty searchset), so a mistyped plan used to find nothing, read no role and
exit 0 as if the directory were empty.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.crawler.fixture_server import FixtureServer, Reply, Seen

FIXTURES = Path(__file__).resolve().parents[1] / "crawler/plannet/fixtures"
FHIR = "application/fhir+json; charset=utf-8"
REAL_BASE = "https://fhir.juniper-health.example/r4/"
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "RETRY_TIMES=1",
        "-s", "LOG_LEVEL=WARNING"]


def _plans_by_id(seen: Seen) -> Reply:
    """The plans Bundle, filtered by `_id` when one is asked for (with the networks and
    payers it includes only when the plan exists)."""
    bundle = json.loads((FIXTURES / "insurance_plans" / "body.json").read_text())
    wanted = seen.query.get("_id")
    if wanted:
        plans = [e for e in bundle["entry"] if e["resource"]["resourceType"] == "InsurancePlan"
                 and e["resource"]["id"] in wanted]
        bundle["entry"] = plans and [e for e in bundle["entry"]
                                     if e["resource"]["resourceType"] != "InsurancePlan" or e in plans]
        bundle["total"] = len(plans)
    return Reply(200, json.dumps(bundle), content_type=FHIR)


@pytest.fixture
def plannet():
    with FixtureServer() as server:
        server.robots("User-agent: *\nAllow: /\n")
        server.route("/r4/InsurancePlan", handler=_plans_by_id)
        roles = (FIXTURES / "roles_without_plans" / "body.json").read_text()
        server.route("/r4/PractitionerRole", Reply(200, roles.replace(REAL_BASE, server.url("/r4/")),
                                                   content_type=FHIR))
        yield server


def crawl(tmp_path, server, plan: str):
    store = f"sqlite:///{tmp_path / 'dir.db'}"
    return subprocess.run([sys.executable, "-m", "therapist_finder.cli.main", "--store", store, "crawl",
                           "plannet", "-a", f"base_url={server.url('/r4/')}", "-a", f"plan={plan}",
                           *FAST], capture_output=True, text=True, timeout=240)


def test_a_mistyped_plan_exits_1_naming_it_and_the_closest_plans(plannet, tmp_path):
    done = crawl(tmp_path, plannet, "plan-silvr-ppo")
    assert done.returncode == 1, done.stderr[-3000:]
    last = done.stderr.splitlines()[-1]
    assert last.startswith("error: the crawl found nothing to fetch: the plan 'plan-silvr-ppo'"), last
    assert "closest plans: plan-silver-ppo (Juniper Silver PPO 2026)" in last
    assert "plan-community-care" not in last  # nothing like it
    assert plannet.hits("/r4/PractitionerRole") == 0
    # The search by _id, then the directory's plans without it, for the suggestion.
    assert [s.query.get("_id") for s in plannet.seen if s.path == "/r4/InsurancePlan"] == \
        [["plan-silvr-ppo"], None]
    assert "plannet/plan_without_networks: 1" in done.stderr


def test_a_plan_like_none_in_the_directory_still_names_some(plannet, tmp_path):
    done = crawl(tmp_path, plannet, "zz-9")
    assert done.returncode == 1, done.stderr[-3000:]
    last = done.stderr.splitlines()[-1]
    assert "'zz-9'" in last and "none is close to it" in last and "It lists 3 plan(s)" in last


def test_an_existing_plan_still_crawls_its_networks(plannet, tmp_path):
    done = crawl(tmp_path, plannet, "plan-silver-ppo")
    assert done.returncode == 0, done.stderr[-3000:]
    assert not [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert plannet.hits("/r4/InsurancePlan") == 1
    role_search = next(s for s in plannet.seen if s.path == "/r4/PractitionerRole")
    assert role_search.query["network"] == ["net-ppo"]


def test_the_plan_list_read_for_suggestions_stops_at_its_page_cap_through_retries(tmp_path):
    """A busy server that answers each page of its plan list unreadably once: the
    retried page keeps its page number, so the spider still stops after
    PLAN_LIST_PAGES pages (it used to count a retried page as the first again)."""
    from threading import Lock

    from crawler.spiders.plannet import PLAN_LIST_PAGES

    served, lock = set(), Lock()

    def plans(seen: Seen) -> Reply:
        if seen.query.get("_id"):
            return Reply(200, json.dumps({"resourceType": "Bundle", "type": "searchset", "total": 0}),
                         content_type=FHIR)
        page = int(seen.query.get("page", ["1"])[0])
        with lock:
            first, _ = page not in served, served.add(page)
        if first and page > 1:
            return Reply(200, "{", content_type=FHIR)
        bundle = {"resourceType": "Bundle", "type": "searchset",
                  "entry": [{"resource": {"resourceType": "InsurancePlan", "id": f"plan-{page}",
                                          "name": f"Plan {page}"}}],
                  "link": [{"relation": "next", "url": server.url(f"/r4/InsurancePlan?page={page + 1}")}]
                  if page < 4 * PLAN_LIST_PAGES else []}
        return Reply(200, json.dumps(bundle), content_type=FHIR)

    with FixtureServer() as server:
        server.robots("User-agent: *\nAllow: /\n")
        server.route("/r4/InsurancePlan", handler=plans)
        done = crawl(tmp_path, server, "zz-9")
        pages = {int(s.query.get("page", ["1"])[0]) for s in server.seen
                 if s.path == "/r4/InsurancePlan" and not s.query.get("_id")}
    assert done.returncode == 1, done.stderr[-3000:]
    assert "zz-9" in done.stderr.splitlines()[-1]
    assert max(pages) == PLAN_LIST_PAGES


def test_a_plan_list_whose_next_page_is_on_another_host_is_named_and_suggests_from_what_was_read(tmp_path):
    """A server behind a proxy may name its next page under another host. Scrapy
    drops such a link silently, so the crawl used to end with no message at
    all; now the link is named and counted, and the plans read so far are
    suggested."""
    def plans(seen: Seen) -> Reply:
        if seen.query.get("_id"):
            return Reply(200, json.dumps({"resourceType": "Bundle", "type": "searchset", "total": 0}),
                         content_type=FHIR)
        bundle = {"resourceType": "Bundle", "type": "searchset",
                  "entry": [{"resource": {"resourceType": "InsurancePlan", "id": "plan-silver-ppo",
                                          "name": "Juniper Silver PPO 2026"}}],
                  "link": [{"relation": "next",
                            "url": server.url("/r4/InsurancePlan?page=2").replace("127.0.0.1", "localhost")}]}
        return Reply(200, json.dumps(bundle), content_type=FHIR)

    with FixtureServer() as server:
        server.robots("User-agent: *\nAllow: /\n")
        server.route("/r4/InsurancePlan", handler=plans)
        done = crawl(tmp_path, server, "plan-silvr-ppo")
        asked = [s.query for s in server.seen if s.path == "/r4/InsurancePlan"]
    assert done.returncode == 1, done.stderr[-3000:]
    last = done.stderr.splitlines()[-1]
    assert "'plan-silvr-ppo'" in last and "plan-silver-ppo (Juniper Silver PPO 2026)" in last, last
    assert "not following http://localhost:" in done.stderr
    assert "crawl/offsite_pages_skipped: 1" in done.stderr
    assert [q.get("page") for q in asked] == [None, None]  # by _id, then page 1 of the list: no page 2
