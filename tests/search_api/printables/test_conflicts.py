"""When sources disagree, every printable says so, and asks the client to confirm.

A merged listing shows one value per field and keeps the disagreement in
`Listing.conflicts`. The printables used to print the winning value alone: an
insurer's directory saying "accepting new clients" (or "in network with Aetna")
printed as settled, with no "please confirm", although the therapist's own page
said otherwise.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from tests.search_api.printables.conftest import TODAY, client_over, pdf_text, post_ok
from therapist_finder.merge import merge_listings
from therapist_finder.schema import Listing

NPI = "1000000013"
MERGED_ID = f"nppes:{NPI}"


def listing(id_: str, name: str, source: str, day: str, url: str | None = None,
            **fields) -> Listing:
    return Listing.model_validate({
        "id": id_, "kind": "individual", "name": name,
        "sources": [{"source": source, "url": url, "fetched_at": day, "listing_id": id_}],
        "last_seen_at": day, **fields})


# How the printables name the two sources that disagree (their ids are "plannet" and
# "directory:mind"): by the host each was read from.
INSURER = "insurer directory at fhir.acme-health.example"
OWN_PAGE = "mindfulpaths.example directory site"


OFFICE = {"address": "212 Maple Example Ave, Suite 410", "city": "New York", "state": "NY",
          "postal_code": "10001", "lat": 40.7496, "lon": -73.9958}


def merged_listing() -> Listing:
    """The registry, an insurer's directory and the therapist's own page, which disagree."""
    registry = listing(MERGED_ID, "Harriet J. Quillfeather", "nppes", "2026-11-01", npi=NPI,
                       credentials=["LCSW"], license_states=["NY"], phone="(212) 555-0147",
                       locations=[OFFICE])
    # The newest claim wins a field: here the insurer's directory, three days after the page.
    insurer = listing("plannet:fhir.acme-health.example:77", "QUILLFEATHER, HARRIET", "plannet",
                      "2026-11-18", "https://fhir.acme-health.example/PractitionerRole?_count=50",
                      npi=NPI, accepting_new_clients=True, telehealth=True,
                      fees={"session_min": 150, "session_max": 150},
                      insurance=[{"payer": "aetna", "plans": ["Choice POS II"],
                                  "basis": "payer_directory", "observed_at": "2026-11-18"}],
                      locations=[OFFICE])
    own_page = listing("directory:mind:harriet-q", "Harriet Quillfeather", "directory:mind",
                       "2026-11-15", "https://www.mindfulpaths.example/therapists/harriet-q/",
                       phone="212.555.0147", accepting_new_clients=False,
                       telehealth=False, fees={"session_min": 180, "session_max": 180, "sliding_scale": True},
                       insurance=[{"payer": "cigna", "plans": [], "basis": "provider_reported",
                                   "observed_at": "2026-11-15"}])
    return merge_listings(merge_listings(registry, own_page), insurer)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    merged = merged_listing()
    assert {c.field for c in merged.conflicts} >= {"accepting_new_clients", "insurance.aetna"}
    assert merged.accepting_new_clients is True  # the insurer's directory won the field
    other = listing("test:other", "Bram Ambervale", "sample", "2026-11-01")
    yield from client_over(tmp_path_factory, "conflicts", [merged, other])


def facts_by_id(body: dict) -> dict:
    return {f["id"]: f for f in body["known_facts"]}


def test_disputed_facts_say_what_the_other_source_says(client):
    body = post_ok(client, "/v1/checklist", therapist_id=MERGED_ID).json()
    facts = facts_by_id(body)
    accepting = facts["accepting_new_clients"]
    assert accepting["value"] == "Yes" and accepting["basis"] == "payer_directory"
    # A fresh insurer's directory alone needs no confirming; contradicted, it does.
    assert accepting["disputed"] and accepting["confirm"]
    assert [o["value"] for o in accepting["others"]] == ["No"]
    assert accepting["others"][0]["provenance"] == f"self-reported on November 15, 2026, source: {OWN_PAGE}"
    assert accepting["source"] == "plannet"  # the JSON keeps the id; people read the label
    assert accepting["provenance"] == f"per the insurer's directory, checked on November 18, 2026, " \
                                      f"source: {INSURER}"
    aetna = facts["insurance:aetna"]
    assert aetna["disputed"] and aetna["confirm"]
    assert aetna["others"][0]["value"] == "not on its list of insurers"
    assert facts["session_fee"]["disputed"]
    assert [o["value"] for o in facts["session_fee"]["others"]] == ["$180"]
    assert [o["value"] for o in facts["sessions"]["others"]] == ["By video: no"]
    # Facts the sources agree on (or only one gives) stay as they were.
    assert not facts["insurance:cigna"]["disputed"] and not facts["license"]["disputed"]


def test_undisputed_listing_is_unchanged(client, vocabs):
    from search_api.printables.facts import listing_facts
    from search_api.printables.wording import load_content

    plain = merged_listing().model_copy(update={"conflicts": []})
    facts = listing_facts(plain, vocabs, load_content("en"), TODAY)
    accepting = next(f for f in facts if f.id == "accepting_new_clients")
    assert not accepting.disputed and not accepting.confirm and accepting.others == []


@pytest.mark.parametrize(("lang", "says", "tag"), [
    ("en", f"another source says: No, self-reported on November 15, 2026, source: {OWN_PAGE}",
     "please confirm: sources disagree"),
    ("es", "otra fuente indica: No, declarado por el propio profesional el 15 de noviembre de 2026, "
           "fuente: sitio de directorio mindfulpaths.example", "confirmar: las fuentes no coinciden"),
])
def test_checklist_page_and_pdf_show_the_disagreement(client, lang, says, tag):
    html = post_ok(client, "/v1/checklist", therapist_id=MERGED_ID, lang=lang, format="html").text
    assert says in html and tag in html
    question = "(The directory says: Yes; another source says: No.)" if lang == "en" else \
        "(Según el directorio: Sí; otra fuente indica: No.)"
    assert question in html  # asked about in the consultation
    pdf = post_ok(client, "/v1/checklist", therapist_id=MERGED_ID, lang=lang, format="pdf").content
    flat = " ".join(pdf_text(pdf).split())
    assert tag.upper() in flat and says in flat


def test_compare_sheet_flags_the_client_s_insurer_when_sources_disagree(client):
    params = {"ids": f"{MERGED_ID},test:other", "insurance": "aetna"}
    sheet = post_ok(client, "/v1/compare", format="json", **params).json()
    row = next(r for r in sheet["rows"] if r["id"] == "your-insurance-aetna")
    item = row["cells"][0]["items"][0]
    assert item["disputed"] and item["confirm"]
    assert item["others"][0]["value"] == "not on its list of insurers"
    html = post_ok(client, "/v1/compare", format="html", **params).text
    cells = re.search(r'id="row-your-insurance-aetna">(.*?)</tr>', html, re.S)[1]
    assert "please confirm: sources disagree" in cells
    assert "another source says: not on its list of insurers, self-reported on November 15, 2026" in cells


def test_csv_keeps_the_disagreement(client):
    text = post_ok(client, "/v1/referrals", ids=MERGED_ID, insurance="aetna", format="csv").text
    row = next(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert row["Accepting new clients"] == (
        f"Yes (per the insurer's directory, checked on November 18, 2026, source: {INSURER}; "
        f"another source says: No, self-reported on November 15, 2026, source: {OWN_PAGE}) "
        "[please confirm: sources disagree]")
    assert "Aetna: in network (Choice POS II) per the insurer's directory, checked on November 18, 2026, " \
           f"source: {INSURER}; another source says: not on its list of insurers, " \
           f"self-reported on November 15, 2026, source: {OWN_PAGE} [please confirm: sources " \
           "disagree]" in row["Insurance (who said so, when)"]
    # The plain columns, for sorting and filtering, say so too.
    assert row["Accepting new clients (yes/no)"] == "yes (sources disagree)"
    assert row["Takes Aetna"] == "yes, per the insurer's directory (sources disagree)"


def test_referral_page_and_json_agree(client):
    html = post_ok(client, "/v1/referrals", ids=MERGED_ID, format="html").text
    body = json.loads(post_ok(client, "/v1/referrals", ids=MERGED_ID, format="json").text)
    facts = {f["id"]: f for f in body["entries"][0]["facts"]}
    for fact in (facts["accepting_new_clients"], facts["insurance:aetna"]):
        assert fact["disputed"]
        for other in fact["others"]:
            assert f"another source says: {other['description']}" in html
    assert html.count("please confirm: sources disagree") == \
        sum(f["disputed"] for f in facts.values())


def test_the_web_profile_says_so_too(client):
    page = client.get(f"/therapists/{MERGED_ID}", headers={"accept": "text/html"}).text
    box = page[page.index('<section class="disputes"'):]
    box = box[:box.index("</section>")]
    assert "Sources disagree" in box and "another source says: No" in box
    assert f"source: {OWN_PAGE}" in box and "directory:mind" not in box
    other = client.get("/therapists/test:other", headers={"accept": "text/html"}).text
    assert 'class="disputes"' not in other


@pytest.fixture(scope="module")
def old_client(tmp_path_factory):
    """The same disagreement, but the therapist's own page was read nine months ago."""
    merged = merged_listing()
    for conflict in merged.conflicts:
        for claim in conflict.claims:
            if claim.source == "directory:mind":
                claim.observed_at = claim.observed_at.replace(month=3, day=2)
    other = listing("test:other", "Bram Ambervale", "sample", "2026-11-01")
    yield from client_over(tmp_path_factory, "old-conflicts", [merged, other])


