"""The directory parser from saved pages of two fictional sites: one test per fixture case."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from crawler.cleaning import apply_raw
from crawler.parsers.directory import parse_directory_page
from crawler.parsers.directory_config import SiteConfig, load_site, site_names
from crawler.parsing import get_parser, safe_parse
from tests.crawler.plannet.cases import case_dirs, check_expected, load_meta, saved_response
from therapist_finder.normalize import normalize_listing
from therapist_finder.schema import Listing
from therapist_finder.vocab import load_vocabularies

FIXTURES = Path(__file__).parent / "fixtures"
CASES = case_dirs(FIXTURES)


def _run(case: Path):
    return safe_parse(parse_directory_page, saved_response(case), site=load_meta(case)["site"])


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path) -> None:
    check_expected(case, _run(case))


def _normalized(case: str) -> Listing:
    vocabs = load_vocabularies()
    (data,) = _run(FIXTURES / case).listings
    Listing.model_validate({k: v for k, v in data.items() if k != "raw"})
    cleaned, notes = apply_raw(data, vocabs)
    assert notes == []
    return normalize_listing(Listing.model_validate(cleaned), vocabs)


def test_selector_profile_maps_onto_the_vocabularies() -> None:
    elena = _normalized("calmharbor_profile_full")
    assert elena.license_types == ["clinical-social-worker"]
    assert {"anxiety", "depression", "perinatal-depression"} <= set(elena.specialties)
    assert {"cbt", "ipt"} <= set(elena.approaches)
    assert elena.formats == ["individual", "couples"]
    assert elena.languages == ["en", "it"]
    assert [c.payer for c in elena.insurance] == ["aetna", "blue-cross-blue-shield", "medicare"]
    assert {c.basis for c in elena.insurance} == {"provider_reported"}
    assert (elena.fees.session_min, elena.fees.sliding_scale_min, elena.fees.sliding_scale_max) \
        == (160, 70, 120)
    assert elena.fees.free_consultation is True
    assert elena.telehealth is True and elena.in_person is True and elena.accepting_new_clients
    assert elena.phone == "(503) 555-0190"
    assert elena.website == "https://www.elena-marchetti-therapy.example/"
    assert elena.locations[0].state == "OR" and elena.locations[0].postal_code == "97205"
    assert "<em>" not in (elena.description or "") and "&amp;" not in (elena.description or "")


def test_untrusted_markup_stays_text() -> None:
    jonah = _normalized("calmharbor_profile_not_accepting")
    assert jonah.accepting_new_clients is False
    assert all("<script" not in a for a in jonah.unmapped.get("approaches", []))


def test_json_ld_only_profile() -> None:
    rosa = _normalized("northfield_jsonld_graph")
    assert rosa.kind == "individual" and rosa.name == "Rosa Delgado"
    assert rosa.languages == ["es", "en"]
    assert [c.payer for c in rosa.insurance] == ["bcbs-minnesota", "healthpartners", "medica"]
    assert rosa.fees.session_min == 130 and rosa.fees.sliding_scale is True
    assert rosa.locations[0].lat == pytest.approx(44.9614)
    assert rosa.description == ("Rosa works with anxiety & perinatal mood concerns, "
                                "in Spanish or English.")


def test_json_ld_fills_only_what_selectors_missed() -> None:
    amara = _normalized("calmharbor_profile_jsonld_fills_gaps")
    assert amara.locations[0].city == "Salem" and amara.locations[0].state == "OR"
    assert "Relationship issues" in amara.unmapped.get("specialties", []) or amara.specialties


@pytest.mark.parametrize("change, message", [
    ({"listing_links": None}, "start_paths need listing_links"),
    ({"start_paths": [], "sitemap_paths": []}, "give start_paths or sitemap_paths"),
    ({"profile_url_pattern": "(["}, "not a regular expression"),
    ({"fields": {"name": {"css": "h1", "xpath": "//h1"}}}, "exactly one of css or xpath"),
    ({"fields": {"nmae": {"css": "h1"}}}, "nmae"),
])
def test_bad_site_configs_are_refused(change: dict, message: str) -> None:
    data = {**load_site("calmharbor").model_dump(exclude_none=True), **change}
    with pytest.raises(ValidationError, match=message):
        SiteConfig.model_validate(data)


def test_allowed_domains_are_compared_as_hosts_are_lowercase() -> None:
    data = {**load_site("calmharbor").model_dump(exclude_none=True),
            "allowed_domains": [" WWW.CalmHarbor.example "]}
    assert SiteConfig.model_validate(data).allowed_domains == ["www.calmharbor.example"]


def test_every_bundled_site_config_loads() -> None:
    assert site_names() == ["calmharbor", "northfield"]
    for name in site_names():
        assert load_site(name).name == name


def test_registered_under_its_source_name() -> None:
    assert get_parser("directory") is parse_directory_page


def test_a_profile_url_with_characters_ids_may_not_hold_gives_a_valid_id() -> None:
    """The id's key is the URL's last segment as a slug: an escaped '/', a
    ',' or a space in it must not reach the id."""
    from crawler.parsing import SavedResponse

    case = FIXTURES / "calmharbor_profile_full"
    page = saved_response(case)
    site = load_site("calmharbor").model_copy(update={"profile_url_pattern": "/therapists/"})
    url = "https://www.calmharbor.example/therapists/Elena%2FMarchetti,%20LCSW?x=1#top"
    moved = SavedResponse(url=url, body=page.body, fetched_at=page.fetched_at)
    (data,) = parse_directory_page(moved, site=site).listings
    assert data["id"] == "directory:calmharbor:elena-2fmarchetti-20lcsw"
    Listing.model_validate({k: v for k, v in data.items() if k != "raw"})


def _page(url: str, body: str | bytes):
    from datetime import UTC, datetime

    from crawler.parsing import SavedResponse

    body = body if isinstance(body, bytes) else body.encode()
    return SavedResponse(url=url, body=body, fetched_at=datetime(2026, 11, 22, tzinfo=UTC))


def _edited(case: str, old: str, new: str):
    page = saved_response(FIXTURES / case)
    assert old.encode() in page.body
    return _page(page.url, page.body.replace(old.encode(), new.encode()))


def test_a_json_body_at_a_profile_url_is_read_as_html() -> None:
    """parsel guessed the type from the text and made a JSON selector, on which
    CSS raised ValueError (parser_error): a JSON error body is no profile."""
    page = _page("https://www.calmharbor.example/therapists/elena-marchetti/", '{"error": "busy"}')
    assert safe_parse(parse_directory_page, page, site="calmharbor").dropped == [
        ("missing_name", page.url)]


@pytest.mark.parametrize("href", ["http://[::1/therapists/x/", "https://a:99999/therapists/x/",
                                  "javascript:alert(1)"])
def test_index_links_that_cannot_be_requested_are_dropped(href: str) -> None:
    """urljoin raised on an unclosed IPv6 host (the whole index page lost), and the
    spider's response.follow raises on a bad port or a javascript: link."""
    page = _edited("calmharbor_index_page1", "https://www.calmharbor.example/therapists/jonah-whitfield/",
                   href)
    result = safe_parse(parse_directory_page, page, site="calmharbor")
    assert result.follow == ["https://www.calmharbor.example/therapists/elena-marchetti/",
                             "https://www.calmharbor.example/therapists/page/2/"]
    assert [reason for reason, _ in result.dropped] == ["bad_link"]


