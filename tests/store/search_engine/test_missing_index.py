"""An alias with no index behind it, or an index of another template version,
is reported as the embedded store reports a missing or foreign file: reads
raise StoreUnavailable naming the alias and how to create it, /readyz and
searches answer 503, the CLI prints the error. Nothing is created by a read;
a write (upsert) creates the empty index, and a rebuild replaces an index of
another version."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from search_api.app import create_app
from tests.store.search_engine.engines import with_alias
from tests.store.searching import LATLON, ids, run
from tests.utils.factories import make_listing
from therapist_finder.cli.main import main
from therapist_finder.errors import StoreUnavailable
from therapist_finder.schema import Listing
from therapist_finder.settings import Settings
from therapist_finder.store import open_store
from therapist_finder.store.search_engine import lifecycle, mapping


def test_missing_alias_is_unavailable_not_empty(engine_url):
    url = with_alias(engine_url, "nothere")
    store = open_store(url)
    for read in (lambda: run(store, **LATLON), lambda: store.get("test:a"), store.ping, store.stats,
                 store.warm, lambda: next(store.documents())):
        with pytest.raises(StoreUnavailable) as caught:
            read()
        message = str(caught.value)
        assert "no index" in message and "'nothere'" in message and "--rebuild" in message
    assert lifecycle.live_indices(store.client, "nothere") == []  # a read creates nothing
    # A first write creates the index, as it creates the embedded store's file.
    store.upsert([make_listing("a")])
    assert ids(run(store, **LATLON)) == ["a"]
    store.ping()
    store.close()


def test_missing_alias_is_503_in_the_api_and_an_error_in_the_cli(engine_url, capsys):
    url = with_alias(engine_url, "nothere")
    store = open_store(url)
    with TestClient(create_app(Settings(store=url), store=store)) as api:
        ready = api.get("/readyz")
        assert ready.status_code == 503 and "no index" in ready.json()["detail"]
        assert api.get("/v1/therapists", params=LATLON).status_code == 503
        store.rebuild([make_listing("a")])  # an operator creates it: no restart needed
        assert api.get("/readyz").status_code == 200
        assert api.get("/v1/therapists", params=LATLON).json()["total"] == 1
    store.close()
    assert main(["--store", with_alias(engine_url, "nothere2"), "search", "--q", "grief"]) == 2
    err = capsys.readouterr().err
    assert "no index" in err and "'nothere2'" in err and "--rebuild" in err


def test_index_of_another_template_version_is_refused_until_rebuilt(engine_url):
    store = open_store(engine_url)
    store.rebuild([make_listing("a")])
    # An index an older version wrote: created by hand with that version's marker.
    old = f"{store.alias}-old"
    old_mappings = {"dynamic": False, "properties": {"id": {"type": "keyword"}},
                    "_meta": {"template_version": mapping.template_version() - 1}}
    store.client.raw.indices.create(index=old, body={"mappings": old_mappings})
    kept = make_listing("kept", name="Kept Through The Upgrade")
    store.client.raw.index(index=old, id=kept.id, refresh=True,
                           body={"id": kept.id, "doc": kept.model_dump(mode="json", exclude_defaults=True)})
    live = lifecycle.live_indices(store.client, store.alias)
    actions = [{"add": {"index": old, "alias": store.alias}}]
    actions += [{"remove": {"index": i, "alias": store.alias}} for i in live]
    store.client.raw.indices.update_aliases(body={"actions": actions})

    reader = open_store(engine_url)  # a process starting against that cluster
    for call in (lambda: run(reader, **LATLON), lambda: reader.upsert([make_listing("b")])):
        with pytest.raises(StoreUnavailable) as caught:
            call()
        message = str(caught.value)
        assert f"template version {mapping.template_version() - 1}" in message
        assert "--rebuild" in message
    # Its listings can still be exported, for the rebuild that upgrades it.
    assert [Listing.from_stored(doc) for doc in reader.documents()] == [kept]
    reader.rebuild([make_listing("c")])
    assert ids(run(reader, **LATLON)) == ["c"]
    reader.close()
    store.close()


def test_index_of_other_vocabularies_is_read_but_not_written_until_rebuilt(engine_url, caplog):
    store = open_store(engine_url)
    store.rebuild([make_listing("a", description="Support for grief and loss.")])
    for index, meta in lifecycle.index_meta(store.client, store.alias).items():
        assert meta["vocabularies"] == store.encoder.fingerprint  # recorded by the rebuild
        assert meta["template_version"] == mapping.template_version()
        # As if an older version, with other synonyms, had written it.
        store.client.raw.indices.put_mapping(index=index, body={"_meta": {**meta, "vocabularies": "older"}})

    upgraded = open_store(engine_url)
    assert ids(run(upgraded, q="grief", **LATLON)) == ["a"]  # still served, with a warning
    assert "other vocabularies" in caplog.text
    with pytest.raises(StoreUnavailable) as caught:
        upgraded.upsert([make_listing("b")])
    assert "other vocabularies" in str(caught.value) and "--rebuild" in str(caught.value)
    assert upgraded.delete("test:a") is True  # a removal on request writes no document
    upgraded.rebuild([make_listing("a"), make_listing("b")])  # e.g. the file still holds "a"
    upgraded.upsert([make_listing("c")])
    assert sorted(ids(run(upgraded, **LATLON))) == ["a", "b", "c"]
    upgraded.close()
    store.close()


def test_first_write_records_the_vocabularies(engine_url):
    store = open_store(engine_url)
    store.upsert([make_listing("a")])
    metas = lifecycle.index_meta(store.client, store.alias)
    assert [m["vocabularies"] for m in metas.values()] == [store.encoder.fingerprint]
    assert [m["template_version"] for m in metas.values()] == [mapping.template_version()]
    store.close()
