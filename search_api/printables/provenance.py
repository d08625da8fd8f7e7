"""Say who vouches for a claim and when, in words a client understands.

Shared by the printables and the web pages, so a badge reads the same
everywhere:

    describe_claim("In network", "payer_directory", date(2026, 10, 1))
    -> "In network per the insurer's directory, checked on 2026-10-01"
    describe_claim("Sliding scale $40–$90", "provider_reported")
    -> "Sliding scale $40–$90, self-reported"
    describe_claim(None, "facility_locator", date(2026, 9, 12))
    -> "Listed by a treatment locator, 2026-09-12"

`basis=None` means nobody vouches for the claim separately: it is what the
listing said when it was last seen.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from therapist_finder.schema import Basis

# A fact observed longer ago than this is "old" and worth confirming.
MAX_AGE_DAYS = 180

_PROVENANCE: dict[str, dict[str | None, tuple[str, str]]] = {
    # basis -> (wording with a date, wording without one)
    "en": {
        "payer_directory": ("per the insurer's directory, checked on {date}",
                            "per the insurer's directory"),
        "provider_reported": ("self-reported on {date}", "self-reported"),
        "facility_locator": ("listed by a treatment locator, {date}",
                             "listed by a treatment locator"),
        None: ("from the listing, last seen {date}", "from the listing"),
    },
    "es": {
        "payer_directory": ("según el directorio de la aseguradora, verificado el {date}",
                            "según el directorio de la aseguradora"),
        "provider_reported": ("declarado por el propio profesional el {date}",
                              "declarado por el propio profesional"),
        "facility_locator": ("publicado en un localizador de centros de tratamiento, {date}",
                             "publicado en un localizador de centros de tratamiento"),
        None: ("según el anuncio, visto por última vez el {date}", "según el anuncio"),
    },
}


def as_date(value: date | datetime | None) -> date | None:
    """A date from a date or datetime (None stays None)."""
    if isinstance(value, datetime):
        return value.date()
    return value


def describe_basis(basis: Basis | None, observed_at: date | datetime | None = None, *,
                   lang: str = "en") -> str:
    """Just the provenance, lowercase: "self-reported on 2026-10-01"."""
    words = _PROVENANCE.get(lang, _PROVENANCE["en"])
    with_date, without = words.get(basis, words[None])
    when = as_date(observed_at)
    return with_date.format(date=when.isoformat()) if when else without


def describe_claim(claim: str | None, basis: Basis | None,
                   observed_at: date | datetime | None = None, *, lang: str = "en") -> str:
    """A claim followed by who vouches for it and when, as one phrase.

    "In network" + payer_directory reads "In network per the insurer's
    directory, checked on ..."; other bases follow a comma. With no claim
    the provenance alone is returned, capitalized.
    """
    provenance = describe_basis(basis, observed_at, lang=lang)
    if not claim:
        return provenance[:1].upper() + provenance[1:]
    joiner = " " if basis == "payer_directory" else ", "
    return f"{claim}{joiner}{provenance}"


def is_old(observed_at: date | datetime | None, today: date,
           max_age_days: int = MAX_AGE_DAYS) -> bool:
    """Whether a fact is older than `max_age_days` (an undated fact is not "old")."""
    when = as_date(observed_at)
    return when is not None and when < today - timedelta(days=max_age_days)


def needs_confirmation(basis: Basis | None, observed_at: date | datetime | None,
                       today: date, max_age_days: int = MAX_AGE_DAYS) -> bool:
    """Self-reported, unattributed, undated or old facts are worth asking about.

    Only a recent check against an insurer's directory or a treatment locator
    stands on its own.
    """
    if basis in (None, "provider_reported") or as_date(observed_at) is None:
        return True
    return is_old(observed_at, today, max_age_days)
