"""The canonical listing: one therapist or one practice/facility.

This pydantic model is the JSON interchange form that `therapist-finder index`
reads as JSON lines, that spiders emit and that the API returns. It checks
shape only; mapping raw strings onto vocabulary slugs is `normalize.py`'s job.
`index_config/listing.schema.json` is generated from it (see `schema_export`).
"""

from __future__ import annotations

import copy
import json
import math
import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

Basis = Literal["payer_directory", "provider_reported", "facility_locator"]
Precision = Literal["rooftop", "street", "postal_code", "city"]
Kind = Literal["individual", "organization"]

# Which listing field holds the values of each facet (the API speaks facets).
FACET_FIELDS: dict[str, str] = {
    "insurance": "insurance",
    "specialty": "specialties",
    "approach": "approaches",
    "format": "formats",
    "age_group": "age_groups",
    "language": "languages",
    "license_type": "license_types",
    "gender": "gender",  # the one single-valued facet
}

# An id is 'source:key'. It is a URL path segment (/v1/therapists/{id}) and an
# item of comma-separated id lists (compare, referrals, shortlist), so its key
# holds no character that means something there: / , ? # % \ and whitespace.
# Printable ASCII only, so that this pattern means the same in Python and in
# the JSON Schema validators that read listing.schema.json (their \s and
# their character counts differ from Python's outside ASCII).
_ID_KEY_CHARS = r"\x21\x22\x24\x26-\x2b\x2d\x2e\x30-\x3e\x40-\x5b\x5d-\x7e"  # not # % , / ? \
_ID_RE = re.compile(rf"^[a-z][a-z0-9_-]*:[{_ID_KEY_CHARS}]{{1,200}}$")
_ID_UNSAFE_RE = re.compile(rf"[^{_ID_KEY_CHARS}]")
# Ids stores wrote before keys had to be URL-safe: still readable from a store.
_STORED_ID_RE = re.compile(r"^[a-z][a-z0-9_-]*:[^\s]{1,200}$")
# Validation context for documents a store already holds (see `Listing.from_stored`).
STORED = {"stored": True}
_STATE_RE = re.compile(r"^[A-Z]{2}$")


def looks_like_id(text: str) -> bool:
    """Whether `text` has the form of a listing id, as stored ("nppes:1234567890")."""
    return _STORED_ID_RE.match(text) is not None


def safe_id_key(text: str) -> str:
    """`text` usable as an id's key: each character an id may not hold
    becomes '-' (for keys taken from free text, such as a source's own ids)."""
    return _ID_UNSAFE_RE.sub("-", text)


def _strip_list(values: list[str]) -> list[str]:
    """Drop empties and duplicates, keep first-seen order (items arrive
    stripped: the models set str_strip_whitespace)."""
    if "" not in values and len(set(values)) == len(values):
        return values  # clean already, as nearly every list is
    seen: dict[str, None] = {}
    for value in values:
        value = value.strip()
        if value:
            seen.setdefault(value, None)
    return list(seen)


# Per-item length limits, checked in pydantic-core (a bound on each string of a
# list costs next to nothing; a Python validator per item would not). Facet
# lists also carry the raw labels a crawl brings before normalization maps them
# onto slugs (the longest vocabulary synonym is 73 characters); plan names and
# credentials are free text from sources, and `unmapped` keeps raw values.
SLUG_ITEM_MAX = 100
NAME_ITEM_MAX = 200
UNMAPPED_VALUE_MAX = 200

SlugList = Annotated[list[Annotated[str, Field(max_length=SLUG_ITEM_MAX)]], AfterValidator(_strip_list)]
NameList = Annotated[list[Annotated[str, Field(max_length=NAME_ITEM_MAX)]], AfterValidator(_strip_list)]
UnmappedValues = list[Annotated[str, Field(max_length=UNMAPPED_VALUE_MAX)]]
# Checked item by item in pydantic-core too, so one bad code is one bad item
# (a crawl can drop it and keep the rest); "ny" is read as NY.
StateCodes = Annotated[list[Annotated[str, StringConstraints(to_upper=True, pattern=r"^[A-Za-z]{2}$")]],
                       AfterValidator(_strip_list)]


