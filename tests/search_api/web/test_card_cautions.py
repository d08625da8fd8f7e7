"""A result card and a shortlist row say when sources disagree, and when no source has seen
a listing lately: before, only the profile's box and the printables said so, and a card showed
"Accepting new clients, self-reported" with no sign that the insurer's directory says no."""

from __future__ import annotations

import pytest

from tests.utils.factories import ORIGIN, make_listing
from tests.utils.stores import app_over

SEEN = "2026-11-20"
DISPUTED = make_listing(
    "disputed", name="Rowan Disputa", last_seen_at=SEEN, accepting_new_clients=True,
    attributions={"accepting_new_clients": {"basis": "provider_reported", "source": "directory:calm",
                                            "observed_at": SEEN}},
    conflicts=[{"field": "accepting_new_clients", "claims": [
        {"value": False, "source": "plannet", "basis": "payer_directory", "observed_at": "2026-11-01"},
        {"value": True, "source": "directory:calm", "basis": "provider_reported", "observed_at": SEEN}]}])
STALE = make_listing("stale", name="Sam Stalebare", last_seen_at="2024-02-01",
                     sources=[{"source": "directory:calm", "fetched_at": "2024-02-01"}])
PLAIN = make_listing("plain", name="Pat Plain", last_seen_at=SEEN)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    yield from app_over(tmp_path_factory.mktemp("cautions") / "c.db", [DISPUTED, STALE, PLAIN])


def _card(html: str, name: str) -> str:
    start = html.index(name)
    return html[start:html.index("</article>", start)]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_cards_and_shortlist_rows_flag_disputes_and_staleness(client, lang):
    search = client.get("/", params={"near": f"{ORIGIN[0]},{ORIGIN[1]}", "include_stale": "true",
                                     "lang": lang}).text
    shortlist = client.get("/shortlist", params={"ids": ["test:disputed", "test:stale", "test:plain"],
                                                 "lang": lang}).text
    disagree = "Sources disagree:" if lang == "en" else "Las fuentes no coinciden:"
    unseen = "No source has seen this listing since February 1, 2024" if lang == "en" else \
        "Ninguna fuente ha visto este perfil desde el 1 de febrero de 2024"
    for page in (search, shortlist):
        disputed = _card(page, "Rowan Disputa")
        assert disagree in disputed and "#h-disputes" in disputed
        assert unseen in _card(page, "Sam Stalebare")
        plain = _card(page, "Pat Plain")
        assert disagree not in plain and "caution" not in plain



def _said(value, source, observed_at=SEEN):
    return {"value": value, "source": source, "basis": "provider_reported", "observed_at": observed_at}


IDENTITY = make_listing(
    "identity", name="Nico Twonumbers", last_seen_at=SEEN, npi="1666666660",
    conflicts=[{"field": "npi", "claims": [_said("1777777770", "directory:calm"),
                                           _said("1666666660", "nppes", "2026-11-25")]},
               {"field": "gender", "claims": [_said("male", "nppes", "2026-11-25"),
                                              _said("female", "directory:calm")]}])


@pytest.fixture(scope="module")
def identity_client(tmp_path_factory):
    yield from app_over(tmp_path_factory.mktemp("identity") / "i.db", [IDENTITY])


def test_an_npi_the_sources_disagree_about_is_flagged_but_gender_never_is(identity_client):
    search = identity_client.get("/", params={"near": f"{ORIGIN[0]},{ORIGIN[1]}"}).text
    card = _card(search, "Nico Twonumbers")
    assert "Sources disagree:</strong> NPI." in card and "#h-creds" in card
    profile = identity_client.get("/therapists/test:identity", headers={"accept": "text/html"}).text
    creds = profile[profile.index('id="h-creds"'):]
    creds = creds[:creds.index("</section>")]
    assert "Sources disagree: 1777777770" in creds and "1666666660 (NPI Registry (NPPES)" in creds
    # A registry's gender may predate a transition: no page makes a dispute of it.
    assert "female" not in profile and "Gender" not in card
