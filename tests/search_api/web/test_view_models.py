"""Display data: fee text, distances, badges, links and facet groups."""

from __future__ import annotations

from datetime import date

import pytest

from search_api.web.facets import TOP_OPTIONS, active_filters, facet_groups
from search_api.web.formatting import distance_text, fee_text, safe_url, tel_href
from search_api.web.listing_view import listing_view
from search_api.web.rendering import tile_origin, tile_url
from tests.utils.factories import claim, make_listing
from therapist_finder.schema import Fees
from therapist_finder.settings import Settings
from therapist_finder.vocab import load_vocabularies

TODAY = date(2026, 11, 26)


@pytest.fixture(scope="module")
def vocabs():
    return load_vocabularies()


@pytest.mark.parametrize(
    ("fees", "text"),
    [
        ({}, "Fees not listed"),
        ({"session_min": 150, "session_max": 150}, "$150 a session"),
        ({"session_min": 150}, "From $150 a session"),  # one end of a range: no exact price
        ({"session_max": 200}, "Up to $200 a session"),
        ({"session_min": 175, "session_max": 200}, "$175–$200 a session"),
        ({"sliding_scale_min": 40, "sliding_scale_max": 90}, "Sliding scale $40–$90"),
        ({"sliding_scale": True}, "Sliding scale available"),
        ({"sliding_scale": True, "sliding_scale_min": 35}, "Sliding scale from $35"),
        ({"session_min": 120.5, "session_max": 120.5, "sliding_scale": False, "free_consultation": True},
         "$120.50 a session; no sliding scale; free consultation"),
        ({"session_min": 80, "session_max": 80, "currency": "CAD"}, "80 CAD a session"),
    ],
)
def test_fee_text(fees, text):
    assert fee_text(Fees(**fees)) == text


@pytest.mark.parametrize(("miles", "text"), [(None, ""), (0.04, "less than 0.1 mi"),
                                              (0.5, "0.5 mi"), (9.96, "10.0 mi"), (42.4, "42 mi")])
def test_distance_text(miles, text):
    assert distance_text(miles) == text


@pytest.mark.parametrize(
    ("url", "safe"),
    [("https://a.example/x", "https://a.example/x"), ("http://b.example", "http://b.example"),
     ("javascript:alert(1)", None), ("JaVaScRiPt:alert(1)", None), ("data:text/html,x", None),
     ("//evil.example", None), ("a.example", None), ("", None), (None, None)],
)
def test_only_http_links(url, safe):
    assert safe_url(url) == safe


def test_tel_links():
    assert tel_href("(212) 555-0142") == "tel:2125550142"
    assert tel_href("call us") is None


def test_listing_view_badges_say_who_and_when(vocabs):
    listing = make_listing(
        "v", name="Orla Quillfeather", insurance=[claim("aetna", "payer_directory"), claim("cigna")],
        fees={"sliding_scale_min": 40, "sliding_scale_max": 90}, accepting_new_clients=True,
        attributions={"fees": {"basis": "provider_reported", "source": "x", "observed_at": "2026-10-01"},
                      "accepting_new_clients": {"basis": "provider_reported", "source": "x",
                                                "observed_at": "2025-01-01"}},
        specialties=["anxiety"], languages=["es"], last_seen_at="2026-11-01")
    view = listing_view(listing, vocabs, distance_mi=1.234, point=(40.0, -100.0), today=TODAY)
    aetna, cigna = view.insurance
    assert aetna.full == "Aetna: in network per the insurer's directory, checked on October 1, 2026"
    assert aetna.kind == "directory"
    assert cigna.full == "Cigna: takes this insurance, self-reported on October 1, 2026"
    assert f"{view.fee_text}, {view.fee_basis}" == "Sliding scale $40–$90, self-reported on October 1, 2026"
    assert view.accepting.full == "Accepting new clients, self-reported on January 1, 2025"
    assert view.accepting.stale  # older than six months: flagged
    assert not aetna.stale
    assert view.distance == "1.2 mi"
    assert view.specialties == ["Anxiety"] and view.languages == ["Spanish"]
    assert view.last_seen == "November 1, 2026"
    assert view.markers and view.markers[0].lat == 40.0


