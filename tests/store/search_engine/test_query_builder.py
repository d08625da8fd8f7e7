"""The query builder is a pure function: SearchQuery in, request body out."""

from __future__ import annotations

from datetime import date

import pytest

from therapist_finder.errors import InvalidQuery
from therapist_finder.geo.points import GeoPoint
from therapist_finder.store.query import Cursor, SearchQuery, TextQuery
from therapist_finder.store.search_engine import query_builder as qb
from therapist_finder.vocab import FACETS, load_vocabularies

POINT = GeoPoint(lat=40.0, lon=-100.0, precision="rooftop")


def test_facet_size_exceeds_every_vocabulary():
    vocabs = load_vocabularies()
    assert max(len(vocabs[f].slugs()) for f in FACETS) < qb.FACET_SIZE


def test_distance_search_with_facet_filters():
    q = SearchQuery(
        point=POINT,
        radius_mi=10,
        state="KS",
        filters={"insurance": ["aetna", "cigna"]},
        flags={"telehealth": True},
        max_fee=80,
        sort="distance",
        limit=5,
    )
    body = qb.build_search(q)
    assert body["query"] == {
        "bool": {
            "filter": [
                {
                    "nested": {
                        "path": "offices",
                        "query": {
                            "geo_distance": {
                                "distance": "10.0mi",
                                "distance_type": "arc",
                                "offices.point": {"lat": 40.0, "lon": -100.0},
                            }
                        },
                    }
                },
                {"term": {"state": "KS"}},
                {"range": {"fees.lowest": {"lte": 80.0}}},
            ],
            "must": [],
        }
    }
    assert body["post_filter"] == {
        "bool": {
            "filter": [{"terms": {"insurance": ["aetna", "cigna"]}}, {"term": {"telehealth": True}}]
        }
    }
    assert body["sort"] == [
        {
            "_geo_distance": {
                "locations": {"lat": 40.0, "lon": -100.0},
                "order": "asc",
                "unit": "mi",
                "distance_type": "arc",
                "mode": "min",
            }
        },
        {"id": {"order": "asc"}},
    ]
    assert (body["size"], body["track_total_hits"], body["_source"]) == (6, True, ["doc"])
    assert "search_after" not in body and "track_scores" not in body


def test_aggregations_are_disjunctive():
    q = SearchQuery(
        filters={"insurance": ["aetna"], "specialty": ["anxiety"]}, flags={"telehealth": True}
    )
    aggs = qb.build_search(q)["aggs"]
    assert aggs["facet:insurance"] == {
        "filter": {
            "bool": {
                "filter": [{"terms": {"specialty": ["anxiety"]}}, {"term": {"telehealth": True}}]
            }
        },
        "aggs": {"values": {"terms": {"field": "insurance", "size": qb.FACET_SIZE}}},
    }
    assert aggs["facet:language"]["filter"]["bool"]["filter"] == [
        {"terms": {"insurance": ["aetna"]}},
        {"terms": {"specialty": ["anxiety"]}},
        {"term": {"telehealth": True}},
    ]
    # a flag's count keeps the other filters, drops its own, and counts true
    assert aggs["flag:telehealth"] == {
        "filter": {
            "bool": {
                "filter": [
                    {"terms": {"insurance": ["aetna"]}},
                    {"terms": {"specialty": ["anxiety"]}},
                    {"term": {"telehealth": True}},
                ]
            }
        }
    }
    assert aggs["flag:accepting_new"]["filter"]["bool"]["filter"][-1] == {
        "term": {"accepting_new": True}
    }
    plain = qb.build_search(SearchQuery())["aggs"]
    assert plain["facet:format"]["filter"] == {"match_all": {}}


def test_text_groups_and_phrases():
    q = SearchQuery(
        text=TextQuery(
            raw="postpartum sleep", groups=[["perinatal depression", "postpartum"], ["sleep"]]
        ),
        sort="relevance",
    )
    body = qb.build_search(q)
    fields = ["name^8", "topics^4", "description"]
    assert body["query"]["bool"]["must"] == [
        {
            "bool": {
                "must": [
                    {
                        "bool": {
                            "should": [
                                {
                                    "multi_match": {
                                        "query": "perinatal depression",
                                        "type": "phrase",
                                        "fields": fields,
                                    }
                                },
                                {
                                    "multi_match": {
                                        "query": "postpartum",
                                        "type": "phrase",
                                        "fields": fields,
                                    }
                                },
                            ],
                            "minimum_should_match": 1,
                        }
                    },
                    {
                        "bool": {
                            "should": [
                                {
                                    "multi_match": {
                                        "query": "sleep",
                                        "type": "phrase",
                                        "fields": fields,
                                    }
                                }
                            ],
                            "minimum_should_match": 1,
                        }
                    },
                ]
            }
        }
    ]
    assert body["sort"] == [{"_score": {"order": "desc"}}, {"id": {"order": "asc"}}]
    assert body["track_scores"] is True
    assert qb.text_clause(SearchQuery(text=TextQuery(raw=" ", groups=[[" "]]))) == {
        "match_none": {}
    }


