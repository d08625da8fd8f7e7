"""Spanish printables: dates as Spanish readers write them, state and insurer labels in
Spanish, and the candidate's gender on the compare sheet and the referral packet (both
languages). Listings are fictional; today is pinned (conftest.TODAY, 2026-11-26)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

import pytest

from search_api.printables.provenance import date_text, describe_basis
from search_api.printables.wording import load_content
from tests.search_api.printables.conftest import client_over, pdf_text, post_ok
from tests.search_api.printables.test_source_labels import flat
from tests.utils.factories import claim, make_listing, north_of

MANHATTAN = (40.7484, -73.9967)
ISO_DATE = re.compile(r"\b\d{4}-\d\d-\d\d\b")


def _text(html: str) -> str:
    """What a reader sees of a page: its text, without tags (hidden fields and links carry ids)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    listings = [
        make_listing("wren", north_of(*MANHATTAN, 0.5), name="Wren Halloway", gender="female",
                     license_states=["NY", "NC"], phone="(212) 555-0161",
                     insurance=[claim("aetna", "payer_directory", "2026-09-17")],
                     accepting_new_clients=True, last_seen_at="2026-10-20",
                     attributions={"accepting_new_clients": {
                         "basis": "provider_reported", "source": "test", "observed_at": "2026-03-01"}}),
        make_listing("tamsin", north_of(*MANHATTAN, 1), name="Tamsin Oakbridge", gender="nonbinary",
                     license_states=["PA"], last_seen_at="2026-10-20"),
        make_listing("quill", north_of(*MANHATTAN, 2), name="Quill Marrowby", license_states=["NM"],
                     last_seen_at="2026-10-20"),  # states no gender
    ]
    yield from client_over(tmp_path_factory, "spanish-details", listings)


# -- dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "lang", "expected"), [
    (date(2026, 9, 17), "en", "September 17, 2026"),
    (date(2026, 1, 1), "en", "January 1, 2026"),
    (date(2026, 9, 17), "es", "17 de septiembre de 2026"),
    (date(2026, 1, 1), "es", "1 de enero de 2026"),
    (date(2025, 12, 31), "es", "31 de diciembre de 2025"),
    (datetime(2026, 5, 3, 23, 59), "es", "3 de mayo de 2026"),
    (None, "es", ""),
    (date(2026, 9, 17), "xx", "September 17, 2026"),  # any other language: as in English
])
def test_date_text(value, lang, expected):
    assert date_text(value, lang) == expected


def test_spanish_provenance_writes_its_date_out():
    assert describe_basis("payer_directory", date(2026, 9, 17), lang="es") == \
        "según el directorio de la aseguradora, verificado el 17 de septiembre de 2026"
    assert describe_basis(None, date(2026, 2, 5), lang="es") == \
        "según el anuncio, visto por última vez el 5 de febrero de 2026"
    assert describe_basis("payer_directory", date(2026, 9, 17)) == \
        "per the insurer's directory, checked on September 17, 2026"


@pytest.mark.parametrize(("path", "data"), [
    ("/v1/checklist", {"therapist_id": "test:wren"}),
    ("/v1/compare", {"ids": "test:wren,test:tamsin"}),
    ("/v1/referrals", {"ids": "test:wren,test:quill"}),
])
def test_printables_write_their_dates_out_in_their_language(client, path, data):
    spanish = _text(post_ok(client, path, **data, lang="es", format="html").text)
    assert not ISO_DATE.search(spanish), ISO_DATE.findall(spanish)
    assert "Impreso desde Therapist Finder el 26 de noviembre de 2026" in spanish
    assert "verificado el 17 de septiembre de 2026" in spanish  # Aetna's directory
    pdf = flat(pdf_text(post_ok(client, path, **data, lang="es", format="pdf").content))
    assert not ISO_DATE.search(pdf) and "26 de noviembre de 2026" in pdf
    english = _text(post_ok(client, path, **data, format="html").text)
    assert "Printed from Therapist Finder on November 26, 2026" in english
    assert "checked on September 17, 2026" in english and not ISO_DATE.search(english)


def test_the_spanish_spreadsheet_words_its_dates_and_keeps_last_seen_sortable(client):
    """The insurance column is a sentence (its date written out); the last-seen column stays a
    date a spreadsheet sorts, as distances stay numbers."""
    body = post_ok(client, "/v1/referrals", ids="test:wren", lang="es", format="csv").text
    (row,) = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))[1:]
    assert any("verificado el 17 de septiembre de 2026" in cell for cell in row)
    assert "2026-10-20" in row


# -- labels ---------------------------------------------------------------------------


