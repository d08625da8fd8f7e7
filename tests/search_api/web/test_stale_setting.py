"""THERAPIST_FINDER_STALE_AFTER_DAYS drives every "may be out of date" a person reads.

The setting decides which listings a search hides; the pages' "(may be out of date)" and
the printables' "please confirm: over six months old" used a fixed 180 days and "six
months" instead. Under a 90-day setting a 120-day-old claim was called current on the
profile and the printout while the search already treated such dates as stale. Each test
runs the real app over a real SQLite store, once with the default and once with 90 days.

Pages use the real date (`date.today()`), so the listings' dates are relative to it.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest

from search_api.printables.provenance import date_text
from tests.search_api.printables.conftest import pdf_text
from tests.search_api.web.conftest import MANHATTAN
from tests.utils.factories import claim, make_listing, north_of
from tests.utils.html import paragraph as _paragraph
from tests.utils.html import visible_text as _text
from tests.utils.stores import app_over
from therapist_finder.merge import merge_listings
from therapist_finder.schema import Listing

HTML = {"accept": "text/html"}
TODAY = date.today()


def _ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


RECENT, DAYS_120 = _ago(10), _ago(120)  # 120 days: stale under 90, current under 180
STALE_NOTE = {"en": "(may be out of date)", "es": "(puede estar desactualizado)"}
# The printables' tag for an old fact, by setting (the default keeps its everyday words).
OLD_TAG = {("en", 90): "please confirm: over 90 days old", ("es", 90): "confirmar: tiene más de 90 días",
           ("en", 180): "please confirm: over six months old",
           ("es", 180): "confirmar: tiene más de seis meses"}
MERGED_ID = "nppes:1000000021"
LANGS = pytest.mark.parametrize("lang", ["en", "es"])


def _read(day: str) -> dict:
    return {"last_seen_at": day, "sources": [{"source": "fixture", "url": None, "fetched_at": day}]}


def _merged() -> Listing:
    """An insurer's directory (5 days ago) and the therapist's own page (120 days ago)
    disagree about new clients, fees and Aetna; the directory, newer, wins each field."""
    def read(id_: str, source: str, day: str, url: str, **fields) -> Listing:
        return Listing.model_validate({
            "id": id_, "kind": "individual", "name": "Temperance Oakhollow", "npi": "1000000021",
            "license_states": ["NY"], "last_seen_at": day,
            "sources": [{"source": source, "url": url, "fetched_at": day, "listing_id": id_}],
            **fields})

    insurer = read("plannet:fhir.acme-health.example:21", "plannet", _ago(5),
                   "https://fhir.acme-health.example/PractitionerRole/21",
                   accepting_new_clients=True, fees={"session_min": 150},
                   insurance=[{"payer": "aetna", "plans": [], "basis": "payer_directory",
                               "observed_at": _ago(5)}])
    own_page = read("directory:mind:temperance-o", "directory:mind", DAYS_120,
                    "https://www.mindfulpaths.example/therapists/temperance-o/",
                    accepting_new_clients=False, fees={"session_min": 180},
                    insurance=[{"payer": "cigna", "plans": [], "basis": "provider_reported",
                                "observed_at": DAYS_120}])  # its list leaves Aetna out
    return merge_listings(own_page, insurer)


def listings() -> list:
    near = north_of(*MANHATTAN, 1)
    old = {"basis": "provider_reported", "source": "fixture", "observed_at": DAYS_120}
    return [
        # Seen lately; its fees, new-client status and Aetna badge were vouched for 120 days ago.
        make_listing("claims-120", near, name="Hesper Quarrington", license_states=["NY"],
                     insurance=[claim("aetna", "payer_directory", DAYS_120)],
                     fees={"session_min": 95}, accepting_new_clients=True,
                     attributions={"fees": old, "accepting_new_clients": old}, **_read(RECENT)),
        # No source has seen it for 120 days: a search under 90 days hides it.
        make_listing("seen-120", near, name="Lucan Fairweather", license_states=["NY"],
                     fees={"session_min": 85}, accepting_new_clients=True, **_read(DAYS_120)),
        _merged(),
    ]


def _app(tmp_path_factory, days: int | None):
    settings = {"stale_after_days": days} if days else {}  # None: the default, as deployed
    yield from app_over(tmp_path_factory.mktemp(f"stale-{days}") / "stale.db", listings(), **settings)


@pytest.fixture(scope="module")
def default_client(tmp_path_factory):
    yield from _app(tmp_path_factory, None)


@pytest.fixture(scope="module")
def ninety_days(tmp_path_factory):
    yield from _app(tmp_path_factory, 90)


@pytest.fixture(scope="module")
def clients(default_client, ninety_days):
    """{stale_after_days: a client of the real app with that setting}."""
    return {180: default_client, 90: ninety_days}




def _page(client, path: str, lang: str, **params) -> str:
    page = client.get(path, params={**params, "lang": lang}, headers=HTML)
    assert page.status_code == 200, page.text[:300]
    return page.text


def _insurance_rows(html: str) -> str:
    return re.search(r'<table class="stack-table">.*?</table>', html, re.S).group(0)


@LANGS
@pytest.mark.parametrize(("days", "stale"), [(90, True), (180, False)])
def test_a_120_day_old_claim_may_be_out_of_date_on_the_profile_by_the_setting(clients, lang,
                                                                               days, stale):
    html = _page(clients[days], "/therapists/test:claims-120", lang)
    note = STALE_NOTE[lang]
    for css_class in ("accepting", "fees"):
        assert _text(_paragraph(html, css_class)).endswith(note) is stale, (css_class, days)
    assert (note in _text(_insurance_rows(html))) is stale
    assert ("badge-stale" in html) is stale
    # Seen 10 days ago: its "Last seen" is current under either setting.
    assert note not in _text(html[html.index('id="h-sources"'):])


@LANGS
@pytest.mark.parametrize(("days", "stale"), [(90, True), (180, False)])
def test_the_shortlist_judges_by_the_same_setting(clients, lang, days, stale):
    html = _page(clients[days], "/shortlist", lang, ids="test:claims-120")
    assert (STALE_NOTE[lang] in _text(_paragraph(html, "fees"))) is stale


def _card(html: str, name: str) -> str | None:
    cards = [c for c in re.findall(r'<li class="card".*?</article>', html, re.S) if name in c]
    return cards[0] if cards else None


@pytest.mark.parametrize(("days", "stale"), [(90, True), (180, False)])
def test_the_search_hides_and_the_card_warns_by_one_span(clients, days, stale):
    """The listing the search calls stale is the one whose card says so, under any setting."""
    shown = _page(clients[days], "/", "en", near="10001")
    assert (_card(shown, "Lucan Fairweather") is None) is stale
    everything = _page(clients[days], "/", "en", near="10001", include_stale="true")
    card = _card(everything, "Lucan Fairweather")
    assert card is not None
    assert _text(_paragraph(card, "accepting")).endswith(STALE_NOTE["en"]) is stale
    claims = _card(everything, "Hesper Quarrington")
    assert (STALE_NOTE["en"] in _text(_paragraph(claims, "fees"))) is stale


@pytest.mark.parametrize(("days", "lang", "said"), [
    (180, "en", "Otherwise hidden: listings no source has listed in six months."),
    (90, "en", "Otherwise hidden: listings no source has listed in 90 days."),
    (90, "es", "Si no, se ocultan: los anuncios que ninguna fuente ha publicado en 90 días."),
])
def test_the_include_stale_box_names_the_settings_span(clients, days, lang, said):
    """Its label used to say "confirmed recently", as if the listings shown were confirmed:
    the date only says a source listed them."""
    page = _page(clients[days], "/", lang, near="10001")
    assert said in page and "confirmed recently" not in page


def _checklist(client, lang: str, fmt: str, listing: str = "test:claims-120"):
    answer = client.post("/v1/checklist", data={"therapist_id": listing, "lang": lang, "format": fmt})
    assert answer.status_code == 200
    return answer


@LANGS
@pytest.mark.parametrize(("days", "stale"), [(90, True), (180, False)])
def test_the_checklist_judges_and_names_the_settings_span(clients, lang, days, stale):
    facts = {f["id"]: f for f in _checklist(clients[days], lang, "json").json()["known_facts"]}
    for fid in ("accepting_new_clients", "session_fee", "insurance:aetna"):
        assert facts[fid]["old"] is stale, (fid, days)
    # A fresh insurer's directory stands alone; past the setting, it wants confirming.
    assert facts["insurance:aetna"]["confirm"] is stale
    page = _text(_checklist(clients[days], lang, "html").text)
    assert (OLD_TAG[lang, days] in page) is stale
    # The boxes' intros name the same span, whether or not a fact is old.
    span = {("en", 90): "more than 90 days old", ("es", 90): "tiene más de 90 días",
            ("en", 180): "more than six months old", ("es", 180): "tiene más de seis meses"}
    assert span[lang, days] in page
    wrong = {90: ("six months", "seis meses"), 180: ("90 days", "90 días")}[days]
    assert not any(words in page for words in wrong)


def test_the_checklists_pdf_names_the_settings_span(clients):
    flat = " ".join(pdf_text(_checklist(clients[90], "en", "pdf").content).split())
    assert OLD_TAG["en", 90].upper() in flat.upper() and "six months" not in flat


def test_the_compare_sheet_and_the_spreadsheet_name_the_settings_span(clients):
    ids = ["test:claims-120", "test:seen-120"]
    sheet = clients[90].post("/v1/compare", data={"ids": ids, "format": "html"})
    assert sheet.status_code == 200 and OLD_TAG["en", 90] in _text(sheet.text)
    csv_answer = clients[90].post("/v1/referrals", data={"ids": ids, "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(csv_answer.text.lstrip("\ufeff"))))
    assert f"[{OLD_TAG['en', 90]}]" in rows[0]["Accepting new clients"]
    default = clients[180].post("/v1/referrals", data={"ids": ids, "format": "csv"})
    assert default.status_code == 200 and " old]" not in default.text


def _disputes(html: str) -> list[str]:
    """The "Sources disagree" box's entries, as HTML."""
    box = html[html.index('<section class="disputes"'):]
    return re.findall(r"<li>(.*?)</li>", box[:box.index("</section>")], re.S)


