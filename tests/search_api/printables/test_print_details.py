"""Details a client or a referral coordinator notices on the printed sheets.

Each test names what the old sheets printed: "Therapist:" above a clinic's name,
"PHD, PhD" for one degree, phone numbers written three ways in one list,
English vocabulary (and "american Sign Language") in the Spanish sheets, a
question that assumed a sliding scale the directory says is not offered, IPT
session counts that did not match the reference article, and a referral entry
that said nothing about the client's insurer when the listing does not list it.
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from search_api.printables import contact
from search_api.printables.facts import listing_facts, vocab_labels
from search_api.printables.render import layout
from search_api.printables.wording import load_content
from tests.search_api.printables.conftest import MANHATTAN, TODAY, client_over, pdf_text, post_ok
from tests.utils.factories import claim, make_listing, north_of

LONG_WORD = "Featherstonehaugh" * 12  # crawled text and notes may hold any "word" (a URL)
SHOWN_FACETS = ("approach", "language", "format", "specialty", "license_type", "age_group")


def listings():
    return [
        make_listing("clinic", north_of(*MANHATTAN, 1), name="Harborlight Community Clinic",
                     kind="organization", phone="212.555.0170", languages=["en", "ase", "es"],
                     approaches=["cbt", "family-systems", "integrative"],
                     fees={"sliding_scale": False}),
        make_listing("degrees", north_of(*MANHATTAN, 2), name="Desmond Achterberg",
                     credentials=["PHD", "PhD", "LCSW"], license_states=["NY"],
                     phone="+1 (212) 555-0171 ext. 4",
                     insurance=[claim("aetna", "payer_directory", "2026-11-01"),
                                claim("aetna", "provider_reported", "2026-10-01"),
                                claim("cigna", "provider_reported", "2026-10-01")]),
        make_listing("long", north_of(*MANHATTAN, 3), name="Dr " + LONG_WORD,
                     website=f"https://{LONG_WORD}.example/", description=f"See {LONG_WORD}."),
    ]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    yield from client_over(tmp_path_factory, "details", listings())


@pytest.mark.parametrize(("lang", "label"), [("en", "Practice or clinic"),
                                              ("es", "Consultorio o clínica")])
def test_a_clinic_s_checklist_does_not_call_it_a_therapist(client, lang, label):
    html = post_ok(client, "/v1/checklist", therapist_id="test:clinic", lang=lang,
                   format="html").text
    subject = re.search(r'<p class="subject">(.*?)</p>', html, re.S)[1]
    assert subject.startswith(f"{label}: <strong>Harborlight Community Clinic</strong>")


def test_one_degree_spelled_two_ways_prints_once(client):
    body = post_ok(client, "/v1/checklist", therapist_id="test:degrees").json()
    assert body["therapist"]["credentials"] == ["PhD", "LCSW"]
    license_ = next(f for f in body["known_facts"] if f["kind"] == "license")
    assert license_["value"].startswith("PhD; LCSW;")
    packet = post_ok(client, "/v1/referrals", ids="test:degrees", format="html").text
    assert '<span class="creds">, PhD, LCSW</span>' in packet and "PHD" not in packet


@pytest.mark.parametrize(("raw", "shown"), [
    ("212.555.0147", "(212) 555-0147"),
    ("+1 212 555 0104", "(212) 555-0104"),
    ("1-212-555-0104", "(212) 555-0104"),
    ("(212) 555-0101", "(212) 555-0101"),
    ("212-555-0147 x12", "(212) 555-0147 ext. 12"),
    ("+44 20 7946 0958", "+44 20 7946 0958"),  # not a US number: as written
    ("=1+2", "=1+2"),  # not a number at all: as written (and quoted in the CSV)
    (None, None),
])
def test_phone_numbers_print_one_way(raw, shown):
    assert contact.phone_text(raw) == shown


def test_referral_list_prints_every_phone_number_alike(client):
    ids = "test:clinic,test:degrees"
    html = post_ok(client, "/v1/referrals", ids=ids, format="html").text
    assert "<dd>(212) 555-0170</dd>" in html and "<dd>(212) 555-0171 ext. 4</dd>" in html
    rows = list(csv.DictReader(io.StringIO(
        post_ok(client, "/v1/referrals", ids=ids, format="csv").text.lstrip("\ufeff"))))
    assert [r["Phone"] for r in rows] == ["(212) 555-0170", "(212) 555-0171 ext. 4"]
    sheet = post_ok(client, "/v1/compare", ids=ids, format="json").json()
    assert [c["phone"] for c in sheet["candidates"]] == ["(212) 555-0170", "(212) 555-0171 ext. 4"]


def test_every_label_the_sheets_show_has_a_spanish_translation(vocabs):
    spanish = load_content("es").labels
    missing = {facet: [slug for slug in vocabs[facet].slugs() if slug not in spanish.get(facet, {})]
               for facet in SHOWN_FACETS}
    assert {facet: slugs for facet, slugs in missing.items() if slugs} == {}


def test_spanish_gender_labels_come_from_the_spanish_content(vocabs):
    """checklist.es.yaml holds them (the web pages read them from there too)."""
    from search_api.printables.facts import vocab_label

    es = load_content("es")
    assert set(es.labels["gender"]) == set(vocabs["gender"].slugs())
    assert [vocab_label(vocabs, es, "gender", slug) for slug in ("female", "male", "nonbinary")] == \
        ["Mujer", "Hombre", "No binario"]
    assert vocab_label(vocabs, load_content("en"), "gender", "nonbinary") == "Nonbinary"


def test_spanish_insurer_labels_translate_their_descriptive_words(vocabs):
    from search_api.printables.facts import vocab_label

    es = load_content("es")
    assert vocab_label(vocabs, es, "insurance", "blue-cross-blue-shield") == \
        "Blue Cross Blue Shield (cualquier plan)"
    assert vocab_label(vocabs, es, "insurance", "aetna") == "Aetna"  # a name stays a name


def test_spanish_lists_lowercase_only_their_own_words(vocabs):
    es = load_content("es")
    assert vocab_labels(vocabs, es, "language", ["en", "ase", "es"]) == \
        "Inglés, lengua de señas americana (ASL), español"
    # A label the Spanish file lacks is printed as the vocabulary writes it, capitals included.
    partial = es.model_copy(update={"labels": {"language": {"en": "Inglés"}}})
    assert vocab_labels(vocabs, partial, "language", ["en", "ase"]) == \
        "Inglés, American Sign Language"


def test_spanish_sheets_print_no_english_vocabulary(client):
    body = post_ok(client, "/v1/checklist", therapist_id="test:clinic", lang="es").json()
    values = {f["kind"]: f["value"] for f in body["known_facts"]}
    assert values["approaches"] == \
        "Terapia cognitivo-conductual (TCC), terapia sistémica familiar, enfoque integrador"
    assert values["languages"] == "Inglés, lengua de señas americana (ASL), español"
    pdf = " ".join(pdf_text(post_ok(client, "/v1/checklist", therapist_id="test:clinic",
                                    lang="es", format="pdf").content).split())
    assert "Family systems" not in pdf and "Integrative" not in pdf and "Sign Language" not in pdf


@pytest.mark.parametrize(("lang", "question"), [
    ("en", "Do you offer a sliding scale, and what is its range? (The directory says: No.)"),
    ("es", "¿Ofrece una escala móvil? ¿Entre qué montos? (Según el directorio: No.)"),
])
def test_sliding_scale_question_does_not_assume_one(client, lang, question):
    body = post_ok(client, "/v1/checklist", therapist_id="test:clinic", lang=lang).json()
    texts = [q["text"] for q in body["sections"][0]["questions"]]
    assert question in texts


@pytest.mark.parametrize(("lang", "counts"), [("en", "12 to 20 sessions"),
                                              ("es", "entre 12 y 20 sesiones")])
def test_ipt_course_length_matches_the_reference_article(lang, counts):
    """The article: most IPT courses run 12 to 20 sessions, weekly or every other week."""
    content = load_content(lang)
    text = next(q.text for s in content.sections for q in s.questions if q.id == "brief-forms")
    assert counts in text and "16" not in text


def test_referral_entry_says_when_the_client_s_insurer_is_not_listed(client):
    ids = "test:clinic,test:degrees"
    body = post_ok(client, "/v1/referrals", ids=ids, insurance="aetna", format="json").json()
    clinic, degrees = ({f["id"]: f for f in e["facts"]} for e in body["entries"])
    assert clinic["insurance:aetna"]["listed"] is False
    assert clinic["insurance:aetna"]["value"] == "Not listed"
    assert degrees["insurance:aetna"]["listed"] is True  # listed: no placeholder
    html = post_ok(client, "/v1/referrals", ids=ids, insurance="aetna", format="html").text
    assert re.search(r'<tr class="not-listed"><th scope="row">Aetna</th><td><span '
                     r'class="unknown">Not listed</span>', html)
    rows = list(csv.DictReader(io.StringIO(post_ok(client, "/v1/referrals", ids=ids,
                                                   insurance="aetna", format="csv").text[1:])))
    assert rows[0]["Insurance (who said so, when)"] == "Aetna: not listed"
    assert "not listed" not in rows[1]["Insurance (who said so, when)"]


def test_fact_ids_are_unique_when_two_sources_name_one_insurer(vocabs):
    from therapist_finder.normalize import normalize_listing

    listing = normalize_listing(listings()[1], vocabs)
    facts = listing_facts(listing, vocabs, load_content("en"), TODAY)
    ids = [f.id for f in facts]
    assert len(ids) == len(set(ids))
    assert [i for i in ids if i.startswith("insurance:aetna")] == \
        ["insurance:aetna", "insurance:aetna:2"]


def _runs_off_the_page(html: str) -> list[str]:
    from weasyprint.formatting_structure import boxes

    def walk(box):
        yield box
        for child in getattr(box, "children", None) or ():
            yield from walk(child)

    found = []
    for number, page in enumerate(layout(html).pages, 1):
        root = page._page_box
        right = root.content_box_x() + root.width
        found += [f"page {number}: {box.text[:30]!r}" for box in walk(root)
                  if isinstance(box, boxes.TextBox) and box.position_x + box.width > right + 0.5]
    return found


@pytest.mark.parametrize(("path", "data"), [
    ("/v1/checklist", {"therapist_id": "test:long"}),
    ("/v1/referrals", {"ids": "test:long", "note": f"See https://{LONG_WORD}.example/"}),
    ("/v1/compare", {"ids": "test:long,test:clinic"}),
])
def test_a_word_longer_than_the_line_wraps_instead_of_running_off_the_paper(client, path, data):
    html = post_ok(client, path, format="html", **data).text
    assert _runs_off_the_page(html) == []
