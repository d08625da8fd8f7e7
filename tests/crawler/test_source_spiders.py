"""The plannet, findtreatment and directory spiders over real HTTP on 127.0.0.1, fed a
mix of good and malformed responses (the saved parser fixtures, served locally).

Each crawl must finish, let the good listings through and count every bad item
as `drop_item/<reason>` in the crawl stats (as test_nppes_spider.py does for NPPES).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.parsing import UNREADABLE_PAGE_REASONS
from tests.crawler.fixture_server import Reply, Seen

HERE = Path(__file__).parent
FHIR = "application/fhir+json; charset=utf-8"
JSON = "application/json; charset=utf-8"


def fixture_body(source: str, case: str) -> bytes:
    """The saved body of one parser case (`tests/crawler/<source>/fixtures/<case>/body.*`)."""
    folder = HERE / source / "fixtures" / case
    return next(p for p in sorted(folder.iterdir()) if p.name.startswith("body.")).read_bytes()


def truncated(body: bytes) -> bytes:
    """A response cut off half-way (a dropped connection, a proxy's size limit)."""
    return body[: len(body) // 2]


def assert_finished(run) -> None:
    assert run.returncode == 0, run.log[-3000:]
    assert run.stats["finish_reason"] == "finished"
    assert "log_count/ERROR" not in run.stats, run.log[-3000:]  # no parser crashed


# -- plannet -----------------------------------------------------------------------------

PLANNET_REAL = "https://fhir.juniper-health.example/r4/"


def _plannet_bundle(case: str, server, *, next_offset: int | None = None) -> bytes:
    """A saved Bundle with its links moved onto the local server (and maybe a `next` link)."""
    local = server.url("/r4/")
    data = json.loads(fixture_body("plannet", case).decode().replace(PLANNET_REAL, local))
    if next_offset is not None:
        data["link"] = [link for link in data.get("link", []) if link["relation"] != "next"]
        data["link"].append({"relation": "next", "url": f"{local}PractitionerRole?_getpages="
                             f"7f3c2a90-example&_getpagesoffset={next_offset}&_count=4"})
    return json.dumps(data).encode()


def _plannet_server(server, page3: Reply, plans: Reply | None = None) -> None:
    """InsurancePlan, then PractitionerRole pages 1 (good), 2 (some bad roles) and 3 (`page3`)."""
    server.robots("User-agent: *\nAllow: /\n")
    server.route("/r4/InsurancePlan",
                 plans or Reply(200, _plannet_bundle("insurance_plans", server), content_type=FHIR))
    pages = {None: Reply(200, _plannet_bundle("roles_page1", server), content_type=FHIR),
             "4": Reply(200, _plannet_bundle("roles_page2_drops", server, next_offset=8),
                        content_type=FHIR),
             "8": page3,
             "12": Reply(404, "no such page")}

    def handle(seen: Seen) -> Reply:
        return pages[(seen.query.get("_getpagesoffset") or [None])[0]]
    server.route("/r4/PractitionerRole", handler=handle)


PLANNET_NAMES = ["Desmond R. Achterberg", "Marisol Quintero-Vance", "Priya Raghunathan",
                 "Tobias Fennimore"]
# roles_page2_drops: a role whose Practitioner is not in the Bundle, an inactive role, a role
# without a practitioner reference, and a Practitioner without a usable name
PLANNET_PAGE2_DROPS = {"inactive_role": 1, "missing_name": 1, "no_practitioner": 1,
                       "unresolved_practitioner": 1}


@pytest.mark.parametrize("page3, reason", [
    ("truncated", "malformed_json"),
    ("operation_outcome", "api_error"),
    ("not_a_bundle", "not_a_bundle"),
])
def test_plannet_good_pages_survive_bad_roles_and_a_bad_last_page(fixture_server, crawl,
                                                                  page3, reason) -> None:
    server = fixture_server
    body = (truncated(fixture_body("plannet", "roles_page1")) if page3 == "truncated"
            else fixture_body("plannet", page3))
    _plannet_server(server, Reply(200, body, content_type=FHIR))
    run = crawl("plannet", {"base_url": server.url("/r4/")})
    assert_finished(run)
    assert sorted(item["name"] for item in run.items) == PLANNET_NAMES
    assert run.drops == {**PLANNET_PAGE2_DROPS, reason: 1}
    assert {k: v for k, v in run.stats.items() if k.startswith("drop_item/")} == {
        f"drop_item/{r}": n for r, n in run.drops.items()}
    offsets = [(s.query.get("_getpagesoffset") or ["-"])[0] for s in server.seen
               if s.path == "/r4/PractitionerRole"]
    # every page asked for once; an unreadable one twice more before it is dropped, and
    # then the page after it, which is not there
    unreadable = reason in UNREADABLE_PAGE_REASONS
    assert offsets == ["-", "4", "8"] + (["8"] * PAGE_RETRIES + ["12"] if unreadable else [])
    assert run.stats.get("plannet/role_pages_skipped", 0) == unreadable
    assert run.stats["item_scraped_count"] == 4


def test_plannet_truncated_insurance_plans_still_reads_the_roles(fixture_server, crawl) -> None:
    server = fixture_server
    plans = Reply(200, truncated(_plannet_bundle("insurance_plans", server)), content_type=FHIR)
    _plannet_server(server, Reply(200, _plannet_bundle("roles_page2_drops", server),
                                  content_type=FHIR), plans=plans)
    run = crawl("plannet", {"base_url": server.url("/r4/")})
    assert_finished(run)
    # page 3 repeats page 2's roles: their drops count twice, Tobias merges into one listing
    assert run.drops == {"malformed_json": 1, **{r: 2 for r in PLANNET_PAGE2_DROPS}}
    assert sorted({item["name"] for item in run.items}) == PLANNET_NAMES
    assert server.hits("/r4/InsurancePlan") == 1 + PAGE_RETRIES
    # No plans were readable: each listing names the insurer alone, vouched for by its directory.
    assert all({(c["payer"], tuple(c.get("plans", [])), c["basis"]) for c in item["insurance"]}
               == {("Juniper Mutual Health Plan", (), "payer_directory")} for item in run.items)


def test_plannet_roles_wait_for_a_plans_page_that_needs_a_second_try(fixture_server, crawl) -> None:
    """The plans page is cut off once: it is asked for again, and the roles are
    read only after it, so they carry their plan names."""
    server = fixture_server
    good = _plannet_bundle("insurance_plans", server)
    _plannet_server(server, Reply(200, _plannet_bundle("roles_page2_drops", server), content_type=FHIR))
    server.route("/r4/InsurancePlan", sequence=[Reply(200, truncated(good), content_type=FHIR),
                                                Reply(200, good, content_type=FHIR)])
    run = crawl("plannet", {"base_url": server.url("/r4/")})
    assert_finished(run)
    paths = [s.path for s in server.seen if s.path.startswith("/r4/")]
    assert paths[:3] == ["/r4/InsurancePlan", "/r4/InsurancePlan", "/r4/PractitionerRole"]
    assert "malformed_json" not in run.drops
    assert any(item.get("insurance") for item in run.items)


# -- findtreatment -----------------------------------------------------------------------

FT_PATH = "/locator/exportsAsJson/v2"
PAGE_RETRIES = 2  # the default PAGE_RETRY_TIMES


def _export_page(case: str, total_pages: int) -> bytes:
    data = json.loads(fixture_body("findtreatment", case))
    data["totalPages"] = total_pages
    return json.dumps(data).encode()


@pytest.mark.parametrize("page3, reason", [
    (truncated(fixture_body("findtreatment", "state_page1")), "malformed_json"),
    (fixture_body("findtreatment", "error_object"), "unexpected_shape"),
    (fixture_body("findtreatment", "html_error_page"), "malformed_json"),
])
def test_findtreatment_good_rows_survive_bad_rows_and_a_bad_page(fixture_server, crawl,
                                                                 page3, reason) -> None:
    server = fixture_server
    server.robots("User-agent: *\nAllow: /\n")
    pages = {"1": Reply(200, _export_page("state_page1", 3), content_type=JSON),
             # a row without name1 and a `null` row
             "2": Reply(200, _export_page("state_page2_drops", 3), content_type=JSON),
             "3": Reply(200, page3, content_type=JSON)}
    server.route(FT_PATH, handler=lambda seen: pages[seen.query["page"][0]])
    run = crawl("findtreatment", {"base_url": server.url(FT_PATH), "state": "TX",
                                  "page_size": 3})
    assert_finished(run)
    assert sorted(i["name"] for i in run.items) == [
        "Bayou Crest Community Counseling Center", "Greenway Recovery Services",
        "Lone Star Veterans Wellness Center", "Magnolia Youth & Family Clinic",
        "Seawall Counseling Associates"]
    assert run.drops == {"malformed_row": 1, "missing_name": 1, reason: 1}
    assert run.stats[f"drop_item/{reason}"] == 1
    asked = sorted(s.query["page"][0] for s in server.seen if s.path == FT_PATH)
    assert asked == ["1", "2"] + ["3"] * (1 + PAGE_RETRIES)


def test_findtreatment_truncated_first_page_ends_the_crawl_cleanly(fixture_server, crawl) -> None:
    server = fixture_server
    server.robots("User-agent: *\nAllow: /\n")
    server.route(FT_PATH, Reply(200, truncated(fixture_body("findtreatment", "state_page1")),
                                content_type=JSON))
    run = crawl("findtreatment", {"base_url": server.url(FT_PATH), "state": "TX"})
    assert_finished(run)
    assert run.items == []
    assert run.drops == {"malformed_json": 1}
    assert server.hits(FT_PATH) == 1 + PAGE_RETRIES


def test_findtreatment_bad_middle_page_loses_only_its_own_rows(fixture_server, crawl) -> None:
    """Page 1 names every later page, so pages after a bad one are still read."""
    server = fixture_server
    server.robots("User-agent: *\nAllow: /\n")
    pages = {"1": Reply(200, _export_page("state_page1", 3), content_type=JSON),
             "2": Reply(200, truncated(fixture_body("findtreatment", "state_page1")), content_type=JSON),
             "3": Reply(200, _export_page("state_page2_drops", 3), content_type=JSON)}
    server.route(FT_PATH, handler=lambda seen: pages[seen.query["page"][0]])
    run = crawl("findtreatment", {"base_url": server.url(FT_PATH), "state": "TX", "page_size": 3})
    assert_finished(run)
    assert run.drops == {"malformed_json": 1, "malformed_row": 1, "missing_name": 1}
    assert "Seawall Counseling Associates" in {i["name"] for i in run.items}  # from page 3


def test_a_page_cut_off_once_is_read_on_the_second_try(fixture_server, crawl) -> None:
    server = fixture_server
    server.robots("User-agent: *\nAllow: /\n")
    served: list[str] = []

    def handle(seen: Seen) -> Reply:
        page = seen.query["page"][0]
        body = _export_page("state_page1" if page == "1" else "state_page2_drops", 2)
        served.append(page)
        first_try_of_two = page == "2" and served.count("2") == 1
        return Reply(200, truncated(body) if first_try_of_two else body, content_type=JSON)

    server.route(FT_PATH, handler=handle)
    run = crawl("findtreatment", {"base_url": server.url(FT_PATH), "state": "TX", "page_size": 3})
    assert_finished(run)
    assert served == ["1", "2", "2"]
    assert run.drops == {"malformed_row": 1, "missing_name": 1}  # the row drops of page 2 only
    assert run.stats["retry/unreadable_page/malformed_json"] == 1
    assert "Seawall Counseling Associates" in {i["name"] for i in run.items}


# -- directory ---------------------------------------------------------------------------

def _serve_pages(server, pages: dict[str, str]) -> None:
    for path, case in pages.items():
        body = fixture_body("directory", case)
        ctype = "application/xml" if case.endswith("sitemap") else "text/html; charset=utf-8"
        server.route(path, Reply(200, body, content_type=ctype))


def test_directory_index_with_good_nameless_and_garbled_profiles(fixture_server, crawl) -> None:
    server = fixture_server
    server.robots("User-agent: *\nAllow: /\n")
    _serve_pages(server, {
        "/therapists/": "calmharbor_index_page1",
        "/therapists/page/2/": "calmharbor_index_page2",
        "/therapists/elena-marchetti/": "calmharbor_profile_full",
        "/therapists/jonah-whitfield/": "calmharbor_malformed_html",  # garbled: no name
        "/therapists/amara-okafor/": "calmharbor_profile_jsonld_fills_gaps",
        "/therapists/draft-profile/": "calmharbor_profile_missing_name",
    })
    run = crawl("directory", {"site": "calmharbor", "base_url": server.url("/")})
    assert_finished(run)
    assert sorted(i["name"] for i in run.items) == ["Amara Okafor", "Elena Marchetti"]
    assert run.drops == {"missing_name": 2}
    assert run.stats["drop_item/missing_name"] == 2
    for path in ("/therapists/jonah-whitfield/", "/therapists/draft-profile/",
                 "/therapists/page/2/"):
        assert server.hits(path) == 1, path


def test_directory_empty_index_page_is_counted(fixture_server, crawl) -> None:
    server = fixture_server
    server.robots("User-agent: *\nAllow: /\n")
    _serve_pages(server, {
        "/therapists/": "calmharbor_index_page1",
        "/therapists/page/2/": "calmharbor_empty_index",  # a page with no cards and no next
        "/therapists/elena-marchetti/": "calmharbor_profile_full",
        "/therapists/jonah-whitfield/": "calmharbor_profile_not_accepting",
    })
    run = crawl("directory", {"site": "calmharbor", "base_url": server.url("/")})
    assert_finished(run)
    assert sorted(i["name"] for i in run.items) == ["Elena Marchetti", "Jonah Whitfield"]
    assert run.drops == {"empty_index_page": 1}


def test_directory_sitemap_with_a_broken_and_a_missing_profile(fixture_server, crawl) -> None:
    server = fixture_server
    server.robots("User-agent: *\nAllow: /\n")
    _serve_pages(server, {
        "/sitemap.xml": "northfield_sitemap",
        "/clinicians/rosa-delgado/": "northfield_jsonld_graph",
        "/clinicians/theo-lindqvist/": "northfield_microdata",
        "/clinicians/new-clinician/": "northfield_broken_jsonld",  # JSON-LD cut short: no name
    })  # samuel-kim is not served: a 404, a lost profile counted as a drop
    run = crawl("directory", {"site": "northfield", "base_url": server.url("/")})
    assert_finished(run)
    assert sorted(i["name"] for i in run.items) == ["Rosa Delgado", "Theo Lindqvist"]
    assert run.drops == {"missing_name": 1, "http_404": 1}
    assert run.stats["downloader/response_status_count/404"] == 1
    assert server.hits("/clinicians/samuel-kim/") == 1
