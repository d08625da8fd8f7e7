"""Web pages over a real SQLite store of fictional listings.

`client`: FastAPI's TestClient. `live_server`: the same app under a real
uvicorn on 127.0.0.1 (a free port, access log off). `browser`: Debian's
Chromium driven by Playwright, one per session; each test gets a fresh
context (`page`, or `nojs_page` with JavaScript off) whose requests to any
other host are aborted and recorded with their headers (no map tiles,
nothing leaves the machine).
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from search_api.app import create_app
from tests.utils.factories import claim, make_listing, north_of
from tests.utils.stores import sqlite_store
from therapist_finder.settings import Settings

MANHATTAN = (40.7484, -73.9967)  # ZIP 10001's centroid in the gazetteer
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "web"
XSS_NAME = "<script>alert(1)</script> Fenwick"
XSS_DESCRIPTION = '<img src=x onerror=alert(1)> "quoted" & <b>bold</b>'


def _recent(days: int = 10) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


def _located(lat_lon, city="New York", state="NY", postal_code="10001", address=None):
    return [{"address": address, "city": city, "state": state, "postal_code": postal_code,
             "lat": lat_lon[0], "lon": lat_lon[1]}]


def web_listings():
    """Six fictional listings near ZIP 10001 (names and .example sites are made up)."""
    seen = _recent()
    common = {"last_seen_at": seen, "sources": [{"source": "fixture", "url": None, "fetched_at": seen}]}
    att = {"basis": "provider_reported", "source": "fixture", "observed_at": "2026-10-01"}
    return [
        make_listing("ipt", None, name="Orla Quillfeather", credentials=["LCSW"], gender="female",
                     license_types=["clinical-social-worker"], license_states=["NY"],
                     languages=["en", "es"], approaches=["ipt"],
                     specialties=["perinatal-depression", "grief"], formats=["individual"],
                     age_groups=["adults"],
                     insurance=[claim("aetna", "payer_directory"), claim("medicaid")],
                     fees={"session_min": 150, "session_max": 150, "sliding_scale": True,
                           "sliding_scale_min": 40, "sliding_scale_max": 90, "free_consultation": True},
                     attributions={"fees": att, "accepting_new_clients": att},
                     accepting_new_clients=True, telehealth=True, in_person=True,
                     locations=_located(north_of(*MANHATTAN, 0.5),
                                        address="12 Example Street, Suite 3"),
                     phone="(212) 555-0142", website="https://orlaquillfeather.example",
                     description="Orla Quillfeather helps adults after a birth or a loss.\n\n"
                                 "A fictional listing for tests.", **common),
        make_listing("cbt", None, name="Bram Ambervale", credentials=["PhD"], gender="male",
                     license_types=["psychologist"], license_states=["NY"], approaches=["cbt"],
                     specialties=["anxiety"], insurance=[claim("cigna")],
                     fees={"session_min": 120}, accepting_new_clients=True, in_person=True,
                     locations=_located(north_of(*MANHATTAN, 2)), **common),
        make_listing("xss", None, name=XSS_NAME, description=XSS_DESCRIPTION,
                     website="javascript:alert(1)", license_states=["NY"], specialties=["anxiety"],
                     insurance=[claim("aetna")], locations=_located(north_of(*MANHATTAN, 3)),
                     **common),
        make_listing("org", None, kind="organization", name="Wren Thistledown Counseling Collective",
                     license_states=["NY"], formats=["group", "individual"], specialties=["anxiety"],
                     approaches=["cbt"], insurance=[claim("aetna", "provider_reported")],
                     fees={"sliding_scale": True}, accepting_new_clients=False, in_person=True,
                     locations=_located(north_of(*MANHATTAN, 4)), **common),
        make_listing("tele", None, name="Juniper Moss", license_states=["NY"], telehealth=True,
                     in_person=False, specialties=["depression"], approaches=["ipt"],
                     insurance=[claim("medicaid")], fees={"session_min": 90, "session_max": 110},
                     **common),
        make_listing("far", None, name="Cassius Brindlewood", license_states=["NY"],
                     specialties=["anxiety"], insurance=[claim("aetna", "payer_directory")],
                     locations=_located(north_of(*MANHATTAN, 40), city="Testburg",
                                        postal_code=None), **common),
    ]


@pytest.fixture(scope="session")
def web_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("web") / "web.db"
    yield from sqlite_store(path, web_listings())


@pytest.fixture(scope="session")
def web_settings(tmp_path_factory):
    return Settings(store="sqlite:///unused.db")


@pytest.fixture()
def client(web_store, web_settings):
    with TestClient(create_app(web_settings, store=web_store)) as client:
        yield client


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(web_store, web_settings):
    """The app under a real uvicorn in a thread; yields its base URL."""
    yield from serve(create_app(web_settings, store=web_store))


def serve(app):
    """For `yield from` in a fixture: `app` under a real uvicorn in a thread; yields its base URL."""
    import uvicorn

    config = uvicorn.Config(app, host="127.0.0.1",
                            port=_free_port(), access_log=False, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    base = f"http://127.0.0.1:{config.port}"
    # Warm the place resolver (the gazetteer loads on first use, seconds on 2 cores).
    urllib.request.urlopen(f"{base}/v1/therapists?near=10001&limit=1", timeout=60).read()
    yield base
    server.should_exit = True
    thread.join(timeout=10)


class PageLog:
    """What a page did that a test may want to assert on."""

    def __init__(self) -> None:
        self.blocked: list[str] = []
        self.blocked_headers: list[dict[str, str]] = []  # what each blocked request would have sent
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []


def fresh_page(browser, live_server, **options):
    """A page in a fresh browser context (`options` go to the context), closed after use:
    only 127.0.0.1 is reachable; tiles and anything else are aborted and logged."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server,
                                  **options)
    log = PageLog()

    def route(route):
        url = route.request.url
        if url.startswith(live_server + "/") or url == live_server:
            route.continue_()
        else:
            log.blocked.append(url)
            log.blocked_headers.append(route.request.all_headers())
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda msg: log.console_errors.append(msg.text) if msg.type == "error" else None)

    def on_dialog(dialog):
        log.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.log = log
    yield page
    context.close()


@pytest.fixture()
def page(browser, live_server):
    """A page in a fresh context (see `fresh_page`)."""
    yield from fresh_page(browser, live_server)


@pytest.fixture()
def nojs_page(browser, live_server):
    """The same, with JavaScript turned off: every page must work without it."""
    yield from fresh_page(browser, live_server, java_script_enabled=False)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
