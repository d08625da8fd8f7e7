"""Property-based fuzzing of the HTTP API: no input gives a 5xx.

Schemathesis reads the app's own OpenAPI document and generates requests for
every operation in it (valid and invalid query strings, path ids and form
bodies, other methods), sent in process to the real ASGI app over a real
SQLite store of fictional listings. Every answer must be below 500 and match
the documented status codes, content types and schemas, and every 422 must
name the parameter it is about (search_api/errors.py).

Generated ids almost never name a listing, so the printables are also fuzzed
with ids that exist; the web pages, which are not in the schema, get their
own Hypothesis test; and a table of hand-made nasty requests covers what a
schema-driven generator does not send (NUL, lone surrogates, NaN, -0, raw
bytes, wrong content types). Everything is seeded: the same requests each run.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from search_api.app import create_app
from tests.search_api.printables.conftest import client_over, printable_listings
from therapist_finder.search_params import SearchParams
from therapist_finder.settings import Settings

SEED = 20261126
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, negative_data_rejection, unsupported_method]
LISTING_IDS = ["test:ipt", "test:cbt", "test:xss", "test:formula"]
PRINTABLE_PATHS = ["/v1/checklist", "/v1/compare", "/v1/referrals"]
FORM = "application/x-www-form-urlencoded"
# Our own Hypothesis tests: derandomized (the same examples each run), no example database,
# no deadline (a page renders in ~20 ms, the first one in a process takes longer).
FUZZ_SETTINGS = settings(max_examples=200, derandomize=True, database=None, deadline=None,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# The app's own OpenAPI document. Building the app opens no store (its lifespan
# does), so the schema is read at import, which is how schemathesis parametrizes.
# (`schemathesis.pytest.from_fixture` fails under pytest 9.2: it sets
# `request.node._nodeid`, which pytest no longer has.)
OPENAPI = create_app(Settings(store="sqlite:///unused.db")).openapi()


def load_schema(max_examples: int):
    """The document, with seeded, deterministic generation and no example database."""
    return schemathesis.openapi.from_dict(OPENAPI, config=schemathesis.Config.from_dict({
        "seed": SEED,
        "generation": {"max-examples": max_examples, "deterministic": True, "database": "none"},
        # A form past the documented field limits is refused as too large (413), which
        # rejects negative data as surely as a 422 does.
        "checks": {"negative_data_rejection": {"expected-statuses": [
            400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429, "5xx"]}},
    }))


schema = load_schema(60)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """The real app over the printables' fictional store (today pinned), started (lifespan)
    for the whole module."""
    yield from client_over(tmp_path_factory, "fuzz", printable_listings())


@pytest.fixture(scope="module")
def session(client):
    """Schemathesis' in-process client for the same (already started) app."""
    return asgi.get_client(client.app)


# -- what every 4xx must say ----------------------------------------------------------


def documented_names(path: str, method: str) -> set[str]:
    """The parameters an operation documents: query, path and form fields."""
    op = schema.raw_schema["paths"][path][method.lower()]
    names = {p["name"] for p in op.get("parameters", [])}
    form = op.get("requestBody", {}).get("content", {}).get(FORM, {})
    return names | set(form.get("schema", {}).get("properties", {}))


def _error_lines(page: str) -> list[str]:
    """The messages of a printable's HTML error page (one <p> each, under the <h1>)."""
    body = page.split("</h1>", 1)[1].split('<p class="back', 1)[0]
    return [html.unescape(re.sub(r"<[^>]+>", "", line)) for line in re.findall(r"<p>(.*?)</p>", body, re.S)]


def assert_each_names_its_parameter(items, wheres=("query", "path", "body")) -> None:
    """Each item of a JSON 422 names its parameter in its message and in `loc`, after where
    it was sent (one of `wheres`), as the error format promises (search_api/errors.py)."""
    assert isinstance(items, list) and items, items
    for item in items:
        assert item["param"] in item["msg"], item
        assert item["loc"][0] in wheres and item["loc"][1:] == [item["param"]], item


