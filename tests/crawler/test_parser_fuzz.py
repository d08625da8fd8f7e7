"""Property-based robustness tests for every crawler parser (hypothesis, derandomized).

The project rule: a malformed crawled page is dropped with a counted reason and
the crawl goes on; no input produces a crash. Each test below starts from the
real saved fixtures in tests/crawler/<source>/fixtures, damages them (fields
deleted, nulled, retyped, made huge, spliced with control characters, NUL,
lone surrogates, bidi and zero-width characters, markup; bodies truncated,
cut with invalid UTF-8, replaced by deep nesting, HTML or nothing) and runs
the real parser and the real processing code (no mocks) on the result.

Every input must end in one of the project's own outcomes:

- the parser raises `ParseError` (what `safe_parse` counts as `drop_item/<reason>`),
  or returns a `ParseResult` whose drops have slug reasons;
- each listing it returns either passes `crawler.processing.process` (the
  Validate and Normalize pipelines) and is then a valid, storable `Listing`
  within the model's limits, any value it lost on the way reported for the
  stats (`field_dropped/<field>/<reason>`), or raises `InvalidListing`
  (counted as `drop_item/invalid_listing` by the pipelines).

Any other exception fails the test: `safe_parse` would hide it as
`parser_error`, which is a parser bug and costs the whole page. Two more
checks: every `follow` link can be requested the way the spiders request it
(`response.follow`, which raises on a bad host, port or scheme), and no listing
text is the `str()` of a JSON number, boolean, null, object or list (a name
"nan", "{'a': 1} Doe"): page text is kept as text, unescaped (escaping is
the renderer's job).

Two kinds of test: hypothesis tests (random but derandomized: the same inputs
every run) that combine up to four changes, and deterministic sweeps that
damage every field shape of a fixture in each of a fixed set of ways, and put
each hostile fragment into every string at once, alone and with each field
shape deleted. Together they run in about half a minute; FUZZ_SCALE=N runs
the hypothesis tests N times longer.
"""

from __future__ import annotations

import copy
import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import scrapy
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from scrapy.http import HtmlResponse

from crawler.parsers import findtreatment, nppes, plannet
from crawler.parsers.directory import parse_directory_page
from crawler.parsers.directory_config import FieldSelectors, SiteConfig, load_site
from crawler.parsers.plannet import PlanNetContext
from crawler.parsing import ParseError, ParseResult, SavedResponse
from crawler.processing import InvalidListing, process
from therapist_finder.normalize import NormalizeReport
from therapist_finder.schema import Listing
from therapist_finder.vocab import load_vocabularies

HERE = Path(__file__).parent
FETCHED = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
REASON = re.compile(r"^[a-z][a-z0-9_]*$")
FIELD_DROPPED = re.compile(r"^field_dropped/[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*/[a-z][a-z0-9_]*$")
VOCABS = load_vocabularies()


def fuzz_settings(max_examples: int) -> settings:
    """Fixed inputs every run (derandomize), no example database, no per-example deadline.

    Shrinking these large documents takes minutes, so it is off unless FUZZ_SHRINK=1 (a
    failure is still reported, with its traceback and the unshrunk falsifying example).
    FUZZ_SCALE=N runs N times as many examples, for a deeper search by hand.
    """
    phases = list(Phase) if os.environ.get("FUZZ_SHRINK") else [Phase.explicit, Phase.generate]
    max_examples *= int(os.environ.get("FUZZ_SCALE", "1"))
    return settings(max_examples=max_examples, derandomize=True, database=None, deadline=None,
                    print_blob=False, phases=phases, report_multiple_bugs=False,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example, HealthCheck.filter_too_much])


# --- the checks: the project's own outcomes, nothing else ------------------------------------


def check_listing(item: dict) -> Listing | None:
    """Process one listing dict as the pipelines do: a valid Listing, or InvalidListing (a drop)."""
    assert isinstance(item, dict)
    dropped: list = []
    try:
        listing, notes = process(copy.deepcopy(item), VOCABS, NormalizeReport(), dropped)
    except InvalidListing as exc:
        assert str(exc)
        assert dropped == []  # the listing's drop is counted, not its fields' too
        return None
    assert all(REASON.match(note) for note in notes)
    assert all(FIELD_DROPPED.match(loss.stat) and loss.count > 0 for loss in dropped), dropped
    # Within the model's limits after normalization (model_copy does not validate) ...
    data = listing.model_dump(mode="json")
    again = Listing.model_validate(data)
    # ... and storable: the stores write JSON (no NaN, no lone surrogates) and read it back.
    json.dumps(data, allow_nan=False).encode("utf-8")
    assert Listing.model_validate_json(listing.model_dump_json()).model_dump(mode="json") == \
        again.model_dump(mode="json")
    return listing


# Python spellings of non-text values: a listing text made of one of them was rendered from a
# number, boolean or null with str(), unless the page had the word as text.
NON_TEXT_WORDS = {"nan", "inf", "-inf", "infinity", "-infinity", "true", "false", "none"}
WORD = re.compile(r"[\w-]+")
OUR_KEYS = {"id", "kind", "sources", "attributions", "last_seen_at", "observed_at", "basis",
            "precision", "currency", "source", "listing_id"}


