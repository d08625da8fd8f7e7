"""Bit positions for every filterable value, so filters and facets are bit math.

Each listing's facet values, states and yes/no flags become one packed bit
string (its "facts"). The search engine turns those into one bitset per value
over all listings, and a filter or facet count is then an AND plus a popcount
(PERF_NOTES: per-row Python cannot meet the latency targets).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from therapist_finder.schema import FACET_FIELDS, Listing
from therapist_finder.store.query import FLAGS
from therapist_finder.vocab import FACETS, Vocabularies

STATE_AXIS = "state"
# Vocabulary terms a listing's name, description or tags mention: free-text
# search on a vocabulary term is then bit math instead of an FTS scan over
# the (very many) listings whose prose says "anxiety" (PERF_NOTES).
MENTION_FACETS = ("specialty", "approach")


def mention_axis(facet: str) -> str:
    return f"mentions:{facet}"


FLAG_AXES = tuple(f"{flag}:{value}" for flag in FLAGS for value in ("true", "false"))


# Where each filter flag's yes/no/unknown value lives on a listing.
FLAG_PATHS = {
    "accepting_new": "accepting_new_clients",
    "telehealth": "telehealth",
    "in_person": "in_person",
    "sliding_scale": "fees.sliding_scale",
    "free_consultation": "fees.free_consultation",
}
assert tuple(FLAG_PATHS) == FLAGS
# ValueSpace.encode reads the flags in this order without the getters.
assert tuple(FLAG_PATHS.values()) == ("accepting_new_clients", "telehealth", "in_person",
                                      "fees.sliding_scale", "fees.free_consultation")
_FLAG_GETTERS = {flag: attrgetter(path) for flag, path in FLAG_PATHS.items()}


def flag_value(listing: Listing, flag: str) -> bool | None:
    """The yes/no/unknown value of one filter flag on a listing."""
    return _FLAG_GETTERS[flag](listing)


@dataclass
class ValueSpace:
    """Maps (axis, value) to a bit index; axes are facets, 'state' and flags."""

    axes: dict[str, list[str]]
    # Per axis, each value's broader values: a listing offering group IPT is
    # stored with the IPT bit too, so a filter on IPT finds it and IPT's
    # facet count includes it, as the filter's variants are included.
    broader: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    # What finds each mention (phrase keys and synonyms, MentionScanner.signature):
    # a new synonym changes which listings mention a term, so the stored
    # mention bits must be re-encoded even though no bit moves.
    mentions: str = ""
    index: dict[tuple[str, str], int] = field(init=False)
    offsets: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.index, self.offsets, bit = {}, {}, 0
        for axis, values in self.axes.items():
            self.offsets[axis] = bit
            for value in values:
                self.index[(axis, value)] = bit
                bit += 1
        self.size = bit
        self.nbytes = (bit + 7) // 8
        # Per-axis value -> single-bit int, and (flag, bool) -> bit: encoding
        # runs for every imported listing, so it is a few dict lookups and ORs.
        self._masks = {axis: self._axis_masks(axis, values) for axis, values in self.axes.items()}
        self._list_fields = [
            (FACET_FIELDS[facet], self._masks[facet])
            for facet in FACETS
            if facet not in ("insurance", "gender")  # not lists of slugs
        ]
        self._mention_fields = [FACET_FIELDS[facet] for facet in MENTION_FACETS]
        # All flags read at once, and each flag's bit for yes and for no (0
        # when the value space has none).
        self._flag_bits = [
            [self._masks.get(f"{flag}:{str(answer).lower()}", {}).get("1", 0) for flag in FLAGS]
            for answer in (True, False)
        ]
        self._mention_masks = [self._masks[mention_axis(facet)] for facet in MENTION_FACETS]

    def _axis_masks(self, axis: str, values: list[str]) -> dict[str, int]:
        """Each value's bits: its own and its broader values' (on this axis)."""
        broader, masks = self.broader.get(axis, {}), {}
        for value in values:
            mask = 1 << self.index[(axis, value)]
            for wider in broader.get(value, ()):
                mask |= 1 << self.index[(axis, wider)]
            masks[value] = mask
        return masks

    @classmethod
    def from_vocabularies(cls, vocabs: Vocabularies) -> ValueSpace:
        axes = {facet: vocabs[facet].slugs() for facet in FACETS}
        axes[STATE_AXIS] = vocabs.state.slugs()
        for facet in MENTION_FACETS:
            axes[mention_axis(facet)] = vocabs[facet].slugs()
        for flag in FLAG_AXES:
            axes[flag] = ["1"]
        broader = {
            facet: {slug: wider for slug in vocabs[facet].slugs() if (wider := vocabs[facet].ancestors(slug))}
            for facet in FACETS
        }
        return cls(axes, {facet: found for facet, found in broader.items() if found},
                   mentions=vocabs.scanner(*MENTION_FACETS).signature)

    @property
    def fingerprint(self) -> str:
        """Changes whenever any bit would move, or what sets a mention bit
        changes: stored facts must be re-encoded."""
        text = "|".join(f"{a}={','.join(v)}" for a, v in self.axes.items())
        for axis, found in sorted(self.broader.items()):
            text += f"|{axis}<" + ",".join(f"{v}:{'/'.join(w)}" for v, w in sorted(found.items()))
        if self.mentions:
            text += f"|mentions<{self.mentions}"
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def bit(self, axis: str, value: str) -> int | None:
        return self.index.get((axis, value))

    def axis_range(self, axis: str) -> range:
        start = self.offsets[axis]
        return range(start, start + len(self.axes[axis]))

    def encode(self, listing: Listing, mentioned: Sequence[list[str]] = ()) -> bytes:
        """Pack one listing's values into its facts bytes. `mentioned` holds,
        per MENTION_FACETS, the terms its prose names; its own tags count as
        mentions too."""
        masks, packed = self._masks, 0
        # The fields are read directly (not through `facet_values`): this
        # runs for every listing of every import.
        for field_name, axis in self._list_fields:
            for value in getattr(listing, field_name):
                packed |= axis.get(value, 0)
        axis = masks["insurance"]
        for claim in listing.insurance:
            packed |= axis.get(claim.payer, 0)
        if listing.gender:
            packed |= masks["gender"].get(listing.gender, 0)
        mentioned = mentioned or [[] for _ in MENTION_FACETS]
        for field_name, axis, found in zip(self._mention_fields, self._mention_masks, mentioned, strict=True):
            for slug in getattr(listing, field_name):
                packed |= axis.get(slug, 0)
            for slug in found:
                packed |= axis.get(slug, 0)
        # The states of `listing.states()`, without building the set (a state
        # seen twice sets its bit twice).
        axis = masks[STATE_AXIS]
        for state in listing.license_states:
            packed |= axis.get(state, 0)
        for location in listing.locations:
            if location.state:
                packed |= axis.get(location.state, 0)
        fees = listing.fees
        flags = (listing.accepting_new_clients, listing.telehealth, listing.in_person,
                 fees.sliding_scale, fees.free_consultation)  # FLAG_PATHS' order
        for value, when_true, when_false in zip(flags, *self._flag_bits, strict=True):
            if value is not None:
                packed |= when_true if value else when_false
        return packed.to_bytes(self.nbytes, "little")
