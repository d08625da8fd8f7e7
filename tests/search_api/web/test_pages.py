"""The HTML pages through TestClient: status codes, escaping, headers, errors."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from search_api import web
from search_api.app import create_app
from search_api.web.rendering import csp
from tests.search_api.web.conftest import XSS_NAME
from tests.utils.factories import make_listing
from therapist_finder.errors import StoreUnavailable
from therapist_finder.normalize import normalize_listing
from therapist_finder.search_params import SearchParams
from therapist_finder.settings import Settings
from therapist_finder.store.sqlite import SqliteStore
from therapist_finder.vocab import load_vocabularies

HTML = {"accept": "text/html"}


def _names(html: str) -> set[str]:
    form = html[html.index("<form id=\"search-form\""):html.index("</form>")]
    return set(re.findall(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"', form))


def test_search_page_has_every_filter_of_the_search_contract(client):
    resp = client.get("/")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/html")
    names = _names(resp.text)
    # Every API query parameter is a form field (the cursor travels in the paging links).
    assert set(SearchParams.model_fields) - {"cursor"} <= names
    assert names <= set(SearchParams.model_fields)  # and nothing the API would reject
    assert "6 listings" in resp.text or "Start a search" in resp.text


def test_search_results_distance_fees_badges_and_facets(client):
    resp = client.get("/", params={"near": "10001", "insurance": "Aetna"})
    assert resp.status_code == 200
    text = resp.text
    assert "3 listings within 25 miles of New York, NY" in text
    assert "0.5 mi" in text
    assert "Sliding scale $40–$90" in text or "sliding scale $40–$90" in text
    assert "self-reported on October 1, 2026" in text
    assert "in network per the insurer&#39;s directory, checked on October 1, 2026" in text
    # The facet checkbox is a real input, checked, with its disjunctive count.
    assert re.search(r'<input type="checkbox" id="f-insurance-aetna" name="insurance" '
                     r'value="aetna" checked>', text)
    aetna = re.search(r'for="f-insurance-aetna">Aetna <span class="count">(\d+)<', text)
    cigna = re.search(r'for="f-insurance-cigna">Cigna <span class="count">(\d+)<', text)
    assert aetna and aetna.group(1) == "3"
    assert cigna and cigna.group(1) == "1"  # insurance's own filter is not applied to it
    # Markers for the map come from data attributes, not inline script.
    assert text.count("data-marker") == 3
    assert "<script>" not in text.replace('<script src="', "")
    # A chip removes the filter again.
    assert 'href="/?near=10001">Insurance: Aetna' in text


def test_paging_links_carry_the_search(client):
    first = client.get("/", params={"near": "10001", "limit": 2, "sort": "name"})
    assert first.status_code == 200
    link = re.search(r'href="(/\?[^"]*cursor=[^"]+)" rel="next"', first.text)
    assert link
    second = client.get(link.group(1).replace("&amp;", "&"))
    assert second.status_code == 200
    assert 'rel="prev">Previous page' in second.text


def test_untrusted_text_is_inert_everywhere(client):
    pages = [
        client.get("/", params={"near": "10001"}),
        client.get("/", params={"q": XSS_NAME}),
        client.get("/therapists/test:xss"),
        client.get("/shortlist", params={"ids": "test:xss"}),
        client.get("/therapists/<script>alert(1)</script>"),
    ]
    for resp in pages:
        assert resp.status_code in (200, 404)
        assert "<script>alert(1)</script>" not in resp.text
        assert "<img src=x" not in resp.text
        assert "<b>bold</b>" not in resp.text
        assert 'href="javascript:' not in resp.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Fenwick" in pages[0].text
    profile = pages[2].text
    assert "&lt;img src=x onerror=alert(1)&gt; &#34;quoted&#34; &amp; &lt;b&gt;bold&lt;/b&gt;" in profile
    assert "javascript:alert(1)" not in profile  # a non-http website is not shown as a link


def test_profile_has_fields_sources_dates_and_checklist(client):
    resp = client.get("/therapists/test:ipt")
    assert resp.status_code == 200
    text = resp.text
    for expected in ["Orla Quillfeather", "LCSW", "Clinical social worker", "New York",
                     "Interpersonal psychotherapy (IPT)", "Spanish", "Perinatal", "Aetna",
                     "Medicaid", "12 Example Street, Suite 3", "(212) 555-0142",
                     'href="https://orlaquillfeather.example"', "fixture", "Accepting new clients",
                     "free consultation", "Listing id", "test:ipt"]:
        assert expected in text, expected
    assert 'action="/v1/checklist"' in text
    assert 'name="therapist_id" value="test:ipt"' in text
    assert '<p>A fictional listing for tests.</p>' in text


def test_unknown_id_is_an_html_404(client):
    resp = client.get("/therapists/test:nobody")
    assert resp.status_code == 404
    assert resp.headers["content-type"].startswith("text/html")
    assert "No such listing" in resp.text and "test:nobody" in resp.text
    too_long = client.get("/therapists/" + "a:" + "x" * 400)
    assert too_long.status_code == 404


def test_unknown_page_is_html_but_api_404_stays_json(client):
    page = client.get("/no-such-page", headers=HTML)
    assert page.status_code == 404 and "Page not found" in page.text
    api = client.get("/v1/no-such-endpoint", headers=HTML)
    assert api.status_code == 404 and api.headers["content-type"].startswith("application/json")
    api_profile = client.get("/v1/therapists/test:nobody")
    assert api_profile.status_code == 404 and api_profile.json()["detail"]


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"insurance": "Aetan"}, "Insurance: we don&#39;t recognize “Aetan”. See the suggestions below."),
        ({"limit": "0"}, "Results per page: choose 10, 20, 50 or 100."),
        ({"radius_mi": "300", "near": "10001"},
         "Within: choose a distance from the list (at most 250 miles)."),
        ({"near": "99999"}, "Near: we couldn&#39;t find the ZIP code 99999."),
        ({"near": "zzzzz"}, "Near: we couldn&#39;t find that place. Try a 5-digit ZIP or a city and "
                            "state, like Portland, OR."),
        ({"near": "10001, CA"}, "Near: ZIP code 10001 is in NY, not CA."),
        ({"near": "Houston"},
         "Near: “Houston” needs its state, like Houston, TX. See the suggestions below."),
        ({"near": "Huoston, TX"}, "Near: we couldn&#39;t find that place. Try a 5-digit ZIP or a city and "
                                  "state, like Portland, OR. See the suggestions below."),
        ({"lat": "40"}, "Latitude and Longitude: fill in both, or leave both blank."),
        ({"sort": "price"}, "Sort by: choose one of the options in the list."),
        ({"sort": "distance"}, "Sort by: to sort by distance, fill in Near first."),
        ({"cursor": "garbage!"}, "This page of results can&#39;t be shown"),
        ({"telehealth": "maybe"}, "Telehealth (video or phone): tick the box, or leave it blank."),
        ({"max_fee": "-5"}, "Most I can pay per session ($): enter an amount of 0 or more, like 120"),
        ({"max_fee": "lots"}, "Most I can pay per session ($): enter an amount of 0 or more"),
        ({"state": "Narnia"}, "Licensed in or office in state: we don&#39;t know that state."),
        ({"foo": "1"}, "This search address has a setting the page doesn&#39;t use (“foo”)."),
        ({"q": "x" * 300}, "What would you like help with? Use at most 200 characters."),
    ],
)
def test_bad_parameters_give_an_html_422_in_the_forms_words(client, params, fragment):
    resp = client.get("/", params=params)
    assert resp.status_code == 422
    assert resp.headers["content-type"].startswith("text/html")
    assert "Please check your search" in resp.text
    assert fragment in resp.text
    assert "Content-Security-Policy" in resp.headers
    # No developer words: settings, pydantic's phrasing, API field names as such.
    summary = re.sub(r"<[^>]+>", " ", resp.text[resp.text.index('class="error-summary"'):
                                                 resp.text.index("<form")])
    for jargon in ("THERAPIST_FINDER", "Input should", "next_cursor", "max_fee", "radius_mi",
                   "lat and lon", "String should", "geocoder", "parameter"):
        assert jargon not in summary, jargon


def test_422_offers_the_suggestion_and_keeps_the_other_values(client):
    resp = client.get("/", params={"near": "10001", "insurance": "Aetan"})
    assert 'value="10001"' in resp.text
    link = re.search(r'Did you mean:\s*<a href="([^"]+)">Aetna</a>', resp.text)
    assert link
    fixed = client.get(link.group(1).replace("&amp;", "&"))
    assert fixed.status_code == 200 and "Orla Quillfeather" in fixed.text


def test_blank_form_fields_are_ignored(client):
    resp = client.get("/?q=&near=10001&lat=&lon=&radius_mi=25&state=&max_fee=&sort=&limit=20")
    assert resp.status_code == 200
    assert "within 25 miles" in resp.text


# Searches with more than one result: one listing, or none, is in no order and says none.
@pytest.mark.parametrize("params, sorted_by", [({"near": "10001"}, "distance"),
                                               ({"near": "10001", "q": "anxiety"}, "distance"),
                                               ({"q": "anxiety"}, "relevance")])
def test_the_default_sort_is_named_for_what_it_does(client, params, sorted_by):
    """The sort list's default option is "Automatic", and the results say what it chose
    (it said "Best match" above results sorted by distance)."""
    text = client.get("/", params=params, headers=HTML).text
    selected = re.search(r'<select id="f-sort".*?<option value="[^"]*" selected>([^<]*)<', text, re.S)
    assert selected is not None and selected.group(1) == "Automatic"
    assert f"sorted by {sorted_by}." in text.replace("Sorted", "sorted")


def test_results_can_be_sorted_lowest_fee_first(client):
    text = client.get("/", params={"near": "10001", "sort": "fee"}, headers=HTML).text
    selected = re.search(r'<select id="f-sort".*?<option value="([^"]*)" selected>([^<]*)<', text, re.S)
    assert selected is not None and selected.groups() == ("fee", "Lowest fee first")
    line = "sorted by fee, lowest first; listings without a fee come last."
    assert line in text.replace("Sorted", "sorted")
    # Orla's $40 sliding-scale minimum, Bram's $120; no known fee last, nearest first.
    shown = re.findall(r'<h3 id="r-\d+" class="card-title">.*?href="/therapists/([^"?]+)', text)
    assert shown == ["test:ipt", "test:cbt", "test:xss", "test:org"]


def test_the_sort_list_offers_lowest_fee_first(client):
    text = client.get("/", headers=HTML).text
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)<', text[text.index('id="f-sort"'):])
    assert ("fee", "Lowest fee first") in options[:6]


def test_shortlist_page(client):
    resp = client.get("/shortlist?ids=test:ipt,test:cbt&ids=test:gone")
    assert resp.status_code == 200
    text = resp.text
    assert "Orla Quillfeather" in text and "Bram Ambervale" in text
    assert "no longer in the directory" in text and "test:gone" in text
    assert 'action="/v1/compare"' in text and 'action="/v1/referrals"' in text
    assert text.count('name="ids" value="test:ipt"') == 2
    assert 'href="/shortlist?ids=test%3Acbt"' in text  # removing Orla keeps Bram
    empty = client.get("/shortlist")
    assert empty.status_code == 200 and "Your shortlist is empty" in empty.text


def test_shortlist_bad_links_are_422_but_a_long_one_shows_its_first_20(client):
    ids = ["test:ipt", *(f"test:n{i}" for i in range(19)), "test:cbt", "test:far"]
    too_many = client.get("/shortlist", params={"ids": ",".join(ids)})
    assert too_many.status_code == 200
    assert ("A shortlist holds at most 20 listings. This link had 22, so the first 20 are shown."
            in too_many.text)
    assert "Orla Quillfeather" in too_many.text and "Bram Ambervale" not in too_many.text  # the 21st
    assert "19 listings are no longer in the directory and were left out" in too_many.text
    extra = client.get("/shortlist", params={"ids": "test:ipt", "name": "x"})
    assert extra.status_code == 422 and "unknown parameter" in extra.text


def test_privacy_headers_and_first_party_assets(client):
    english = ["/", "/?near=10001", "/therapists/test:ipt", "/shortlist?ids=test:ipt", "/nope"]
    # In Spanish too: the language rides in the address (lang=es), never in a cookie.
    spanish = ["/?lang=es", "/?near=10001&lang=es", "/therapists/test:ipt?lang=es",
               "/shortlist?ids=test:ipt&lang=es", "/nope?lang=es"]
    for url in english + spanish:
        resp = client.get(url, headers=HTML)
        assert "set-cookie" not in resp.headers
        policy = resp.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy
        assert "img-src 'self' data: https://tile.openstreetmap.org" in policy
        assert resp.headers["referrer-policy"] == "no-referrer"
        assert resp.headers["cache-control"] == "no-store"
        for tag, attr in re.findall(r"<(script|link)\b[^>]*\b(?:src|href)=\"([^\"]*)\"", resp.text):
            assert attr.startswith("/static/"), (tag, attr)
        assert "<style" not in resp.text and " style=" not in resp.text
        assert " on" + "click=" not in resp.text


def test_static_files(client):
    assert client.get("/static/css/site.css").status_code == 200
    assert client.get("/static/js/site.js").status_code == 200
    if web.leaflet_available():
        resp = client.get("/static/vendor/leaflet/leaflet.js")
        assert resp.status_code == 200 and "Leaflet" in resp.text[:500]


def test_tile_setting_shapes_the_policy():
    assert "https://*.tile.example.org" in csp(Settings(tile_url="https://{s}.tile.example.org/{z}/{x}/{y}.png"))
    off = csp(Settings(tile_url="off"))
    assert "img-src 'self' data:;" in off
    env = Settings.from_environ({"THERAPIST_FINDER_TILE_URL": "https://tiles.example.net/{z}/{x}/{y}.png"})
    assert env.tile_url.startswith("https://tiles.example.net/")


def test_a_store_that_is_down_gives_an_html_503():
    class DownStore:
        def search(self, query):
            raise StoreUnavailable("no index file")

        def get(self, listing_id):
            raise StoreUnavailable("no index file")

        def close(self):
            pass

    with TestClient(create_app(Settings(store="sqlite:///unused.db"), store=DownStore())) as client:
        for url in ["/?near=10001", "/therapists/test:ipt", "/shortlist?ids=test:ipt"]:
            resp = client.get(url)
            assert resp.status_code == 503, url
            assert "unavailable right now" in resp.text


def test_ids_with_url_characters_round_trip(tmp_path, web_settings):
    # Ids may not hold / , ? # % (schema.py); they may hold what means something in a query.
    odd = make_listing("odd", name="Ida Odd").model_copy(update={"id": "test:a&b=c+d;e"})
    store = SqliteStore(tmp_path / "odd.db", snapshot_mode="full")
    store.rebuild([normalize_listing(odd, load_vocabularies())])
    try:
        with TestClient(create_app(web_settings, store=store)) as client:
            page = client.get("/?include_stale=true")
            href = re.search(r'<a href="(/therapists/[^"]+)"[^>]*>Ida Odd', page.text).group(1)
            assert href == "/therapists/test:a%26b%3Dc%2Bd%3Be"
            assert client.get(href).status_code == 200
            # Through the no-JavaScript shortlist and back.
            add = re.search(r'href="([^"]+)" data-shortlist-id="test:a&amp;b=c\+d;e"', page.text)
            added = client.get(add.group(1).replace("&amp;", "&")).text
            listed = re.search(r'<a href="([^"]*)" data-shortlist-link', added).group(1)
            assert listed == "/shortlist?ids=test%3Aa%26b%3Dc%2Bd%3Be"
            assert "Ida Odd" in client.get(listed).text
    finally:
        store.close()


def test_the_json_api_keeps_its_422_wording(client):
    # The page's plain words are for people; the API's details stay a contract for programs.
    resp = client.get("/v1/therapists", params={"max_fee": "-5"})
    assert resp.status_code == 422
    assert resp.json()["detail"][0]["msg"] == "max_fee: Input should be greater than or equal to 0"
    bad_cursor = client.get("/v1/therapists", params={"cursor": "garbage!"})
    assert "use next_cursor from a response" in bad_cursor.json()["detail"][0]["msg"]


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "Near: “Houston” needs its state, like Houston, TX. See the suggestions below."),
    ("es", "Cerca de: a “Houston” le falta el estado, como en Houston, TX. Vea las sugerencias de abajo."),
])
def test_a_city_without_its_state_leads_to_the_cities_of_that_name(client, lang, said):
    """The most natural thing to type ("Houston") used to end in a dead end."""
    resp = client.get("/", params={"near": "Houston", "specialty": "grief", "lang": lang})
    assert resp.status_code == 422 and said in resp.text
    assert '<a href="/?near=Houston%2C+TX&amp;specialty=grief' in resp.text
    assert resp.text.count('href="/?near=Houston%2C+') == 3


def test_the_fee_limit_says_that_sliding_scales_count(client):
    """A card showing "$275 a session; sliding scale $40–$100" under "at most $50"
    looked like a broken filter."""
    page = client.get("/", params={"near": "10001", "max_fee": "50"}).text
    assert "At most $50 a session, sliding scales included" in page
    assert 'aria-describedby="max-fee-hint"' in page
    assert "A sliding scale&#39;s lowest rate counts: ask what you would pay." in page
    spanish = client.get("/", params={"near": "10001", "max_fee": "50", "lang": "es"}).text
    assert "Como máximo $50 por sesión, con escalas móviles" in spanish


@pytest.mark.parametrize(("lang", "licensed", "languages"), [
    ("en", "<strong>Licensed in:</strong> New York", "<strong>Languages:</strong> "),
    ("es", "<strong>Con licencia en:</strong> Nueva York", "<strong>Idiomas:</strong> "),
])
def test_result_cards_say_where_a_therapist_is_licensed_and_in_what_languages(client, lang, licensed,
                                                                              languages):
    """Whether a therapist may see a client by video (licensed in their state), and in
    their language, used to need a visit to every profile."""
    page = client.get("/", params={"near": "10001", "lang": lang}).text
    cards = page.split('<li class="card"')[1:]
    assert cards and all(licensed in card for card in cards[:3])
    assert any(languages in card for card in cards)


def test_a_place_that_imitates_a_message_is_not_read_back_as_one(client):
    """The page builds its words from the error's fields, not from its English text."""
    page = client.get("/", params={"near": "Houston' needs its state, as in 'x"}).text
    assert "THERAPIST_FINDER" not in page and "needs its state, like x" not in page
    assert "Near: we couldn&#39;t find that place." in page


