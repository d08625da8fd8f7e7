"""The compare sheet and referral packet builders, and their parameter models."""

from __future__ import annotations

import csv
import io

import pytest
from pydantic import ValidationError

from search_api.printables.compare import CompareParams, build_compare
from search_api.printables.referrals import ReferralParams, build_referrals, referrals_csv
from tests.search_api.printables.conftest import FORMULA_NAME, TODAY, printable_listings
from therapist_finder.geo.resolve import PlaceResolver
from therapist_finder.normalize import normalize_listing


@pytest.fixture(scope="module")
def listings(vocabs):
    return {item.id: normalize_listing(item, vocabs) for item in printable_listings()}


@pytest.fixture(scope="module")
def point():
    return PlaceResolver().resolve("10001")


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        (["test:a,test:b"], ["test:a", "test:b"]),
        (["test:a", "test:b", "test:a"], ["test:a", "test:b"]),
        ([" test:a , test:b ,, "], ["test:a", "test:b"]),
        (["a,b,c,d,e"], ["a", "b", "c", "d", "e"]),
    ],
)
def test_compare_ids_are_split_and_deduplicated(ids, expected):
    assert CompareParams(ids=ids).ids == expected


@pytest.mark.parametrize("ids", [[], ["test:a"], ["test:a,test:a"], ["a,b,c,d,e,f"]])
def test_compare_needs_two_to_five(ids):
    with pytest.raises(ValidationError, match="2 to 5"):
        CompareParams(ids=ids)


@pytest.mark.parametrize("ids", [[], [",".join(f"test:{i}" for i in range(21))]])
def test_referrals_need_one_to_twenty(ids):
    with pytest.raises(ValidationError, match="1 to 20"):
        ReferralParams(ids=ids)


def test_compare_sheet_rows(vocabs, listings, point):
    chosen = [listings["test:ipt"], listings["test:cbt"]]
    sheet = build_compare(CompareParams(ids=["test:ipt,test:cbt"], insurance=["aetna"],
                                        concern=["ptsd"]), chosen, vocabs, point=point,
                          today=TODAY)
    assert [c.name for c in sheet.candidates] == ["Orla Quillfeather", "Bram Ambervale"]
    assert [c.distance_mi for c in sheet.candidates] == [0.5, 2.0]
    rows = {r.id: r for r in sheet.rows}
    assert rows["distance"].label.startswith("Distance from New York, NY")
    assert [c.items[0].text for c in rows["distance"].cells] == ["0.5 mi", "2.0 mi"]
    fee = rows["session_fee"].cells[0].items[0]
    assert (fee.text, fee.provenance, fee.confirm) == \
        ("$150", "self-reported on October 1, 2026, source: test", True)
    assert rows["session_fee"].cells[1].items == []  # unknown: printed as "Not listed"
    insurance = [i.text for i in rows["insurance"].cells[1].items]
    assert insurance == ["Cigna: takes this insurance"]  # a locator lists it: not "in network"
    assert [i.text for i in rows["insurance"].cells[0].items] == \
        ["Aetna: in network", "Medicaid: takes this insurance", "Cigna: in network"]
    assert rows["insurance"].cells[0].items[0].provenance == \
        "per the insurer's directory, checked on October 1, 2026"
    assert rows["insurance"].cells[1].items[0].provenance == \
        "listed by a treatment locator, checked on September 12, 2026"
    yours = rows["your-insurance-aetna"]
    assert yours.label == "Takes Aetna?"
    assert [c.items[0].text for c in yours.cells] == ["In network", "Not listed"]
    assert [c.items[0].confirm for c in yours.cells] == [False, True]
    ids = [r.id for r in sheet.rows]
    assert ids.index("your-insurance-aetna") == ids.index("insurance") + 1
    assert "ask-concern-ptsd" in ids and ids[-3:] == ["pros", "cons", "overall"]
    assert all(c.items == [] for r in sheet.rows if r.kind != "fact" for c in r.cells)


def test_compare_without_place_has_no_distance_row(vocabs, listings):
    sheet = build_compare(CompareParams(ids=["test:ipt,test:cbt"], lang="es"),
                          [listings["test:ipt"], listings["test:cbt"]], vocabs, today=TODAY)
    assert "distance" not in [r.id for r in sheet.rows]
    assert sheet.title == "Comparación de terapeutas"
    assert [r.label for r in sheet.rows][-3:] == ["A favor", "En contra", "Mi elección y por qué"]


def test_referral_packet_and_csv(vocabs, listings, point):
    chosen = [listings["test:ipt"], listings["test:formula"]]
    params = ReferralParams(ids=["test:ipt,test:formula"], concern=["postpartum"],
                            note="  Call before Friday.  ")
    packet = build_referrals(params, chosen, vocabs, point=point, today=TODAY)
    assert packet.note == "Call before Friday."
    assert [e.distance_mi for e in packet.entries] == [0.5, 4.0]
    assert packet.checklist is not None and packet.checklist.therapist is None
    assert "concern-perinatal-depression" in [s.id for s in packet.checklist.sections]
    rows = list(csv.DictReader(io.StringIO(referrals_csv(packet).lstrip("\ufeff"))))
    first, second = rows
    assert first["Name"] == "Orla Quillfeather" and first["Distance (mi)"] == "0.5"
    assert first["Phone"] == "(212) 555-0101"
    insurance = first["Insurance (who said so, when)"].split("; ")
    assert insurance == [
        "Aetna: in network per the insurer's directory, checked on October 1, 2026",
        "Medicaid: takes this insurance, self-reported on October 1, 2026 [please confirm]",
        "Cigna: in network per the insurer's directory, checked on January 15, 2026 "
        "[please confirm: over six months old]"]
    assert first["Sliding scale"] == \
        "$40–$90 (self-reported on October 1, 2026, source: test) [please confirm]"
    assert first["Accepting new clients"] == \
        "Yes (self-reported on March 1, 2026, source: test) [please confirm: over six months old]"
    assert second["Accepting new clients"] == "Not listed"
    assert second["Name"] == "'" + FORMULA_NAME
    assert second["Credentials"] == "'@SUM(A1)"
    # written "+1 212 555 0104": every US number prints one way (and so starts with no "+")
    assert second["Phone"] == "(212) 555-0104"


def test_referral_packet_without_checklist_and_in_spanish(vocabs, listings):
    params = ReferralParams(ids=["test:cbt"], checklist=False, lang="es")
    packet = build_referrals(params, [listings["test:cbt"]], vocabs, today=TODAY)
    assert packet.checklist is None and packet.place is None
    header = referrals_csv(packet).lstrip("\ufeff").splitlines()[0]
    assert header.startswith("Id del anuncio,Nombre,Tipo")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, None),
        ("  Short\n\n text. ", "Short text."),
        ("word " * 200, ("word " * 80).strip() + "…"),
    ],
)
def test_descriptions_are_shortened(text, expected):
    from search_api.printables.referrals import shorten

    assert shorten(text) == expected