def page_words(page: SavedResponse) -> tuple[set[str], str]:
    """The words of the page's text (JSON: its strings; else the body) and that text, lowercased."""
    try:
        doc = json.loads(page.body)
        text = "\n".join(json_strings(doc))
    except (ValueError, RecursionError):
        text = page.text
    text = text.lower()
    return set(WORD.findall(text)), text


def texts_of(value: Any, key: str = "") -> list[str]:
    """Every string a listing holds that came from the page (not ids, dates or provenance)."""
    if key in OUR_KEYS:
        return []
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in [*texts_of(k), *texts_of(v, k)]]
    if isinstance(value, list):
        return [t for v in value for t in texts_of(v)]
    return [value] if isinstance(value, str) else []


def check_text_is_data(listings: list[Listing], page: SavedResponse) -> None:
    """No listing text is the str() of a JSON number, boolean, null, object or list."""
    if not listings:
        return
    words, text = page_words(page)
    for value in (t for listing in listings
                  for t in texts_of(listing.model_dump(mode="json", exclude_defaults=True))):
        low = value.lower()
        invented = [w for w in WORD.findall(low) if w in NON_TEXT_WORDS and w not in words]
        assert not invented, f"{value!r}: {invented} is not text on the page"
        for mark in ("{'", "['", "': "):
            assert mark not in low or mark in text, f"{value!r} looks like a Python repr"


def check_page(parser: Any, page: SavedResponse, **options: Any) -> ParseResult:
    """Run a parser the way `safe_parse` does, but let any exception but ParseError fail the test."""
    try:
        result = parser(page, **options)
    except ParseError as exc:  # the whole page is dropped, counted as drop_item/<reason>
        assert REASON.match(exc.reason), exc.reason
        assert isinstance(exc.detail, str)
        return ParseResult(dropped=[(exc.reason, exc.detail)])
    assert isinstance(result, ParseResult)
    for reason, detail in result.dropped:
        assert REASON.match(reason) and isinstance(detail, str), (reason, detail)
    if result.follow:  # every link can be requested the way the spiders do (response.follow)
        response = HtmlResponse(url=page.url, body=b"", request=scrapy.Request(page.url))
        for url in result.follow:
            assert isinstance(url, str)
            response.follow(response.urljoin(url))
    kept = [listing for item in result.listings if (listing := check_listing(item)) is not None]
    check_text_is_data(kept, page)
    return result


# --- hostile values ---------------------------------------------------------------------------

NASTY_STRINGS = [
    "", " ", "\t\n\r ", "\x00", "Jane\x00Doe", "\x01\x02\x07\x08\x1b[31mred\x1b[0m\x7f", "\ud800",
    "Ann \udfff Lee", "\ud83d", "\u202eeoD enaJ\u202c", "\u200b\u200c\u200d\ufeff", "\u2028\u2029",
    "\u0645\u0639\u0627\u0644\u062c \u0646\u0641\u0633\u064a", "\U0001d54f\U0001f9e0", "e\u0301" * 50,
    "<script>alert(1)</script>", "</script><script>alert(1)</script>", "<b>Bold</b> &amp; &lt;x&gt;",
    "<img src=x onerror=alert(1)>", "\" onmouseover=\"alert(1)", "&#0; &#xD800; &#x110000; &bogus;",
    "x" * 100_000, "Name " * 20_000, "\u540d\u524d" * 5_000, "a, b, c, " * 2_000,
    "0000-00-00", "9999-99-99", "2026-02-30T25:61:61Z", "-1", "-$150", "$-200/session",
    "$99999999999999999999999", "$1e309 per session", "sliding scale $-5 to $1e400", "$0.001",
    "NaN", "Infinity", "-Infinity", "1e309", "http://[", "http://[::1", "https://[v1.x]/",
    "javascript:alert(1)", "javascript://%0aalert(1)", "//evil.example/x", "http://exa mple.com/",
    "http://\uff03@evil.example/", "data:text/html,<script>alert(1)</script>", "mailto:", "?", "#",
    "null", "true", "{}", "[]", "Jane Doe, PhD, LCSW", "Texas", "TX", "ZZ", "99999", "00000-0000",
    "1234567890", "123456789012", "\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660",
    "(000) 000-0000", "+1 999 999 9999 ext 99999999", "+" + "9" * 300, "Person", "MedicalClinic",
]
NASTY_NUMBERS = [0, -1, 1, -0.0, 0.5, 2**63, -(2**63), 10**30, 10**400, -(10**400), 1e308, -1e308,
                 5e-324, float("nan"), float("inf"), float("-inf"), 91.0, -181.0, 1e11, -1e11,
                 True, False]


def _deep(depth: int, kind: str) -> Any:
    node: Any = "bottom"
    for _ in range(depth):
        node = [node] if kind == "list" else {"@type": "Person", "@graph": [node]} if kind == "graph" \
            else {"a": node}
    return node


