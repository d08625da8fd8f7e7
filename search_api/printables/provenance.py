"""Say who vouches for a claim and when, in words a client understands.

Shared by the printables and the web pages, so a badge reads the same
everywhere:

    describe_claim("In network", "payer_directory", date(2026, 10, 1))
    -> "In network per the insurer's directory, checked on 2026-10-01"
    describe_claim("Sliding scale $40–$90", "provider_reported", source="directory:calmharbor")
    -> "Sliding scale $40–$90, self-reported, source: calmharbor directory site"
    describe_insurance("Medicaid", "provider_reported", date(2026, 10, 1))
    -> "Medicaid: takes this insurance, self-reported on 2026-10-01"

Only an insurer's own directory (`basis="payer_directory"`) supports "in
network"; a therapist saying they take a plan, or a treatment locator listing
it, is worded "takes this insurance", so no page claims more than its source.

`basis=None` means nobody vouches for the claim separately: it is what the
listing said when it was last seen.

Sources are given by id ("nppes", "directory:calmharbor") and named by their label
(`therapist_finder.source_names`); `source_urls` (id -> where it was read) lets a label name
the insurer's or the site's host.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from therapist_finder.schema import Basis
from therapist_finder.settings import Settings
from therapist_finder.source_names import source_label

# A fact observed longer ago than this is "old" and worth confirming. Only a default:
# pages and printables are handed the app's THERAPIST_FINDER_STALE_AFTER_DAYS (the very
# span after which searches hide a listing), so a page never calls "current" what the
# search calls stale. Taken from the setting's own default, so the two cannot drift.
MAX_AGE_DAYS: int = Settings.model_fields["stale_after_days"].default

_PROVENANCE: dict[str, dict[str | None, tuple[str, str]]] = {
    # basis -> (wording with a date, wording without one); {directory} names the insurer's
    "en": {
        "payer_directory": ("per {directory}, checked on {date}", "per {directory}"),
        "provider_reported": ("self-reported on {date}", "self-reported"),
        "facility_locator": ("listed by a treatment locator, checked on {date}",
                             "listed by a treatment locator"),
        None: ("from the listing, last seen {date}", "from the listing"),
    },
    "es": {
        "payer_directory": ("según {directory}, verificado el {date}", "según {directory}"),
        "provider_reported": ("declarado por el propio profesional el {date}",
                              "declarado por el propio profesional"),
        "facility_locator": ("publicado en un localizador de centros de tratamiento, verificado el {date}",
                             "publicado en un localizador de centros de tratamiento"),
        None: ("según el anuncio, visto por última vez el {date}", "según el anuncio"),
    },
}
# (an unnamed insurer's directory, a named one's, a named one's whose name ends in
# a parenthesis: "Blue Cross and Blue Shield (HCSC: IL, TX)'s directory" reads badly)
_DIRECTORY = {"en": ("the insurer's directory", "{payer}'s directory", "the directory of {payer}"),
              "es": ("el directorio de la aseguradora", "el directorio de {payer}",
                     "el directorio de {payer}")}
# (one source, several)
_SOURCE = {"en": ("source: {names}", "sources: {names}"),
           "es": ("fuente: {names}", "fuentes: {names}")}
# What an insurance entry claims: (per the insurer's directory, on any other basis)
_INSURANCE = {"en": ("in network", "takes this insurance"),
              "es": ("dentro de la red", "acepta este seguro")}


def as_date(value: date | datetime | None) -> date | None:
    """A date from a date or datetime (None stays None)."""
    if isinstance(value, datetime):
        return value.date()
    return value


# Dates are written out ("September 17, 2026", "17 de septiembre de 2026"): an ISO date
# reads as a code to most clients, and 09/17 or 17/09 is ambiguous across countries. Tables,
# not the OS locale (setlocale is process-wide and varies by machine).
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
_MONTHS_ES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
              "septiembre", "octubre", "noviembre", "diciembre")


def date_text(value: date | datetime | None, lang: str = "en") -> str:
    """A date as the page's readers write it: "September 17, 2026" in English, "17 de
    septiembre de 2026" in Spanish; "" for no date. Every date a page or printable shows goes
    through here (a spreadsheet's and a machine's dates stay ISO)."""
    day = as_date(value)
    if day is None:
        return ""
    if lang == "es":
        return f"{day.day} de {_MONTHS_ES[day.month - 1]} de {day.year}"
    return f"{_MONTHS_EN[day.month - 1]} {day.day}, {day.year}"


def _words(table: dict, lang: str):
    return table.get(lang, table["en"])


def _source_names(source: str | Sequence[str] | None, lang: str,
                  source_urls: Mapping[str, str] | None) -> list[str]:
    """Each source's label, once (two ids may read the same: two reads of one site)."""
    ids = [source] if isinstance(source, str) else list(source or ())
    urls = source_urls or {}
    return list(dict.fromkeys(source_label(i, urls.get(i), lang=lang) for i in ids if i))


