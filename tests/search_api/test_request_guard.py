"""What every request goes through before routing: HEAD, and raw query bytes."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest


@pytest.mark.parametrize("path", ["/healthz", "/", "/v1/therapists?near=10001", "/therapists/test:ipt",
                                  "/static/css/site.css"])
def test_head_answers_like_get_without_the_body(client, path):
    got, head = client.get(path), client.head(path)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers["content-length"] == str(len(got.content))


def test_head_on_a_missing_page_is_404_and_post_only_stays_refused(client):
    assert client.head("/therapists/test:nobody").status_code == 404
    assert client.put("/healthz").status_code == 405


def _raw_get(app, path: str, query: bytes) -> tuple[int, bytes, list[tuple[bytes, bytes]]]:
    """A request whose query string holds raw bytes, which an HTTP client
    would percent-encode: straight through the app's ASGI interface."""
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": query,
             "root_path": "", "headers": [(b"host", b"testserver")], "client": ("127.0.0.1", 1),
             "server": ("testserver", 80)}
    # A thread of its own: the session's Playwright keeps an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:]), sent[0]["headers"]


@pytest.mark.parametrize("path, query", [("/", b"q=\xff"), ("/v1/compare", b"ids=\xff"),
                                         ("/shortlist", b"ids=caf\xc3\xa9")])
def test_raw_bytes_in_the_query_string_are_a_400_not_a_500(client, path, query):
    status, body, _ = _raw_get(client.app, path, query)
    assert status == 400 and b"not percent-encoded" in body
    assert _raw_get(client.app, "/healthz", b"")[0] == 200


@pytest.mark.parametrize("path", [
    "/v1/therapists?near=10001&q=depression", "/v1/therapists?near=10001&q=depression&limit=0",
    "/v1/therapists/test:ipt", "/v1/therapists/test:nobody", "/v1/vocabularies", "/healthz",
    "/docs", "/openapi.json", "/", "/therapists/test:ipt"])
def test_every_answer_is_private_by_default(client, path):
    """An API answer, a 422 and a 404 included, repeats what was searched for: no shared
    cache may keep it, and no link from it may carry its address."""
    resp = client.get(path)
    assert resp.headers["cache-control"] == "no-store", path
    assert resp.headers["referrer-policy"] == "no-referrer"
    assert resp.headers["x-content-type-options"] == "nosniff"
    assert len(resp.headers.get_list("cache-control")) == 1  # a route's own is not doubled


def test_static_assets_may_be_cached(client):
    resp = client.get("/static/css/site.css")
    assert resp.status_code == 200 and "no-store" not in resp.headers.get("cache-control", "")


def test_a_refused_query_string_is_private_too(client):
    scope_headers = dict(_raw_get(client.app, "/", b"q=\xff")[2])
    assert scope_headers[b"cache-control"] == b"no-store"
    assert scope_headers[b"referrer-policy"] == b"no-referrer"


def test_an_unexpected_error_is_a_private_500(tmp_path):
    """Starlette answers an unhandled error outside the middleware; the answer still says
    not to store it."""
    from fastapi.testclient import TestClient

    from search_api.app import create_app
    from tests.utils.stores import sqlite_store
    from therapist_finder.settings import Settings

    for store in sqlite_store(tmp_path / "boom.db", []):
        def broken(query):
            raise RuntimeError("a bug, quoting near=10001")

        store.search = broken
        app = create_app(Settings(store="sqlite:///unused.db"), store=store)
        with TestClient(app, raise_server_exceptions=False) as client:
            resp = client.get("/v1/therapists?near=10001")
        assert resp.status_code == 500 and resp.text == "Internal Server Error"
        assert resp.headers["cache-control"] == "no-store"
        assert "10001" not in resp.text
