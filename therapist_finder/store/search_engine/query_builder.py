"""SearchQuery -> search request body: one pure function for the whole contract.

The same body serves Elasticsearch and OpenSearch. Its parts:

- `query`: what selects the result set for everyone, facets included: the
  distance filter, state, fee ceiling, freshness and the free text (in `must`,
  so it scores).
- `post_filter`: the facet filters (vocabulary facets and yes/no flags). They
  narrow the hits but not the aggregations, which makes facets disjunctive:
  each facet's aggregation re-applies every facet filter except its own.
- `sort` + `search_after`: distance (nearest of a listing's locations, arc, in
  miles), name, or fee (`fees.lowest`, the field max_fee filters on; then
  distance when there is a point), each tie-broken by listing id; the cursor
  holds the last hit's sort values. Relevance pages by offset instead (`from`,
  the cursor holds "offset:N"): a score is not a stable key (it drifts with index
  statistics as documents come and go), and the in-memory test engine
  compares `search_after` against unrounded scores while it reports rounded
  ones, which skips or repeats hits. Offsets are exact for an unchanged index.
- `track_total_hits: true`: totals are exact, never "10,000+".

Vocabulary synonyms arrive already expanded (TextQuery groups), so no
synonym filter is needed in the index and every store matches the same terms.
A group that is a vocabulary term (a concern or an approach) is matched
through the listings' `mentions`, never as text, and plain words as FTS5
tokens (text.py): the same listings as the embedded store, whatever the score.
"""

from __future__ import annotations

from typing import Any

from therapist_finder.errors import InvalidQuery
from therapist_finder.store.query import FLAGS, Cursor, SearchQuery
from therapist_finder.store.search_engine.text import fts_text
from therapist_finder.vocab import FACETS

# The object field holding, per free-text facet, the terms a listing mentions (documents.py).
MENTIONS = "mentions"
# Field weights mirror the embedded store's bm25 column weights.
TEXT_FIELDS = ["name^8", "topics^4", "description"]
# Larger than any vocabulary (the largest has under 100 values; a test checks).
FACET_SIZE = 500
FACET_AGG = "facet:"
FLAG_AGG = "flag:"
MAX_WINDOW = 10_000  # index.max_result_window: how deep offset paging may go
OFFSET = "offset:"
# Width of the ring, inside the radius, whose listings the store re-checks
# exactly when the engine's distance filter is approximate (see store.py).
BAND_FRACTION = 0.01
BAND_MIN_MI = 0.01
BAND_LIMIT = 10_000
# The fee sort's value for listings with no known fee: above any fee a listing
# may have (at most 100,000), so they come last. A number rather than "_last",
# whose sort value ("Infinity") engines need not accept back in search_after.
NO_FEE = 1e9


def effective_sort(q: SearchQuery) -> str:
    """The sort actually applied: distance needs a point, relevance needs text."""
    if q.sort == "distance" and q.point is not None:
        return "distance"
    if q.sort == "relevance" and q.text is not None:
        return "relevance"
    if q.sort == "fee":
        return "fee"
    return "name"


def _phrase(phrase: str) -> dict[str, Any]:
    """One phrase within one text field, cut and folded as FTS5 does (text.py)."""
    tokens = fts_text(phrase)
    if not tokens:
        return {"match_none": {}}
    found = {"multi_match": {"query": tokens, "type": "phrase", "fields": TEXT_FIELDS}}
    unfolded = fts_text(phrase, fold=False)
    if unfolded == tokens:
        return found
    # Documents indexed before Ø, Ł, ß... were folded hold them as written.
    kept = {"multi_match": {"query": unfolded, "type": "phrase", "fields": TEXT_FIELDS}}
    return {"bool": {"should": [found, kept], "minimum_should_match": 1}}


def _term(facet: str, slugs: list[str]) -> dict[str, Any]:
    """A vocabulary term (slugs: it and its variants) through the listings' mentions.

    Selects exactly what the embedded store's mention bits select. It scores
    as there: one for a mention, one more for a tag of the listing's own.
    """
    return {
        "bool": {
            "filter": [{"terms": {f"{MENTIONS}.{facet}": list(slugs)}}],
            "should": [
                {"constant_score": {"filter": {"terms": {f"{MENTIONS}.{facet}": list(slugs)}}}},
                {"constant_score": {"filter": {"terms": {facet: list(slugs)}}}},
            ],
        }
    }