def describe_basis(basis: Basis | None, observed_at: date | datetime | None = None, *,
                   lang: str = "en", source: str | Sequence[str] | None = None,
                   payer: str | None = None,
                   source_urls: Mapping[str, str] | None = None) -> str:
    """Just the provenance, lowercase: "self-reported on 2026-10-01, source: NPI Registry (NPPES)".

    `payer` names the insurer whose directory vouches for a payer_directory claim;
    `source` (one id or several) names where the directory read the claim, by its label.
    """
    with_date, without = _words(_PROVENANCE, lang).get(basis, _words(_PROVENANCE, lang)[None])
    unnamed, named, named_long = _words(_DIRECTORY, lang)
    if not payer:
        directory = unnamed
    else:
        directory = (named_long if payer.endswith(")") else named).format(payer=payer)
    when = as_date(observed_at)
    text = (with_date.format(date=date_text(when, lang), directory=directory) if when
            else without.format(directory=directory))
    names = _source_names(source, lang, source_urls)
    if names:
        one, several = _words(_SOURCE, lang)
        text += ", " + (one if len(names) == 1 else several).format(names=", ".join(names))
    return text


def describe_claim(claim: str | None, basis: Basis | None,
                   observed_at: date | datetime | None = None, *, lang: str = "en",
                   source: str | Sequence[str] | None = None, payer: str | None = None,
                   source_urls: Mapping[str, str] | None = None) -> str:
    """A claim followed by who vouches for it and when, as one phrase.

    "In network" + payer_directory reads "In network per the insurer's
    directory, checked on ..."; other bases follow a comma. With no claim
    the provenance alone is returned, capitalized.
    """
    provenance = describe_basis(basis, observed_at, lang=lang, source=source, payer=payer,
                                source_urls=source_urls)
    if not claim:
        return provenance[:1].upper() + provenance[1:]
    joiner = " " if basis == "payer_directory" else ", "
    return f"{claim}{joiner}{provenance}"


def insurance_claim(basis: Basis | None, lang: str = "en") -> str:
    """What an insurance entry may claim: "in network" only per the insurer's directory."""
    in_network, takes = _words(_INSURANCE, lang)
    return in_network if basis == "payer_directory" else takes


def describe_insurance(payer: str, basis: Basis | None,
                       observed_at: date | datetime | None = None, *,
                       plans: Sequence[str] = (), lang: str = "en",
                       source: str | Sequence[str] | None = None) -> str:
    """"Aetna: in network (Choice POS II) per Aetna's directory, checked on 2026-10-01"."""
    claim = insurance_claim(basis, lang)
    if plans:
        claim += f" ({', '.join(plans)})"
    return describe_claim(f"{payer}: {claim}", basis, observed_at, lang=lang, source=source,
                          payer=payer)


# How long `max_age_days` is, in words: "over six months old" reads better than "over 180
# days old", so the usual spans keep their everyday names; any other is counted in days
# (a setting of 90 must not print "six months"). Each: (singular, plural with {n}).
_SPANS = {
    "en": {"months": {180: "six months"}, "year": ("a year", "{n} years"), "day": ("1 day", "{n} days")},
    "es": {"months": {180: "seis meses"}, "year": ("un año", "{n} años"), "day": ("1 día", "{n} días")},
}


def age_text(max_age_days: int = MAX_AGE_DAYS, lang: str = "en") -> str:
    """`max_age_days` as a span a reader says: "six months", "a year", "2 years", "90 days"
    (Spanish: "seis meses", "un año", "90 días")."""
    words = _words(_SPANS, lang)
    if max_age_days in words["months"]:
        return words["months"][max_age_days]
    years, rest = divmod(max_age_days, 365)
    one, many = words["year"] if years and not rest else words["day"]
    count = years if years and not rest else max_age_days
    # "1,095 days": thousands grouped as every other count on the pages and printables.
    return one if count == 1 else many.format(n=f"{count:,}")


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
