"""What the directory knows about one listing, fact by fact, with provenance.

Each fact says who vouches for it (`basis`), when (`observed_at`), and
whether a client should confirm it in the consultation: self-reported,
unattributed and old facts should be confirmed (see `provenance`), and so
should a fact the listing's sources disagree about (`disputed`, with what the
other sources say in `others`).
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, Field

from search_api.printables.provenance import (
    MAX_AGE_DAYS,
    as_date,
    describe_basis,
    describe_claim,
    insurance_claim,
    is_old,
    needs_confirmation,
)
from search_api.printables.wording import ChecklistContent
from therapist_finder.geo.distance import haversine_mi
from therapist_finder.geo.points import GeoPoint
from therapist_finder.schema import Basis, Claim, Fees, Listing, Location
from therapist_finder.source_names import urls_by_source
from therapist_finder.vocab import Vocabularies

# Which attribution keys vouch for each kind of fact, most specific first.
_ATTRIBUTION_KEYS: dict[str, tuple[str, ...]] = {
    "accepting_new_clients": ("accepting_new_clients",),
    "session_fee": ("session_fee", "fees"),
    "sliding_scale": ("sliding_scale", "fees"),
    "free_consultation": ("free_consultation", "fees"),
    "sessions": ("telehealth", "in_person"),
    "formats": ("formats",),
    "approaches": ("approaches",),
    "languages": ("languages",),
    "license": ("license_types", "credentials", "license_states"),
    "gender": ("gender",),
    "specialties": ("specialties",),
}


class OtherClaim(BaseModel):
    """What another source says about the same fact, when sources disagree."""

    value: str  # "No"; for insurance, "not on its list of insurers"
    provenance: str  # "self-reported on 2026-11-15, source: calmharbor"
    description: str  # both, as one phrase
    observed_at: date | None = None
    # Dated longer ago than the staleness setting, by the rule the fact itself is judged by
    # (`provenance.is_old`): the profile's "Sources disagree" box says "(may be out of date)".
    old: bool = False
    # What printouts add after an old claim ("over six months old"); "" when it is not old.
    old_note: str = ""

    def says(self, content: ChecklistContent, claim: str | None = None) -> str:
        """ "another source says: No, self-reported on ... (over six months old)", in print;
        `claim` words the claim itself (its `description` by default)."""
        said = content.t("other_says", claim=self.description if claim is None else claim)
        return f"{said} ({self.old_note})" if self.old_note else said


class KnownFact(BaseModel):
    """One thing the directory says about a listing, and who said it when."""

    id: str  # unique within a listing: "session_fee", "insurance:aetna"
    kind: str  # what kind of fact: "session_fee", "insurance", ...
    label: str
    value: str
    basis: Basis | None = None
    # Where the directory read it, by source id ("a, b" for several sources); the provenance
    # names them in words ("NPI Registry (NPPES)").
    source: str | None = None
    observed_at: date | None = None
    provenance: str  # who vouches for it and when: "self-reported on 2026-10-01"
    description: str  # the value with its provenance, as one phrase
    self_reported: bool = False
    old: bool = False
    confirm: bool = False
    listed: bool = True  # False: a placeholder saying the directory does not list it
    # Sources disagree about it (the listing's `conflicts`): what the others say. Such a fact
    # always wants confirming, however good the source of the value shown.
    disputed: bool = False
    others: list[OtherClaim] = Field(default_factory=list)


def vocab_label(vocabs: Vocabularies, content: ChecklistContent, facet: str, slug: str) -> str:
    """A vocabulary label in the content's language (English label as fallback, the slug if
    no vocabulary knows it). `facet="state"` names a state ("NY" -> "New York", "Nueva York")
    from the states' own vocabulary, as the web pages do."""
    translated = content.labels.get(facet, {}).get(slug)
    if translated:
        return translated
    vocab = vocabs.state if facet == "state" else vocabs[facet] if facet in vocabs else None
    return vocab.labels[slug] if vocab is not None else slug


