"""A Listing as an engine document, and back.

The document carries exactly what search needs (see the mappings in
index_config/elasticsearch/) plus `doc`, the canonical listing JSON, which is
stored but not indexed so that get() and search hits return the listing as it
was written. Facet values and states outside the vocabularies are left out of
the indexed fields, as the embedded store does, so both count the same values.

Free text is matched as in the embedded store:

- `mentions.<facet>` (MENTION_FACETS: specialty, approach) holds the
  vocabulary terms the listing's name and description mention, found by the
  same MentionScanner, plus its own tags: the embedded store's mention bits,
  as keywords. A `q` group that is a vocabulary term is a terms filter on
  them (query_builder.text_clause), so "ptsd" never matches a listing whose
  only link to trauma is the label of an approach (TF-CBT).
- name, description and topics hold the text as FTS5's unicode61 tokenizer
  cuts and folds it (text.fts_text), for plain words; the engine only stems.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from therapist_finder.schema import Listing
from therapist_finder.store.query import FLAGS
from therapist_finder.store.search_engine.text import fts_text
from therapist_finder.store.sqlite.rows import name_key, topics_text
from therapist_finder.store.sqlite.valuespace import MENTION_FACETS, ValueSpace, flag_value
from therapist_finder.vocab import FACETS, Vocabularies


class DocumentEncoder:
    """Turns listings into documents; holds the vocabulary slug sets once."""

    def __init__(self, vocabs: Vocabularies) -> None:
        self.vocabs = vocabs
        self.known = {facet: set(vocabs[facet].slugs()) for facet in FACETS}
        self.states = set(vocabs.state.slugs())
        self.scanner = vocabs.scanner(*MENTION_FACETS)
        # What the indexed vocabulary fields depend on: the known values, their
        # parents and what makes a text mention a term. The embedded store
        # re-encodes its value bits when this changes; an index records it and
        # needs a rebuild (store.py).
        self.fingerprint = ValueSpace.from_vocabularies(vocabs).fingerprint

    def document(self, listing: Listing, indexed_at: str | None = None) -> dict[str, Any]:
        """The engine document for one (normalized) listing."""
        doc: dict[str, Any] = {
            "id": listing.id,
            "kind": listing.kind,
            "name": fts_text(listing.name),
            "name_key": name_key(listing.name),
            "description": fts_text(listing.description or ""),
            "topics": fts_text(topics_text(listing, self.vocabs)),
            "mentions": self.mentions(listing),
            "state": sorted(s for s in listing.states() if s in self.states),
            "locations": [
                {"lat": loc.lat, "lon": loc.lon} for loc in listing.locations if loc.has_point
            ],
            "indexed_at": indexed_at or datetime.now(UTC).isoformat(timespec="seconds"),
            "doc": listing.model_dump(mode="json", exclude_defaults=True),
        }
        doc["location_count"] = len(doc["locations"])
        doc["offices"] = [{"point": point} for point in doc["locations"]]
        for facet in FACETS:
            doc[facet] = self.facet_terms(facet, listing.facet_values(facet))
        for flag in FLAGS:
            value = flag_value(listing, flag)
            if value is not None:  # absent = unknown: matches neither true nor false
                doc[flag] = value
        fees = listing.fees
        doc["fees"] = {
            k: v
            for k, v in {
                "lowest": fees.lowest,
                "session_min": fees.session_min,
                "session_max": fees.session_max,
                "sliding_scale_min": fees.sliding_scale_min,
                "sliding_scale_max": fees.sliding_scale_max,
            }.items()
            if v is not None
        }
        seen = listing.last_seen() if hasattr(listing, "last_seen") else None
        if seen is not None:
            doc["last_seen"] = seen.isoformat()
        return doc

    def mentions(self, listing: Listing) -> dict[str, list[str]]:
        """Per MENTION_FACETS, the known terms the listing is tagged with or its
        name and description mention (store/sqlite/rows.py encode_facts and
        ValueSpace.encode: own tags count as mentions; no broader terms)."""
        found = self.scanner.find(f"{listing.name}. {listing.description or ''}")
        out: dict[str, list[str]] = {}
        for facet, prose in zip(MENTION_FACETS, found, strict=True):
            known = self.known[facet]
            terms = [v for v in (*listing.facet_values(facet), *prose) if v in known]
            if terms:
                out[facet] = list(dict.fromkeys(terms))
        return out

    def facet_terms(self, facet: str, values: list[str]) -> list[str]:
        """The indexed values of one facet: known slugs and their broader
        slugs, so that IPT's count includes group IPT (as the SQLite store's
        value bits do)."""
        vocab, known = self.vocabs[facet], self.known[facet]
        found = [v for v in values if v in known]
        return list(dict.fromkeys([*found, *(w for v in found for w in vocab.ancestors(v))]))

    def action(self, listing: Listing, index: str, indexed_at: str | None = None) -> dict[str, Any]:
        """A bulk index action with a stable _id (the listing id)."""
        return {
            "_op_type": "index",
            "_index": index,
            "_id": listing.id,
            "_source": self.document(listing, indexed_at),
        }


def listing_from_source(source: dict[str, Any]) -> Listing:
    """The canonical listing stored in a document's `doc` field."""
    return Listing.from_stored(source["doc"])
