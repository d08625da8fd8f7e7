"""With the engine stopped, /readyz and searches answer 503 with a clear
message; when it comes back on the same port, the API recovers without a restart."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from osmem_server import OsmemServer

from search_api.app import create_app
from tests.store.search_engine.engines import store_url
from tests.store.search_engine.es_shim import EsShim
from tests.utils.factories import make_listing, north_of
from therapist_finder.settings import Settings
from therapist_finder.store import open_store

MANHATTAN = (40.7484, -73.9967)
SEARCH = {"lat": MANHATTAN[0], "lon": MANHATTAN[1]}


def listings():
    return [
        make_listing(f"r{i}", north_of(*MANHATTAN, i + 0.5), license_states=["NY"])
        for i in range(3)
    ]


@pytest.mark.parametrize("flavor", ["opensearch", "elasticsearch"])
def test_engine_down_is_503_and_recovers(flavor):
    engine = OsmemServer.start(japanese=False)
    addr = engine.url.removeprefix("http://")
    shim = EsShim(engine.url) if flavor == "elasticsearch" else None
    url = store_url(flavor, shim.url if shim else engine.url)
    store = open_store(url)
    store.rebuild(listings())
    try:
        with TestClient(create_app(Settings(store=url), store=store)) as api:
            assert api.get("/readyz").status_code == 200
            assert api.get("/v1/therapists", params=SEARCH).json()["total"] == 3

            engine.close()
            ready = api.get("/readyz")
            assert ready.status_code == 503 and "cannot reach" in ready.json()["detail"]
            resp = api.get("/v1/therapists", params=SEARCH)
            assert resp.status_code == 503
            detail = resp.json()["detail"]
            assert "unavailable" in detail and "cannot reach" not in detail
            assert api.get("/v1/therapists/test:r0").status_code == 503
            assert api.get("/healthz").status_code == 200

            engine = OsmemServer.start(japanese=False, addr=addr)  # same port, empty memory
            ready = api.get("/readyz")  # reachable again, but nothing behind the alias
            assert ready.status_code == 503 and "no index" in ready.json()["detail"]
            assert api.get("/v1/therapists", params=SEARCH).status_code == 503
            store.rebuild(listings())  # e.g. the crawler job reloading the new cluster
            assert api.get("/readyz").status_code == 200  # templates and alias set up again
            resp = api.get("/v1/therapists", params=SEARCH)
            assert resp.status_code == 200 and resp.json()["total"] == 3
    finally:
        store.close()
        if shim:
            shim.close()
        engine.close()