def vocab_labels(vocabs: Vocabularies, content: ChecklistContent, facet: str,
                 slugs: list[str]) -> str:
    labels = [vocab_label(vocabs, content, facet, s) for s in slugs]
    if content.lang == "es":  # "Individual, en grupo": Spanish lowercases inside a list
        # ...its own words only: an untranslated English name ("American Sign Language")
        # keeps its capitals.
        translated = content.labels.get(facet, {})
        labels = labels[:1] + [
            lb[:1].lower() + lb[1:] if lb[1:2].islower() and translated.get(slug) == lb else lb
            for slug, lb in zip(slugs[1:], labels[1:], strict=True)]
    return ", ".join(labels)


def money(amount: float, currency: str = "USD") -> str:
    text = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    return f"${text}" if currency == "USD" else f"{text} {currency}"


def money_range(low: float | None, high: float | None, currency: str = "USD",
                content: ChecklistContent | None = None) -> str | None:
    """"$40–$90", "$150", "from $120" or "up to $200" (one end alone is no exact price), or
    None when neither end is known."""
    if low is None and high is None:
        return None
    if low is not None and high is not None:
        return money(low, currency) if low == high else f"{money(low, currency)}–{money(high, currency)}"
    if content is None:
        return money(low if low is not None else high, currency)  # type: ignore[arg-type]
    if low is not None:
        return content.t("from_money", money=money(low, currency))
    return content.t("up_to_money", money=money(high, currency))  # type: ignore[arg-type]


def yes_no(value: bool, content: ChecklistContent) -> str:
    return content.t("answer_yes") if value else content.t("answer_no")


def fee_text(fees: Fees, content: ChecklistContent) -> str | None:
    return money_range(fees.session_min, fees.session_max, fees.currency, content)


def sliding_text(fees: Fees, content: ChecklistContent) -> str | None:
    if fees.sliding_scale is None:
        return None
    if not fees.sliding_scale:
        return content.t("answer_no")
    return money_range(fees.sliding_scale_min, fees.sliding_scale_max, fees.currency, content) or \
        content.t("answer_yes")


def sessions_text(listing: Listing, content: ChecklistContent) -> str | None:
    person, video = listing.in_person, listing.telehealth
    if person and video:
        return content.t("in_person_and_video")
    if video:
        return content.t("by_video")
    if person or (video is False and person is None):
        return content.t("in_person")
    return None


def credentials(listing: Listing) -> list[str]:
    """The listing's credentials, each once: sources that spell one differently ("PHD" from
    the registry, "PhD" from a directory) are merged, keeping the usual spelling."""
    spellings: dict[str, list[str]] = {}
    for cred in listing.credentials:
        spellings.setdefault(re.sub(r"[^0-9a-z]", "", cred.casefold()) or cred, []).append(cred)
    return [next((s for s in found if not s.isupper()), found[0]) for found in spellings.values()]


def license_text(listing: Listing, vocabs: Vocabularies, content: ChecklistContent) -> str | None:
    parts = credentials(listing)
    parts += [vocab_label(vocabs, content, "license_type", s) for s in listing.license_types]
    if listing.license_states:
        # Named as the profile names them ("New York, Connecticut"; "Nueva York, Connecticut"):
        # proper names, so never lowercased inside the list as `vocab_labels` does.
        names = [vocab_label(vocabs, content, "state", s) for s in listing.license_states]
        parts.append(content.t("licensed_in", states=", ".join(names)))
    return "; ".join(dict.fromkeys(parts)) or None


def insurance_value(basis: Basis | None, plans: list[str], content: ChecklistContent) -> str:
    """"In network (Choice POS II)" per an insurer's directory, else "Takes this insurance"."""
    value = insurance_claim(basis, content.lang)
    value = value[:1].upper() + value[1:]
    return f"{value} ({', '.join(plans)})" if plans else value


