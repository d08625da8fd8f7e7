"""A tester's findings on the printables: state codes and an unanswerable gender tag.

- Spanish printables printed "con licencia en NY, CT" while the profile said "Nueva York,
  Connecticut" (and English ones "licensed in NY" where the profile says "New York"). The
  printables now name states by the profile's own mechanism (the vocabulary, with
  `checklist.es.yaml`'s `labels.state` in Spanish).
- The checklist tagged gender "please confirm" but asked nothing about it. Gender is the
  listing's own word, not something a client should have to ask a therapist to confirm, so
  it is no longer tagged; and no fact is tagged without a question to ask about it.

Listings are fictional; today is pinned (conftest.TODAY, 2026-11-26).
"""

from __future__ import annotations

import re

import pytest

from search_api.printables.facts import vocab_label
from search_api.printables.wording import load_content
from tests.search_api.printables.conftest import MANHATTAN, client_over, pdf_text, post_ok
from tests.utils.factories import claim, make_listing, north_of
from tests.utils.html import visible_text as _text

OLD = "2025-03-02"  # over six months before TODAY
LICENSED = {
    "en": {"ctny": "licensed in New York, Connecticut",
           "tri": "licensed in New York, New Jersey, Puerto Rico"},
    "es": {"ctny": "con licencia en Nueva York, Connecticut",
           "tri": "con licencia en Nueva York, Nueva Jersey, Puerto Rico"},
}
CODES = ("NY, CT", "NY, NJ, PR", "in NY", "en NY")
PLEASE_CONFIRM = {"en": "please confirm", "es": "confirmar"}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    listings = [
        make_listing("ctny", north_of(*MANHATTAN, 0.5), name="Ysolde Merriweather",
                     gender="female", license_states=["NY", "CT"], credentials=["LCSW"],
                     accepting_new_clients=True, fees={"session_min": 80},
                     insurance=[claim("aetna", "payer_directory", OLD)], last_seen_at=OLD),
        make_listing("tri", north_of(*MANHATTAN, 1), name="Anselm Crowhurst", gender="nonbinary",
                     license_states=["NY", "NJ", "PR"], accepting_new_clients=False,
                     last_seen_at="2026-10-20",
                     attributions={"gender": {"basis": "provider_reported", "source": "test",
                                              "observed_at": "2026-10-01"}}),
    ]
    yield from client_over(tmp_path_factory, "states-gender", listings)



PRINTABLES = [("/v1/checklist", {"therapist_id": "test:ctny"}),
              ("/v1/checklist", {"therapist_id": "test:tri"}),
              ("/v1/compare", {"ids": "test:ctny,test:tri"}),
              ("/v1/referrals", {"ids": "test:ctny,test:tri"})]
LANGS = pytest.mark.parametrize("lang", ["en", "es"])


# -- state names ----------------------------------------------------------------------


@LANGS
@pytest.mark.parametrize(("path", "data"), PRINTABLES)
def test_printables_name_the_states_a_therapist_is_licensed_in(client, lang, path, data):
    text = _text(post_ok(client, path, **data, lang=lang, format="html").text).casefold()
    for key, licensed in LICENSED[lang].items():
        if key in str(data.values()):
            assert licensed.casefold() in text
    assert not any(code.casefold() in text for code in CODES)


@LANGS
def test_a_printed_pdf_names_the_states_too(client, lang):
    pdf = " ".join(pdf_text(post_ok(client, "/v1/referrals", ids="test:tri", lang=lang,
                                    format="pdf").content).split())
    assert LICENSED[lang]["tri"].casefold() in pdf.casefold()


@LANGS
@pytest.mark.parametrize("key", ["ctny", "tri"])
def test_printables_and_the_profile_name_states_alike(client, lang, key):
    profile = client.get(f"/therapists/test:{key}", params={"lang": lang},
                         headers={"accept": "text/html"})
    assert profile.status_code == 200
    label = {"en": "Licensed in", "es": "Con licencia en"}[lang]
    states = _text(re.search(rf"<dt>{label}</dt><dd>(.*?)</dd>", profile.text, re.S).group(1))
    facts = post_ok(client, "/v1/checklist", therapist_id=f"test:{key}", lang=lang).json()
    (license_fact,) = [f for f in facts["known_facts"] if f["kind"] == "license"]
    assert license_fact["value"].endswith(states)


def test_every_state_is_named_as_the_web_pages_name_it(vocabs):
    from search_api.web.text import page_text

    for lang in ("en", "es"):
        content, page = load_content(lang), page_text(lang)
        for code in vocabs.state.slugs():
            assert vocab_label(vocabs, content, "state", code) == page.label(vocabs, "state", code)


# -- gender ---------------------------------------------------------------------------


def checklist(client, key: str, lang: str) -> dict:
    return post_ok(client, "/v1/checklist", therapist_id=f"test:{key}", lang=lang).json()


@LANGS
@pytest.mark.parametrize("key", ["ctny", "tri"])
def test_every_fact_tagged_please_confirm_has_a_question(client, lang, key):
    sheet = checklist(client, key, lang)
    asked = {q["fact_id"] for s in sheet["sections"] for q in s["questions"] if q.get("fact_id")}
    tagged = {f["id"] for f in sheet["known_facts"] if f["confirm"]}
    assert tagged and tagged <= asked


@LANGS
@pytest.mark.parametrize("key", ["ctny", "tri"])
def test_gender_is_never_tagged_please_confirm(client, lang, key):
    """Self-reported (tri) or unattributed and over six months old (ctny): the gender row
    carries no tag, on the checklist, the compare sheet and the referral packet."""
    (gender,) = [f for f in checklist(client, key, lang)["known_facts"] if f["kind"] == "gender"]
    assert gender["confirm"] is False
    assert gender["old"] is (key == "ctny")  # still dated and judged, as every fact is
    page = post_ok(client, "/v1/checklist", therapist_id=f"test:{key}", lang=lang,
                   format="html").text
    row = re.search(r'<tr class="[^"]*">\s*<th scope="row">(?:Gender|Género)</th>(.*?)</tr>',
                    page, re.S)
    assert row and PLEASE_CONFIRM[lang] not in _text(row.group(1)).casefold()
    assert 'class="vouched"' in row.group(0)
    # ...while the other old facts still are
    if key == "ctny":
        assert f"{PLEASE_CONFIRM[lang]}: " in _text(page).casefold()


@LANGS
def test_the_compare_sheet_and_the_packet_tag_no_gender(client, lang):
    sheet = post_ok(client, "/v1/compare", ids="test:ctny,test:tri", lang=lang,
                    format="json").json()
    (row,) = [r for r in sheet["rows"] if r["id"] == "gender"]
    items = [i for cell in row["cells"] for i in cell["items"]]
    assert len(items) == 2 and not any(i["confirm"] for i in items)
    html = post_ok(client, "/v1/compare", ids="test:ctny,test:tri", lang=lang, format="html").text
    table_row = re.search(r'<tr class="row-fact" id="row-gender">(.*?)</tr>', html, re.S).group(1)
    assert PLEASE_CONFIRM[lang] not in _text(table_row).casefold()
    packet = post_ok(client, "/v1/referrals", ids="test:ctny,test:tri", lang=lang,
                     format="json").json()
    genders = [f for e in packet["entries"] for f in e["facts"] if f["kind"] == "gender"]
    assert len(genders) == 2 and not any(f["confirm"] for f in genders)