def test_vocabulary_term_groups_match_mentions_and_words_match_fts5_tokens():
    q = SearchQuery(
        text=TextQuery(
            raw="ptsd O'Brien",
            groups=[["ptsd", "trauma"], ["O\u2019Brien"], ["\u0130stanbul"]],
            terms=[("specialty", ["ptsd", "complex-ptsd"]), None, None],
        )
    )
    term, words, accented = qb.text_clause(q)["bool"]["must"]
    # The term's slugs (variants included) against the mention keywords; never as text.
    assert term["bool"]["filter"] == [{"terms": {"mentions.specialty": ["ptsd", "complex-ptsd"]}}]
    assert "multi_match" not in str(term)
    # Words are cut and folded as FTS5's unicode61 does before the engine sees them.
    assert words["bool"]["should"][0]["multi_match"]["query"] == "o brien"
    assert accented["bool"]["should"][0]["multi_match"]["query"] == "istanbul"


def test_facets_come_back_in_vocabulary_order():
    aggs = {qb.FACET_AGG + f: {"values": {"buckets": []}} for f in FACETS}
    aggs |= {qb.FLAG_AGG + f: {"doc_count": 0} for f in qb.FLAGS}
    aggs[qb.FACET_AGG + "insurance"]["values"]["buckets"] = [
        {"key": "zeta", "doc_count": 9}, {"key": "beta", "doc_count": 5}, {"key": "alpha", "doc_count": 1},
        {"key": "gone", "doc_count": 0},
    ]
    facets = qb.parse_facets(aggs, {"insurance": ["alpha", "beta", "zeta"]})
    assert list(facets["insurance"].items()) == [("alpha", 1), ("beta", 5), ("zeta", 9)]


def test_freshness_keeps_undated_listings():
    body = qb.build_search(SearchQuery(seen_since=date(2026, 6, 1)))
    assert body["query"]["bool"]["filter"] == [
        {
            "bool": {
                "should": [
                    {"range": {"last_seen": {"gte": "2026-06-01"}}},
                    {"bool": {"must_not": {"exists": {"field": "last_seen"}}}},
                ],
                "minimum_should_match": 1,
            }
        }
    ]


def test_sorts_fall_back_like_the_embedded_store():
    assert qb.effective_sort(SearchQuery(sort="distance")) == "name"
    assert qb.effective_sort(SearchQuery(sort="relevance", point=POINT)) == "name"
    assert qb.build_search(SearchQuery(sort="name"))["sort"] == [
        {"name_key": {"order": "asc"}},
        {"id": {"order": "asc"}},
    ]


def test_cursors_search_after_or_offset():
    q = SearchQuery(point=POINT, sort="distance")
    q.cursor = Cursor(sort="distance", key=3.5, id="test:b", query_hash=q.fingerprint())
    assert qb.build_search(q)["search_after"] == [3.5, "test:b"]
    r = SearchQuery(text=TextQuery(raw="grief", groups=[["grief"]]), sort="relevance", limit=10)
    r.cursor = Cursor(sort="relevance", key="offset:20", id="test:c", query_hash=r.fingerprint())
    body = qb.build_search(r)
    assert body["from"] == 20 and "search_after" not in body
    r.cursor = Cursor(sort="relevance", key=0.25, id="test:c", query_hash=r.fingerprint())
    with pytest.raises(InvalidQuery):
        qb.build_search(r)
    r.cursor = Cursor(sort="relevance", key="offset:9995", id="test:c", query_hash=r.fingerprint())
    with pytest.raises(InvalidQuery) as err:
        qb.build_search(r)
    assert "10,000" in err.value.message


def test_exclusions_and_boundary_band():
    q = SearchQuery(point=POINT, radius_mi=25, sort="distance")
    assert qb.build_search(q, ["test:x"])["query"]["bool"]["must_not"] == [
        {"ids": {"values": ["test:x"]}}
    ]
    band = qb.boundary_band(q)["query"]["bool"]
    assert band["filter"][0]["nested"]["query"]["geo_distance"]["distance"] == "25.0mi"
    inner = float(
        band["must_not"][0]["nested"]["query"]["geo_distance"]["distance"].removesuffix("mi")
    )
    assert 24.5 < inner < 25


def test_boundary_band_of_a_tiny_radius_is_the_whole_circle():
    # Its inner circle would have radius 0, a geo_distance engines refuse.
    for radius in (0.01, 0.0101, 0.0001):
        band = qb.boundary_band(SearchQuery(point=POINT, radius_mi=radius, sort="distance"))["query"]["bool"]
        assert "must_not" not in band
        assert band["filter"][0]["nested"]["query"]["geo_distance"]["distance"] == f"{radius}mi"
    band = qb.boundary_band(SearchQuery(point=POINT, radius_mi=0.0102, sort="distance"))["query"]["bool"]
    inner = band["must_not"][0]["nested"]["query"]["geo_distance"]["distance"]
    assert 0 < float(inner.removesuffix("mi")) < 0.0102


def test_parse_facets_keeps_nonzero_counts():
    aggs = {f"facet:{f}": {"values": {"buckets": []}} for f in FACETS}
    aggs["facet:insurance"]["values"]["buckets"] = [
        {"key": "aetna", "doc_count": 2},
        {"key": "x", "doc_count": 0},
    ]
    aggs.update(
        {
            f"flag:{f}": {"doc_count": 1}
            for f in (
                "accepting_new",
                "telehealth",
                "in_person",
                "sliding_scale",
                "free_consultation",
            )
        }
    )
    facets = qb.parse_facets(aggs)
    assert facets["insurance"] == {"aetna": 2} and facets["telehealth"] == {"true": 1}
