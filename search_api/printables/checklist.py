"""Build the consultation checklist: parameters (+ a listing) in, a Checklist out.

Pure: no store, no HTTP. The route resolves the listing and passes `today`
(tests inject it), the vocabularies and the parsed parameters.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from search_api.printables.checklist_short import shorten
from search_api.printables.facts import KnownFact, credentials, listing_facts, vocab_label
from search_api.printables.params import back_lang_field
from search_api.printables.provenance import MAX_AGE_DAYS
from search_api.printables.wording import LANGS, ChecklistContent, Lang, load_content
from therapist_finder.errors import InvalidQuery
from therapist_finder.schema import Listing
from therapist_finder.vocab import Vocabularies

MAX_CONCERNS = 10
MAX_PAYERS = 5
ChecklistLength = Literal["short", "full"]
LENGTH_HELP = ("short: the questions most people need settled on a first call (about half as long);"
               " full: every question")


def _split(values: list[str]) -> list[str]:
    """Repeatable parameters also accept comma-separated values."""
    return [p.strip() for v in values for p in v.split(",") if p.strip()]


class ChecklistParams(BaseModel):
    """Query parameters of GET /v1/checklist."""

    model_config = ConfigDict(extra="forbid")

    therapist_id: str | None = Field(None, min_length=1, max_length=250,
                                     description="personalize for this listing")
    concern: list[str] = Field(default_factory=list, max_length=MAX_CONCERNS,
                               description="repeatable; a specialty slug, label or synonym")
    insurance: list[str] = Field(default_factory=list, max_length=MAX_PAYERS,
                                 description="repeatable; adds a section for calling the insurer")
    lang: Lang = Field("en", description="en or es")
    length: ChecklistLength = Field("full", description=LENGTH_HELP)
    back_lang: str | None = back_lang_field()
    format: Literal["json", "html", "pdf"] = "json"


class Topic(BaseModel):
    """A concern or payer the checklist was personalized for."""

    slug: str
    label: str


class Question(BaseModel):
    id: str
    text: str
    fact_id: str | None = None  # set on "please confirm" questions


class Section(BaseModel):
    id: str
    kind: Literal["confirm", "general", "concern", "insurer"]
    title: str
    intro: str | None = None
    questions: list[Question]
    notes: list[str] = Field(default_factory=list)  # labelled blank boxes (pros, cons...)
    note: str | None = None  # e.g. a crisis line
    record: list[str] = Field(default_factory=list)  # blanks to fill after a call


class TherapistRef(BaseModel):
    id: str
    name: str
    kind: str
    credentials: list[str] = Field(default_factory=list)


class KnownBox(BaseModel):
    """The "what the directory knows" box of a personalized checklist."""

    title: str
    intro: str
    notes: list[str] = Field(default_factory=list)


class Checklist(BaseModel):
    lang: Lang
    length: ChecklistLength = "full"
    title: str
    intro: str
    generated_on: date
    # A fact dated longer ago than this is `old` (THERAPIST_FINDER_STALE_AFTER_DAYS); the
    # printed tag names the span ("over 90 days old").
    stale_after_days: int = MAX_AGE_DAYS
    therapist: TherapistRef | None = None
    known: KnownBox | None = None  # headings for known_facts, when personalized
    known_facts: list[KnownFact] = Field(default_factory=list)
    concerns: list[Topic] = Field(default_factory=list)
    insurance: list[Topic] = Field(default_factory=list)
    sections: list[Section]


def capfirst(text: str) -> str:
    """Uppercase the first letter, after any opening Spanish punctuation."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1:]
    return text


def _words(text: str) -> set[str]:
    plain = unicodedata.normalize("NFKD", text.casefold())
    return set(re.findall(r"[a-z0-9]+", "".join(c for c in plain if not unicodedata.combining(c))))


def _translated_slug(raw: str, facet: str) -> str | None:
    """A slug whose translated label (any language) contains every word of `raw`.

    Lets `concern=posparto` work in Spanish; only an unambiguous match counts. Insurers
    keep their own names (their few translated words, "cualquier plan", name no insurer).
    """
    words = _words(raw)
    if not words or facet == "insurance":
        return None
    found = {slug for lang in LANGS
             for slug, label in load_content(lang).labels.get(facet, {}).items()
             if words <= _words(label)}
    return found.pop() if len(found) == 1 else None


def resolve_slugs(raws: list[str], vocabs: Vocabularies, facet: str, param: str) -> list[str]:
    """Map what a person typed onto slugs, like the search API; 422 with hints else."""
    vocab = vocabs[facet]
    slugs: list[str] = []
    for raw in _split(raws):
        slug = vocab.normalize(raw) or _translated_slug(raw, facet)
        if slug is None:
            hints = vocab.suggest(raw)
            hint = f"; did you mean: {', '.join(hints)}" if hints else ""
            raise InvalidQuery(param, f"{param}: unknown value '{raw}'{hint}", hints)
        if slug not in slugs:
            slugs.append(slug)
    return slugs


def _concern_set(slug: str, vocabs: Vocabularies, content: ChecklistContent) -> str:
    """The content key for a concern: its own set, its nearest ancestor's, or default."""
    vocab = vocabs["specialty"]
    current: str | None = slug
    while current is not None:
        if current in content.concerns:
            return current
        term = vocab.get(current)
        current = term.parent if term else None
    return "default"