def _finite(value: JsonValue) -> JsonValue:
    """JSON allows no NaN or Infinity, though parsers accept them: refuse
    them, so a listing reads back the same from any stored form."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("numbers must be finite (no NaN or Infinity)")
    for item in value.values() if isinstance(value, dict) else value if isinstance(value, list) else ():
        _finite(item)
    return value


FiniteJson = Annotated[JsonValue, AfterValidator(_finite)]


def _items_cut_to_limits(data: Any, exc: ValidationError) -> Any:
    """`data` with each list item that `exc` calls too long cut to its limit;
    None when `exc` has any other complaint."""
    for error in exc.errors(include_url=False, include_input=False):
        *path, index = error["loc"]
        if error["type"] != "string_too_long" or not isinstance(index, int):
            return None
        items = data
        for key in path:
            items = items[key]
        items[index] = items[index][: error["ctx"]["max_length"]]
    return data


class _Model(BaseModel):
    # allow_inf_nan=False: a NaN fee was refused as "should be less than or equal to 100000".
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)


class Fees(_Model):
    """What a session costs; every field is null when the source did not say.

    One end of a range may be known alone: "from $120" is session_min 120 with no
    session_max, and "up to $200" the reverse. Neither is copied to the other end,
    which would turn it into an exact price (and "up to $200" into a $200 fee that the
    fee limit and the fee sort would read as known).
    """

    session_min: float | None = Field(None, ge=0, le=100000)
    session_max: float | None = Field(None, ge=0, le=100000)
    currency: str = Field("USD", pattern=r"^[A-Z]{3}$")
    sliding_scale: bool | None = None
    sliding_scale_min: float | None = Field(None, ge=0, le=100000)
    sliding_scale_max: float | None = Field(None, ge=0, le=100000)
    free_consultation: bool | None = None

    @model_validator(mode="after")
    def _ranges_are_ordered(self) -> Fees:
        if None not in (self.session_min, self.session_max):
            if self.session_min > self.session_max:  # type: ignore[operator]
                raise ValueError("fees.session_min must not exceed fees.session_max")
        if None not in (self.sliding_scale_min, self.sliding_scale_max):
            if self.sliding_scale_min > self.sliding_scale_max:  # type: ignore[operator]
                raise ValueError("fees.sliding_scale_min must not exceed fees.sliding_scale_max")
        has_range = self.sliding_scale_min is not None or self.sliding_scale_max is not None
        if has_range and self.sliding_scale is None:
            self.sliding_scale = True
        return self

    @property
    def lowest(self) -> float | None:
        """The least a client might pay per session (sliding scale counts). With only "up to
        $200" known, that is at most $200: a fee limit of $250 finds it, one of $150 does not."""
        # Comparisons rather than a list and min(): every listing of an import asks.
        low, scale = self.session_min, self.sliding_scale_min
        if low is None:
            low = self.session_max
        if scale is None or self.sliding_scale is False:
            return low
        return scale if low is None or scale < low else low


class InsuranceClaim(_Model):
    """One payer the listing is said to take, with who said so and when."""

    payer: str = Field(min_length=1, max_length=120, description=(
        "A payer vocabulary slug. A claim from the insurer's own directory (basis payer_directory)"
        " whose insurer the vocabulary does not know keeps the directory's name for it here;"
        " it is then no filter or facet value."))
    plans: NameList = Field(default_factory=list)
    basis: Basis
    observed_at: date
    # Which source said so (a merged listing keeps every source's claims).
    source: str | None = Field(None, max_length=80)


