"""Streaming bulk indexing with the official helpers.

Documents stream through the client library's `streaming_bulk` helper in
chunks (memory stays flat for millions of listings). Every document's outcome
is looked at: rejected documents are counted and their first reasons kept,
never dropped in silence. A 429 (the cluster is busy) is not a rejection:
those documents are fed back into the stream after an exponential backoff,
up to `max_retries` times each. The helpers' own retry uses `time.sleep`
internally; ours takes `sleep` as an argument so tests need not wait.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from therapist_finder.store.search_engine.clients import EngineClient, reason_of

MAX_REASONS = 10
BUSY = 429


@dataclass
class BulkReport:
    """What a bulk load did: documents written, rejected (with first reasons), retried."""

    written: int = 0
    # Of those, documents that replaced one with the same id ("updated").
    replaced: int = 0
    failed: int = 0
    retried: int = 0
    reasons: list[str] = field(default_factory=list)

    def reject(self, doc_id: str, reason: str) -> None:
        self.failed += 1
        if len(self.reasons) < MAX_REASONS:
            self.reasons.append(f"{doc_id}: {reason}")

    def summary(self) -> str:
        """One line for operators: counts and the first reasons."""
        text = f"{self.failed:,} document(s) rejected, {self.written:,} written"
        return text + (f"; first reasons: {'; '.join(self.reasons)}" if self.reasons else "")


def _item_reason(info: dict[str, Any]) -> str:
    error = info.get("error")
    if isinstance(error, dict):
        caused = error.get("caused_by") or {}
        text = f"{error.get('type', 'error')}: {error.get('reason', '')}"
        return text + (
            f" (caused by {caused.get('type')}: {caused.get('reason')})" if caused else ""
        )
    return str(error or f"status {info.get('status')}")[:300]


class _Feed:
    """The actions as the helper pulls them, with busy-rejected ones fed back in.

    The helper asks for the next chunk's actions only after it has yielded
    every result of the previous chunk, so by then every 429 is known.
    """

    def __init__(
        self, actions: Iterable[dict[str, Any]], backoff: Callable[[int], None], calm_after: int
    ) -> None:
        self.source = iter(actions)
        self.backoff = backoff
        self.calm_after = calm_after
        self.pending: dict[str, dict[str, Any]] = {}  # sent, outcome not seen yet
        self.again: list[dict[str, Any]] = []
        self.attempts: dict[str, int] = {}
        self.busy_rounds = 0
        self.ok_since_backoff = 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        while True:
            if self.again:
                # A chunk's worth of successes since the last pause: the cluster
                # had recovered, so this busy spell starts from a short pause.
                if self.ok_since_backoff >= self.calm_after:
                    self.busy_rounds = 0
                self.busy_rounds += 1
                self.ok_since_backoff = 0
                self.backoff(self.busy_rounds)
                batch, self.again = self.again, []
                for action in batch:
                    self.pending[str(action["_id"])] = action
                    yield action
                continue
            action = next(self.source, None)
            if action is None:
                return
            self.pending[str(action["_id"])] = action
            yield action


def bulk_index(
    client: EngineClient,
    actions: Iterable[dict[str, Any]],
    *,
    chunk_size: int = 500,
    max_retries: int = 5,
    initial_backoff: float = 0.5,
    max_backoff: float = 30.0,
    sleep: Callable[[float], None] = time.sleep,
    progress: Callable[[int], None] | None = None,
) -> BulkReport:
    """Index `actions` (bulk action dicts with `_id`); returns the report."""
    report = BulkReport()
    feed = _Feed(
        actions, lambda n: sleep(min(max_backoff, initial_backoff * 2 ** (n - 1))), chunk_size
    )
    helper = client.streaming_bulk()
    try:
        while True:
            results = helper(
                client.raw,
                iter(feed),
                chunk_size=chunk_size,
                max_retries=0,
                raise_on_error=False,
                raise_on_exception=False,
                yield_ok=True,
            )
            for ok, item in results:
                _, info = next(iter(item.items()))
                doc_id = str(info.get("_id"))
                action = feed.pending.pop(doc_id, None)
                if ok:
                    report.written += 1
                    report.replaced += info.get("result") == "updated"
                    feed.ok_since_backoff += 1
                    if progress and report.written % chunk_size == 0:
                        progress(report.written)
                    continue
                exc = info.get("exception")
                status = info.get("status")
                if exc is not None and not isinstance(status, int):
                    # opensearch-py turns a refused connection into per-document errors
                    raise client.translate("bulk indexing", exc)
                if status == BUSY and action is not None:
                    tries = feed.attempts.get(doc_id, 0) + 1
                    feed.attempts[doc_id] = tries
                    if tries <= max_retries:
                        report.retried += 1
                        feed.again.append(action)
                        continue
                    report.reject(
                        doc_id,
                        f"cluster busy (429) after {max_retries} retries: {_item_reason(info)}",
                    )
                    continue
                report.reject(doc_id, _item_reason(info) if exc is None else reason_of(exc))
            if not feed.again:
                break  # the last chunk's 429s arrive after the feed ended: go round again
    except Exception as exc:
        if client.is_client_error(exc):
            raise client.translate("bulk indexing", exc) from exc
        raise
    if progress:
        progress(report.written)
    return report
