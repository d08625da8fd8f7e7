"""Entity resolution: one listing per provider, with every source's claims kept.

- `same_provider(a, b)`: the match rule (same NPI; else same name plus a
  shared phone or street address, conservatively).
- `find_match(store, listing, index)`: the existing listing to merge into.
- `merge_listings(existing, incoming)`: the merged listing, with per-field
  `claims`, `attributions` of the winning claims and `conflicts`.
- `Merger`: the three together, for a stream of listings (crawls, imports).
Pure functions of listings; no Scrapy.
"""

from therapist_finder.merge.candidates import CandidateIndex, find_match
from therapist_finder.merge.claims import claims_of, merge_listings
from therapist_finder.merge.merger import MergeOutcome, Merger
from therapist_finder.merge.names import same_provider

__all__ = ["CandidateIndex", "MergeOutcome", "Merger", "claims_of", "find_match",
           "merge_listings", "same_provider"]
