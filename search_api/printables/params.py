"""Query parameters shared by the printables that show listings picked by id."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

MAX_ID_LENGTH = 250
# What the shortlist page and its script hold; a longer list is refused there.
MAX_SHORTLIST = 20


def read_ids(values: Iterable[str]) -> list[str]:
    """Ids from repeated or comma-separated values, in order, without duplicates.

    Lenient on purpose (shortlists and back links): a damaged id just shows
    up as "no longer in the directory"; it never turns a page into an error.
    """
    ids: list[str] = []
    for raw in values:
        for part in raw.split(","):
            part = part.strip()
            if part and len(part) <= MAX_ID_LENGTH and part not in ids:
                ids.append(part)
    return ids[:MAX_SHORTLIST]


class IdCountError(ValueError):
    """Too few or too many different ids: the API's message, and the numbers for a page's."""

    def __init__(self, low: int, high: int, got: int):
        super().__init__(f"ids: give {low} to {high} different listing ids, got {got}")
        self.low, self.high, self.got = low, high, got


def clean_ids(values: list[str], low: int, high: int) -> list[str]:
    """Split on commas, trim, deduplicate (first wins) and check the count."""
    ids: list[str] = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            if len(part) > MAX_ID_LENGTH:
                raise ValueError(f"ids: an id is longer than {MAX_ID_LENGTH} characters")
            if part not in ids:
                ids.append(part)
    if not low <= len(ids) <= high:
        raise IdCountError(low, high, len(ids))
    return ids


def back_lang_field() -> Any:
    """`back_lang`: the language of the web page a printable was opened from.

    A form lets a person print in the other language (an English page, a Spanish
    checklist); the printable's `lang` is then not the page's, and its back link must
    return in the page's (navigation.back_link). It only shapes that link: any value other
    than en or es is ignored, never an error.
    """
    return Field(None, description="the language of the page the back link returns to (en, es); "
                                   "default: lang")


def ids_field(max_values: int) -> Any:
    """The `ids` field; `max_values` caps the raw values, before commas are split (checked
    by PickedListingsParams, so that too many says how many to give, as too few does)."""
    return Field(default_factory=list, validate_default=True, json_schema_extra={"maxItems": max_values},
                 description="listing ids, repeatable or comma-separated")


class PickedListingsParams(BaseModel):
    """Listing ids plus the place, concerns and insurance to show them against.

    A subclass sets MIN_IDS/MAX_IDS and may redeclare `ids` with its own cap;
    a redeclared field keeps its place, so every subclass lists these first.
    """

    model_config = ConfigDict(extra="forbid")

    MIN_IDS: ClassVar[int]  # how many different ids, after splitting
    MAX_IDS: ClassVar[int]

    ids: list[str] = ids_field(100)
    near: str | None = Field(None, max_length=200,
                             description="ZIP, 'City, ST' or 'lat,lon' to show distances")
    concern: list[str] = Field(default_factory=list, max_length=10)
    insurance: list[str] = Field(default_factory=list, max_length=5)
    back_lang: str | None = back_lang_field()

    @field_validator("ids", mode="before")
    @classmethod
    def _not_too_many(cls, values: Any) -> Any:
        cap = (cls.model_fields["ids"].json_schema_extra or {}).get("maxItems")  # type: ignore[union-attr]
        if isinstance(values, list) and isinstance(cap, int) and len(values) > cap:
            raise IdCountError(cls.MIN_IDS, cls.MAX_IDS, len(values))
        return values

    @field_validator("ids")
    @classmethod
    def _ids(cls, values: list[str]) -> list[str]:
        return clean_ids(values, cls.MIN_IDS, cls.MAX_IDS)
