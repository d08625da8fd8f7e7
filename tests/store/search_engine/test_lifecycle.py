"""Templates, the alias and atomic rebuilds, on a real engine."""

from __future__ import annotations

import threading
import time

from tests.store.contract import ids, run
from tests.utils.factories import ORIGIN, make_listing
from therapist_finder.store import open_store
from therapist_finder.store.search_engine import lifecycle, mapping

LATLON = {"lat": ORIGIN[0], "lon": ORIGIN[1]}


def test_setup_is_idempotent_and_uploads_the_template(engine_url):
    first = open_store(engine_url)
    first.upsert([])  # a first write creates the empty index behind the alias
    second = open_store(engine_url)  # a second process starting against the same cluster
    second.upsert([])
    second.warm()
    alias = first.alias
    templates = first.client.call(
        "read", lambda c: c.indices.get_index_template(name=f"{alias}-template")
    )
    body = templates["index_templates"][0]["index_template"]
    assert body["version"] == mapping.template_version()
    assert body["index_patterns"] == [f"{alias}-*"]
    assert first.stats()["indices"] == [lifecycle.initial_index_name(alias)]
    assert first.stats()["listings"] == 0
    first.close()
    second.close()


def test_rebuild_switches_the_alias_and_deletes_the_old_index(engine_url):
    store = open_store(engine_url)
    store.rebuild([make_listing("one")])
    before = store.stats()["indices"]
    store.rebuild([make_listing("two"), make_listing("three")])
    after = store.stats()["indices"]
    assert len(after) == 1 and after != before and after[0].startswith(f"{store.alias}-2")
    existing = store.client.call("list", lambda c: c.indices.get(index=f"{store.alias}-*"))
    assert sorted(existing) == after
    assert sorted(ids(run(store, **LATLON))) == ["three", "two"]
    # incremental upserts go through the alias into the live index
    store.upsert([make_listing("four")])
    assert store.stats()["listings"] == 3
    store.close()


def test_alias_swap_under_concurrent_searches(engine_url):
    """Searches running through several rebuilds never fail and never see a half-built index."""
    generations = [[make_listing(f"g{g}-{i:02d}") for i in range(40)] for g in range(4)]
    store = open_store(engine_url)
    store.rebuild(generations[0])
    reader = open_store(engine_url)  # another client, as another API process would be
    stop = threading.Event()
    seen: list[tuple[int, str]] = []
    errors: list[BaseException] = []

    def search_loop() -> None:
        while not stop.is_set():
            try:
                result = run(reader, **LATLON, limit=5)
                seen.append((result.total, ids(result)[0][:2] if result.results else ""))
            except BaseException as exc:  # noqa: BLE001 - every failure is a test failure
                errors.append(exc)

    threads = [threading.Thread(target=search_loop) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        for generation in generations[1:]:
            time.sleep(0.05)
            assert store.rebuild(generation) == 40
        time.sleep(0.05)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)
    assert not errors, errors[:3]
    assert len(seen) > 10
    assert all(total == 40 for total, _ in seen)  # never empty, never half-built
    assert {gen for _, gen in seen} >= {"g0", "g3"}
    assert sorted(ids(run(reader, **LATLON, limit=100)))[0] == "g3-00"
    reader.close()
    store.close()


def test_a_rebuild_deletes_indices_left_by_rebuilds_that_died(engine_url):
    from datetime import UTC, datetime, timedelta

    store = open_store(engine_url)
    store.rebuild([make_listing("one")])
    now = datetime.now(UTC)
    abandoned = lifecycle.new_index_name(store.alias, now - timedelta(days=2))
    running = lifecycle.new_index_name(store.alias, now - timedelta(minutes=5))  # another process
    for name in (abandoned, running):
        store.client.call("create", lambda c, n=name: c.indices.create(index=n))
    assert lifecycle.abandoned_builds(store.client, store.alias) == [abandoned]
    store.rebuild([make_listing("two")])
    existing = set(store.client.call("list", lambda c: c.indices.get(index=f"{store.alias}-*")))
    assert abandoned not in existing and running in existing
    assert existing == {running, *store.stats()["indices"]}
    assert ids(run(store, **LATLON)) == ["two"]
    store.close()
