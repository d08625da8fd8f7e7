"""The search's place, insurer and concern, carried to the pages with printable forms.

A profile's checklist form and the shortlist's compare and referral forms ask
for an insurer (out of ~90), a concern and a place. Someone who searched
`near=10001&insurance=aetna&specialty=anxiety` should find them already chosen,
so links carry them as query items whose only effect is to pre-select those
forms (only the compare sheet and referral packet use `near`: they show
distances). Profile and shortlist links carry all three, so that their
"Back to search" links can return to a search with them, JavaScript or not.

These are the search's own parameters, already in the search page's address.
Nothing chosen or typed in a printable form ever goes back into an address:
those forms POST. Values are checked as they are read: an insurer or concern
the vocabularies don't know is simply not pre-selected, never an error, and a
place is only carried from a search that found it.
"""

from __future__ import annotations

from dataclasses import dataclass

from therapist_finder.vocab import Vocabularies

PARAMS = ("near", "insurance", "specialty")
# The search's and the printables' own limit for `near`; also the form field's maxlength.
MAX_NEAR = 200
# A vocabulary value is a few words; longer text is not worth matching (nor caching).
MAX_TERM = 100


def _term(values: list[str], vocabs: Vocabularies, facet: str) -> str:
    """The first value (values may be comma-separated, as in the search) the vocabulary knows."""
    vocab = vocabs[facet]
    for raw in values:
        for part in raw.split(","):
            part = part.strip()
            if part and len(part) <= MAX_TERM:
                slug = vocab.normalize(part)
                if slug is not None and vocab.get(slug) is not None:
                    return slug
    return ""


def _place(values: list[str]) -> str:
    for raw in values:
        text = " ".join(raw.split())  # no newlines or tabs into a form field
        if text and len(text) <= MAX_NEAR and text.isprintable():
            return text
    return ""


@dataclass(frozen=True)
class SearchContext:
    """What the printable forms start with; empty strings mean "nothing chosen"."""

    near: str = ""
    insurance: str = ""  # an insurance vocabulary slug
    specialty: str = ""  # a specialty vocabulary slug (the printables' `concern`)

    @classmethod
    def read(cls, items: list[tuple[str, str]], vocabs: Vocabularies,
             near: bool = True) -> SearchContext:
        """From query items, keeping only what checks out; `near=False` drops the place."""
        def values(name: str) -> list[str]:
            return [v for k, v in items if k == name]

        return cls(near=_place(values("near")) if near else "",
                   insurance=_term(values("insurance"), vocabs, "insurance"),
                   specialty=_term(values("specialty"), vocabs, "specialty"))

    def items(self) -> list[tuple[str, str]]:
        """For a link to a profile, the shortlist or back to the search: the place, insurer
        and concern chosen (a profile's checklist form uses the last two, the shortlist's
        forms all three; "Back to search" returns to a search with all three)."""
        return [(k, v) for k, v in (("near", self.near), ("insurance", self.insurance),
                                    ("specialty", self.specialty)) if v]
