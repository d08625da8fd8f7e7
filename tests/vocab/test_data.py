"""The packaged YAML data: required slugs, well-formed codes, no ambiguity."""

import re
from pathlib import Path

import pytest
import yaml

from therapist_finder.vocab import FACETS, Term, Vocabularies, load_vocabularies

DATA_DIR = Path(__file__).resolve().parents[2] / "therapist_finder" / "vocab" / "data"

REQUIRED = {
    "insurance": [
        "aetna", "cigna", "unitedhealthcare", "anthem", "humana", "kaiser-permanente",
        "hcsc", "blue-cross-blue-shield", "medicaid", "medicare", "tricare", "oscar",
        "molina", "centene", "chip",
    ],
    "specialty": [
        "depression", "perinatal-depression", "bipolar-disorder", "dysthymia", "anxiety",
        "social-anxiety", "ptsd", "anorexia", "bulimia", "binge-eating", "substance-use",
        "grief", "life-transitions", "relationship-conflict", "social-skills",
        "developmental-delays", "ocd", "adhd", "eating-disorders",
    ],
    "approach": [
        "ipt", "group-ipt", "dit", "ipsrt", "maintenance-ipt",
        "metacognitive-interpersonal-therapy", "ipt-a", "cbt", "dbt", "psychodynamic",
        "integrative", "family-systems", "emdr", "prolonged-exposure", "cpt", "tf-cbt", "act",
    ],
    "format": ["individual", "group", "couples", "family"],
    "age_group": ["children", "teens", "adults", "older-adults"],
    "language": ["en", "es", "zh", "vi", "ko", "ru", "ar", "fr", "ht", "pt", "tl"],
    "license_type": [
        "psychologist", "psychiatrist", "psychiatric-nurse-practitioner",
        "clinical-social-worker", "social-worker", "counselor", "marriage-family-therapist",
    ],
}
IPT_VARIANTS = [
    "group-ipt", "dit", "ipsrt", "maintenance-ipt", "metacognitive-interpersonal-therapy", "ipt-a",
]
# Payers that are programmes or catch-alls rather than one insurer.
NOT_A_COMPANY = {"medicaid", "medicare", "chip", "tricare", "champva", "va-community-care",
                 "blue-cross-blue-shield", "employee-assistance-program"}
NUCC = re.compile(r"^[0-9A-Z]{9}X$")
US_STATES_AND_DC = 51
TERRITORIES = ["PR", "GU", "VI", "AS", "MP"]


def _raw(name: str) -> dict:
    return yaml.safe_load((DATA_DIR / f"{name}.yaml").read_text(encoding="utf-8"))


def test_facets_constant() -> None:
    assert FACETS == (
        "insurance", "specialty", "approach", "format", "age_group", "language", "license_type", "gender",
    )


@pytest.mark.parametrize("facet", [*FACETS, "state"])
def test_file_declares_its_facet(facet: str) -> None:
    assert _raw(facet)["facet"] == facet


@pytest.mark.parametrize(
    ("facet", "slug"), [(facet, slug) for facet, slugs in REQUIRED.items() for slug in slugs]
)
def test_required_slug_present(vocabs: Vocabularies, facet: str, slug: str) -> None:
    assert vocabs[facet].get(slug) is not None


def test_at_least_25_insurers(vocabs: Vocabularies) -> None:
    companies = [s for s in vocabs["insurance"].slugs() if s not in NOT_A_COMPANY]
    assert len(companies) >= 25


@pytest.mark.parametrize("facet", [*FACETS, "state"])
def test_no_phrase_shared_by_two_slugs(facet: str) -> None:
    owner: dict[str, str] = {}
    for entry in _raw(facet)["entries"]:
        for phrase in [entry["label"], *entry.get("synonyms", [])]:
            key = phrase.casefold().strip()
            assert owner.setdefault(key, entry["slug"]) == entry["slug"], (facet, phrase)