WRONG_TYPES = [
    None, [], {}, [None], [[]], [{}], {"": None}, {"a": [1, {"b": None}]}, ["x", 1, None, [], {}],
    [float("nan")], {"latitude": float("inf"), "longitude": float("-inf")}, {"@type": "Person"},
    {"reference": "Practitioner/"}, {"reference": 12}, {"coding": "oops"}, {"text": ["a"]},
    _deep(200, "list"), _deep(200, "dict"), _deep(60, "graph"),
]

nasty_values = st.one_of(
    st.sampled_from(NASTY_STRINGS),
    st.sampled_from(NASTY_NUMBERS),
    st.sampled_from(range(len(WRONG_TYPES))).map(lambda i: copy.deepcopy(WRONG_TYPES[i])),
    st.text(max_size=30),
    st.integers(),
    st.floats(),
)


@st.composite
def spliced_text(draw: st.DrawFn, text: str) -> str:
    """`text` with a hostile fragment inserted somewhere (or replacing a slice)."""
    fragment = draw(st.sampled_from(NASTY_STRINGS) | st.text(max_size=10))
    start = draw(st.integers(0, len(text)))
    end = draw(st.sampled_from([start, start, min(len(text), start + draw(st.integers(0, 40)))]))
    return text[:start] + fragment + text[end:]


# --- JSON documents ---------------------------------------------------------------------------


def json_paths(doc: Any) -> list[tuple]:
    """Every path (dict keys and list indices) in a JSON document, the root first."""
    out, stack = [], [(doc, ())]
    while stack:
        node, path = stack.pop()
        out.append(path)
        if isinstance(node, dict):
            stack.extend((v, (*path, k)) for k, v in reversed(list(node.items())))
        elif isinstance(node, list) and len(path) < 40:
            stack.extend((v, (*path, i)) for i, v in reversed(list(enumerate(node))))
    return out