def test_a_distance_without_a_place_says_it_needs_one(client):
    """"Within 5 miles" with no place used to be ignored without a word."""
    note = "“Within” needs a place: add a ZIP, or a city and state, to search near it."
    assert note in client.get("/", params={"q": "anxiety", "radius_mi": "5"}).text
    assert note not in client.get("/", params={"q": "anxiety", "radius_mi": "25"}).text  # the form's default
    assert note not in client.get("/", params={"near": "10001", "radius_mi": "5"}).text
    spanish = client.get("/", params={"q": "anxiety", "radius_mi": "5", "lang": "es"}).text
    assert "“A menos de” necesita un lugar" in spanish


@pytest.fixture(scope="module")
def many_values_client(tmp_path_factory):
    """A store whose listings work with nine concerns: more than a facet shows at first."""
    from tests.utils.factories import make_listing, north_of
    from tests.utils.stores import app_over

    concerns = ["anxiety", "depression", "grief", "ptsd", "ocd", "adhd", "insomnia", "bipolar-disorder",
                "substance-use"]
    listings = [make_listing(f"many{i}", north_of(40.7484, -73.9967, 0.1 * i), specialties=[c])
                for i, c in enumerate(concerns)]
    yield from app_over(tmp_path_factory.mktemp("many") / "many.db", listings)