def assert_names_the_parameter(resp, names: set[str], method: str) -> None:
    """A JSON 422 names, in each message, a parameter the operation has or the request
    sent, and says where it was (`loc`) as the error format promises. An HTML 422 is a
    page for people: plain messages named by the form's labels, never a raw "ids:"
    prefix or the server's settings."""
    if resp.status_code != 422:
        return
    media = resp.headers.get("content-type", "")
    media = media[0] if isinstance(media, list) else media  # schemathesis keeps every value
    if media.startswith("text/html"):
        lines = _error_lines(resp.text)
        assert lines, resp.text[:500]
        for line in lines:
            assert "THERAPIST_FINDER" not in line, line
            assert not any(n and line.startswith(f"{n}:") for n in names), line
        return
    items = resp.json()["detail"]
    assert_each_names_its_parameter(items, ("query", "path") if method == "GET" else ("query", "body"))
    for item in items:
        assert item["param"] in names, (item["param"], names)


def sent_names(case) -> set[str]:
    body = case.body if isinstance(case.body, dict) else {}
    return {*(case.query or {}), *(case.path_parameters or {}), *body}


# -- 1. schemathesis over every documented operation ---------------------------------


@schema.parametrize()
def test_every_operation_answers_without_a_server_error(case, session):
    response = case.call(session=session)
    case.validate_response(response, checks=CHECKS)
    operation = case.operation
    if case.method.upper() == operation.method.upper():  # not one of the other-method probes
        names = documented_names(operation.path, operation.method) | sent_names(case)
        assert_names_the_parameter(response, names, operation.method.upper())


@pytest.fixture(scope="module")
def down_session(tmp_path_factory):
    """The same app with no directory file at all: every read of the store fails."""
    path = tmp_path_factory.mktemp("down") / "absent.db"
    with TestClient(create_app(Settings(store=f"sqlite:///{path}"))) as client:
        yield asgi.get_client(client.app)


@load_schema(5).parametrize()
def test_every_operation_says_503_when_the_directory_is_down(case, down_session):
    """A store that cannot answer is a documented 503, never a 500."""
    response = case.call(session=down_session)
    case.validate_response(response, checks=CHECKS[1:])  # a 503 is the right answer here
    assert response.status_code != 500


# -- 2. the printables, for listings that are in the directory -----------------------


@FUZZ_SETTINGS
@given(data=st.data())
def test_printables_for_listings_in_the_directory(data, session):
    """Schemathesis' valid parameters, with ids that exist, so the pages get built."""
    path = data.draw(st.sampled_from(PRINTABLE_PATHS), label="path")
    method = data.draw(st.sampled_from(["GET", "POST"]), label="method")
    case = data.draw(schema[path][method].as_strategy(), label="case")
    ids = data.draw(st.lists(st.sampled_from(LISTING_IDS), min_size=1, max_size=4, unique=True))
    if method == "GET":
        params = dict(case.query or {})
    else:  # the body is optional, so it may not have been generated
        params = dict(case.body) if isinstance(case.body, dict) else {}
    if path == "/v1/checklist":
        params["therapist_id"] = ids[0]
    elif path == "/v1/compare" and len(ids) < 2:  # compare takes 2 to 5
        params["ids"] = [*ids, next(i for i in LISTING_IDS if i not in ids)]
    else:
        params["ids"] = ids
    if params.get("format") == "pdf":
        params["format"] = "html"  # a PDF takes a second; the hand-made probes render a few
    if method == "GET":
        case.query = params
    else:
        case.body, case.media_type = params, FORM
    response = case.call(session=session)
    event(f"{method} {path}: {response.status_code}")  # pytest --hypothesis-show-statistics
    case.validate_response(response, checks=CHECKS)
    assert response.status_code in (200, 422), response.text[:500]
    assert_names_the_parameter(response, documented_names(path, method) | set(params), method)


@pytest.mark.parametrize("listing_id", LISTING_IDS)
def test_every_profile_matches_its_schema(listing_id, session):
    case = schema["/v1/therapists/{listing_id}"]["GET"].Case(path_parameters={"listing_id": listing_id})
    response = case.call(session=session)
    case.validate_response(response, checks=CHECKS)
    assert response.status_code == 200


# -- 3. anything at all, on the pages and printables the schema cannot describe -------