@LANGS
@pytest.mark.parametrize(("days", "stale"), [(90, True), (180, False)])
def test_the_sources_disagree_box_says_which_claims_may_be_out_of_date(clients, lang, days, stale):
    """The therapist's page said "No" 120 days ago; the insurer's directory said "Yes" 5 days
    ago. The box said what the page said with no word about its age."""
    html = _page(clients[days], f"/therapists/{MERGED_ID}", lang)
    entries = _disputes(html)
    others = {"en": "another source says:", "es": "otra fuente indica:"}[lang]
    assert len(entries) >= 3  # new clients, fee, Aetna
    for entry in entries:
        shown, _, other = entry.partition(others)
        assert other, entry
        # The directory's fresh word: never out of date; the page's: by the setting.
        assert "stale-note" not in shown, entry
        assert (f'<span class="stale-note">{STALE_NOTE[lang]}</span>' in other) is stale, (days, entry)
        # ...each entry citing the date it is judged by
        assert date_text(date.fromisoformat(DAYS_120), lang) in _text(other), entry


@pytest.fixture(scope="module")
def three_days(tmp_path_factory):
    yield from _app(tmp_path_factory, 3)


def test_an_old_shown_claim_in_the_box_is_marked_too(three_days):
    """The box judges every dated entry alike: under a 3-day setting the directory's 5-day-old
    answer (the one the badges show) may be out of date as well, as its badge says."""
    html = _page(three_days, f"/therapists/{MERGED_ID}", "en")
    assert "badge-stale" in _paragraph(html, "accepting")
    for entry in _disputes(html):
        shown, _, other = entry.partition("another source says:")
        assert "stale-note" in shown and "stale-note" in other, entry
