"""Source ids read as names people know, in English and Spanish; unknown ids stay as they are."""

from __future__ import annotations

import itertools

import pytest

from crawler.parsers import findtreatment, plannet
from crawler.parsers.directory_config import load_site, site_names
from therapist_finder.importers import nppes_record
from therapist_finder.sample import iter_demo_dataset
from therapist_finder.schema import Source
from therapist_finder.source_names import source_host, source_label, urls_by_source

FHIR = "https://fhir.example-health.test/PractitionerRole?_include=PractitionerRole:practitioner"
SITE = "https://www.calmharbor.example/therapists/amara-okafor/"


@pytest.mark.parametrize(
    ("source", "url", "en", "es"),
    [
        ("nppes", "https://npiregistry.cms.hhs.gov/provider-view/1000000013",
         "NPI Registry (NPPES)", "Registro NPI (NPPES)"),
        ("nppes", None, "NPI Registry (NPPES)", "Registro NPI (NPPES)"),
        ("findtreatment", "https://findtreatment.gov/locator/exportsAsJson/v2",
         "FindTreatment.gov (SAMHSA)", "FindTreatment.gov (SAMHSA)"),
        ("sample", None, "fictional sample data", "datos de ejemplo ficticios"),
        # Every insurer runs its own directory: its host says which one.
        ("plannet", FHIR, "insurer directory at fhir.example-health.test",
         "directorio de la aseguradora en fhir.example-health.test"),
        ("plannet", None, "insurer's provider directory",
         "directorio de proveedores de una aseguradora"),
        # The demo serves every source from 127.0.0.1: an address names nobody.
        ("plannet", "http://127.0.0.1:8765/plannet/PractitionerRole", "insurer's provider directory",
         "directorio de proveedores de una aseguradora"),
        ("directory:calmharbor", SITE, "calmharbor.example directory site",
         "sitio de directorio calmharbor.example"),
        ("directory:calmharbor", None, "calmharbor directory site", "sitio de directorio calmharbor"),
        ("directory:calmharbor", "http://localhost:8000/directory/calmharbor/x/",
         "calmharbor directory site", "sitio de directorio calmharbor"),
        ("directory", None, "directory site", "sitio de directorio"),  # an id's prefix alone
        ("directory:", None, "directory site", "sitio de directorio"),
        # Unknown ids, and near misses, are shown unchanged: nothing is invented or dropped.
        ("calmharbor", SITE, "calmharbor", "calmharbor"),
        ("NPPES", None, "NPPES", "NPPES"),
        ("plannet:acme", FHIR, "plannet:acme", "plannet:acme"),
        ("directoryx:site", None, "directoryx:site", "directoryx:site"),
        ("?", None, "?", "?"),  # what a merge names a claim with no source
        ("<b>x</b>", "javascript:alert(1)", "<b>x</b>", "<b>x</b>"),  # pages escape it
    ],
)
def test_source_label(source, url, en, es):
    assert source_label(source, url) == en
    assert source_label(source, url, lang="en") == en
    assert source_label(source, url, lang="es") == es
    assert source_label(source, url, lang="fr") == en  # any other language: English


@pytest.mark.parametrize(
    ("url", "host"),
    [
        (SITE, "calmharbor.example"),
        ("https://WWW.Calmharbor.Example:8443/x", "calmharbor.example"),
        ("https://www.example/x", "www.example"),  # "www." is all there is to the name
        (FHIR, "fhir.example-health.test"),
        ("https://user:pw@fhir.example-health.test/x", "fhir.example-health.test"),
        ("http://127.0.0.1:8000/x", None),
        ("http://[::1]:8000/x", None),
        ("http://localhost/x", None),
        ("http://[oops/x", None),  # does not parse
        ("https://exa mple.test/x", None),
        ("https://xn--bcher-kva.example/x", "xn--bcher-kva.example"),
        ("javascript:alert(1)", None),
        ("/relative/path", None),
        ("", None),
        (None, None),
    ],
)
def test_source_host(url, host):
    assert source_host(url) == host


def read(source: str, url: str | None) -> Source:
    return Source(source=source, url=url, fetched_at="2026-11-01")


def test_urls_by_source_names_a_host_only_where_every_read_agrees():
    other_insurer = "https://fhir.other-plan.test/PractitionerRole"
    urls = urls_by_source([
        read("nppes", "https://npiregistry.cms.hhs.gov/provider-view/1000000013"),
        read("directory:calmharbor", SITE),
        read("directory:calmharbor", "https://www.calmharbor.example/therapists/other/"),
        # Two insurers' directories: a claim naming "plannet" may be either's.
        read("plannet", FHIR), read("plannet", other_insurer),
        read("findtreatment", None),
        read("sample", "http://127.0.0.1:9/x"),
    ])
    assert urls == {"nppes": "https://npiregistry.cms.hhs.gov/provider-view/1000000013",
                    "directory:calmharbor": SITE}
    assert urls_by_source([read("plannet", FHIR)]) == {"plannet": FHIR}
    assert urls_by_source([read("plannet", FHIR), read("plannet", None)]) == {}


def project_source_ids() -> set[str]:
    """Every source id the crawler, the importers and the bundled data write."""
    ids = {nppes_record.SOURCE, plannet.SOURCE, findtreatment.SOURCE}
    ids |= {f"directory:{load_site(name).name}" for name in site_names()}
    for listing in itertools.islice(iter_demo_dataset(), 200):
        ids |= {s["source"] for s in listing["sources"]}
    return ids


def test_every_source_the_project_writes_has_a_label():
    ids = project_source_ids()
    assert {"nppes", "plannet", "findtreatment", "sample", "directory:calmharbor"} <= ids
    for source in sorted(ids):
        for lang in ("en", "es"):
            label = source_label(source, lang=lang)
            assert label != source and ":" not in label, (source, lang, label)