def nearest_location(listing: Listing, point: GeoPoint | None
                     ) -> tuple[float | None, Location | None]:
    """Miles to the nearest of a listing's located offices, and that office."""
    if point is None:
        return None, (listing.locations[0] if listing.locations else None)
    best: tuple[float | None, Location | None] = (None, None)
    for loc in listing.locations:
        if not loc.has_point:
            continue
        miles = haversine_mi(point.lat, point.lon, loc.lat, loc.lon)  # type: ignore[arg-type]
        if best[0] is None or miles < best[0]:
            best = (miles, loc)
    if best[1] is None and listing.locations:
        return None, listing.locations[0]
    return best


def address_text(loc: Location | None) -> str:
    if loc is None:
        return ""
    city_line = " ".join(p for p in [f"{loc.city}," if loc.city else None, loc.state,
                                     loc.postal_code] if p)
    return ", ".join(p for p in [loc.address, city_line.strip().rstrip(",")] if p)


def _listing_provenance(listing: Listing) -> tuple[list[str], date | None]:
    """Who and when for facts nobody vouches for separately: the listing itself.

    The source is every source the listing was read from: a merged listing's
    unattributed fact may come from any of them, so none is singled out. The date is
    when any source last saw the listing (`Listing.last_seen`, the date the search's
    "stale" filter judges), so a page and a printout date such a fact alike.
    """
    return list(dict.fromkeys(s.source for s in listing.sources)), listing.last_seen()


def vouched(listing: Listing, kind: str) -> tuple[Basis | None, list[str], date | None]:
    """Who vouches for a fact of `kind` ("accepting_new_clients", "session_fee", "fees", ...)
    and when: its attribution, else the listing as last seen.

    The one place a page or a printable learns the date a claim carries; whether that date is
    old (`provenance.is_old`, by THERAPIST_FINDER_STALE_AFTER_DAYS) is judged from it, so a
    badge's "(may be out of date)" and a printout's "please confirm: over six months old"
    always agree.
    """
    for key in _ATTRIBUTION_KEYS.get(kind, (kind,)):
        found = listing.attributions.get(key)
        if found is not None:
            return found.basis, [found.source], as_date(found.observed_at)
    return (None, *_listing_provenance(listing))


def _fact(fid: str, kind: str, label: str, value: str, basis: Basis | None, sources: list[str],
          observed: date | None, content: ChecklistContent, today: date, urls: dict[str, str],
          claim: str | None = None, payer: str | None = None,
          max_age_days: int = MAX_AGE_DAYS) -> KnownFact:
    value = value[:1].upper() + value[1:]
    said = {"lang": content.lang, "source": sources, "payer": payer, "source_urls": urls}
    return KnownFact(
        id=fid, kind=kind, label=label, value=value, basis=basis,
        source=", ".join(sources) or None,
        observed_at=observed,
        provenance=describe_basis(basis, observed, **said),
        description=describe_claim(claim or f"{label}: {value}", basis, observed, **said),
        self_reported=basis == "provider_reported",
        old=is_old(observed, today, max_age_days),
        # Tagged "please confirm" only when the checklist asks about it: a tag with no question
        # leaves a client guessing what to say. Gender has no question on purpose (see
        # docs/printables.md): it is the listing's own word, and no client should have to
        # ask a therapist to confirm it.
        confirm=(kind in content.confirm.facts
                 and needs_confirmation(basis, observed, today, max_age_days)),
    )


