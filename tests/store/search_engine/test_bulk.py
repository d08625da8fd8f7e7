"""Bulk loads against a real engine: per-document errors counted with reasons,
429s backed off and retried (the shim plays the busy node), nothing dropped."""

from __future__ import annotations

import pytest

from tests.utils.factories import make_listing
from therapist_finder.errors import BulkIndexError
from therapist_finder.store import open_store
from therapist_finder.store.search_engine.bulk import bulk_index
from therapist_finder.store.search_engine.url import parse_url


def good_actions(store, index: str, n: int):
    return [store.encoder.action(make_listing(f"b{i:03d}"), index) for i in range(n)]


def test_rejected_documents_are_counted_with_reasons(engine_url):
    store = open_store(engine_url)
    store.upsert([])  # creates the empty index behind the alias, as a first write does
    actions = good_actions(store, store.alias, 5)
    actions.insert(
        2,
        {
            "_op_type": "index",
            "_index": store.alias,
            "_id": "test:bad-field",
            "_source": {"id": "test:bad-field", "not_in_mapping": 1},
        },
    )
    actions.append(
        {
            "_op_type": "index",
            "_index": store.alias,
            "_id": "test:bad-fee",
            "_source": {"id": "test:bad-fee", "fees": {"lowest": "not a number"}},
        }
    )
    report = bulk_index(store.client, actions, chunk_size=3)
    assert (report.written, report.failed) == (5, 2)
    assert report.reasons[0].startswith("test:bad-field: strict_dynamic_mapping_exception")
    assert report.reasons[1].startswith("test:bad-fee: mapper_parsing_exception")
    assert "2 document(s) rejected, 5 written" in report.summary()
    store.close()


def test_busy_cluster_is_retried_with_backoff(es_url, shim):
    store = open_store(es_url)
    store.upsert([])  # creates the empty index behind the alias, as a first write does
    waits: list[float] = []
    shim.reject_bulk(3)
    report = bulk_index(
        store.client,
        good_actions(store, store.alias, 7),
        chunk_size=4,
        initial_backoff=0.5,
        sleep=waits.append,
    )
    assert (report.written, report.failed) == (7, 0)
    assert report.retried > 0
    assert waits == [0.5, 1.0, 2.0]  # exponential, one pause per busy round
    store.client.call("refresh", lambda c: c.indices.refresh(index=store.alias))
    assert store.client.call("count", lambda c: c.count(index=store.alias))["count"] == 7


def test_busy_beyond_retries_is_reported_not_dropped(es_url, shim):
    store = open_store(es_url)
    store.upsert([])  # creates the empty index behind the alias, as a first write does
    shim.reject_bulk(100)
    report = bulk_index(
        store.client, good_actions(store, store.alias, 3), max_retries=2, sleep=lambda s: None
    )
    assert (report.written, report.failed) == (0, 3)
    assert "cluster busy (429) after 2 retries" in report.reasons[0]


def test_store_upsert_raises_with_the_counts(engine_url):
    store = open_store(engine_url)
    store.upsert([make_listing("fine")])
    # An index whose mapping predates a field: every new document is rejected.
    outdated = f"outdated-{store.alias}"  # outside the template's pattern
    store.client.call(
        "setup",
        lambda c: c.indices.create(
            index=outdated,
            body={"mappings": {"dynamic": "strict", "properties": {"id": {"type": "keyword"}}}},
        ),
    )
    store.client.call(
        "setup",
        lambda c: c.indices.update_aliases(
            body={
                "actions": [
                    {"remove": {"index": "*", "alias": store.alias}},
                    {"add": {"index": outdated, "alias": store.alias}},
                ]
            }
        ),
    )
    with pytest.raises(BulkIndexError) as err:
        store.upsert([make_listing("x"), make_listing("y")])
    assert (err.value.written, err.value.failed) == (0, 2)
    assert "strict_dynamic_mapping_exception" in err.value.reasons[0]
    assert "2 document(s) rejected" in str(err.value)
    store.close()


def test_rejects_abort_a_rebuild_and_keep_the_live_index(engine_url):
    store = open_store(engine_url)
    store.rebuild([make_listing("old")])
    live = store.stats()["indices"]
    # A higher-priority template that breaks new timestamped indices' mappings.
    alias = parse_url(engine_url).alias
    store.client.call(
        "setup",
        lambda c: c.indices.put_index_template(
            name=f"{alias}-broken",
            body={
                "index_patterns": [f"{alias}-2*"],
                "priority": 500,
                "template": {
                    "mappings": {"dynamic": "strict", "properties": {"id": {"type": "keyword"}}}
                },
            },
        ),
    )
    with pytest.raises(BulkIndexError) as err:
        store.rebuild([make_listing("new")])
    assert "live index was left as it was" in str(err.value)
    assert store.stats()["indices"] == live
    assert store.get("test:old") is not None
    indices = store.client.call("list", lambda c: c.indices.get(index=f"{alias}-*"))
    assert sorted(indices) == live  # the half-built index was deleted
    store.client.call("cleanup", lambda c: c.indices.delete_index_template(name=f"{alias}-broken"))
    store.close()
