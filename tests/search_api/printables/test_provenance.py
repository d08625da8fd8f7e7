"""Badges: who vouches for a claim and when, and when to ask again."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from search_api.printables.provenance import (
    describe_basis,
    describe_claim,
    is_old,
    needs_confirmation,
)

TODAY = date(2026, 11, 26)
D = date(2026, 10, 1)


@pytest.mark.parametrize(
    ("claim", "basis", "when", "lang", "expected"),
    [
        ("In network", "payer_directory", D, "en",
         "In network per the insurer's directory, checked on 2026-10-01"),
        ("Sliding scale $40–$90", "provider_reported", None, "en",
         "Sliding scale $40–$90, self-reported"),
        ("Sliding scale $40–$90", "provider_reported", D, "en",
         "Sliding scale $40–$90, self-reported on 2026-10-01"),
        (None, "facility_locator", date(2026, 9, 12), "en",
         "Listed by a treatment locator, 2026-09-12"),
        ("Fee: $150", None, datetime(2026, 10, 20, 8, 30), "en",
         "Fee: $150, from the listing, last seen 2026-10-20"),
        ("Dentro de la red", "payer_directory", D, "es",
         "Dentro de la red según el directorio de la aseguradora, verificado el 2026-10-01"),
        ("Escala móvil $40–$90", "provider_reported", None, "es",
         "Escala móvil $40–$90, declarado por el propio profesional"),
        (None, "facility_locator", date(2026, 9, 12), "es",
         "Publicado en un localizador de centros de tratamiento, 2026-09-12"),
    ],
)
def test_describe_claim(claim, basis, when, lang, expected):
    assert describe_claim(claim, basis, when, lang=lang) == expected


def test_describe_basis_unknown_language_falls_back_to_english():
    assert describe_basis("provider_reported", D, lang="xx") == "self-reported on 2026-10-01"


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