def _concern_sections(slugs: list[str], vocabs: Vocabularies,
                      content: ChecklistContent) -> list[Section]:
    sections: list[Section] = []
    used: set[str] = set()
    for slug in slugs:
        key = _concern_set(slug, vocabs, content)
        if key != "default" and key in used:
            continue
        used.add(key)
        label = vocab_label(vocabs, content, "specialty", slug)
        text = content.concerns[key]
        sid = f"concern-{key if key != 'default' else slug}"
        sections.append(Section(
            id=sid, kind="concern", title=text.title.format(label=label), note=text.note,
            questions=[Question(id=f"{sid}-{q.id}", text=q.text.format(label=label))
                       for q in text.questions]))
    return sections


def _insurer_sections(payers: list[str], therapist: str, vocabs: Vocabularies,
                      content: ChecklistContent) -> list[Section]:
    sections = []
    for payer in payers:
        label = vocab_label(vocabs, content, "insurance", payer)
        sid = f"insurer-{payer}"
        sections.append(Section(
            id=sid, kind="insurer", title=content.insurer.title.format(payer=label),
            intro=content.insurer.intro, record=list(content.insurer.record),
            questions=[Question(id=f"{sid}-{q.id}",
                                text=capfirst(q.text.format(therapist=therapist, payer=label)))
                       for q in content.insurer.questions]))
    return sections


def _confirm_section(facts: list[KnownFact], missing_payers: list[str], name: str,
                     vocabs: Vocabularies, content: ChecklistContent,
                     max_age_days: int) -> Section | None:
    questions = []
    for fact in facts:
        if not fact.confirm:
            continue
        ask = content.confirm.facts.get(fact.kind)
        if ask is None:
            continue
        # "(The directory says: No; another source says: Yes.)" when sources disagree
        value = fact.value + "".join(f"; {o.says(content, o.value)}" for o in fact.others)
        says = content.confirm.says.format(value=value)
        text = ask.format(payer=fact.label)
        questions.append(Question(id=f"confirm-{fact.id}", text=f"{text} {says}",
                                  fact_id=fact.id))
    for payer in missing_payers:
        label = vocab_label(vocabs, content, "insurance", payer)
        questions.append(Question(id=f"confirm-insurance:{payer}",
                                  text=content.confirm.facts["insurance"].format(payer=label)))
    if not questions:
        return None
    return Section(id="confirm", kind="confirm", title=content.confirm.title,
                   intro=content.confirm.intro.format(therapist=name, age=content.age(max_age_days)),
                   questions=questions)


def build_checklist(params: ChecklistParams, vocabs: Vocabularies, *,
                    listing: Listing | None = None, today: date,
                    stale_after_days: int = MAX_AGE_DAYS) -> Checklist:
    """The checklist for these parameters; `listing` personalizes it. Its facts are old past
    `stale_after_days` (the app's setting: the route passes it).

    Raises InvalidQuery (-> 422) naming `concern` or `insurance` for values
    that match no vocabulary entry, with suggestions.
    """
    content = load_content(params.lang)
    concerns = resolve_slugs(params.concern, vocabs, "specialty", "concern")
    payers = resolve_slugs(params.insurance, vocabs, "insurance", "insurance")
    if len(concerns) > MAX_CONCERNS:
        raise InvalidQuery("concern", f"concern: at most {MAX_CONCERNS} values")
    if len(payers) > MAX_PAYERS:
        raise InvalidQuery("insurance", f"insurance: at most {MAX_PAYERS} values")

    therapist = None
    known = None
    facts: list[KnownFact] = []
    confirm = None
    name = content.t("this_therapist")
    if listing is not None:
        name = listing.name
        therapist = TherapistRef(id=listing.id, name=listing.name, kind=listing.kind,
                                 credentials=credentials(listing))
        facts = listing_facts(listing, vocabs, content, today, stale_after_days)
        listed = {c.payer for c in listing.insurance}
        missing = [p for p in payers if p not in listed]
        notes = [content.known.not_listed_payer.format(
            therapist=listing.name, payer=vocab_label(vocabs, content, "insurance", p))
            for p in missing]
        if not facts:
            notes.insert(0, content.known.none)
        known = KnownBox(title=content.known.title.format(therapist=listing.name),
                         intro=content.known.intro.format(age=content.age(stale_after_days)),
                         notes=notes)
        confirm = _confirm_section(facts, missing, listing.name, vocabs, content, stale_after_days)

    general = [
        Section(id=s.id, kind="general", title=s.title, intro=s.intro, notes=list(s.notes),
                questions=[Question(id=f"{s.id}-{q.id}", text=q.text) for q in s.questions])
        for s in content.sections
    ]
    sections: list[Section] = [confirm] if confirm else []
    concern_sections = _concern_sections(concerns, vocabs, content)
    insurer_sections = _insurer_sections(payers, name, vocabs, content)
    for section in general:
        sections.append(section)
        if section.id == "consultation":
            sections.extend(concern_sections)
        elif section.id == "insurance":
            sections.extend(insurer_sections)
    intro = content.intro
    if params.length == "short":
        sections = shorten(sections, facts, payers)
        intro = f"{intro} {content.t('short_intro')}"

    return Checklist(
        lang=params.lang, length=params.length, title=content.title, intro=intro, generated_on=today,
        stale_after_days=stale_after_days,
        therapist=therapist, known=known, known_facts=facts,
        concerns=[Topic(slug=s, label=vocab_label(vocabs, content, "specialty", s))
                  for s in concerns],
        insurance=[Topic(slug=p, label=vocab_label(vocabs, content, "insurance", p))
                   for p in payers],
        sections=sections,
    )
