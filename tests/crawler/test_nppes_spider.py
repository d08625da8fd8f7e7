"""The nppes spider over real HTTP on 127.0.0.1 against a faithful fictional API."""

from __future__ import annotations

from crawler.demo.nppes_api import FakeNppesApi
from tests.crawler.fixture_server import Reply
from tests.crawler.nppes_fake import make_records, serve_api

FIXTURE = "tests/crawler/nppes/fixtures/newer_form.json"


def _args(url, **extra):
    return {"state": "NY", "taxonomies": "Psychologist", "api_url": url, **extra}


def test_pages_until_a_short_page(fixture_server, crawl):
    url = serve_api(fixture_server, FakeNppesApi(make_records(450)))
    run = crawl("nppes", _args(url, taxonomies="Psychologist;Social Worker"))
    assert run.returncode == 0, run.log[-2000:]
    skips = sorted(int(s.query["skip"][0]) for s in fixture_server.seen if s.path == "/api/")
    assert skips == [0, 0, 200, 400]
    assert len(run.items) == 450 == len({i["npi"] for i in run.items})
    assert run.drops == {}
    ua = next(s.headers["User-Agent"] for s in fixture_server.seen if s.path == "/api/")
    assert "TherapistFinderBot" in ua and "+http" in ua


def test_a_query_over_the_skip_limit_is_split_until_every_slice_fits(fixture_server, crawl):
    api = FakeNppesApi(make_records(1500), legacy=True)  # older form: integer numbers
    url = serve_api(fixture_server, api)
    run = crawl("nppes", _args(url), timeout=240)
    assert run.returncode == 0, run.log[-2000:]
    asked = [s.query for s in fixture_server.seen if s.path == "/api/"]
    assert all(int(q["skip"][0]) <= 1000 and int(q["limit"][0]) <= 200 for q in asked)
    assert any(q.get("postal_code") for q in asked)  # it split by ZIP prefix
    assert run.stats["nppes/slices_split"] >= 1
    assert len({i["npi"] for i in run.items}) == 1500 == len(run.items)
    assert "drop_item/api_error" not in run.stats


def test_robots_txt_disallow_is_obeyed(fixture_server, crawl):
    fixture_server.robots("User-agent: *\nDisallow: /api/\n")
    url = serve_api(fixture_server, FakeNppesApi(make_records(5)))
    run = crawl("nppes", _args(url))
    assert run.returncode == 0
    assert fixture_server.hits("/api/") == 0 and run.items == []
    assert run.stats.get("robotstxt/forbidden", 0) >= 1


def test_429_and_503_are_retried_with_backoff(fixture_server, crawl):
    body = open(FIXTURE, "rb").read()
    fixture_server.route("/api/", sequence=[
        Reply(429, "slow down", headers={"Retry-After": "1"}),
        Reply(503, "maintenance"),
        Reply(200, body, content_type="application/json")])
    run = crawl("nppes", _args(fixture_server.url("/api/")))
    assert run.returncode == 0, run.log[-2000:]
    assert fixture_server.hits("/api/") == 3
    assert run.stats["retry/count"] == 2
    assert run.stats["retry/backoff_seconds"] >= 1  # Retry-After honoured (capped by settings)
    assert len(run.items) == 2


def test_malformed_and_error_payloads_are_dropped_and_counted(fixture_server, crawl):
    fixture_server.route("/api/", handler=lambda seen: {
        "Psychologist": Reply(200, '{"result_count": 3, "results": [{"numb',
                              content_type="application/json"),
        "Counselor": Reply(200, '{"Errors": [{"description": "Invalid state", "field": "state"}]}',
                           content_type="application/json"),
    }.get(seen.query["taxonomy_description"][0],
          Reply(200, open(FIXTURE, "rb").read(), content_type="application/json")))
    run = crawl("nppes", _args(fixture_server.url("/api/"),
                               taxonomies="Psychologist;Counselor;Psychoanalyst"))
    assert run.returncode == 0
    assert run.drops == {"malformed_json": 1, "api_error": 1}
    assert len(run.items) == 2  # the good slice still came through
    assert run.stats["finish_reason"] == "finished"


def test_a_page_that_keeps_failing_is_counted(fixture_server, crawl):
    fixture_server.route("/api/", Reply(500, "boom"))
    run = crawl("nppes", _args(fixture_server.url("/api/")), settings={"RETRY_TIMES": 1})
    assert run.returncode == 0
    assert run.drops == {"http_500": 1}


def test_crawl_writes_the_store_and_a_second_crawl_duplicates_nothing(fixture_server, crawl,
                                                                      tmp_path):
    from therapist_finder.store import open_store

    url = serve_api(fixture_server, FakeNppesApi(make_records(30)))
    store_url = f"sqlite:///{tmp_path / 'dir.db'}"
    for _ in range(2):
        run = crawl("nppes", _args(url), settings={"THERAPIST_FINDER_STORE": store_url})
        assert run.returncode == 0, run.log[-2000:]
    store = open_store(store_url)
    stats = store.stats()
    assert stats["listings"] == len(run.items) > 0
    one = store.get(run.items[0]["id"])
    assert one.last_seen_at is not None and one.sources[0].fetched_at is not None
    assert one.locations[0].lat is not None  # geocoded from the ZIP
    store.close()


def test_bad_arguments_fail_before_any_request(fixture_server, crawl):
    run = crawl("nppes", {"state": "Atlantis", "api_url": fixture_server.url("/api/")})
    assert run.returncode != 0
    assert "unknown US state" in run.log
    assert fixture_server.hits("/api/") == 0
