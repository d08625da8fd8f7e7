"""SearchParams validation and build_query resolution, table-driven."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from therapist_finder.errors import InvalidQuery
from therapist_finder.geo.resolve import PlaceResolver
from therapist_finder.search_params import SearchParams, build_query, text_query
from therapist_finder.vocab import load_vocabularies

VOCABS = load_vocabularies()


def build(**params):
    return build_query(SearchParams(**params), VOCABS, PlaceResolver(), today=date(2026, 11, 26))


@pytest.mark.parametrize(
    ("facet", "raw", "slug"),
    [
        ("insurance", "BCBS of Texas", "hcsc"),
        ("insurance", "Aetna", "aetna"),
        ("approach", "Interpersonal tx", "ipt"),
        ("language", "Español", "es"),
        ("format", "Couples counseling", "couples"),
    ],
)
def test_filter_values_accept_labels_and_synonyms(facet, raw, slug):
    assert slug in build(**{facet: [raw]}).filters[facet]


def test_parent_approach_expands_to_variants():
    values = build(approach=["ipt"]).filters["approach"]
    assert values[0] == "ipt"
    assert {"group-ipt", "dit", "ipsrt", "maintenance-ipt", "metacognitive-interpersonal-therapy"} <= set(
        values
    )


def test_comma_separated_values_are_split():
    assert build(insurance=["aetna,cigna"]).filters["insurance"][:2] == ["aetna", "cigna"]


@pytest.mark.parametrize(
    ("params", "sort"),
    [
        ({"near": "10001"}, "distance"),
        ({"q": "grief"}, "relevance"),
        ({}, "name"),
        ({"near": "10001", "q": "grief"}, "distance"),
        ({"q": "grief", "sort": "name"}, "name"),
        # A fee sort needs neither a place nor text, and keeps the text as a filter.
        ({"sort": "fee"}, "fee"),
        ({"near": "10001", "q": "grief", "sort": "fee"}, "fee"),
        ({"telehealth": True, "state": "NY", "sort": "fee"}, "fee"),
    ],
)
def test_default_sort(params, sort):
    assert build(**params).sort == sort


def test_fee_sort_keeps_the_text_and_the_place():
    query = build(near="10001", q="grief", sort="fee")
    assert query.text is not None and query.point is not None


def test_a_bad_sort_lists_the_valid_ones():
    with pytest.raises(ValidationError) as err:
        SearchParams(sort="price")
    assert "'distance', 'relevance', 'name' or 'fee'" in str(err.value)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"lat": 40.0}, "lat and lon"),
        ({"near": "10001", "lat": 1, "lon": 1}, "either near"),
        ({"sort": "distance"}, "needs a location"),
        ({"sort": "relevance"}, "needs q"),
        ({"radius_mi": 0}, "greater than 0"),
        ({"bogus": 1}, "Extra inputs"),
    ],
)
def test_invalid_combinations(params, message):
    with pytest.raises(ValidationError) as err:
        SearchParams(**params)
    assert message in str(err.value)


def test_unknown_value_names_parameter_and_suggests():
    with pytest.raises(InvalidQuery) as err:
        build(specialty=["ansiety"])
    assert err.value.param == "specialty" and "anxiety" in err.value.suggestions


def test_staleness_window_and_include_stale():
    assert build().seen_since == date(2026, 5, 30)
    assert build(include_stale=True).seen_since is None


@pytest.mark.parametrize(
    ("raw", "expected_first_phrases"),
    [
        ("postpartum", {"perinatal and postpartum depression"}),
        ("IPT for grief", {"interpersonal psychotherapy"}),
        ("ACT", {"acceptance and commitment therapy"}),
    ],
)
def test_text_query_expands_vocabulary_phrases(raw, expected_first_phrases):
    groups = text_query(raw, VOCABS).groups
    flat = {p for g in groups for p in g}
    assert expected_first_phrases & flat, groups


def test_text_query_drops_stopwords_and_keeps_words():
    assert text_query("a therapist for Willowmere", VOCABS).groups == [["willowmere"]]
    assert text_query("therapist near me", VOCABS) is None


def test_a_blank_place_is_no_place_as_an_empty_one_is():
    from therapist_finder.search_params import SearchParams

    assert SearchParams(near="   ").near is None
    assert SearchParams(near="").near is None