def test_a_sitemap_loc_lxml_cannot_decode_costs_that_loc_only() -> None:
    """lxml keeps '&#xD800;' (a surrogate) as bytes that fail to decode when the
    text is read: a UnicodeDecodeError lost the whole sitemap."""
    page = _edited("northfield_sitemap", "https://northfield-therapy.example/about/", "&#xD800;")
    result = safe_parse(parse_directory_page, page, site="northfield")
    assert "https://northfield-therapy.example/clinicians/rosa-delgado/" in result.follow
    assert [reason for reason, _ in result.dropped] == ["bad_link"]


@pytest.mark.parametrize("geo, point", [
    ('{"latitude": 1' + "0" * 400 + ', "longitude": 2}', None),  # float() raised OverflowError
    ('{"latitude": true, "longitude": true}', None),  # float(True) is 1.0
    ('{"latitude": "44.97", "longitude": "-93.26"}', (44.97, -93.26)),
])
def test_json_ld_coordinates_must_be_numbers_in_range(geo: str, point: tuple | None) -> None:
    page = _edited("northfield_jsonld_person", '"telephone": "612-555-0142",',
                   f'"telephone": "612-555-0142", "geo": {geo},')
    (data,) = safe_parse(parse_directory_page, page, site="northfield").listings
    (loc,) = data["raw"]["locations"]
    assert ((loc["lat"], loc["lon"]) if "lat" in loc else None) == point


@pytest.mark.parametrize("name", ["NaN", "Infinity", '{"@value": -Infinity}'])
def test_json_ld_non_finite_numbers_are_no_names(name: str) -> None:
    """json.loads reads NaN and Infinity; str() made listings called 'nan' and 'inf'."""
    page = _edited("northfield_jsonld_person", '"name": "Samuel Kim"', f'"name": {name}')
    assert safe_parse(parse_directory_page, page, site="northfield").dropped == [
        ("missing_name", page.url)]


def test_a_json_ld_url_that_cannot_be_parsed_is_no_website() -> None:
    page = _edited("northfield_jsonld_person", '"telephone": "612-555-0142",',
                   '"telephone": "612-555-0142", "url": "http://[::1/samuel",')
    (data,) = safe_parse(parse_directory_page, page, site="northfield").listings
    assert "website" not in data