class Location(_Model):
    """One place the provider sees clients; coordinates may be filled by geocoding."""

    address: str | None = Field(None, max_length=300)
    city: str | None = Field(None, max_length=120)
    state: str | None = None
    postal_code: str | None = None
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    precision: Precision | None = None

    @field_validator("state")
    @classmethod
    def _state_code(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip().upper()
        if not _STATE_RE.match(value):
            raise ValueError("state must be a 2-letter code such as NY")
        return value

    @field_validator("postal_code")
    @classmethod
    def _zip5(cls, value: str | None) -> str | None:
        if value is None:
            return None
        digits = re.sub(r"[\s-]", "", value)
        if not re.fullmatch(r"[0-9]{5}([0-9]{4})?", digits):  # not other scripts' digits
            raise ValueError("postal_code must be a 5-digit ZIP or ZIP+4")
        return digits[:5]

    @model_validator(mode="after")
    def _coordinates_pair(self) -> Location:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("locations: lat and lon must be given together")
        if self.lat is not None and self.precision is None:
            self.precision = "street" if self.address else "postal_code"
        return self

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None


class Source(_Model):
    """Where the listing (or part of it) was read, and when."""

    source: str = Field(min_length=1, max_length=80)
    url: str | None = Field(None, max_length=2000)
    fetched_at: date | datetime
    # The id this source gave the listing before merging (e.g. plannet:abc).
    listing_id: str | None = Field(None, max_length=300)


class Attribution(_Model):
    """Who vouches for one claim (accepting new clients, fees, ...) and when."""

    basis: Basis
    source: str = Field(min_length=1, max_length=80)
    observed_at: date


class Claim(_Model):
    """One source's value for one field of a merged listing, and when it said so."""

    value: FiniteJson = None
    source: str = Field(min_length=1, max_length=80)
    source_id: str | None = Field(None, max_length=300)
    basis: Basis
    observed_at: date


class Conflict(_Model):
    """Sources disagree about one field; every claim is kept, none silently wins."""

    field: str = Field(min_length=1, max_length=120)
    claims: list[Claim] = Field(min_length=2)


class Listing(_Model):
    """One therapist (`individual`) or one practice or facility (`organization`)."""

    id: str = Field(
        description="Stable id 'source:key'; the key is printable ASCII without whitespace or any of"
        " / , ? # % \\ (ids appear in URL paths and comma-separated lists).",
        json_schema_extra={"pattern": _ID_RE.pattern},
    )
    kind: Kind
    name: str = Field(min_length=1, max_length=300)
    npi: str | None = Field(None, pattern=r"^[0-9]{10}$")
    credentials: NameList = Field(default_factory=list)
    license_types: SlugList = Field(default_factory=list)
    license_states: StateCodes = Field(default_factory=list)
    gender: str | None = Field(None, max_length=40)
    languages: SlugList = Field(default_factory=list)
    specialties: SlugList = Field(default_factory=list)
    approaches: SlugList = Field(default_factory=list)
    formats: SlugList = Field(default_factory=list)
    age_groups: SlugList = Field(default_factory=list)
    telehealth: bool | None = None
    in_person: bool | None = None
    accepting_new_clients: bool | None = None
    fees: Fees = Field(default_factory=Fees)
    insurance: list[InsuranceClaim] = Field(default_factory=list)
    locations: list[Location] = Field(default_factory=list, max_length=50)
    phone: str | None = Field(None, max_length=40)
    website: str | None = Field(None, max_length=2000)
    description: str | None = Field(None, max_length=20000)
    sources: list[Source] = Field(default_factory=list)
    last_seen_at: date | datetime | None = None
    # Per-claim provenance beyond insurance: field name -> who said it, when.
    attributions: dict[str, Attribution] = Field(default_factory=dict)
    # Raw values that matched no vocabulary entry, by listing field: kept, not dropped.
    unmapped: dict[str, UnmappedValues] = Field(default_factory=dict)
    # Merged listings only: every source's value per field (see therapist_finder.merge)
    # and the fields on which sources disagree.
    claims: dict[str, list[Claim]] = Field(default_factory=dict)
    conflicts: list[Conflict] = Field(default_factory=list)

    @classmethod
    def from_stored(cls, doc: str | bytes | dict) -> Listing:
        """A listing document read back from a store, as JSON text (SQLite) or
        as a parsed object (a search engine's _source). Ids written before keys
        had to be URL-safe still load, rather than failing every read of them;
        so do list items stored before items had length limits (cut to the limit)."""
        try:
            if isinstance(doc, dict):
                return cls.model_validate(doc, context=STORED)
            return cls.model_validate_json(doc, context=STORED)
        except ValidationError as exc:  # the rare old document: only it pays for a second try
            data = _items_cut_to_limits(copy.deepcopy(doc) if isinstance(doc, dict) else json.loads(doc), exc)
            if data is None:
                raise
            return cls.model_validate(data, context=STORED)

    @field_validator("id")
    @classmethod
    def _stable_id(cls, value: str, info: ValidationInfo) -> str:
        if _ID_RE.match(value):
            return value
        if info.context == STORED and _STORED_ID_RE.match(value):
            return value
        source, _, key = value.partition(":")
        unsafe = sorted(set(_ID_UNSAFE_RE.findall(key)))
        if unsafe and _ID_RE.match(f"{source}:{safe_id_key(key)}"):
            shown = " ".join(repr(ch) for ch in unsafe)
            raise ValueError(
                f"id may not contain {shown} after 'source:': ids appear in URLs and"
                " comma-separated lists, so keys are printable ASCII without / , ? # % \\;"
                " replace those characters, e.g. with '-'"
            )
        raise ValueError("id must look like 'source:key', e.g. nppes:1234567890")

    @field_validator("gender")
    @classmethod
    def _gender_lower(cls, value: str | None) -> str | None:
        return value.strip().lower() or None if value else None

    def facet_values(self, facet: str) -> list[str]:
        """The slugs this listing has for one facet (payers for insurance)."""
        if facet == "insurance":
            return list(dict.fromkeys(claim.payer for claim in self.insurance))
        if facet == "gender":
            return [self.gender] if self.gender else []
        return list(getattr(self, FACET_FIELDS[facet]))

    def last_seen(self) -> date | None:
        """When any source last saw this listing (None when nobody said)."""
        # One pass without lists: an import asks this twice a listing.
        latest = self.last_seen_at
        if latest is not None and latest.__class__ is not date:
            latest = latest.date()  # type: ignore[union-attr]
        for source in self.sources:
            day = source.fetched_at
            if day.__class__ is not date:
                day = day.date()  # type: ignore[union-attr]
            if latest is None or day > latest:
                latest = day
        return latest

    def states(self) -> set[str]:
        """States where the provider is licensed or has an office."""
        found = set(self.license_states)
        found.update(loc.state for loc in self.locations if loc.state)
        return found
