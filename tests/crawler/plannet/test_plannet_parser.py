"""The Plan-Net parser from saved FHIR Bundles: one test per fixture case."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.cleaning import apply_raw
from crawler.parsers.plannet import PlanNetContext, parse_plannet_bundle
from crawler.parsing import get_parser, safe_parse
from tests.crawler.plannet.cases import (
    case_dirs,
    check_expected,
    load_meta,
    luhn_valid_npi,
    saved_response,
)
from therapist_finder.normalize import normalize_listing
from therapist_finder.schema import Listing
from therapist_finder.vocab import load_vocabularies

FIXTURES = Path(__file__).parent / "fixtures"
CASES = case_dirs(FIXTURES)


def _run(case: Path):
    context = PlanNetContext()
    for earlier in load_meta(case).get("context", []):
        parse_plannet_bundle(saved_response(FIXTURES / earlier), context=context)
    return safe_parse(parse_plannet_bundle, saved_response(case), context=context)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path) -> None:
    check_expected(case, _run(case))


def test_listings_pass_validation_and_normalization() -> None:
    vocabs = load_vocabularies()
    for case in CASES:
        for data in _run(case).listings:
            raw = dict(data)
            listing = Listing.model_validate({k: v for k, v in raw.items() if k != "raw"})
            cleaned, notes = apply_raw(raw, vocabs)
            assert notes == []
            normalized = normalize_listing(Listing.model_validate(cleaned), vocabs)
            assert normalized.npi == listing.npi


def test_payer_and_plans_reach_the_listing() -> None:
    result = _run(FIXTURES / "roles_page1")
    by_name = {x["name"]: x for x in result.listings}
    claims = by_name["Desmond R. Achterberg"]["insurance"]
    assert claims == [
        {"payer": "Juniper Mutual Health Plan", "plans": ["Juniper Silver PPO 2026",
                                                          "Juniper Gold PPO 2026"],
         "basis": "payer_directory", "observed_at": "2026-11-20"},
        # a Medicaid product (InsurancePlan.type medihmo) is claimed with its programme
        {"payer": "Juniper Mutual Health Plan (Medicaid)", "plans": ["Juniper Community Care"],
         "basis": "payer_directory", "observed_at": "2026-11-20"}]
    assert by_name["Desmond R. Achterberg"]["accepting_new_clients"] is True  # newpt in one network
    assert by_name["Priya Raghunathan"]["accepting_new_clients"] is False  # existptonly
    assert by_name["Priya Raghunathan"]["telehealth"] is True


def test_fixture_npis_are_fictional() -> None:
    """Every NPI in the fixtures fails the CMS check digit, so none can be a real provider."""
    npis = {x["npi"] for case in CASES for x in _run(case).listings if x.get("npi")}
    assert npis and not any(luhn_valid_npi(n) for n in npis)


def test_registered_under_its_source_name() -> None:
    assert get_parser("plannet") is parse_plannet_bundle


def test_ids_from_stray_fhir_ids_and_a_free_text_host_are_valid() -> None:
    """FHIR ids should be [A-Za-z0-9.-], but a server may send a ',' or a
    space, and directory_host is free text: both end up in the listing id."""
    from crawler.parsing import SavedResponse

    case = FIXTURES / "roles_page1"
    page = saved_response(case)
    body = page.body.decode().replace('"prac-1001"', '"prac,1001 x"')
    body = body.replace("Practitioner/prac-1001", "Practitioner/prac,1001 x")
    odd = SavedResponse(url=page.url, body=body.encode(), fetched_at=page.fetched_at)
    result = parse_plannet_bundle(odd, context=PlanNetContext(), directory_host="juniper/ppo?x")
    ids = [x["id"] for x in result.listings]
    assert "plannet:juniper-ppo-x:prac-1001-x" in ids
    for data in result.listings:
        Listing.model_validate({k: v for k, v in data.items() if k != "raw"})


def _edited(*replacements: tuple[str, str]):
    from crawler.parsing import SavedResponse

    page = saved_response(FIXTURES / "roles_page1")
    body = page.body.decode()
    for old, new in replacements:
        assert old in body
        body = body.replace(old, new)
    return SavedResponse(url=page.url, body=body.encode(), fetched_at=page.fetched_at)


def test_an_unparsable_full_url_falls_back_to_the_page_host() -> None:
    """urlsplit raises ValueError on 'http://[::1' (an unclosed IPv6 host): the
    whole page was lost as parser_error."""
    page = _edited(('"https://fhir.juniper-health.example/r4/Practitioner/prac-1001"',
                    '"http://[::1/r4/Practitioner/prac-1001"'))
    result = safe_parse(parse_plannet_bundle, page, context=PlanNetContext())
    assert "plannet:fhir.juniper-health.example:prac-1001" in [x["id"] for x in result.listings]


@pytest.mark.parametrize("url", ["http://[::1/r4/PractitionerRole?page=2", "https://x:99999/r4",
                                 "javascript:alert(1)"])
def test_a_next_link_that_cannot_be_requested_is_dropped_not_followed(url: str) -> None:
    """The spider requests `follow` links with response.follow, which raises on
    these: the link is dropped (counted as bad_link) and the listings kept."""
    page = _edited(('"https://fhir.juniper-health.example/r4/PractitionerRole?_getpages=7f3c2a90-example'
                    '&_getpagesoffset=4&_count=4&_bundletype=searchset"', f'"{url}"'))
    result = safe_parse(parse_plannet_bundle, page, context=PlanNetContext())
    assert result.follow == [] and [r for r, _ in result.dropped] == ["bad_link"]
    assert len(result.listings) == 3


def test_boolean_coordinates_are_no_position() -> None:
    """float(True) is 1.0: a 'latitude': true must not place an office at (1, 1)."""
    page = _edited(('"longitude": -122.6513,\n          "latitude": 45.5163',
                    '"longitude": true,\n          "latitude": true'))
    result = parse_plannet_bundle(page, context=PlanNetContext())
    points = [(loc.get("lat"), loc.get("lon")) for x in result.listings for loc in x["raw"]["locations"]]
    assert (1.0, 1.0) not in points and (45.5163, -122.6513) not in points