def listing_facts(listing: Listing, vocabs: Vocabularies, content: ChecklistContent,
                  today: date, max_age_days: int = MAX_AGE_DAYS) -> list[KnownFact]:
    """Every fact the directory lists, in the order a client cares about; a fact dated more
    than `max_age_days` before `today` is old (the app's THERAPIST_FINDER_STALE_AFTER_DAYS)."""
    fallback_sources, _ = _listing_provenance(listing)
    urls = urls_by_source(listing.sources)  # lets "plannet" read "insurer directory at <host>"
    facts: list[KnownFact] = []
    aged = {"max_age_days": max_age_days}

    def add(kind: str, label_key: str, value: str | None) -> None:
        if value:
            basis, sources, observed = vouched(listing, kind)
            facts.append(_fact(kind, kind, content.t(label_key), value, basis, sources, observed,
                               content, today, urls, **aged))

    if listing.accepting_new_clients is not None:
        add("accepting_new_clients", "accepting", yes_no(listing.accepting_new_clients, content))
    add("session_fee", "fee", fee_text(listing.fees, content))
    sliding = sliding_text(listing.fees, content)
    if sliding:
        basis, sources, observed = vouched(listing, "sliding_scale")
        label = content.t("sliding_scale")
        claim = f"{label} {sliding}" if sliding[:1] == "$" or sliding[:1].isdigit() else None
        facts.append(_fact("sliding_scale", "sliding_scale", label, sliding, basis, sources,
                           observed, content, today, urls, claim=claim, **aged))
    if listing.fees.free_consultation is not None:
        add("free_consultation", "free_consultation",
            yes_no(listing.fees.free_consultation, content))
    for claim in listing.insurance:
        # "per the insurer's directory", not "per Medicaid's directory": a directory may list
        # other payers' products (a Medicaid plan it runs), and the source names its host.
        payer = vocab_label(vocabs, content, "insurance", claim.payer)
        value = insurance_value(claim.basis, claim.plans, content)
        facts.append(_fact(f"insurance:{claim.payer}", "insurance", payer, value, claim.basis,
                           # A claim that names no source is credited to none: crediting it to
                           # every source of the listing would say an insurer's directory vouched
                           # for what the therapist reported.
                           [claim.source] if claim.source else [],
                           claim.observed_at, content, today, urls,
                           claim=f"{payer}: {value[:1].lower()}{value[1:]}", **aged))
    add("sessions", "sessions", sessions_text(listing, content))
    add("formats", "formats", vocab_labels(vocabs, content, "format", listing.formats))
    add("approaches", "approaches", vocab_labels(vocabs, content, "approach", listing.approaches))
    add("languages", "languages", vocab_labels(vocabs, content, "language", listing.languages))
    add("license", "license", license_text(listing, vocabs, content))
    # As the listing states it, in the filter's words ("Woman"); never guessed from a name.
    add("gender", "gender",
        vocab_label(vocabs, content, "gender", listing.gender) if listing.gender else None)
    add("specialties", "specialties",
        vocab_labels(vocabs, content, "specialty", listing.specialties))
    _unique_ids(facts)
    _mark_disputes(facts, listing, content, urls, today, max_age_days)
    return facts


def _unique_ids(facts: list[KnownFact]) -> None:
    """Two sources' claims about one payer are two facts: the second gets "insurance:aetna:2"."""
    seen: dict[str, int] = {}
    for fact in facts:
        seen[fact.id] = seen.get(fact.id, 0) + 1
        if seen[fact.id] > 1:
            fact.id = f"{fact.id}:{seen[fact.id]}"


# Listing fields whose sources may disagree (`Listing.conflicts`) -> the fact kinds they feed.
_CONFLICT_KINDS = {"accepting_new_clients": ("accepting_new_clients",),
                   "fees": ("session_fee", "sliding_scale", "free_consultation"),
                   "telehealth": ("sessions",), "in_person": ("sessions",)}


