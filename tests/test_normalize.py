"""normalize_listing: slugs, kept unmapped values, offline coordinates."""

from __future__ import annotations

import pytest

from therapist_finder.normalize import NormalizeReport, normalize_listing
from therapist_finder.schema import Listing
from therapist_finder.vocab import load_vocabularies


def test_maps_raw_values_and_keeps_the_unmapped():
    listing = Listing.model_validate(
        {
            "id": "test:raw",
            "kind": "individual",
            "name": "Raw Values",
            "specialties": ["Postpartum depression", "Feng shui"],
            "approaches": ["Interpersonal tx", "Group IPT"],
            "languages": ["Español", "English"],
            "insurance": [
                {"payer": "BCBS of Texas", "basis": "provider_reported", "observed_at": "2026-10-01"},
                {"payer": "Acme Health Co-op", "basis": "provider_reported", "observed_at": "2026-10-01"},
            ],
            "locations": [{"postal_code": "10001"}, {"city": "Austin", "state": "TX"}],
        }
    )
    report = NormalizeReport()
    out = normalize_listing(listing, load_vocabularies(), report)
    assert out.specialties == ["perinatal-depression"]
    assert out.approaches == ["ipt", "group-ipt"]
    assert out.languages == ["es", "en"]
    assert [c.payer for c in out.insurance] == ["hcsc"]
    assert out.unmapped == {"specialties": ["Feng shui"], "insurance": ["Acme Health Co-op"]}
    assert report.unmapped[("specialties", "Feng shui")] == 1
    first, second = out.locations
    assert (first.city, first.state, first.precision) == ("New York", "NY", "postal_code")
    assert abs(first.lat - 40.7484) < 0.01
    assert second.precision == "city" and abs(second.lat - 30.3) < 0.3
    assert report.geocoded == {"postal_code": 1, "city": 1}


def test_source_coordinates_are_kept():
    listing = Listing.model_validate(
        {
            "id": "test:pt",
            "kind": "individual",
            "name": "Has Point",
            "locations": [{"postal_code": "10001", "lat": 40.0, "lon": -75.0, "precision": "rooftop"}],
        }
    )
    loc = normalize_listing(listing, load_vocabularies()).locations[0]
    assert (loc.lat, loc.lon, loc.precision, loc.city) == (40.0, -75.0, "rooftop", "New York")


def test_canonical_listing_comes_back_unchanged():
    """Re-imports of already normalized listings skip every copy."""
    listing = Listing.model_validate(
        {
            "id": "test:canonical",
            "kind": "individual",
            "name": "Canonical Values",
            "specialties": ["perinatal-depression"],
            "approaches": ["ipt", "group-ipt"],
            "languages": ["es", "en"],
            "gender": "female",
            "insurance": [{"payer": "aetna", "basis": "payer_directory", "observed_at": "2026-10-01"}],
            "locations": [{"city": "Austin", "state": "TX", "lat": 30.27, "lon": -97.74}],
            "unmapped": {"specialties": ["Feng shui", "Feng shui"]},
        }
    )
    report = NormalizeReport()
    out = normalize_listing(listing, load_vocabularies(), report)
    assert out.model_dump() == {**listing.model_dump(), "unmapped": {"specialties": ["Feng shui"]}}
    assert not report.unmapped and not report.geocoded
    clean = listing.model_copy(update={"unmapped": {}})
    assert normalize_listing(clean, load_vocabularies()) is clean


def test_one_raw_value_among_slugs_is_still_mapped():
    listing = Listing.model_validate(
        {"id": "test:mixed", "kind": "individual", "name": "Mixed", "approaches": ["ipt", "Interpersonal tx"],
         "gender": "Woman"}
    )
    out = normalize_listing(listing, load_vocabularies())
    assert out.approaches == ["ipt"]
    assert out.gender == "female"