def text_clause(q: SearchQuery) -> dict[str, Any] | None:
    """Groups AND-ed. A vocabulary-term group (TextQuery.terms) matches through
    the mention keywords; any other group by its phrases, OR-ed, each within
    one field (as the embedded store: mention bits, then FTS5)."""
    if q.text is None:
        return None
    clauses: list[dict[str, Any]] = []
    for i, group in enumerate(q.text.groups):
        term = q.text.term_of(i)
        if term is not None:
            clauses.append(_term(*term))
            continue
        phrases = [p for p in group if p.strip()]
        if phrases:
            clauses.append(
                {"bool": {"should": [_phrase(p) for p in phrases], "minimum_should_match": 1}}
            )
    if not clauses:
        return {"match_none": {}}
    return {"bool": {"must": clauses}}


def within(q: SearchQuery, radius_mi: float) -> dict[str, Any]:
    """Listings with an office within `radius_mi` of the query point.

    Tested office by office on the nested `offices` (one point per nested
    document). Elasticsearch gets this right on the flat `locations` array
    too, but the in-memory test engine does not: for a multi-valued
    geo_point it drops listings that have an office south or west beyond the
    radius. The nested form is exact on both, so there is one query for all.
    """
    assert q.point is not None
    return {
        "nested": {
            "path": "offices",
            "query": {
                "geo_distance": {
                    "distance": f"{radius_mi}mi",
                    "distance_type": "arc",
                    "offices.point": {"lat": q.point.lat, "lon": q.point.lon},
                }
            },
        }
    }


def base_filters(q: SearchQuery) -> list[dict[str, Any]]:
    """Filters that apply to hits and to every facet count."""
    out: list[dict[str, Any]] = []
    if q.point is not None:
        out.append(within(q, q.radius_mi))
    if q.state:
        out.append({"term": {"state": q.state}})
    if q.max_fee is not None:
        out.append({"range": {"fees.lowest": {"lte": q.max_fee}}})
    seen_since = getattr(q, "seen_since", None)
    if seen_since is not None:
        # Undated listings are never called stale: there is no evidence.
        out.append(
            {
                "bool": {
                    "should": [
                        {"range": {"last_seen": {"gte": seen_since.isoformat()}}},
                        {"bool": {"must_not": {"exists": {"field": "last_seen"}}}},
                    ],
                    "minimum_should_match": 1,
                }
            }
        )
    return out


def facet_filters(q: SearchQuery) -> dict[str, dict[str, Any]]:
    """One clause per active facet or flag filter, keyed by the facet it belongs to."""
    out: dict[str, dict[str, Any]] = {}
    for facet, values in q.filters.items():
        if values:
            out[facet] = {"terms": {facet: list(values)}}
    for flag, value in q.flags.items():
        out[flag] = {"term": {flag: value}}
    return out


def _all_of(clauses: list[dict[str, Any]]) -> dict[str, Any]:
    return {"bool": {"filter": clauses}} if clauses else {"match_all": {}}