@pytest.mark.parametrize(("lang", "said"), [("en", r"\d+ more options"), ("es", r"\d+ opciones más")])
def test_a_facet_s_further_options_are_counted_in_plain_words(many_values_client, lang, said):
    """The summary used to slot the legend into a sentence: "More helps with options"."""
    text = many_values_client.get("/", params={"near": "10001", "lang": lang}, headers=HTML).text
    summaries = re.findall(r"<summary>([^<]*)</summary>", text)
    assert any(re.fullmatch(said, s) for s in summaries), summaries
    assert not any(s.startswith(("More ", "Más opciones de")) for s in summaries)


@pytest.mark.parametrize(("query", "field", "said"), [
    ("state=NY&state=CA&telehealth=true", "state", "give one value, not 2."),
    ("near=Austin, TX&near=10001", "near", "give one value, not 2."),
    ("near=10001&radius_mi=5&radius_mi=50&lang=es", "radius_mi", "indique un solo valor, no 2."),
])
def test_a_one_value_field_given_twice_is_named_not_guessed(client, query, field, said):
    """The page searched on the last value while its links carried the first."""
    resp = client.get(f"/?{query}", headers=HTML)
    assert resp.status_code == 422
    summary = resp.text[resp.text.index('<div class="error-summary"'):]
    assert said in summary[:summary.index("</div>")]
    assert 'href="#' in summary


def test_too_many_values_of_a_filter_still_say_so(client):
    resp = client.get("/?near=10001&" + "&".join(f"insurance=x{i}" for i in range(21)), headers=HTML)
    assert resp.status_code == 422 and "choose at most 20." in resp.text


@pytest.fixture(scope="module")
def one_more_client(tmp_path_factory):
    """Seven concerns: one more than a facet shows at first."""
    from tests.utils.factories import make_listing, north_of
    from tests.utils.stores import app_over

    concerns = ["anxiety", "depression", "grief", "ptsd", "ocd", "adhd", "insomnia"]
    listings = [make_listing(f"one{i}", north_of(40.7484, -73.9967, 0.1 * i), specialties=[c])
                for i, c in enumerate(concerns)]
    yield from app_over(tmp_path_factory.mktemp("one-more") / "one.db", listings)


@pytest.mark.parametrize(("lang", "said"), [("en", "1 more option"), ("es", "1 opción más")])
def test_one_further_option_is_singular(one_more_client, lang, said):
    text = one_more_client.get("/", params={"near": "10001", "lang": lang}, headers=HTML).text
    assert f"<summary>{said}</summary>" in text
