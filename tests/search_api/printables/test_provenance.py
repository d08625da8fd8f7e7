"""Badges: who vouches for a claim and when, and when to ask again."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from search_api.printables.provenance import (
    describe_basis,
    describe_claim,
    describe_insurance,
    insurance_claim,
    is_old,
    needs_confirmation,
)

TODAY = date(2026, 11, 26)
D = date(2026, 10, 1)


@pytest.mark.parametrize(
    ("claim", "basis", "when", "lang", "expected"),
    [
        ("In network", "payer_directory", D, "en",
         "In network per the insurer's directory, checked on October 1, 2026"),
        ("Sliding scale $40–$90", "provider_reported", None, "en",
         "Sliding scale $40–$90, self-reported"),
        ("Sliding scale $40–$90", "provider_reported", D, "en",
         "Sliding scale $40–$90, self-reported on October 1, 2026"),
        (None, "facility_locator", date(2026, 9, 12), "en",
         "Listed by a treatment locator, checked on September 12, 2026"),
        ("Fee: $150", None, datetime(2026, 10, 20, 8, 30), "en",
         "Fee: $150, from the listing, last seen October 20, 2026"),
        ("Dentro de la red", "payer_directory", D, "es",
         "Dentro de la red según el directorio de la aseguradora, verificado el 1 de octubre de 2026"),
        ("Escala móvil $40–$90", "provider_reported", None, "es",
         "Escala móvil $40–$90, declarado por el propio profesional"),
        (None, "facility_locator", date(2026, 9, 12), "es",
         "Publicado en un localizador de centros de tratamiento, verificado el 12 de septiembre de 2026"),
    ],
)
def test_describe_claim(claim, basis, when, lang, expected):
    assert describe_claim(claim, basis, when, lang=lang) == expected


def test_describe_basis_unknown_language_falls_back_to_english():
    assert describe_basis("provider_reported", D, lang="xx") == "self-reported on October 1, 2026"


@pytest.mark.parametrize(
    ("basis", "when", "old", "confirm"),
    [
        ("payer_directory", date(2026, 10, 1), False, False),
        ("facility_locator", date(2026, 6, 1), False, False),   # 178 days: still fresh
        ("payer_directory", date(2026, 5, 29), True, True),     # 181 days: old
        ("provider_reported", date(2026, 11, 1), False, True),  # self-reported: always ask
        (None, date(2026, 11, 1), False, True),                 # nobody vouches for it
        ("payer_directory", None, False, True),                 # undated
    ],
)
def test_old_and_confirm(basis, when, old, confirm):
    assert is_old(when, TODAY) is old
    assert needs_confirmation(basis, when, TODAY) is confirm


@pytest.mark.parametrize(
    ("basis", "lang", "expected"),
    [
        ("payer_directory", "en", "Aetna: in network (Choice POS II) per Aetna's directory, "
                                  "checked on October 1, 2026, source: insurer's provider directory"),
        ("provider_reported", "en", "Aetna: takes this insurance (Choice POS II), "
                                    "self-reported on October 1, 2026, source: insurer's provider "
                                    "directory"),
        ("facility_locator", "en", "Aetna: takes this insurance (Choice POS II), "
                                   "listed by a treatment locator, checked on October 1, 2026, "
                                   "source: insurer's provider directory"),
        ("payer_directory", "es", "Aetna: dentro de la red (Choice POS II) según el directorio "
                                  "de Aetna, verificado el 1 de octubre de 2026, fuente: directorio de "
                                  "proveedores de una aseguradora"),
        ("provider_reported", "es", "Aetna: acepta este seguro (Choice POS II), declarado por "
                                    "el propio profesional el 1 de octubre de 2026, fuente: directorio de "
                                    "proveedores de una aseguradora"),
    ],
)
def test_only_an_insurers_directory_says_in_network(basis, lang, expected):
    assert describe_insurance("Aetna", basis, D, plans=["Choice POS II"], lang=lang,
                              source="plannet") == expected
    assert (insurance_claim(basis, lang) in ("in network", "dentro de la red")) is \
        (basis == "payer_directory")


def test_sources_are_named_once_each_by_their_labels():
    assert describe_basis(None, D, source=["calmharbor", "nppes", "calmharbor"]) == \
        "from the listing, last seen October 1, 2026, sources: calmharbor, NPI Registry (NPPES)"
    # Two ids that read as one label (two reads of one site) are named once.
    site = "https://www.calmharbor.example/therapists/a/"
    assert describe_basis("provider_reported", source=["directory:calmharbor", "directory:ch"],
                          source_urls={"directory:calmharbor": site, "directory:ch": site}) == \
        "self-reported, source: calmharbor.example directory site"
    assert describe_basis("provider_reported", source=[]) == "self-reported"
    # Without a payer or a source, the wording the web badges use is unchanged.
    assert describe_claim("in network", "payer_directory", D) == \
        "in network per the insurer's directory, checked on October 1, 2026"


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "In network per Aetna's directory, checked on October 1, 2026, "
           "source: insurer directory at fhir.example-health.test"),
    ("es", "Dentro de la red según el directorio de Aetna, verificado el 1 de octubre de 2026, "
           "fuente: directorio de la aseguradora en fhir.example-health.test"),
])
def test_a_source_url_names_the_insurer_s_host(lang, expected):
    urls = {"plannet": "https://fhir.example-health.test/PractitionerRole?_count=50"}
    claim = "In network" if lang == "en" else "Dentro de la red"
    assert describe_claim(claim, "payer_directory", D, lang=lang, source="plannet",
                          payer="Aetna", source_urls=urls) == expected


def test_a_long_payer_name_reads_naturally():
    assert describe_basis("payer_directory", D, payer="Blue Cross and Blue Shield (HCSC: IL)") == \
        "per the directory of Blue Cross and Blue Shield (HCSC: IL), checked on October 1, 2026"