def test_listing_view_without_attributions_falls_back_to_the_listing(vocabs):
    listing = make_listing("w", fees={"session_min": 100}, accepting_new_clients=False,
                           last_seen_at="2026-11-01", website="javascript:alert(1)", locations=[])
    view = listing_view(listing, vocabs, today=TODAY)
    assert view.fee_basis == "from the listing, last seen November 1, 2026"
    assert view.accepting.full == "Not accepting new clients, from the listing, last seen November 1, 2026"
    assert view.website is None
    assert view.place is None and view.markers == []
    unknown = listing_view(make_listing("u"), vocabs, today=TODAY)
    assert unknown.accepting.text == "New-client status not stated"
    assert unknown.fee_text == "Fees not listed" and unknown.fee_basis == ""


def test_facet_groups_put_selected_first_and_hide_zero_counts(vocabs):
    facets = {"insurance": {"aetna": 3, "cigna": 5, "medicaid": 1}, "specialty": {}}
    groups = {g.name: g for g in facet_groups(facets, {"insurance": ["medicaid", "humana"]}, vocabs)}
    options = groups["insurance"].top
    assert [o.value for o in options] == ["medicaid", "humana", "cigna", "aetna"]
    assert [o.checked for o in options] == [True, True, False, False]
    assert options[1].count == 0  # selected stays visible even with no matches
    assert options[0].label == "Medicaid" and options[0].input_id == "f-insurance-medicaid"
    assert groups["specialty"].empty


def test_long_facets_fold_the_rest(vocabs):
    counts = {slug: 1 for slug in vocabs["specialty"].slugs()[:10]}
    group = next(g for g in facet_groups({"specialty": counts}, {}, vocabs) if g.name == "specialty")
    assert len(group.top) == TOP_OPTIONS and len(group.more) == 10 - TOP_OPTIONS


def test_active_filters_link_to_the_search_without_them(vocabs):
    items = [("near", "10001"), ("insurance", "Aetna"), ("insurance", "cigna"),
             ("telehealth", "true"), ("cursor", "abc")]
    chips = active_filters(items, {"insurance": ["aetna", "cigna"]},
                              {("insurance", "aetna"): "Aetna", ("insurance", "cigna"): "cigna"}, vocabs)
    assert [c.text for c in chips] == ["Insurance: Aetna", "Insurance: Cigna",
                                       "Telehealth (video or phone): yes"]
    assert chips[0].remove_href == "/?near=10001&insurance=cigna&telehealth=true"


def test_tile_settings():
    assert tile_url(Settings()) == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert tile_url(Settings(tile_url="off")) == ""
    assert tile_url(Settings(tile_url="javascript:alert(1)")) == ""
    assert tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == "https://*.tile.example.org"


@pytest.mark.parametrize("phone, shown", [("212.555.0147", "(212) 555-0147"),
                                          ("+1 212 555 0104 x3", "(212) 555-0104 ext. 3"),
                                          ("+44 20 7946 0958", "+44 20 7946 0958"),  # as written
                                          ("ask at the desk", "ask at the desk")])
def test_the_profile_writes_phone_numbers_as_the_printables_do(vocabs, phone, shown):
    view = listing_view(make_listing("p", phone=phone), vocabs, today=TODAY)
    assert view.phone == shown


def test_the_profile_says_where_sources_disagree(vocabs):
    """A merged listing keeps every source's value in `conflicts`; the profile showed
    only the winner ("accepting new clients"), as settled."""
    from tests.search_api.printables.test_conflicts import merged_listing

    merged = merged_listing()
    view = listing_view(merged, vocabs, today=TODAY)
    accepting = next(d.text for d in view.disputes if d.text.startswith("Accepting new clients"))
    # The other source named as people read it, not by its id ("directory:mind").
    assert "another source says: No" in accepting and "mindfulpaths.example directory site" in accepting
    assert any(d.text.startswith("Aetna") for d in view.disputes)
    assert listing_view(merged.model_copy(update={"conflicts": []}), vocabs, today=TODAY).disputes == []


def test_an_insurance_badge_names_the_insurer_directory_it_came_from(vocabs):
    listing = make_listing(
        "p", insurance=[{"payer": "aetna", "basis": "payer_directory", "source": "plannet",
                         "observed_at": "2026-10-01"}],
        sources=[{"source": "plannet", "url": "https://fhir.birchwood-health.example/Practitioner/7",
                  "fetched_at": "2026-10-01"}])
    [aetna] = listing_view(listing, vocabs, today=TODAY).insurance
    assert "insurer directory at fhir.birchwood-health.example" in aetna.full
    assert "plannet" not in aetna.full
