"""The shared base: parser contract, cleaning helpers, slicing and backoff (pure, by tables)."""

from __future__ import annotations

import pytest

from crawler.cleaning import apply_raw, clean_phone, clean_postal_code, parse_fees
from crawler.middlewares import backoff_delay
from crawler.nppes_slices import Slice, next_step, split_slice
from crawler.parsing import ParseError, ParseResult, SavedResponse, get_parser, reason_slug, safe_parse
from therapist_finder.vocab import load_vocabularies


def test_safe_parse_turns_failures_into_counted_drops():
    def broken(page):
        raise ParseError("not_a_profile", page.url)

    def buggy(page):
        return 1 / 0

    page = SavedResponse("https://x.example/p", b"{}")
    assert safe_parse(broken, page).dropped == [("not_a_profile", "https://x.example/p")]
    assert safe_parse(buggy, page).dropped[0][0] == "parser_error"


def test_parse_result_and_reason_slugs():
    result = ParseResult()
    result.drop("Missing Name!", "x")
    assert result.dropped == [("missing_name", "x")]
    assert reason_slug("404") == "r_404"
    with pytest.raises(ParseError):
        SavedResponse("u", b"<html>").json()


def test_get_parser_finds_source_modules():
    assert get_parser("nppes").__module__ == "crawler.parsers.nppes"
    with pytest.raises(KeyError):
        get_parser("nonexistent")
    with pytest.raises(KeyError):
        get_parser("../etc")


@pytest.mark.parametrize("raw, clean", [
    ("212.555.0147", "(212) 555-0147"), ("+1 (212) 555-0147 ext 2", "(212) 555-0147 ext. 2"),
    ("2125550147", "(212) 555-0147"), ("+44 20 7946 0958", "+442079460958"),
    ("555-0147", None), ("call us", None), ("", None),
])
def test_clean_phone(raw, clean):
    assert clean_phone(raw) == clean


@pytest.mark.parametrize("raw, clean", [("10001", "10001"), ("10001-1234", "10001"),
                                        ("100011234", "10001"), ("2108", None), ("ABCDE", None)])
def test_clean_postal_code(raw, clean):
    assert clean_postal_code(raw) == clean


@pytest.mark.parametrize("text, fees", [
    ("$150 per session; sliding scale $60-$120",
     {"session_min": 150, "session_max": 150, "sliding_scale": True,
      "sliding_scale_min": 60, "sliding_scale_max": 120}),
    ("Fees: $120 - $180 for a 50-minute session. Free 15-minute consultation",
     {"session_min": 120, "session_max": 180, "free_consultation": True}),
    ("No sliding scale. $200", {"session_max": 200, "session_min": 200, "sliding_scale": False}),
    ("Contact for rates", {}),
    # A sign or an exponent is no fee anyone writes: left unread, not read as 150 or 1.
    ("-$150 per session", {}),
    ("$1e309 per session", {}),
    ("sliding scale $-5 to $1e400", {"sliding_scale": True}),
    ("$60 - $120 per 50-min session", {"session_min": 60, "session_max": 120}),
    # One end of a range alone stays one end: "up to $200" is no $200 fee.
    ("From $120 per session", {"session_min": 120, "session_max": None}),
    ("$120+ per session", {"session_min": 120, "session_max": None}),
    ("Up to $200 a session", {"session_min": None, "session_max": 200}),
    ("Sessions desde $90", {"session_min": 90, "session_max": None}),
    # Beside a plain amount, one end widens the range; "max 50 min" is a length.
    ("Sessions from $90; intake $200", {"session_min": 90, "session_max": 200}),
    ("$150 individual; couples from $180", {"session_min": 150, "session_max": 180}),
    ("Individual $150; up to $200 for couples", {"session_min": 150, "session_max": 200}),
    ("Max 50 min session: $140", {"session_min": 140, "session_max": 140}),
])
def test_parse_fees(text, fees):
    assert parse_fees(text) == fees


def test_apply_raw_cleans_hints_and_keeps_what_it_cannot_read():
    vocabs = load_vocabularies()
    data, notes = apply_raw({"id": "t:1", "raw": {
        "phone": "not a phone", "fees": "ask me",
        "locations": [{"address": "1 Example St", "city": "ALBANY", "state": "New York",
                       "postal_code": "122071234"},
                      {"city": "Toronto", "state": "Ontario", "country": "CA"}],
        "license_states": ["new york", "Narnia"]}}, vocabs)
    assert data["locations"] == [{"address": "1 Example St", "city": "Albany", "state": "NY",
                                  "postal_code": "12207"}]
    assert data["license_states"] == ["NY"]
    assert data["unmapped"] == {"phone": ["not a phone"], "fees": ["ask me"]}
    assert sorted(notes) == ["bad_phone", "location_not_us"]


@pytest.mark.parametrize("skip, count, step", [
    (0, 57, "done"), (0, 200, "next_page"), (800, 200, "next_page"), (1000, 200, "split"),
    (1000, 199, "done"), (200, 0, "done"),
])
def test_next_step(skip, count, step):
    assert next_step(skip, count) == step


@pytest.mark.parametrize("piece, expected", [
    (Slice("Counselor", "DE"), ["197", "198", "199"]),
    (Slice("Counselor", "DE", postal_prefix="197"), [f"197{d}" for d in "0123456789"]),
    (Slice("Counselor", "DE", postal_prefix="19711"), ["NPI-1", "NPI-2"]),
    (Slice("Counselor", "DE", postal_prefix="19711", enumeration_type="NPI-1"), []),
])
def test_split_slice(piece, expected):
    children = split_slice(piece, ("197", "198", "199"))
    got = [c.enumeration_type or c.postal_prefix for c in children]
    assert got == expected


def test_slice_params_use_a_wildcard_below_five_digits():
    assert Slice("Psychologist", "NY", postal_prefix="100").params(200, 400)["postal_code"] == "100*"
    assert Slice("Psychologist", "NY", postal_prefix="10001").params()["postal_code"] == "10001"
    assert Slice("Psychologist", "NY").params()["address_purpose"] == "LOCATION"


@pytest.mark.parametrize("attempt, header, delay", [
    (0, None, 2.0), (1, None, 4.0), (5, None, 60.0), (0, "7", 7.0), (0, "600", 60.0),
    (2, "Wed, 21 Oct 2026 07:28:00 GMT", 8.0),
])
def test_backoff_delay(attempt, header, delay):
    assert backoff_delay(attempt, header, base=2.0, cap=60.0) == delay


def test_json_nested_too_deep_to_read_is_malformed_json_not_a_parser_bug():
    """json.loads raises RecursionError (not ValueError) on '[[[[...'; the page is
    unreadable, like a truncated one, and is retried and counted as malformed_json."""
    page = SavedResponse("https://x.example/p", b"[" * 100_000)
    with pytest.raises(ParseError) as exc:
        page.json()
    assert exc.value.reason == "malformed_json"
    assert safe_parse(get_parser("nppes"), page).dropped[0][0] == "malformed_json"


@pytest.mark.parametrize("href, url", [
    ("/therapists/a/", "https://x.example/therapists/a/"),
    ("https://y.example/b?c=1", "https://y.example/b?c=1"),
    ("http://[::1", None), ("http://[::1]x/a/", None), ("https://a:99999/", None),
    ("javascript:alert(1)", None), ("mailto:a@x.example", None), ("\ud800", None),
    ("http://\uff03@evil.example/", None),
])
def test_follow_url_keeps_only_links_a_request_can_be_made_for(href, url):
    from crawler.parsing import follow_url

    assert follow_url("https://x.example/therapists/", href) == url
