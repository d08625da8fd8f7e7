"""The plannet spider against a local FHIR-like server: paging, robots.txt, retries, bad pages."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from crawler.fhir_paging import MAX_PAGES_SKIPPED
from crawler.spider_params import PlanNetParams
from tests.crawler.fixture_server import Reply, Seen

FIXTURES = Path(__file__).parent / "fixtures"
FHIR = "application/fhir+json; charset=utf-8"
REAL_BASE = "https://fhir.juniper-health.example/r4/"


def _bundle(case: str, server) -> bytes:
    """A saved Bundle whose paging links point at the local server."""
    text = (FIXTURES / case / "body.json").read_text()
    local = server.url("/r4/PractitionerRole")
    return text.replace(f'"{REAL_BASE}PractitionerRole?_getpages', f'"{local}?_getpages').encode()


def _roles_handler(server, page2: list[Reply]):
    """Page 1 without `_getpages`, then the replies in `page2` in turn (the last repeats)."""
    lock = threading.Lock()

    def handle(seen: Seen) -> Reply:
        if "_getpages" not in seen.query:
            return Reply(200, _bundle("roles_page1", server), content_type=FHIR)
        with lock:
            return page2.pop(0) if len(page2) > 1 else page2[0]
    return handle


def _serve_plans(server) -> None:
    body = _bundle("insurance_plans", server)
    server.route("/r4/InsurancePlan", Reply(200, body, content_type=FHIR))


def test_pages_through_roles_with_retries(fixture_server, crawl) -> None:
    server = fixture_server
    server.robots("User-agent: *\nDisallow: /private/\n")
    _serve_plans(server)
    page2 = [Reply(429, "slow down", headers={"Retry-After": "0"}), Reply(503, "busy"),
             Reply(200, _bundle("roles_page2_drops", server), content_type=FHIR)]
    server.route("/r4/PractitionerRole", handler=_roles_handler(server, page2))
    run = crawl("plannet", {"base_url": server.url("/r4/")})
    assert run.returncode == 0, run.log[-3000:]
    names = sorted(item["name"] for item in run.items)
    assert names == ["Desmond R. Achterberg", "Marisol Quintero-Vance", "Priya Raghunathan",
                     "Tobias Fennimore"]
    assert run.drops == {"inactive_role": 1, "missing_name": 1, "no_practitioner": 1,
                         "unresolved_practitioner": 1}
    assert run.stats["retry/count"] == 2
    first = next(s for s in server.seen if s.path == "/r4/PractitionerRole")
    assert set(first.query["_include"]) == {"PractitionerRole:practitioner",
                                            "PractitionerRole:location",
                                            "PractitionerRole:network", "PractitionerRole:service"}
    assert "fhir+json" in first.headers.get("Accept", "")
    desmond = next(i for i in run.items if i["name"] == "Desmond R. Achterberg")
    # the merge stage keys providers with an NPI by it; the source keeps the plannet id
    assert desmond["id"] == "nppes:1016613186"
    assert desmond["sources"][0]["listing_id"] == "plannet:fhir.juniper-health.example:prac-1002"
    assert desmond["npi"] == "1016613186"
    # The fictional payer is in no vocabulary: its claim is kept whole under its own name
    # (the insurer's directory vouches for it), and its Medicaid product maps.
    assert [(c["payer"], c["plans"], c["basis"]) for c in desmond["insurance"]] == [
        ("Juniper Mutual Health Plan", ["Juniper Silver PPO 2026", "Juniper Gold PPO 2026"],
         "payer_directory"),
        ("medicaid", ["Juniper Community Care"], "payer_directory")]
    assert "insurance" not in desmond.get("unmapped", {})
    assert desmond["license_types"] == ["psychologist"]
    assert desmond["locations"][0]["postal_code"] == "97209"


def test_robots_disallow_keeps_the_spider_out(fixture_server, crawl) -> None:
    server = fixture_server
    server.robots("User-agent: *\nDisallow: /r4/PractitionerRole\n")
    _serve_plans(server)
    server.route("/r4/PractitionerRole", handler=_roles_handler(server, [Reply(404)]))
    run = crawl("plannet", {"base_url": server.url("/r4/")})
    assert run.returncode == 0, run.log[-3000:]
    assert server.hits("/r4/InsurancePlan") == 1
    assert server.hits("/r4/PractitionerRole") == 0
    assert run.items == []
    assert run.stats.get("robotstxt/forbidden") == 1


def test_malformed_page_and_missing_plans_do_not_stop_the_crawl(fixture_server, crawl) -> None:
    server = fixture_server
    server.robots("User-agent: *\nAllow: /\n")
    server.route("/r4/InsurancePlan", Reply(500, "internal error"))
    bad = (FIXTURES / "malformed_json" / "body.json").read_bytes()
    server.route("/r4/PractitionerRole",
                 handler=_roles_handler(server, [Reply(200, bad, content_type=FHIR)]))
    run = crawl("plannet", {"base_url": server.url("/r4/"), "network": "net-ppo"})
    assert run.returncode == 0, run.log[-3000:]
    assert len(run.items) == 3  # page 1 still counts
    # Page 2 and the pages guessed after it (the server answers every one the same way).
    assert run.drops == {"malformed_json": 1 + MAX_PAGES_SKIPPED, "http_500": 1}  # and the plans
    assert run.stats["plannet/role_pages_lost_after"] == 1
    assert run.stats["plannet/insurance_plans_unavailable"] == 1
    # No plans: the insurer's own name, still vouched for by its directory.
    assert all([(c["payer"], c.get("plans", []), c["basis"]) for c in item["insurance"]]
               == [("Juniper Mutual Health Plan", [], "payer_directory")] for item in run.items)
    assert all("insurance" not in item.get("unmapped", {}) for item in run.items)
    first = next(s for s in server.seen if s.path == "/r4/PractitionerRole")
    assert first.query["network"] == ["net-ppo"]


@pytest.mark.parametrize("args, message", [
    ({"base_url": "ftp://x.example/"}, "base_url"),
    ({"base_url": "https://x.example/r4", "network": "a", "plan": "b"}, "either network or plan"),
    ({"base_url": "https://x.example/r4", "page_size": "0"}, "page_size"),
])
def test_bad_arguments_are_refused(args: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PlanNetParams.model_validate(args)


def test_base_url_gets_one_trailing_slash() -> None:
    assert PlanNetParams(base_url="https://x.example/r4").base_url == "https://x.example/r4/"
    dumped = json.loads(PlanNetParams(base_url="https://x.example/r4/").model_dump_json())
    assert dumped["base_url"] == "https://x.example/r4/"


@pytest.mark.parametrize("plan, networks", [
    ({"network": 5}, []),
    ({"plan": ["x", 7, None]}, []),
    ({"network": {"reference": "Organization/net-a"}, "plan": {"network": [{"reference": "net-b/"}]}},
     ["net-a", "net-b"]),
])
def test_a_plan_of_any_shape_gives_its_networks_or_none(plan, networks):
    """`-a plan=...` reads the plan's networks from the server's JSON; a number or a list of
    strings where objects belong raised and stopped the role search."""
    from crawler.spiders.plannet import PlanNetSpider

    assert PlanNetSpider._plan_networks(plan) == networks
