"""Index lifecycle: templates, the alias, and atomic full rebuilds.

- Setup is idempotent and runs on every start: the component and index
  templates are (re)uploaded. When the alias points nowhere, a first write
  creates an empty index behind it (under a fixed name, so two processes
  starting at once cannot create two); a read reports it missing (store.py).
- Every index records in its mappings' `_meta` the template version and the
  vocabularies its documents were encoded with, which the store checks.
- A full rebuild writes a new timestamped index (`listings-20261126t101500123456`)
  with refresh paused, refreshes it, then moves the alias in ONE
  update_aliases call (add new + remove old), and only then deletes the old
  index. A reader searching the alias sees the old index or the new one,
  never a half-built one. Upserts go through the alias. Indices left by a
  rebuild whose process died are deleted by the next rebuild.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from therapist_finder.errors import StoreError
from therapist_finder.store.search_engine import mapping
from therapist_finder.store.search_engine.clients import EngineClient, reason_of, status_of

log = logging.getLogger("therapist_finder.store")
T = TypeVar("T")


def new_index_name(alias: str, now: datetime | None = None) -> str:
    """`alias`-<UTC timestamp to the microsecond> (lowercase, as index names must be)."""
    now = now or datetime.now(UTC)
    return f"{alias}-{now:%Y%m%dt%H%M%S%f}"


def initial_index_name(alias: str) -> str:
    """The fixed name of the empty index created when the alias points nowhere."""
    return f"{alias}-initial"


def put_templates(client: EngineClient, alias: str) -> None:
    """Upload the component templates and the index template (idempotent)."""
    for name, body in mapping.component_templates(alias).items():
        client.call(
            "uploading the index template",
            lambda c, n=name, b=body: c.cluster.put_component_template(name=n, body=b),
        )
    name, body = mapping.index_template(alias)
    client.call(
        "uploading the index template", lambda c: c.indices.put_index_template(name=name, body=body)
    )


def live_indices(client: EngineClient, alias: str) -> list[str]:
    """The concrete indices behind the alias (normally one; none before setup)."""
    found = client.call(
        "reading the alias", lambda c: c.indices.get_alias(name=alias), missing=dict
    )
    return sorted(found)


def index_meta(client: EngineClient, alias: str) -> dict[str, dict[str, Any]]:
    """Index behind the alias -> its mappings' `_meta` (template_version, vocabularies)."""
    found = client.call(
        "reading the index mappings", lambda c: c.indices.get_mapping(index=alias), missing=dict
    )
    return {index: dict(body.get("mappings", {}).get("_meta") or {}) for index, body in found.items()}


def index_body(meta: dict[str, Any] | None) -> dict[str, Any]:
    """Creation body of a new index: the template gives settings and mappings; `meta`
    (the template's `_meta` plus what the documents were encoded with) replaces
    the mappings' `_meta`."""
    return {"mappings": {"_meta": {**mapping.mappings().get("_meta", {}), **meta}}} if meta else {}


def ensure_alias(client: EngineClient, alias: str, meta: dict[str, Any] | None = None) -> list[str]:
    """Make sure the alias points at an index; returns the indices behind it."""
    indices = live_indices(client, alias)
    if indices:
        return indices
    name = initial_index_name(alias)
    try:
        client.raw.indices.create(index=name, body={"aliases": {alias: {}}, **index_body(meta)})
    except Exception as exc:
        if not client.is_client_error(exc):
            raise
        # Another process created it first: that is the same outcome.
        if not (status_of(exc) == 400 and "already_exists" in reason_of(exc)):
            raise client.translate("creating the first index", exc) from exc
    return live_indices(client, alias)


def _best_effort_delete(client: EngineClient, index: str) -> None:
    try:
        client.call(
            "deleting an index", lambda c: c.indices.delete(index=index), missing=lambda: None
        )
    except StoreError as exc:
        log.warning("could not delete index %s (delete it by hand): %s", index, exc)


# A rebuild's index that is not behind the alias after this long was left by
# a process that died mid-build; a younger one may be another process's
# rebuild still running, so it is left alone.
ABANDONED_AFTER = timedelta(hours=6)


def _built_at(alias: str, index: str) -> datetime | None:
    try:
        return datetime.strptime(index[len(alias) + 1 :], "%Y%m%dt%H%M%S%f").replace(tzinfo=UTC)
    except ValueError:
        return None


def abandoned_builds(client: EngineClient, alias: str, now: datetime | None = None) -> list[str]:
    """Rebuild indices of this alias that no alias points at and are older than ABANDONED_AFTER."""
    now = now or datetime.now(UTC)
    existing = client.call(
        "listing the indices", lambda c: c.indices.get(index=f"{alias}-*"), missing=dict
    )
    live = set(live_indices(client, alias))
    return sorted(
        index
        for index in existing
        if index not in live
        and (built := _built_at(alias, index)) is not None
        and now - built > ABANDONED_AFTER
    )


def reindex(
    client: EngineClient, alias: str, build: Callable[[str], T], meta: dict[str, Any] | None = None
) -> T:
    """Fill a new index with `build(index_name)`, then switch the alias to it atomically.

    If `build` raises, the new index is deleted and the alias is untouched.
    Indices that earlier rebuilds left behind when their process died are
    deleted first (see `abandoned_builds`). `meta` is recorded in the new
    index's mappings (`_meta`), as for ensure_alias.
    """
    for index in abandoned_builds(client, alias):
        log.warning("deleting index %s, left by a rebuild that never finished", index)
        _best_effort_delete(client, index)
    name = new_index_name(alias)
    client.call(
        "creating the new index",
        lambda c: c.indices.create(
            index=name,
            body={"settings": {"index": {"refresh_interval": "-1"}}, **index_body(meta)},
        ),
    )
    try:
        result = build(name)
        settings: dict[str, Any] = {"index": {"refresh_interval": mapping.refresh_interval()}}
        client.call(
            "finishing the new index", lambda c: c.indices.put_settings(index=name, body=settings)
        )
        client.call("refreshing the new index", lambda c: c.indices.refresh(index=name))
        old = [i for i in live_indices(client, alias) if i != name]
        actions = [{"add": {"index": name, "alias": alias}}]
        actions += [{"remove": {"index": i, "alias": alias}} for i in old]
        client.call(
            "switching the alias", lambda c: c.indices.update_aliases(body={"actions": actions})
        )
    except BaseException:
        _best_effort_delete(client, name)
        raise
    for index in old:
        _best_effort_delete(client, index)
    return result