def _variants(data: dict) -> list[dict]:
    """`data` and copies with one value a raw string, unknown, or a location
    missing what normalization fills in."""
    import copy

    out = [data]
    for change in (
        lambda d: d["specialties"].append("Postpartum depression"),
        lambda d: d["languages"].append("Español"),
        lambda d: d["approaches"].append("Feng shui"),
        lambda d: d.update(gender="Female"),
        lambda d: d.update(gender="Prefers the moon"),
        lambda d: d["insurance"].append({"payer": "BCBS of Texas", "basis": "provider_reported",
                                         "observed_at": "2026-10-01"}),
        lambda d: d["locations"].append({"postal_code": "10001"}),
        lambda d: d["locations"].append({"lat": 40.0, "lon": -75.0, "postal_code": "10001"}),
        lambda d: d["locations"].append(
            {"lat": 40.0, "lon": -75.0, "city": "Gotham", "postal_code": "10001"}
        ),
        lambda d: d["locations"].append({"city": "Austin", "state": "TX"}),
        lambda d: d.update(unmapped={"specialties": ["Feng shui", "Feng shui"]}),
    ):
        changed = copy.deepcopy(data)
        for key in ("specialties", "languages", "approaches", "insurance", "locations"):
            changed.setdefault(key, [])
        change(changed)
        out.append(changed)
    return out


def test_canonical_shortcut_agrees_with_the_general_path():
    """`is_canonical` may only say yes where the general path changes nothing;
    and it does say yes for nearly every already-normalized listing."""
    from therapist_finder.normalize import is_canonical, normalized_copy
    from therapist_finder.sample import generate_listings

    vocabs = load_vocabularies()
    shortcut = 0
    for data in generate_listings(200, seed=3, mode="national"):
        for variant in _variants(data):
            listing = Listing.model_validate(variant)
            general = normalized_copy(listing, vocabs)
            if is_canonical(listing, vocabs):
                shortcut += 1
                assert general is listing, variant["id"]
            assert normalize_listing(listing, vocabs) == general
    assert shortcut >= 190  # the generated listings themselves


def test_an_insurer_directory_claim_for_an_unknown_insurer_is_kept_whole():
    listing = Listing.model_validate({
        "id": "test:regional", "kind": "individual", "name": "Regional Plan",
        "insurance": [
            {"payer": "Juniper Mutual Health Plan", "plans": ["Silver PPO"], "basis": "payer_directory",
             "observed_at": "2026-10-01", "source": "plannet"},
            {"payer": "Out of network", "basis": "provider_reported", "observed_at": "2026-10-01"},
            {"payer": "Aetna", "basis": "payer_directory", "observed_at": "2026-10-01"},
        ],
    })
    report = NormalizeReport()
    out = normalize_listing(listing, load_vocabularies(), report)
    assert [(c.payer, c.plans, c.basis, c.source) for c in out.insurance] == [
        ("Juniper Mutual Health Plan", ["Silver PPO"], "payer_directory", "plannet"),
        ("aetna", [], "payer_directory", None)]
    # A self-reported value the vocabulary cannot read may be no insurer at all.
    assert out.unmapped == {"insurance": ["Out of network"]}
    assert report.unmapped[("insurance", "Juniper Mutual Health Plan")] == 1
    assert normalize_listing(out, load_vocabularies()) == out  # stable on a second pass


@pytest.mark.parametrize(("website", "kept"), [
    ("https://calm.example/t/rowan", "https://calm.example/t/rowan"),
    ("HTTP://CALM.EXAMPLE", "HTTP://CALM.EXAMPLE"),
    ("www.calm.example/t/rowan", "https://www.calm.example/t/rowan"),
    ("javascript:alert(1)", None),
    ("data:text/html,<script>x</script>", None),
    ("call us", None),
    ("orla.example:8443/book", "https://orla.example:8443/book"),
    ("orla.example?ref=dir", "https://orla.example?ref=dir"),
    ("//orla.example/", "https://orla.example/"),
    ("bücher.example", "https://bücher.example"),
    ("www.orla.example.", "https://www.orla.example."),
    ("mailto:orla@example.com", None),
    ("https://", None),
])
def test_a_website_is_served_only_as_a_web_address(website, kept):
    report = NormalizeReport()
    out = normalize_listing(Listing.model_validate(
        {"id": "test:site", "kind": "individual", "name": "Site", "website": website}), load_vocabularies(),
        report)
    assert (out.website, out.unmapped) == (kept, {})
    assert report.dropped[("website", website)] == (kept is None)  # counted for the import's report
    assert not report.unmapped