def json_strings(doc: Any) -> list[str]:
    """Every string in a JSON document, keys included."""
    out, stack = [], [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, dict):
            out.extend(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return out


def json_copy(doc: Any) -> Any:
    """A deep copy of a JSON document (much faster than copy.deepcopy)."""
    return json.loads(json.dumps(doc, allow_nan=True))


def _at(doc: Any, path: tuple) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def json_patterns(doc: Any) -> dict[tuple, list[tuple]]:
    """Paths grouped by their shape, list indices as '*' (`entry.*.resource.id` and so on)."""
    out: dict[tuple, list[tuple]] = {}
    for path in json_paths(doc):
        out.setdefault(tuple("*" if isinstance(k, int) else k for k in path), []).append(path)
    return out


DELETE = object()


def set_at(doc: Any, paths: list[tuple], change: Any) -> Any:
    """`doc` with `change(old)` at each path (DELETE removes the key or item)."""
    for path in reversed(paths):  # later list items first, so deletions shift nothing unvisited
        new = change(_at(doc, path))
        if not path:
            doc = None if new is DELETE else new
        elif new is DELETE:
            del _at(doc, path[:-1])[path[-1]]
        else:
            _at(doc, path[:-1])[path[-1]] = new
    return doc


def _text_of(old: Any) -> str:
    return old if isinstance(old, str) else json.dumps(old, allow_nan=True)[:1000]


@st.composite
def value_change(draw: st.DrawFn) -> Any:
    """A hostile change of one JSON value: old value -> new value (or DELETE)."""
    op = draw(st.sampled_from(["delete", "null", "replace", "replace", "replace", "splice", "splice",
                               "huge", "wrap_list", "wrap_object", "stringify"]))
    if op == "delete":
        return lambda old: DELETE
    if op == "null":
        return lambda old: None
    if op == "splice":
        fragment = draw(st.sampled_from(NASTY_STRINGS) | st.text(max_size=10))
        where = draw(st.sampled_from(["start", "middle", "end", "replace"]))
        if where == "replace":
            return lambda old: fragment
        return lambda old: {"start": fragment + _text_of(old), "end": _text_of(old) + fragment,
                            "middle": _text_of(old)[:len(_text_of(old)) // 2] + fragment
                            + _text_of(old)[len(_text_of(old)) // 2:]}[where]
    if op == "huge":
        def huge(old: Any) -> str:
            base = old[:1000] if isinstance(old, str) and old else "x"
            return (base * (200_000 // len(base)))[:200_000]
        return huge
    if op == "wrap_list":
        return lambda old: [old]
    if op == "wrap_object":
        return lambda old: {"value": old, "@value": old, "name": old}
    if op == "stringify":
        return _text_of
    value = draw(nasty_values)
    return lambda old: copy.deepcopy(value)


@st.composite
def mutated_json(draw: st.DrawFn, doc: Any, max_mutations: int = 4) -> Any:
    """A deep copy of `doc` with one to `max_mutations` hostile changes.

    Each change picks a field shape first (so a bundle's hundreds of resources do not
    crowd out its rare fields), then one place of that shape, or every place of it.
    """
    doc = json_copy(doc)
    for _ in range(draw(st.integers(1, max_mutations))):
        patterns = json_patterns(doc)
        places = patterns[draw(st.sampled_from(list(patterns)))]
        if draw(st.booleans()):
            places = [draw(st.sampled_from(places))]
        if places[0] and isinstance(_at(doc, places[0][:-1]), list) and draw(st.integers(0, 9)) == 0:
            for path in reversed(places):  # the same resource or row twice
                _at(doc, path[:-1]).insert(path[-1], copy.deepcopy(_at(doc, path)))
            continue
        doc = set_at(doc, places, draw(value_change()))
    return doc


INVALID_BYTES = [b"\xff", b"\xfe\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80",
                 b"\xe2\x82", b"\x00", b"\xef\xbb\xbf", b"\x1f\x8b\x08\x00"]
SPECIAL_BODIES = [
    b"", b" ", b"\n\n\t", b"null", b"true", b"0", b"[]", b"{}", b'""', b'"\\ud800"', b"NaN",
    b"Infinity", b"[" * 100_000, b'{"a":' * 100_000, b"[" * 300 + b"]" * 300,
    b'{"rows": ' + b"[" * 5_000, b"\xff\xfe{\x00}\x00", "{}".encode("utf-16"), b"\x1f\x8b\x08\x00junk",
    b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>",
    b"<?xml version='1.0'?><urlset><url><loc>x</loc></url></urlset>",
    b'{"Errors": [{"description": "\\ud800\\u0000"}]}', b'{"error": "\\u0000", "rows": null}',
    b'{"resourceType": "Bundle", "entry": {"resource": {"resourceType": "Practitioner"}}}',
    b'{"results": "none", "result_count": NaN}', b'{"rows": [], "page": 1, "totalPages": Infinity}',
]


@st.composite
def damaged_bytes(draw: st.DrawFn, body: bytes) -> bytes:
    """`body`, sometimes truncated, cut with invalid UTF-8 or with a slice deleted."""
    op = draw(st.sampled_from(["none", "none", "truncate", "invalid", "delete", "nul"]))
    at = draw(st.integers(0, len(body)))
    if op == "truncate":
        return body[:at]
    if op == "invalid":
        return body[:at] + draw(st.sampled_from(INVALID_BYTES)) + body[at:]
    if op == "delete":
        return body[:at] + body[at + draw(st.integers(1, 200)):]
    if op == "nul":
        return body[:at] + b"\x00" + body[at:]
    return body


@st.composite
def json_body(draw: st.DrawFn, original: bytes, max_mutations: int = 4) -> bytes:
    """A hostile body derived from a saved JSON response (or a hostile body of its own)."""
    if draw(st.integers(0, 11)) == 0:
        return draw(st.sampled_from(SPECIAL_BODIES))
    try:
        doc = json.loads(original)
    except ValueError:  # a fixture that is not JSON at all: damage its bytes
        return draw(damaged_bytes(original))
    doc = draw(mutated_json(doc, max_mutations))
    # ensure_ascii writes lone surrogates as "\ud800" escapes; without it, as CESU-8 bytes
    # (invalid UTF-8). NaN and Infinity are written as the bare tokens json.loads accepts.
    text = json.dumps(doc, ensure_ascii=draw(st.booleans()), allow_nan=True)
    return draw(damaged_bytes(text.encode("utf-8", "surrogatepass")))


def _cases(source: str) -> list[Path]:
    root = HERE / source / "fixtures"
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / "meta.json").exists())


def _meta(case: Path) -> dict:
    return json.loads((case / "meta.json").read_text())


def _body(case: Path) -> bytes:
    return next(p for p in sorted(case.iterdir()) if p.name.startswith("body.")).read_bytes()


def _page(url: str, body: bytes) -> SavedResponse:
    return SavedResponse(url=url, body=body, fetched_at=FETCHED)


# --- a deterministic sweep: every field shape, every kind of damage ---------------------------

SWEEP_CHANGES = {
    "deleted": lambda old: DELETE, "null": lambda old: None, "a huge int": lambda old: 10**400,
    "NaN": lambda old: float("nan"), "-Infinity": lambda old: float("-inf"), "-1.5": lambda old: -1.5,
    "a list": lambda old: [old], "an object": lambda old: {"a": [None, old]},
    "a bad URL": lambda old: "http://[::1", "200k characters": lambda old: "\u00e9x" * 100_000,
}
SWEEP_FRAGMENTS = {"a lone surrogate": "\ud800", "NUL and controls": "\x00\x1b[2J\x7f",
                   "bidi and zero-width": "\u202e\u200b\ufeff", "markup": "<script>alert(1)</script>"}


def sweep(doc: Any, run: Any) -> list[str]:
    """Run `run(body)` on `doc` damaged one field shape at a time (every place of that shape),
    then with a hostile fragment in every string, alone and with each field shape deleted.
    Returns the failures (empty when every input was handled)."""
    failures: list[str] = []

    def attempt(label: str, damaged: Any) -> None:
        body = json.dumps(damaged, allow_nan=True).encode()  # surrogates as "\ud800" escapes
        try:
            run(body)
        except Exception as exc:  # noqa: BLE001 - collected, reported together below
            failures.append(f"{label}: {type(exc).__name__}: {str(exc)[:200]}")

    for pattern, paths in json_patterns(doc).items():
        for name, change in SWEEP_CHANGES.items():
            if pattern:
                attempt(f"{'.'.join(map(str, pattern))} = {name}", set_at(json_copy(doc), paths, change))
    strings = [path for path in json_paths(doc) if isinstance(_at(doc, path), str)]
    for name, fragment in SWEEP_FRAGMENTS.items():
        spliced = set_at(json_copy(doc), strings, lambda old, fragment=fragment: old + fragment)
        attempt(f"{name} in every string", spliced)
        for pattern, paths in json_patterns(spliced).items():
            if pattern:
                attempt(f"{name} in every string, {'.'.join(map(str, pattern))} deleted",
                        set_at(json_copy(spliced), paths, lambda old: DELETE))
    return failures


# --- NPPES registry API -----------------------------------------------------------------------

NPPES_CASES = {p.stem: p.read_bytes() for p in sorted((HERE / "nppes" / "fixtures").glob("*.json"))
               if not p.stem.endswith(".expected")}
NPPES_URL = "https://npiregistry.cms.hhs.gov/api/?version=2.1&taxonomy_description=Psychologist"


@fuzz_settings(max_examples=400)
@given(data=st.data(), case=st.sampled_from(sorted(NPPES_CASES)))
def test_nppes_parser_survives_damaged_api_responses(data: st.DataObject, case: str) -> None:
    body = data.draw(json_body(NPPES_CASES[case]), label="body")
    page = _page(NPPES_URL, body)
    check_page(nppes.parse, page)
    assert isinstance(nppes.result_count(page), int)


@fuzz_settings(max_examples=60)
@given(value=nasty_values)
def test_nppes_epoch_date_never_raises(value: Any) -> None:
    got = nppes.epoch_date(value)
    assert got is None or got.year >= 1


# --- FHIR Plan-Net bundles --------------------------------------------------------------------

PLANNET_CASES = {c.name: c for c in _cases("plannet")}


@fuzz_settings(max_examples=300)
@given(data=st.data(), case=st.sampled_from(sorted(PLANNET_CASES)), damage_context=st.booleans())
def test_plannet_parser_survives_damaged_bundles(data: st.DataObject, case: str,
                                                 damage_context: bool) -> None:
    meta = _meta(PLANNET_CASES[case])
    earlier = [PLANNET_CASES[name] for name in meta.get("context", [])]
    damage_context = damage_context and bool(earlier)
    context = PlanNetContext()
    for page_case in earlier:  # the InsurancePlan pages a crawl reads first
        body = _body(page_case)
        if damage_context:
            body = data.draw(json_body(body), label="context body")
        check_page(plannet.parse, _page(_meta(page_case)["url"], body), context=context)
    body = _body(PLANNET_CASES[case])
    if not damage_context:
        body = data.draw(json_body(body), label="body")
    check_page(plannet.parse, _page(meta["url"], body), context=context)


@fuzz_settings(max_examples=40)
@given(data=st.data(), host=st.sampled_from(NASTY_STRINGS) | st.text(max_size=30))
def test_plannet_parser_survives_hostile_directory_hosts(data: st.DataObject, host: str) -> None:
    case = PLANNET_CASES["roles_without_plans"]
    body = data.draw(json_body(_body(case), max_mutations=1), label="body")
    check_page(plannet.parse, _page(_meta(case)["url"], body), directory_host=host)


# --- FindTreatment.gov export -----------------------------------------------------------------

FINDTREATMENT_CASES = {c.name: c for c in _cases("findtreatment")}


@fuzz_settings(max_examples=400)
@given(data=st.data(), case=st.sampled_from(sorted(FINDTREATMENT_CASES)))
def test_findtreatment_parser_survives_damaged_exports(data: st.DataObject, case: str) -> None:
    path = FINDTREATMENT_CASES[case]
    body = data.draw(json_body(_body(path)), label="body")
    check_page(findtreatment.parse, _page(_meta(path)["url"], body))


# --- directory HTML pages (selectors, JSON-LD, microdata) --------------------------------------

DIRECTORY_CASES = {c.name: c for c in _cases("directory")}
JSON_LD = re.compile(r"(<script[^>]*application/ld\+json[^>]*>)(.*?)(</script>)", re.S | re.I)
BROKEN_MARKUP = [
    "<", ">", "</", "<div", "<div class=\"", "</div></div></div></body></html>", "<!--", "-->",
    "<![CDATA[", "]]>", "<script>", "<script type=\"application/ld+json\">{", "<style>", "</p>",
    "<table><tr><td>", "<h1 class=\"profile-name\">", "<h1 class=\"profile-name\"></h1>",
    "<h1 class=\"profile-name\">\x00\x01</h1>", "<p class=\"fee\">$-500 per session</p>",
    "<p class=\"fee\">$1e400 per session; sliding scale $99999999999-$0</p>",
    "<a class=\"website\" href=\"http://[::1\">site</a>", "<a class=\"phone\">\u202e0147-555 (212)</a>",
    "<article class=\"therapist-card\"><h2><a href=\"http://[\">x</a></h2></article>",
    "<nav class=\"pagination\"><a rel=\"next\" href=\"https://[bad/\">next</a></nav>",
    "<address><span class=\"state\">Nowhere</span><span class=\"zip\">99999-99999</span></address>",
    "<div itemscope itemtype=\"https://schema.org/Person\"><span itemprop=\"name\">\ud800</span>",
    "<meta itemprop=\"latitude\" content=\"NaN\"><meta itemprop=\"longitude\" content=\"1e999\">",
    "&", "&#", "&#x;", "&#1114112;", "&#0;", "&nbsp", "<?xml version=\"1.0\"?>", "<urlset><loc>",
    "<div>" * 3_000, "<b><i></b></i>", "<svg><script>alert(1)</script></svg>", "\x00" * 10, "\ufeff",
]


def _provider_node(draw: st.DrawFn) -> dict:
    """A schema.org provider node whose every value may be hostile or contradictory."""
    value = nasty_values | st.sampled_from(["Jamie Rivera", "Dana Cole, LMFT", "Anxiety"])
    node: dict = {"@context": "https://schema.org",
                  "@type": draw(st.sampled_from(["Person", "Psychologist", "MedicalClinic",
                                                 ["Person", "MedicalClinic"], "Thing", None, 7]))}
    keys = ["name", "honorificSuffix", "jobTitle", "knowsAbout", "medicalSpecialty",
            "availableLanguage", "knowsLanguage", "priceRange", "paymentAccepted",
            "isAcceptingNewPatients", "telephone", "url", "description", "address", "geo",
            "@graph", "birthDate", "foundingDate"]
    for key in draw(st.lists(st.sampled_from(keys), max_size=10, unique=True)):
        node[key] = draw(value)
    if draw(st.booleans()):
        node["geo"] = {"@type": "GeoCoordinates", "latitude": draw(value | st.floats()),
                       "longitude": draw(value | st.floats())}
    if draw(st.booleans()):
        node["address"] = {"@type": "PostalAddress", **{
            k: draw(value) for k in ("streetAddress", "addressLocality", "addressRegion",
                                     "postalCode", "addressCountry")}}
    return node


def _json_ld_text(doc: Any, draw: st.DrawFn) -> str:
    text = json.dumps(doc, ensure_ascii=draw(st.booleans()), allow_nan=True)
    return text if draw(st.booleans()) else text.replace("</", "<\\/")


@st.composite
def damaged_html(draw: st.DrawFn, html: str) -> bytes:
    """A saved directory page with hostile markup, text, attributes and structured data."""
    if draw(st.integers(0, 14)) == 0:
        return draw(st.sampled_from(SPECIAL_BODIES))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["markup", "markup", "text", "attribute", "json_ld", "json_ld",
                                   "add_json_ld", "add_json_ld", "slice"]))
        blocks = list(JSON_LD.finditer(html))
        if op == "json_ld" and blocks:
            block = draw(st.sampled_from(blocks))
            try:
                doc = json.loads(block[2])
            except ValueError:
                doc = {"@type": "Person", "name": block[2][:100]}
            new = _json_ld_text(draw(mutated_json(doc, 3)), draw)
            html = html[:block.start(2)] + new + html[block.end(2):]
        elif op in ("add_json_ld", "json_ld"):  # duplicate or contradictory providers
            nodes = [_provider_node(draw) for _ in range(draw(st.integers(1, 3)))]
            script = f'<script type="application/ld+json">{_json_ld_text(nodes, draw)}</script>'
            at = draw(st.sampled_from([html.find("</head>"), html.find("</body>"), 0, len(html)]))
            at = max(at, 0)
            html = html[:at] + script + html[at:]
        elif op == "text":
            nodes = list(re.finditer(r">([^<]+)<", html))
            if nodes:
                node = draw(st.sampled_from(nodes))
                html = html[:node.start(1)] + draw(spliced_text(node[1])) + html[node.end(1):]
        elif op == "attribute":
            attrs = list(re.finditer(r'(?:href|content|class|itemprop)="([^"]*)"', html))
            if attrs:
                attr = draw(st.sampled_from(attrs))
                new = draw(st.sampled_from(NASTY_STRINGS)).replace('"', "&quot;")
                html = html[:attr.start(1)] + new + html[attr.end(1):]
        elif op == "slice":
            start = draw(st.integers(0, len(html)))
            html = html[:start] + html[start + draw(st.integers(1, 300)):]
        else:
            at = draw(st.integers(0, len(html)))
            html = html[:at] + draw(st.sampled_from(BROKEN_MARKUP)) + html[at:]
    return draw(damaged_bytes(html.encode("utf-8", "surrogatepass")))


def _site_urls(site: SiteConfig) -> list[str]:
    base = site.base_url.rstrip("/")
    if site.name == "calmharbor":
        return [f"{base}/therapists/", f"{base}/therapists/page/3/", f"{base}/therapists/zoe-q/"]
    return [f"{base}/sitemap.xml", f"{base}/clinicians/zoe-q/", f"{base}/about/"]


@fuzz_settings(max_examples=500)
@given(data=st.data(), case=st.sampled_from(sorted(DIRECTORY_CASES)))
def test_directory_parser_survives_damaged_pages(data: st.DataObject, case: str) -> None:
    path = DIRECTORY_CASES[case]
    meta = _meta(path)
    site = load_site(meta["site"])
    body = data.draw(damaged_html(_body(path).decode("utf-8")), label="body")
    # the same body as the page it was, or as another kind of page of the same site
    url = data.draw(st.sampled_from([meta["url"], meta["url"], *_site_urls(site)]), label="url")
    check_page(parse_directory_page, _page(url, body), site=site)


# Every field through its selector, including the free-text `address` no shipped site uses.
ALL_FIELDS_SITE = load_site("calmharbor").model_copy(update={"fields": FieldSelectors(
    **{**load_site("calmharbor").fields.model_dump(exclude_none=True),
       "address": {"css": "p.address"}, "street": None, "city": None, "state": None,
       "postal_code": None, "website": {"xpath": "//a[@class='website']/@href"}})})
FIELD_TEMPLATE = """<!DOCTYPE html><html><head><title>t</title></head><body>
<h1 class="profile-name">{name}</h1><span class="credentials">{credentials}</span>
<p class="license-type">{license}</p><ul class="specialties"><li>{specialty}</li></ul>
<ul class="insurance"><li>{payer}</li></ul><p class="fee">{fee}</p>
<p class="sliding-scale">{sliding}</p><p class="availability">{availability}</p>
<div class="badges"><span class="telehealth">{telehealth}</span></div>
<p class="address">{address}</p><a class="phone">{phone}</a><a class="website" href="{website}">w</a>
<section class="about"><p>{description}</p></section></body></html>"""
FIELD_VALUES = st.sampled_from(NASTY_STRINGS) | st.text(max_size=40) | st.sampled_from(
    ["Jamie Rivera", "LCSW, PhD", "$150 per session", "$-5 to $1e400", "Accepting new clients",
     "12 Example St, Portland, OR 97205", "12 Example St, Portland, Oregon. 97205-1234",
     "1 A, B, C, " * 500 + "OR 97205", "(503) 555-0190", "https://example.org/", "http://[::1"])


@fuzz_settings(max_examples=120)
@given(values=st.fixed_dictionaries({k: FIELD_VALUES for k in (
    "name", "credentials", "license", "specialty", "payer", "fee", "sliding", "availability",
    "telehealth", "address", "phone", "website", "description")}), escape=st.booleans())
def test_directory_selectors_keep_hostile_text_as_data(values: dict[str, str], escape: bool) -> None:
    original = values
    if escape:  # entity-escaped text decodes back to the hostile characters: still data
        values = {k: v.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
                  for k, v in values.items()}
    html = FIELD_TEMPLATE.format(**values)
    page = _page("https://www.calmharbor.example/therapists/zoe-q/",
                 html.encode("utf-8", "surrogatepass"))
    result = check_page(parse_directory_page, page, site=ALL_FIELDS_SITE)
    for item in result.listings:  # a name is only taken when it looks like one
        assert not any(ord(ch) < 32 for ch in item["name"])
        if escape and original["name"].isprintable():  # ... and is the page's text, unescaped
            assert item["name"] == " ".join(original["name"].split())


@pytest.mark.parametrize("body", SPECIAL_BODIES, ids=[f"body{i}" for i in range(len(SPECIAL_BODIES))])
def test_every_parser_survives_every_hostile_whole_body(body: bytes) -> None:
    """Empty, deeply nested, UTF-16, gzip, HTML for JSON, JSON for HTML...: each parser, each body."""
    check_page(nppes.parse, _page(NPPES_URL, body))
    check_page(plannet.parse, _page(_meta(PLANNET_CASES["roles_page1"])["url"], body),
               context=PlanNetContext())
    check_page(findtreatment.parse, _page(_meta(FINDTREATMENT_CASES["state_page1"])["url"], body))
    for site in (load_site("calmharbor"), load_site("northfield")):
        for url in _site_urls(site):
            check_page(parse_directory_page, _page(url, body), site=site)


# --- the sweeps, one per source --------------------------------------------------------------


def _report(failures: list[str]) -> None:
    assert not failures, f"{len(failures)} inputs not handled:\n" + "\n".join(failures[:25])


@pytest.mark.parametrize("case", ["newer_form", "legacy_form", "dirty"])
def test_nppes_sweep(case: str) -> None:
    _report(sweep(json.loads(NPPES_CASES[case]),
                  lambda body: check_page(nppes.parse, _page(NPPES_URL, body))))


@pytest.mark.parametrize("case", ["state_page1", "point_search"])
def test_findtreatment_sweep(case: str) -> None:
    path = FINDTREATMENT_CASES[case]
    url = _meta(path)["url"]
    _report(sweep(json.loads(_body(path)), lambda body: check_page(findtreatment.parse, _page(url, body))))


def test_plannet_sweep_roles() -> None:
    plans, roles = PLANNET_CASES["insurance_plans"], PLANNET_CASES["roles_page1"]

    def run(body: bytes) -> None:
        context = PlanNetContext()
        check_page(plannet.parse, _page(_meta(plans)["url"], _body(plans)), context=context)
        check_page(plannet.parse, _page(_meta(roles)["url"], body), context=context)

    _report(sweep(json.loads(_body(roles)), run))


def test_plannet_sweep_plans() -> None:
    plans, roles = PLANNET_CASES["insurance_plans"], PLANNET_CASES["roles_page1"]

    def run(body: bytes) -> None:
        context = PlanNetContext()
        check_page(plannet.parse, _page(_meta(plans)["url"], body), context=context)
        check_page(plannet.parse, _page(_meta(roles)["url"], _body(roles)), context=context)

    _report(sweep(json.loads(_body(plans)), run))


HTML_FRAGMENTS = [*SWEEP_FRAGMENTS.values(), "&#xD800;&#0;&#x110000;", "<!--", "</div></body>",
                  '"><img src=x onerror=alert(1)>']
ATTRIBUTE_VALUES = ["", "http://[::1", "https://a:99999/", "javascript:alert(1)", "\x00",
                    "http://[::1]x/clinicians/a/", "https://a:99999/therapists/b/",
                    "http://\uff03@evil.example/", "/therapists/x\x00y/", "&#xD800;", "x" * 5_000]


TEXT_NODE = re.compile(r">(\s*[^<\s][^<]*)<")  # text with something in it, between tags


def _escape_repl(text: str) -> str:
    """`text` as a literal re.sub replacement."""
    return text.replace("\\", "\\\\")


def html_sweep(html: str, run: Any) -> list[str]:
    """Run `run(body)` on `html` with a hostile fragment in every text node, then with every
    value of one attribute replaced, then with each JSON-LD block swept like a JSON body."""
    failures: list[str] = []

    def attempt(label: str, damaged: str) -> None:
        try:
            run(damaged.encode("utf-8", "surrogatepass"))
        except Exception as exc:  # noqa: BLE001 - collected, reported together below
            failures.append(f"{label}: {type(exc).__name__}: {str(exc)[:200]}")

    for fragment in HTML_FRAGMENTS:
        attempt(f"{fragment!r} in every text",
                re.sub(TEXT_NODE, rf">\g<1>{_escape_repl(fragment)}<", html))
    for value in ATTRIBUTE_VALUES:  # URLs too: a sitemap's <loc> is text
        attempt(f"every text = {value[:20]!r}", re.sub(TEXT_NODE, f">{_escape_repl(value)}<", html))
    for name in ("href", "content", "class", "itemprop", "itemtype", "rel"):
        for value in ATTRIBUTE_VALUES:
            attempt(f"every {name}={value[:20]!r}",
                    re.sub(rf'\b{name}="[^"]*"', f'{name}="{_escape_repl(value)}"', html))
    for block in JSON_LD.finditer(html):
        try:
            doc = json.loads(block[2])
        except ValueError:
            continue
        failures += sweep(doc, lambda body, block=block: run(
            html[:block.start(2)].encode() + body + html[block.end(2):].encode()))
    return failures


@pytest.mark.parametrize("case", sorted(DIRECTORY_CASES))
def test_directory_sweep(case: str) -> None:
    path = DIRECTORY_CASES[case]
    meta = _meta(path)
    site = load_site(meta["site"])
    _report(html_sweep(_body(path).decode(), lambda body: check_page(
        parse_directory_page, _page(meta["url"], body), site=site)))


# --- a sanity check that the fuzzing reaches the interesting paths ----------------------------


@pytest.mark.parametrize("source", ["nppes", "plannet", "findtreatment", "directory"])
def test_undamaged_fixtures_pass_the_same_checks(source: str) -> None:
    """The checks accept the fixtures as saved (so a failure above is the damage's doing)."""
    kept = 0
    if source == "nppes":
        for body in NPPES_CASES.values():
            kept += len(check_page(nppes.parse, _page(NPPES_URL, body)).listings)
    elif source == "plannet":
        for case in PLANNET_CASES.values():
            context = PlanNetContext()
            for name in _meta(case).get("context", []):
                check_page(plannet.parse, _page(_meta(PLANNET_CASES[name])["url"],
                                                _body(PLANNET_CASES[name])), context=context)
            kept += len(check_page(plannet.parse, _page(_meta(case)["url"], _body(case)),
                                   context=context).listings)
    elif source == "findtreatment":
        for case in FINDTREATMENT_CASES.values():
            kept += len(check_page(findtreatment.parse, _page(_meta(case)["url"], _body(case))).listings)
    else:
        for case in DIRECTORY_CASES.values():
            meta = _meta(case)
            kept += len(check_page(parse_directory_page, _page(meta["url"], _body(case)),
                                   site=meta["site"]).listings)
    assert kept > 0