NASTY = [
    "", " ", "\x00", "a\x00b", "\ud800", "\udfff", "\ufeff", "\u202e", "\uffff", "²", "١٠٠٠١", "𝟙𝟘𝟘𝟘𝟙",
    "nan", "NaN", "-nan", "inf", "-inf", "Infinity", "1e309", "-1e309", "1e-320", "-0", "-0.0", "0x10",
    "9" * 40, "-" + "9" * 40, "1_000", "10001", "New York, NY", "40.7484,-73.9967", "-0,-0", "91,181",
    "nan,nan", "inf,-inf", "aetna", "Aetan", "ipt", "anxiety", "es", "true", "false", "json", "html", "csv",
    "distance", "relevance", "name", "fee", ",", ",,,", "%", "%zz", "..", "../..", "<script>", "'", '"', "\\",
    "=1+2", "@SUM(A1)", "test:ipt,test:cbt", "a" * 300, "x" * 5000,
]
SEARCH_KEYS = sorted(SearchParams.model_fields)
PAGE_KEYS = [*SEARCH_KEYS, "start", "prev", "shortlist", "ids"]
PRINTABLE_KEYS = ["ids", "therapist_id", "near", "concern", "insurance", "note", "checklist", "lang",
                  "format", "shortlist"]
# Values a person would send, per parameter, so that most requests get past validation
# and reach the search, the page and the renderer.
SENSIBLE = {
    "near": ["10001", "New York, NY", "40.7484,-73.9967", "Houston, TX"], "lat": ["40.75", "-0"],
    "lon": ["-73.99", "-0"], "radius_mi": ["1", "3.1", "250"], "state": ["NY", "New York"],
    "insurance": ["aetna", "Cigna", "medicaid", "BCBS"], "specialty": ["anxiety", "postpartum"],
    "concern": ["anxiety", "perinatal-depression", "postpartum"], "approach": ["ipt", "cbt"],
    "format": ["individual", "json", "html", "csv"], "age_group": ["adults"], "language": ["es", "Español"],
    "license_type": ["lcsw"], "gender": ["female"], "accepting_new": ["true"], "telehealth": ["false"],
    "in_person": ["true"], "sliding_scale": ["true"], "free_consultation": ["true"], "max_fee": ["60", "150"],
    "q": ["postpartum", "aetna", "depresion", "spanish", "sliding scale"], "include_stale": ["true"],
    "sort": ["distance", "relevance", "name", "fee"], "limit": ["1", "2"], "start": ["1", "21"],
    "ids": [*LISTING_IDS, "test:ipt,test:cbt"], "shortlist": LISTING_IDS, "therapist_id": LISTING_IDS,
    "note": ["Call after 5pm."], "checklist": ["true", "false"], "lang": ["en", "es"],
}
values = st.one_of(st.sampled_from(NASTY), st.sampled_from(LISTING_IDS), st.text(max_size=40),
                   st.floats().map(repr), st.integers().map(str))