def test_every_state_has_a_spanish_name(vocabs):
    names = load_content("es").labels["state"]
    assert set(names) == set(vocabs.state.slugs())
    assert all(names.values())


@pytest.mark.parametrize(("code", "spanish"), [
    ("NY", "Nueva York"), ("NC", "Carolina del Norte"), ("SC", "Carolina del Sur"),
    ("ND", "Dakota del Norte"), ("NM", "Nuevo México"), ("NJ", "Nueva Jersey"),
    ("NH", "Nuevo Hampshire"), ("PA", "Pensilvania"), ("HI", "Hawái"), ("LA", "Luisiana"),
    ("WV", "Virginia Occidental"), ("DC", "Distrito de Columbia"), ("MI", "Míchigan"),
    ("MS", "Misisipi"), ("MO", "Misuri"), ("OR", "Oregón"),
    ("TX", "Texas"), ("CT", "Connecticut"),  # no Spanish exonym in use: the English name
])
def test_state_names_are_the_usual_spanish_exonyms(vocabs, code, spanish):
    from search_api.web.text import page_text

    assert page_text("es").label(vocabs, "state", code) == spanish
    assert page_text("en").label(vocabs, "state", code) == vocabs.state.get(code).label


# Words that describe an insurer rather than name it. A label with one of them gets a
# Spanish label (brand names stay as they are: "Aetna", "Blue Shield of California").
GENERIC_WORDS = ("any", "other", "state", "military", "formerly", "network", "program",
                 "insurance", "assistance", "children", "veterans", "employee", "out-of-network")


def test_insurer_labels_with_generic_english_words_have_spanish_labels(vocabs):
    spanish = load_content("es").labels.get("insurance", {})
    generic = re.compile(r"\b(?:" + "|".join(map(re.escape, GENERIC_WORDS)) + r")\b", re.I)
    untranslated = [t.label for t in vocabs["insurance"].terms
                    if generic.search(t.label) and not spanish.get(t.slug)]
    assert untranslated == []
    for slug, label in spanish.items():  # and the Spanish says it in Spanish
        assert not generic.search(label), (slug, label)


# -- gender on the compare sheet and the referral packet ----------------------------------


@pytest.mark.parametrize(("lang", "label", "woman", "nonbinary", "unknown"), [
    ("en", "Gender", "Woman", "Nonbinary", "Not listed"),
    ("es", "Género", "Mujer", "No binario", "No figura"),
])
def test_the_compare_sheet_shows_each_candidates_gender(client, lang, label, woman, nonbinary, unknown):
    ids = "test:wren,test:tamsin,test:quill"
    sheet = post_ok(client, "/v1/compare", ids=ids, lang=lang, format="json").json()
    (row,) = [r for r in sheet["rows"] if r["id"] == "gender"]
    assert row["label"] == label
    assert [[i["text"] for i in c["items"]] for c in row["cells"]] == [[woman], [nonbinary], []]
    html = post_ok(client, "/v1/compare", ids=ids, lang=lang, format="html").text
    table_row = re.search(r'<tr class="row-fact" id="row-gender">(.*?)</tr>', html, re.S).group(1)
    cells = [_text(td) for td in re.findall(r"<td>(.*?)</td>", table_row, re.S)]
    assert cells[0].startswith(woman) and cells[1].startswith(nonbinary)  # then who says so
    assert cells[2] == unknown  # as every other row says what the listing does not
    assert f"<dt>{label}</dt>" in html  # the phone's cards list it too
    pdf = flat(pdf_text(post_ok(client, "/v1/compare", ids=ids, lang=lang, format="pdf").content))
    assert label in pdf and woman in pdf and nonbinary in pdf


@pytest.mark.parametrize(("lang", "label", "woman"), [("en", "Gender", "Woman"), ("es", "Género", "Mujer")])
def test_the_referral_packet_shows_a_stated_gender_and_nothing_for_an_unstated_one(client, lang, label,
                                                                                    woman):
    packet = post_ok(client, "/v1/referrals", ids="test:wren,test:quill", lang=lang, format="json").json()
    stated, unstated = ({f["kind"]: f["value"] for f in e["facts"]} for e in packet["entries"])
    assert stated["gender"] == woman
    assert "gender" not in unstated  # like formats or languages it does not list
    html = post_ok(client, "/v1/referrals", ids="test:wren,test:quill", lang=lang, format="html").text
    entries = html.split('<li class="referral')[1:]
    assert f'<th scope="row">{label}</th><td>{woman}</td>' in entries[0]
    assert f'<th scope="row">{label}</th>' not in entries[1]
    pdf = flat(pdf_text(post_ok(client, "/v1/referrals", ids="test:wren", lang=lang, format="pdf").content))
    assert f"{label} {woman}" in pdf