@pytest.mark.parametrize("facet", [*FACETS, "state"])
def test_slugs_unique_and_well_formed(vocabs: Vocabularies, facet: str) -> None:
    vocab = vocabs.state if facet == "state" else vocabs[facet]
    slugs = vocab.slugs()
    assert len(slugs) == len(set(slugs))
    pattern = {
        "state": r"^[A-Z]{2}$",
        "language": r"^[a-z]{2}$|^ase$",  # ASL has no ISO 639-1 code
    }.get(facet, r"^[a-z0-9]+(-[a-z0-9]+)*$")
    assert [s for s in slugs if not re.match(pattern, s)] == []


@pytest.mark.parametrize("facet", [*FACETS, "state"])
def test_parents_exist(vocabs: Vocabularies, facet: str) -> None:
    vocab = vocabs.state if facet == "state" else vocabs[facet]
    for term in vocab.terms:
        if term.parent is not None:
            assert vocab.get(term.parent) is not None, term.slug
            assert term.parent != term.slug


def test_ipt_variants_are_children_of_ipt(vocabs: Vocabularies) -> None:
    approach = vocabs["approach"]
    assert set(IPT_VARIANTS) <= set(approach.children("ipt"))
    assert approach.children("group-ipt") == []


def test_every_license_type_has_wellformed_codes(vocabs: Vocabularies) -> None:
    seen: set[str] = set()
    for term in vocabs["license_type"].terms:
        assert term.codes, term.slug
        assert [c for c in term.codes if not NUCC.match(c)] == []
        assert not seen & set(term.codes), term.slug
        seen.update(term.codes)


@pytest.mark.parametrize(
    ("code", "slug"),
    [
        ("103T00000X", "psychologist"),
        ("103TC0700X", "psychologist"),
        ("103TC2200X", "psychologist"),
        ("2084P0800X", "psychiatrist"),
        ("2084P0804X", "psychiatrist"),
        ("2084P0805X", "psychiatrist"),
        ("363LP0808X", "psychiatric-nurse-practitioner"),
        ("364SP0808X", "psychiatric-mental-health-nurse"),
        ("1041C0700X", "clinical-social-worker"),
        ("104100000X", "social-worker"),
        ("1041S0200X", "social-worker"),
        ("101YM0800X", "counselor"),
        ("101YP2500X", "counselor"),
        ("101YA0400X", "addiction-counselor"),
        ("106H00000X", "marriage-family-therapist"),
        ("102L00000X", "psychoanalyst"),
        ("103K00000X", "behavior-analyst"),
        (" 101ym0800x ", "counselor"),
    ],
)
def test_by_code(vocabs: Vocabularies, code: str, slug: str) -> None:
    term = vocabs["license_type"].by_code(code)
    assert term is not None and term.slug == slug


def test_unknown_code(vocabs: Vocabularies) -> None:
    assert vocabs["license_type"].by_code("207Q00000X") is None  # family medicine


def test_states_and_territories(vocabs: Vocabularies) -> None:
    slugs = vocabs.state.slugs()
    assert len(slugs) == US_STATES_AND_DC + len(TERRITORIES)
    assert set(TERRITORIES) <= set(slugs)
    assert "DC" in slugs


def test_vocabularies_is_mapping_like(vocabs: Vocabularies) -> None:
    assert list(vocabs) == list(FACETS)
    assert [name for name, _ in vocabs.items()] == list(FACETS)
    assert "state" not in vocabs and "insurance" in vocabs
    assert vocabs["state"] is vocabs.state
    assert vocabs["insurance"].name == "insurance"
    with pytest.raises(KeyError):
        vocabs["nope"]


def test_default_load_is_cached(vocabs: Vocabularies) -> None:
    assert load_vocabularies() is vocabs


def test_fingerprint_is_sha256(vocabs: Vocabularies) -> None:
    assert re.fullmatch(r"[0-9a-f]{64}", vocabs.fingerprint)
    assert load_vocabularies(DATA_DIR).fingerprint == vocabs.fingerprint


def test_phrases_and_terms(vocabs: Vocabularies) -> None:
    ipt = vocabs["approach"].get("ipt")
    assert isinstance(ipt, Term)
    phrases = vocabs["approach"].phrases("ipt")
    assert phrases[0] == ipt.label.lower()
    assert "interpersonal therapy" in phrases
    assert all(p == p.lower() for p in phrases)
    with pytest.raises(KeyError):
        vocabs["approach"].phrases("no-such-slug")