def enc(text: str) -> str:
    """Percent-encoded UTF-8; a lone surrogate becomes its (invalid) three bytes, %ED%A0%80."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def query(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{enc(k)}={enc(v)}" for k, v in pairs)


def pairs_of(keys: list[str]):
    """(name, value) pairs: a few sensible ones (most requests get past validation to the
    search and the renderer), then up to two with a known or random name and any value."""
    sensible = st.lists(st.sampled_from([k for k in keys if k in SENSIBLE]), max_size=4, unique=True) \
        .flatmap(lambda names: st.tuples(*(st.tuples(st.just(k), st.sampled_from(SENSIBLE[k]))
                                            for k in names)))
    odd = st.tuples(st.one_of(st.sampled_from(keys), st.text(max_size=8)), values)
    return st.tuples(sensible, st.lists(odd, max_size=2)).map(lambda t: [*t[0], *t[1]])


@FUZZ_SETTINGS
@given(path=st.one_of(st.just("/"), st.just("/"), st.just("/shortlist"),
                      st.sampled_from(LISTING_IDS).map(lambda i: f"/therapists/{i}"),
                      st.one_of(st.sampled_from(NASTY), st.text(max_size=30))
                      .map(lambda i: "/therapists/" + enc(i))),
       pairs=pairs_of(PAGE_KEYS))
def test_web_pages_never_answer_a_server_error(client, path, pairs):
    resp = client.get(f"{path}?{query(pairs)}", headers={"accept": "text/html"})
    event(f"{path.split('/')[1] or 'search'}: {resp.status_code}")
    assert resp.status_code in (200, 404, 422), (resp.status_code, resp.text[:500])
    assert resp.headers["content-type"].startswith("text/html")


@FUZZ_SETTINGS
@given(path=st.sampled_from(PRINTABLE_PATHS), pairs=pairs_of(PRINTABLE_KEYS),
       post=st.booleans(), content_type=st.sampled_from([FORM, f"{FORM}; charset=latin-1", "text/plain",
                                                         "application/json", "multipart/form-data", ""]),
       raw=st.one_of(st.none(), st.binary(max_size=200)))
def test_printables_take_anything_without_a_server_error(client, path, pairs, post, content_type, raw):
    # PDFs take a second each and are rendered from the same HTML: ask for the page.
    pairs = [(k, "html" if (k, v) == ("format", "pdf") else v) for k, v in pairs]
    if post:
        body = raw if raw is not None else query(pairs).encode()
        resp = client.post(path, content=body, headers={"content-type": content_type} if content_type else {})
    else:
        resp = client.get(f"{path}?{query(pairs)}")
    event(f"{'POST' if post else 'GET'} {path}: {resp.status_code}")
    assert resp.status_code in (200, 404, 413, 415, 422), (resp.status_code, resp.text[:500])
    if resp.headers["content-type"].startswith("application/json") and resp.status_code == 422:
        items = resp.json()["detail"]
        assert_each_names_its_parameter(items)
        if not (post and raw is not None):  # a raw body's field names are whatever it holds
            for item in items:
                assert item["param"] in set(PRINTABLE_KEYS) | {k for k, _ in pairs}, item


# -- 4. hand-made nasty requests --------------------------------------------------------

SEARCH = "/v1/therapists"
# (what is wrong, request, status, the parameter a 422 names)
GET_PROBES = [
    ("NUL in near", f"{SEARCH}?near=10001%00", 422, "near"),
    ("NUL alone in q", f"{SEARCH}?q=%00", 200, None),
    ("NUL in a filter value", f"{SEARCH}?gender=%00", 422, "gender"),
    ("NUL as a parameter name", f"{SEARCH}?%00=1", 422, "\x00"),
    ("lone surrogate in q", f"{SEARCH}?q=%ED%A0%80", 200, None),
    ("lone surrogate in near", f"{SEARCH}?near=%ED%A0%80", 422, "near"),
    ("lone surrogate in insurance", f"{SEARCH}?insurance=%ED%A0%80", 422, "insurance"),
    ("lone surrogate in state", f"{SEARCH}?state=%ED%A0%80", 422, "state"),
    ("lone surrogate in cursor", f"{SEARCH}?cursor=%ED%A0%80", 422, "cursor"),
    ("overlong q", f"{SEARCH}?q={'a' * 5000}", 422, "q"),
    ("overlong q in emoji", f"{SEARCH}?q={'%F0%9F%98%80' * 300}", 422, "q"),
    ("overlong near", f"{SEARCH}?near={'9' * 5000}", 422, "near"),
    ("overlong cursor", f"{SEARCH}?cursor={'A' * 2001}", 422, "cursor"),
    ("repeated near: a 422, not the last value", f"{SEARCH}?near=99999&near=10001", 422, "near"),
    ("repeated limit", f"{SEARCH}?limit=1&limit=500", 422, "limit"),
    ("21 insurers", f"{SEARCH}?" + "&".join(["insurance=aetna"] * 21), 422, "insurance"),
    ("huge limit", f"{SEARCH}?limit=99999999999999999999999", 422, "limit"),
    ("limit -0", f"{SEARCH}?limit=-0", 422, "limit"),
    ("limit nan", f"{SEARCH}?limit=nan", 422, "limit"),
    ("limit 1e2", f"{SEARCH}?limit=1e2", 422, "limit"),
    ("lat and lon -0", f"{SEARCH}?lat=-0&lon=-0", 200, None),
    ("lat nan", f"{SEARCH}?lat=nan&lon=0", 422, "lat"),
    ("lon nan", f"{SEARCH}?lat=0&lon=nan", 422, "lon"),
    ("lat inf", f"{SEARCH}?lat=inf&lon=0", 422, "lat"),
    ("lon -inf", f"{SEARCH}?lat=0&lon=-inf", 422, "lon"),
    ("lat 1e309", f"{SEARCH}?lat=1e309&lon=0", 422, "lat"),
    ("radius nan", f"{SEARCH}?near=10001&radius_mi=nan", 422, "radius_mi"),
    ("radius inf", f"{SEARCH}?near=10001&radius_mi=inf", 422, "radius_mi"),
    ("radius -0", f"{SEARCH}?near=10001&radius_mi=-0", 422, "radius_mi"),
    ("radius subnormal", f"{SEARCH}?near=10001&radius_mi=1e-320", 200, None),
    ("max_fee nan", f"{SEARCH}?max_fee=nan", 422, "max_fee"),
    ("max_fee inf", f"{SEARCH}?max_fee=inf", 422, "max_fee"),
    ("max_fee -inf", f"{SEARCH}?max_fee=-inf", 422, "max_fee"),
    ("max_fee -0", f"{SEARCH}?max_fee=-0", 200, None),
    ("near nan,nan", f"{SEARCH}?near=nan,nan", 422, "near"),
    ("near inf,inf", f"{SEARCH}?near=inf,inf", 422, "near"),
    ("near -0,-0", f"{SEARCH}?near=-0,-0", 200, None),
    ("near out of range", f"{SEARCH}?near=91,0", 422, "near"),
    ("near full-width digits", f"{SEARCH}?near=%EF%BC%91%EF%BC%90%EF%BC%90%EF%BC%90%EF%BC%91", 422, "near"),
    ("cursor not base64", f"{SEARCH}?cursor=%%%", 422, "cursor"),
    ("cursor base64 of []", f"{SEARCH}?cursor=W10", 422, "cursor"),
    ("cursor base64 of null", f"{SEARCH}?cursor=bnVsbA", 422, "cursor"),
    ("cursor of bytes", f"{SEARCH}?cursor=__4", 422, "cursor"),
    ("cursor with NaN key",
     f"{SEARCH}?near=10001&cursor=eyJzb3J0IjoiZGlzdGFuY2UiLCJrZXkiOk5hTiwiaWQiOiJ4IiwicXVlcnlfaGFzaCI6IngifQ",
     422, "cursor"),
    ("unknown parameter", f"{SEARCH}?surprise=1", 422, "surprise"),
    ("empty parameter name", f"{SEARCH}?=1", 422, ""),
    ("sort=distance without a place", f"{SEARCH}?sort=distance", 422, "sort"),
    ("boolean maybe", f"{SEARCH}?telehealth=maybe", 422, "telehealth"),
    ("id with NUL", f"{SEARCH}/test:ipt%00", 404, None),
    ("id with a lone surrogate", f"{SEARCH}/%ED%A0%80", 404, None),
    ("id with an encoded slash", f"{SEARCH}/a%2Fb", 404, None),
    ("id with an encoded question mark", f"{SEARCH}/test:ipt%3Fx", 404, None),
    ("id with CR LF", f"{SEARCH}/%0D%0Aid", 404, None),
    ("id with a percent", f"{SEARCH}/%25", 404, None),
    ("id of 251 characters", f"{SEARCH}/{'x' * 251}", 422, "listing_id"),
    ("compare: NUL ids", "/v1/compare?ids=%00,%00&format=json", 422, "ids"),
    ("compare: 51 repeated ids", "/v1/compare?format=json&" + "&".join(f"ids=a{i}" for i in range(51)),
     422, "ids"),
    ("compare: near nan", "/v1/compare?ids=test:ipt,test:cbt&near=nan,nan&format=json", 422, "near"),
    ("compare: near -0", "/v1/compare?ids=test:ipt,test:cbt&near=-0,-0&format=json", 200, None),
    ("compare: lone surrogate id", "/v1/compare?ids=%ED%A0%80,test:ipt&format=json", 404, None),
    ("referrals: NUL note as CSV", "/v1/referrals?ids=test:ipt&note=%00&format=csv", 200, None),
    ("referrals: overlong note", f"/v1/referrals?ids=test:ipt&note={'n' * 1001}&format=json", 422, "note"),
    ("referrals: checklist nan", "/v1/referrals?ids=test:ipt&checklist=nan&format=json", 422, "checklist"),
    ("referrals: format repeated", "/v1/referrals?ids=test:ipt&format=pdf&format=json", 422, "format"),
    ("checklist: lone surrogate concern", "/v1/checklist?concern=%ED%A0%80", 422, "concern"),
    ("checklist: lone surrogate lang", "/v1/checklist?lang=%ED%A0%80", 422, "lang"),
    ("checklist: overlong therapist_id", f"/v1/checklist?therapist_id={'x' * 251}", 422, "therapist_id"),
    ("checklist: PDF with a NUL concern", "/v1/checklist?therapist_id=test:ipt&concern=%00&format=pdf",
     422, None),
    ("page: NUL near", "/?near=%00", 422, None),
    ("page: start ²", "/?near=10001&start=%C2%B2", 200, None),
    ("page: lone surrogate shortlist", "/?shortlist=%ED%A0%80", 200, None),
    ("page: NaN radius", "/?near=10001&radius_mi=nan", 422, None),
    ("profile page: lone surrogate", "/therapists/%ED%A0%80", 404, None),
    # The first 20 are shown.
    ("shortlist: 25 ids", "/shortlist?ids=" + ",".join(f"test:a{i}" for i in range(25)), 200, None),
    ("shortlist: lone surrogate near", "/shortlist?ids=test:ipt&near=%ED%A0%80", 200, None),
]


def assert_probe_answer(resp, what: str, status: int, param: str | None, wheres: tuple[str, ...]) -> None:
    """The probe's `status`; a refusal names `param` among its items (each naming its own)."""
    assert resp.status_code == status, (what, resp.status_code, resp.text[:500])
    if param is not None:
        items = resp.json()["detail"]
        assert param in [item["param"] for item in items], items
        assert_each_names_its_parameter(items, wheres)