@pytest.mark.parametrize(("lang", "note", "question"), [
    ("en", "(over six months old)",
     "(The directory says: Yes; another source says: No (over six months old).)"),
    ("es", "(tiene más de seis meses)",
     "(Según el directorio: Sí; otra fuente indica: No (tiene más de seis meses).)"),
])
def test_printouts_say_when_the_other_source_s_word_is_old(old_client, lang, note, question):
    """The JSON flagged it (`old`), but paper said nothing: an old "not accepting"
    read as current as the insurer's fresh "accepting"."""
    html = post_ok(old_client, "/v1/checklist", therapist_id=MERGED_ID, lang=lang, format="html").text
    assert question in html
    says = "another source says: No, self-reported on March 2, 2026" if lang == "en" else \
        "otra fuente indica: No, declarado por el propio profesional el 2 de marzo de 2026"
    assert re.search(re.escape(says) + r"[^<]*" + re.escape(note), html), html
    pdf = post_ok(old_client, "/v1/checklist", therapist_id=MERGED_ID, lang=lang, format="pdf").content
    assert question in " ".join(pdf_text(pdf).split())
    body = post_ok(old_client, "/v1/checklist", therapist_id=MERGED_ID, lang=lang, format="json").json()
    other = facts_by_id(body)["accepting_new_clients"]["others"][0]
    assert other["old"] and other["old_note"] == note.strip("()")


def test_compare_and_referral_sheets_say_so_too(old_client):
    cells = post_ok(old_client, "/v1/compare", format="html", ids=f"{MERGED_ID},test:other").text
    assert re.search(r"another source says: No, self-reported on March 2, 2026[^<]*\(over six months old\)",
                     cells)
    text = post_ok(old_client, "/v1/referrals", ids=MERGED_ID, format="csv").text
    row = next(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    says = (f"another source says: No, self-reported on March 2, 2026, source: {OWN_PAGE}"
            " (over six months old)")
    assert says in row["Accepting new clients"]
    html = post_ok(old_client, "/v1/referrals", ids=MERGED_ID, format="html").text
    assert f"source: {OWN_PAGE} (over six months old)" in html