def aggregations(filters: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Disjunctive facet counts: each applies every facet filter but its own."""
    aggs: dict[str, Any] = {}
    for facet in FACETS:
        others = [c for name, c in filters.items() if name != facet]
        aggs[FACET_AGG + facet] = {
            "filter": _all_of(others),
            "aggs": {"values": {"terms": {"field": facet, "size": FACET_SIZE}}},
        }
    for flag in FLAGS:
        others = [c for name, c in filters.items() if name != flag]
        aggs[FLAG_AGG + flag] = {"filter": _all_of([*others, {"term": {flag: True}}])}
    return aggs


def _by_distance(q: SearchQuery) -> dict[str, Any]:
    assert q.point is not None
    return {
        "_geo_distance": {
            "locations": {"lat": q.point.lat, "lon": q.point.lon},
            "order": "asc",
            "unit": "mi",
            "distance_type": "arc",
            "mode": "min",
        }
    }


def sort_clause(q: SearchQuery) -> list[dict[str, Any]]:
    """The sort keys; the listing id breaks every tie so paging is stable."""
    kind = effective_sort(q)
    if kind == "distance":
        keys = [_by_distance(q)]
    elif kind == "relevance":
        keys = [{"_score": {"order": "desc"}}]
    elif kind == "fee":
        keys = [{"fees.lowest": {"order": "asc", "missing": NO_FEE}}]
        if q.point is not None:
            keys.append(_by_distance(q))
    else:
        keys = [{"name_key": {"order": "asc"}}]
    return [*keys, {"id": {"order": "asc"}}]


def search_after(q: SearchQuery, cursor: Cursor) -> list[Any]:
    """The cursor as the sort values of its last hit."""
    if effective_sort(q) != "fee":
        return [cursor.key, cursor.id]
    if q.point is not None and cursor.distance is None:
        raise InvalidQuery("cursor", "cursor is not valid for this directory; start from page one")
    fee = NO_FEE if cursor.key is None else cursor.key
    return [fee, cursor.distance, cursor.id] if q.point is not None else [fee, cursor.id]


def cursor_keys(q: SearchQuery, sort_values: list[Any]) -> tuple[Any, float | None]:
    """(key, distance) for the cursor after a hit with these sort values."""
    if effective_sort(q) != "fee":
        return sort_values[0], None
    fee = sort_values[0]
    key = None if not isinstance(fee, int | float) or fee >= NO_FEE else float(fee)
    return key, float(sort_values[1]) if q.point is not None else None


def cursor_offset(q: SearchQuery) -> int:
    """Where a relevance page starts (0 without a cursor)."""
    cursor = q.check_cursor()
    if cursor is None:
        return 0
    key = cursor.key
    if not (isinstance(key, str) and key.startswith(OFFSET) and key[len(OFFSET) :].isdigit()):
        raise InvalidQuery("cursor", "cursor is not valid for this directory; start from page one")
    offset = int(key[len(OFFSET) :])
    if offset + q.limit + 1 > MAX_WINDOW:
        raise InvalidQuery(
            "cursor",
            f"results sorted by relevance can be paged {MAX_WINDOW:,} deep; "
            "narrow the search or sort by distance or name",
        )
    return offset


def build_search(q: SearchQuery, exclude_ids: list[str] | None = None) -> dict[str, Any]:
    """The request body for one page of `q` (one extra hit tells if more follow).

    `exclude_ids` leaves out listings the store found to be beyond the radius.
    """
    cursor = q.check_cursor()
    must = [text] if (text := text_clause(q)) else []
    filters = facet_filters(q)
    query: dict[str, Any] = {"bool": {"filter": base_filters(q), "must": must}}
    if exclude_ids:
        query["bool"]["must_not"] = [{"ids": {"values": list(exclude_ids)}}]
    body: dict[str, Any] = {
        "query": query,
        "sort": sort_clause(q),
        "size": q.limit + 1,
        "track_total_hits": True,
        "_source": ["doc"],
    }
    if q.facets:
        body["aggs"] = aggregations(filters)
    if filters:
        body["post_filter"] = _all_of(list(filters.values()))
    if q.text is not None:
        body["track_scores"] = True  # scores are reported even when sorting by distance or name
    if effective_sort(q) == "relevance":
        if offset := cursor_offset(q):
            body["from"] = offset
    elif cursor is not None:
        body["search_after"] = search_after(q, cursor)
    return body


def boundary_band(q: SearchQuery) -> dict[str, Any]:
    """Listings the distance filter admits near the edge of the radius, with their points."""
    inner = q.radius_mi * (1 - BAND_FRACTION) - BAND_MIN_MI
    query: dict[str, Any] = {"bool": {"filter": [within(q, q.radius_mi)]}}
    # For a radius up to 0.0101 mi (53 ft) the band is the whole circle: an
    # inner circle of radius 0 is refused outright ("distance must be
    # greater than zero"), which failed every search with a radius that small.
    if inner > 0:
        query["bool"]["must_not"] = [within(q, inner)]
    return {
        "query": query,
        "size": BAND_LIMIT,
        "_source": ["locations"],
    }


def parse_facets(
    aggs: dict[str, Any], order: dict[str, list[str]] | None = None
) -> dict[str, dict[str, int]]:
    """Facet counts from the aggregations, in the contract's shape (nonzero only).

    Values come in vocabulary order (`order`: facet -> slugs, as
    /v1/vocabularies lists them), as the embedded store gives them, not in
    the engine's count order; a value outside `order` goes last.
    """
    out: dict[str, dict[str, int]] = {}
    for facet in FACETS:
        buckets = aggs[FACET_AGG + facet]["values"]["buckets"]
        counts = {str(b["key"]): int(b["doc_count"]) for b in buckets if b["doc_count"]}
        if order is not None and facet in order:
            rank = {slug: i for i, slug in enumerate(order[facet])}
            counts = dict(sorted(counts.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0])))
        out[facet] = counts
    for flag in FLAGS:
        out[flag] = {"true": int(aggs[FLAG_AGG + flag]["doc_count"])}
    return out