@pytest.mark.parametrize(("what", "url", "status", "param"), GET_PROBES, ids=[p[0] for p in GET_PROBES])
def test_nasty_get(client, what, url, status, param):
    assert_probe_answer(client.get(url), what, status, param, ("query", "path"))


REFERRAL = b"ids=test:ipt&ids=test:xss&near=10001"
# (what is wrong, path, body, content type, status, the parameter a 422 names)
POST_PROBES = [
    ("JSON body", "/v1/referrals", b'{"ids": ["test:ipt"]}', "application/json", 415, None),
    ("form sent as text/plain", "/v1/referrals", REFERRAL, "text/plain", 415, None),
    ("multipart without parts", "/v1/compare", REFERRAL, "multipart/form-data; boundary=x", 415, None),
    ("no content type", "/v1/checklist", b"format=json", "", 415, None),
    ("NUL as content type", "/v1/checklist", b"format=json", "\x00", 415, None),
    ("form type in capitals", "/v1/referrals", REFERRAL + b"&format=json", FORM.upper(), 200, None),
    ("a charset that is not the body's", "/v1/referrals", REFERRAL + b"&format=json",
     f"{FORM}; charset=utf-16", 200, None),
    ("invalid UTF-8 in a note", "/v1/referrals", REFERRAL + b"&format=json&note=\xff\xfe\xed\xa0\x80",
     FORM, 200, None),
    ("percent-encoded lone surrogate note, as a PDF", "/v1/referrals",
     REFERRAL + b"&format=pdf&note=%ED%A0%80%00", FORM, 200, None),
    ("invalid UTF-8 as a field name", "/v1/checklist", b"\xff\xfe\x00", FORM, 422, "\ufffd\ufffd\x00"),
    ("NUL field name", "/v1/checklist", b"%00=%00", FORM, 422, "\x00"),
    ("empty field name", "/v1/checklist", b"=", FORM, 422, ""),
    ("broken escapes", "/v1/referrals", b"ids=%zz&format=json", FORM, 404, None),
    ("semicolons", "/v1/compare", b"ids=test:ipt;ids=test:cbt&format=json", FORM, 422, "ids"),
    ("near nan", "/v1/compare", b"ids=test:ipt&ids=test:cbt&near=nan,nan&format=json", FORM, 422, "near"),
    ("near 1e999", "/v1/compare", b"ids=test:ipt&ids=test:cbt&near=1e999,1e999&format=json", FORM, 422,
     "near"),
    ("lang repeated", "/v1/compare", b"ids=test:ipt&ids=test:cbt&format=json&lang=es&lang=fr", FORM, 422,
     "lang"),
    ("201 fields", "/v1/referrals", b"&".join([b"a=1"] * 201), FORM, 413, None),
    ("65 KiB", "/v1/referrals", b"note=" + b"n" * 66_000, FORM, 413, None),
]


@pytest.mark.parametrize(("what", "path", "body", "content_type", "status", "param"), POST_PROBES,
                         ids=[p[0] for p in POST_PROBES])
def test_nasty_post(client, what, path, body, content_type, status, param):
    headers = {"content-type": content_type} if content_type else {}
    assert_probe_answer(client.post(path, content=body, headers=headers), what, status, param, ("body",))


def test_a_query_parameter_on_a_post_is_named(client):
    resp = client.post("/v1/referrals?note=%ED%A0%80", content=REFERRAL + b"&format=json",
                       headers={"content-type": FORM})
    assert resp.status_code == 422
    assert resp.json()["detail"][0]["loc"] == ["query", "note"]
