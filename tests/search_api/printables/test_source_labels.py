"""Every printable names its sources as people know them, not by the directory's ids.

A fact used to end "source: directory:calmharbor" or "sources: nppes, plannet". Now it
says "NPI Registry (NPPES)", "insurer directory at fhir.example-health.test" (the host the
insurer's directory was read from), "calmharbor.example directory site", in English and
Spanish, on the pages, in the PDFs and in the CSV; the JSON keeps the ids.
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.search_api.printables.conftest import MANHATTAN, client_over, pdf_text, post_ok
from tests.utils.factories import make_listing, north_of

SEEN = "2026-11-02"
FHIR = "https://fhir.example-health.test/PractitionerRole?_include=PractitionerRole:practitioner"
SITE = "https://www.calmharbor.example/therapists/odalys-wrenfield/"
REGISTRY = "https://npiregistry.cms.hhs.gov/provider-view/1000000013"  # a fictional NPI
IDS = "test:read,test:demo"

LABELS = {
    "en": {"insurer": "source: insurer directory at fhir.example-health.test",
           "site": "source: calmharbor.example directory site",
           "all": "sources: NPI Registry (NPPES), insurer directory at fhir.example-health.test, "
                  "calmharbor.example directory site",
           "sample": "source: fictional sample data"},
    "es": {"insurer": "fuente: directorio de la aseguradora en fhir.example-health.test",
           "site": "fuente: sitio de directorio calmharbor.example",
           "all": "fuentes: Registro NPI (NPPES), directorio de la aseguradora en "
                  "fhir.example-health.test, sitio de directorio calmharbor.example",
           "sample": "fuente: datos de ejemplo ficticios"},
}
RAW_IDS = ("nppes", "plannet", "directory:calmharbor", "sample")


def _insured(payer: str, basis: str, source: str) -> dict:
    return {"payer": payer, "plans": [], "basis": basis, "observed_at": SEEN, "source": source}


def labelled_listings():
    read_from = [{"source": "nppes", "url": REGISTRY, "fetched_at": SEEN},
                 {"source": "plannet", "url": FHIR, "fetched_at": SEEN},
                 {"source": "directory:calmharbor", "url": SITE, "fetched_at": SEEN}]
    told = {"basis": "provider_reported", "source": "directory:calmharbor", "observed_at": SEEN}
    return [
        make_listing("read", north_of(*MANHATTAN, 0.5), name="Odalys Wrenfield",
                     credentials=["LCSW"], license_states=["NY"], accepting_new_clients=True,
                     insurance=[_insured("aetna", "payer_directory", "plannet"),
                                _insured("medicaid", "provider_reported", "directory:calmharbor")],
                     attributions={"accepting_new_clients": told}, sources=read_from,
                     last_seen_at=SEEN),
        make_listing("demo", north_of(*MANHATTAN, 1), name="Benedikt Marlowe",
                     license_states=["NY"], sources=[{"source": "sample", "fetched_at": SEEN}],
                     last_seen_at=SEEN),
    ]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    yield from client_over(tmp_path_factory, "sources", labelled_listings())


def flat(text: str) -> str:
    """Text with its lines joined, as a reader reads it (a host may wrap after a hyphen)."""
    return " ".join(text.split()).replace("- ", "-")


def assert_labelled(text: str, lang: str, *which: str) -> None:
    for key in which:
        assert LABELS[lang][key] in text, (key, LABELS[lang][key])
    for raw in RAW_IDS:  # no source is named by its id ("source: nppes", ", plannet")
        assert not re.search(rf"(?:: |, ){re.escape(raw)}(?![\w.-])", text), raw


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(("path", "data", "labels"), [
    ("/v1/checklist", {"therapist_id": "test:read"}, ("insurer", "site", "all")),
    ("/v1/compare", {"ids": IDS}, ("insurer", "site", "all", "sample")),
    ("/v1/referrals", {"ids": IDS}, ("insurer", "site", "all", "sample")),
])
def test_pages_and_pdfs_name_the_sources(client, path, data, labels, lang):
    html = post_ok(client, path, format="html", lang=lang, **data).text
    assert_labelled(html, lang, *labels)
    pdf = post_ok(client, path, format="pdf", lang=lang, **data).content
    assert_labelled(flat(pdf_text(pdf)), lang, *labels)


def test_referral_csv_names_the_sources_and_keeps_the_listing_ids(client):
    text = post_ok(client, "/v1/referrals", ids=IDS, format="csv").text
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [row["Listing id"] for row in rows] == ["test:read", "test:demo"]
    assert LABELS["en"]["insurer"] in rows[0]["Insurance (who said so, when)"]
    assert LABELS["en"]["site"] in rows[0]["Accepting new clients"]
    assert_labelled(text, "en", "insurer", "site", "all", "sample")


def test_json_keeps_the_source_ids(client):
    body = post_ok(client, "/v1/checklist", therapist_id="test:read", format="json").json()
    facts = {f["id"]: f for f in body["known_facts"]}
    assert facts["insurance:aetna"]["source"] == "plannet"
    assert facts["insurance:aetna"]["provenance"].endswith(LABELS["en"]["insurer"])
    assert facts["accepting_new_clients"]["source"] == "directory:calmharbor"
    assert facts["license"]["source"] == "nppes, plannet, directory:calmharbor"


def test_a_claim_naming_no_source_is_credited_to_none():
    """A self-reported claim with no source of its own was credited to every source of the
    listing, an insurer's directory among them."""
    from datetime import date

    from search_api.printables.facts import listing_facts
    from search_api.printables.wording import load_content
    from therapist_finder.vocab import load_vocabularies

    sources = [{"source": "directory:calmharbor", "url": SITE, "fetched_at": SEEN},
               {"source": "plannet", "url": FHIR, "fetched_at": SEEN}]
    listing = make_listing("nosource", sources=sources, insurance=[
        {"payer": "medicaid", "basis": "provider_reported", "observed_at": SEEN}])
    fact = next(f for f in listing_facts(listing, load_vocabularies(), load_content("en"), date(2026, 11, 27))
                if f.kind == "insurance")
    assert fact.source is None
    assert "insurer directory" not in fact.description and "calmharbor" not in fact.description
    assert fact.description.startswith("Medicaid: takes this insurance, self-reported on November 2, 2026")
