"""A serving store keeps answering from its last snapshot while the next builds."""

from __future__ import annotations

import threading

import pytest

from tests.store.contract import LATLON, ids, run
from tests.utils.factories import ORIGIN, make_listing, north_of
from therapist_finder.store.sqlite import SqliteStore, snapshot


@pytest.fixture
def held_builds(monkeypatch):
    """Snapshot builds wait for `release` (set it to let them finish)."""
    release, started = threading.Event(), threading.Event()
    build = snapshot.load_full

    def held(*args, **kwargs):
        started.set()
        assert release.wait(10), "test never released the snapshot build"
        return build(*args, **kwargs)

    monkeypatch.setattr(snapshot, "load_full", held)
    return release, started


def _stores(tmp_path, count: int = 30):
    path = tmp_path / "dir.db"
    writer = SqliteStore(path, cache_snapshots=False)
    writer.rebuild([make_listing(f"{i:02d}", at=north_of(*ORIGIN, i * 0.1)) for i in range(count)])
    server = SqliteStore(path, snapshot_mode="serve", cache_snapshots=False)
    server.warm()
    return writer, server


def test_writes_show_after_the_background_refresh_and_never_block(tmp_path, held_builds):
    release, started = held_builds
    release.set()
    writer, server = _stores(tmp_path)
    release.clear()
    started.clear()
    writer.upsert([make_listing("new", at=north_of(*ORIGIN, 0.05))])
    writer.delete("test:00")

    result = run(server, **LATLON, limit=100)  # answers now, from the last snapshot
    assert started.wait(5)
    assert "new" not in ids(result)
    assert "00" not in ids(result)  # deleted: its document is gone, so it is skipped
    assert len(ids(result)) == 29

    release.set()
    server.wait_for_refresh(10)
    fresh = run(server, **LATLON, limit=100)
    assert "new" in ids(fresh) and "00" not in ids(fresh)
    assert fresh.total == 30
    server.close()
    writer.close()


def test_paging_across_a_refresh_neither_skips_nor_repeats(tmp_path, held_builds):
    release, _ = held_builds
    release.set()
    writer, server = _stores(tmp_path)
    first = run(server, **LATLON, limit=10, sort="name")
    release.clear()
    writer.upsert([make_listing("05a", at=north_of(*ORIGIN, 0.5))])  # sorts inside page two
    writer.delete("test:12")
    second = run(server, **LATLON, limit=10, sort="name", cursor=first.next_cursor)  # stale snapshot
    release.set()
    server.wait_for_refresh(10)
    rest = []
    cursor = second.next_cursor
    while cursor:
        page = run(server, **LATLON, limit=10, sort="name", cursor=cursor)
        rest += ids(page)
        cursor = page.next_cursor
    seen = ids(first) + ids(second) + rest
    assert len(seen) == len(set(seen))
    assert set(seen) >= {f"{i:02d}" for i in range(30) if i != 12}
    assert "12" not in seen
    server.close()
    writer.close()


def test_a_cursor_from_a_listing_added_after_the_snapshot(tmp_path, held_builds):
    """With several server processes, a page can come from a newer snapshot
    than the one answering the next page, and end with a listing that one
    has never seen: the next page starts at the listing after it."""
    release, _ = held_builds
    release.set()
    writer, fresh = _stores(tmp_path, count=12)
    stale = SqliteStore(writer.path, snapshot_mode="serve", cache_snapshots=False)
    stale.warm()
    writer.upsert([make_listing("05a", at=north_of(*ORIGIN, 0.5))])
    run(fresh, **LATLON)  # the first search after a write starts the refresh
    fresh.wait_for_refresh(10)
    page = run(fresh, **LATLON, limit=7, sort="name")
    assert ids(page)[-1] == "05a"
    release.clear()
    rest = run(stale, **LATLON, limit=100, sort="name", cursor=page.next_cursor)
    assert ids(rest) == [f"{i:02d}" for i in range(6, 12)]
    release.set()
    for store in (stale, fresh, writer):
        store.close()


def test_a_rebuild_is_never_answered_from_the_old_snapshot(tmp_path):
    """A rebuild renumbers rows, so the old snapshot would name wrong listings:
    the server waits for the new snapshot instead."""
    writer, server = _stores(tmp_path, count=5)
    writer.rebuild([make_listing(f"r{i}") for i in range(3)])
    assert sorted(ids(run(server, **LATLON))) == ["r0", "r1", "r2"]
    server.close()
    writer.close()


def test_a_new_listing_never_takes_a_deleted_listings_row(tmp_path, held_builds):
    """Rowids are not reused: the last snapshot must not show a new listing
    with the location and facets of the deleted one whose row it would take."""
    release, _ = held_builds
    release.set()
    writer, server = _stores(tmp_path, count=5)
    release.clear()
    writer.delete("test:04")  # the highest rowid
    writer.upsert([make_listing("far", at=(50.0, -100.0))])  # 690 miles north
    near = run(server, **LATLON, radius_mi=5, limit=100)
    assert "far" not in ids(near) and "04" not in ids(near)
    release.set()
    server.wait_for_refresh(10)
    assert "far" not in ids(run(server, **LATLON, radius_mi=5, limit=100))
    assert ids(run(server, lat=50.0, lon=-100.0, radius_mi=5)) == ["far"]
    server.close()
    writer.close()


def test_a_page_whose_listings_were_all_deleted_still_leads_on(tmp_path, held_builds):
    release, _ = held_builds
    release.set()
    writer, server = _stores(tmp_path, count=6)
    first = run(server, **LATLON, limit=2, sort="name")
    assert ids(first) == ["00", "01"]
    release.clear()
    writer.delete("test:02")
    writer.delete("test:03")
    second = run(server, **LATLON, limit=2, sort="name", cursor=first.next_cursor)  # stale snapshot
    assert ids(second) == ["04", "05"]
    release.set()
    server.close()
    writer.close()


def test_readyz_says_when_searches_come_from_the_last_snapshot(tmp_path, held_builds):
    from fastapi.testclient import TestClient

    from search_api.app import create_app
    from therapist_finder.settings import Settings

    release, started = held_builds
    release.set()
    writer, server = _stores(tmp_path, count=3)
    settings = Settings(store=f"sqlite:///{writer.path}")
    with TestClient(create_app(settings, store=server)) as client:
        assert client.get("/readyz").json() == {"status": "ready", "search_data": "current"}
        release.clear()
        started.clear()
        writer.upsert([make_listing("new")])
        assert client.get("/v1/therapists", params={"lat": ORIGIN[0], "lon": ORIGIN[1]}).status_code == 200
        assert started.wait(5)
        assert client.get("/readyz").json()["search_data"] == "refreshing"
        release.set()
        server.wait_for_refresh(10)
        assert client.get("/readyz").json()["search_data"] == "current"
    server.close()
    writer.close()
