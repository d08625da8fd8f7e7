"""Probes, vocabularies, OpenAPI, and the 503 when the store is missing."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from search_api.app import create_app
from therapist_finder.settings import Settings


def test_health_ready_and_docs(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").status_code == 200
    assert client.get("/docs").status_code == 200
    assert "/v1/therapists" in client.get("/openapi.json").json()["paths"]
    # No ReDoc page: it would pull fonts from Google and a script from a CDN.
    assert client.get("/redoc").status_code == 404


def test_vocabularies_lists_every_facet(client):
    body = client.get("/v1/vocabularies").json()
    assert {"insurance", "specialty", "approach", "format", "age_group", "language",
            "license_type"} <= set(body)
    ipt_variants = [t for t in body["approach"] if t.get("parent") == "ipt"]
    assert len(ipt_variants) >= 5


def test_missing_store_is_503_not_500(tmp_path):
    settings = Settings(store=f"sqlite:///{tmp_path / 'absent.db'}")
    with TestClient(create_app(settings)) as client:
        assert client.get("/healthz").status_code == 200
        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert "therapist-finder demo" in ready.json()["detail"]  # the operator's check says why
        resp = client.get("/v1/therapists", params={"near": "10001"})
        assert resp.status_code == 503
        # A public answer names no file and no command.
        assert resp.json()["detail"] == "the directory is unavailable right now; try again in a few minutes"
    assert not (tmp_path / "absent.db").exists()


def test_no_cookies_set(client):
    resp = client.get("/v1/therapists", params={"near": "10001"})
    assert "set-cookie" not in resp.headers


def test_docs_page_loads_nothing_from_other_hosts(client):
    import re

    resp = client.get("/docs")
    assert "default-src 'self'" in resp.headers["content-security-policy"]
    assert '"validatorUrl": null' in resp.text
    page = resp.text
    assert "cdn.jsdelivr.net" not in page and "fastapi.tiangolo.com" not in page
    assets = re.findall(r"""(?:src|href)=['"]([^'"]+)['"]""", page)
    assert assets and all(a.startswith("/") for a in assets), assets
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


def test_start_up_loads_the_tables_and_exempts_them_from_collection(tmp_path):
    """Full cycle collections walking the vocabularies and the gazetteer
    were the search p99; after start-up they sit in the frozen generation."""
    import gc

    from therapist_finder.geo.gazetteer import ZipGazetteer

    settings = Settings(store=f"sqlite:///{tmp_path / 'absent.db'}")
    try:
        with TestClient(create_app(settings)):
            assert ZipGazetteer._tables is not None
            assert gc.get_freeze_count() > 100_000
    finally:
        gc.unfreeze()


def test_the_api_docs_page_names_its_language(client):
    resp = client.get("/docs")
    assert resp.status_code == 200 and '<html lang="en">' in resp.text
    assert "default-src 'self'" in resp.headers["content-security-policy"]


def test_vocabularies_list_the_states_and_speak_spanish(client):
    english = client.get("/v1/vocabularies").json()
    assert {"slug": "NY", "label": "New York"}.items() <= next(
        t for t in english["state"] if t["slug"] == "NY").items()
    spanish = client.get("/v1/vocabularies", params={"lang": "es"}).json()
    assert next(t for t in spanish["state"] if t["slug"] == "NY")["label"] == "Nueva York"
    assert next(t for t in spanish["format"] if t["slug"] == "couples")["label"] != \
        next(t for t in english["format"] if t["slug"] == "couples")["label"]
    # Synonyms and slugs are the same in both: they are what the filters accept.
    assert [t["slug"] for t in spanish["specialty"]] == [t["slug"] for t in english["specialty"]]
    assert client.get("/v1/vocabularies", params={"lang": "fr"}).status_code == 422


@pytest.mark.parametrize("path", ["/v1/vocabularies?lnag=es", "/v1/therapists/test:ipt?x=1"])
def test_unknown_parameters_are_refused_everywhere(client, path):
    resp = client.get(path)
    assert resp.status_code == 422
    assert resp.json()["detail"][0]["param"] in ("lnag", "x")


def test_the_search_takes_a_state_by_name(client):
    by_code = client.get("/v1/therapists", params={"state": "NY", "telehealth": "true"}).json()
    by_name = client.get("/v1/therapists", params={"state": "New York", "telehealth": "true"}).json()
    assert by_code["total"] == by_name["total"]


def test_a_repeated_language_is_refused_not_read_as_the_last(client):
    resp = client.get("/v1/vocabularies?lang=es&lang=en")
    assert resp.status_code == 422
    assert resp.json()["detail"][0]["param"] == "lang"
    assert "give one value, not 2" in resp.json()["detail"][0]["msg"]