def _claim_text(field: str, kind: str, value: object, content: ChecklistContent) -> str | None:
    """What one source's value of `field` says about a fact of `kind` (None: nothing)."""
    if field == "accepting_new_clients" and isinstance(value, bool):
        return yes_no(value, content)
    if field in ("telehealth", "in_person") and isinstance(value, bool):
        label = content.t("by_video" if field == "telehealth" else "in_person")
        return f"{label}: {yes_no(value, content).lower()}"
    if field == "fees" and isinstance(value, dict):
        try:
            fees = Fees.model_validate({k: v for k, v in value.items() if k in Fees.model_fields})
        except ValueError:
            return None
        if kind == "session_fee":
            return fee_text(fees, content)
        if kind == "sliding_scale":
            return sliding_text(fees, content)
        if kind == "free_consultation" and fees.free_consultation is not None:
            return yes_no(fees.free_consultation, content)
    return None


def _other(text: str, claim: Claim, content: ChecklistContent, urls: dict[str, str],
           today: date, max_age_days: int) -> OtherClaim:
    said = {"lang": content.lang, "source": claim.source, "source_urls": urls}
    old = is_old(claim.observed_at, today, max_age_days)
    return OtherClaim(
        value=text,
        provenance=describe_basis(claim.basis, claim.observed_at, **said),
        description=describe_claim(text, claim.basis, claim.observed_at, **said),
        observed_at=as_date(claim.observed_at),
        old=old, old_note=content.t("old", age=content.age(max_age_days)) if old else "")


def _others_text(others: list[OtherClaim], content: ChecklistContent) -> str:
    return "".join(f"; {o.says(content)}" for o in others)


def _dispute(fact: KnownFact, others: list[OtherClaim], content: ChecklistContent) -> None:
    if others:
        fact.disputed = fact.confirm = True
        fact.others += others
        fact.description += _others_text(others, content)


def own_description(fact: KnownFact, content: ChecklistContent) -> str:
    """A fact's description without what other sources say (`_dispute` appends that), for a
    page that words each claim on its own, each with its own "(may be out of date)"."""
    return fact.description.removesuffix(_others_text(fact.others, content))


def _mark_disputes(facts: list[KnownFact], listing: Listing, content: ChecklistContent,
                   urls: dict[str, str], today: date, max_age_days: int) -> None:
    """Where sources disagree, a fact says what the others say and wants confirming.

    A merged listing shows one value per field (the newest, or the best source's) and keeps
    every source's value in `conflicts`: printing only the winner, with "in network per the
    insurer's directory", would claim a certainty the sources do not share.
    """
    for conflict in listing.conflicts:
        if conflict.field.startswith("insurance."):
            # The payer directory lists the payer; a source's own list of insurers leaves it out.
            payer = conflict.field.removeprefix("insurance.")
            fact = next((f for f in facts if f.kind == "insurance" and f.basis == "payer_directory"
                         and f.id.split(":")[1] == payer), None)
            if fact is not None:
                _dispute(fact, [_other(content.t("not_on_list"), c, content, urls, today,
                                       max_age_days)
                                for c in conflict.claims if c.value is False], content)
            continue
        for kind in _CONFLICT_KINDS.get(conflict.field, ()):
            fact = next((f for f in facts if f.kind == kind), None)
            if fact is None:
                continue
            current = (listing.fees.model_dump() if conflict.field == "fees"
                       else getattr(listing, conflict.field))
            seen = {_claim_text(conflict.field, kind, current, content)}
            others = []
            for claim in conflict.claims:
                text = _claim_text(conflict.field, kind, claim.value, content)
                if text is not None and text not in seen:
                    seen.add(text)
                    others.append(_other(text, claim, content, urls, today, max_age_days))
            _dispute(fact, others, content)


def unlisted_fact(kind: str, label_key: str, content: ChecklistContent, *,
                  fid: str | None = None, label: str | None = None) -> KnownFact:
    """A row saying the directory does not list this ("Accepting new clients: not listed",
    or with `label`, "Aetna: not listed")."""
    label, value = label or content.t(label_key), content.t("unknown")
    return KnownFact(id=fid or kind, kind=kind, label=label, value=value, provenance="",
                     description=f"{label}: {value[:1].lower()}{value[1:]}", listed=False)
