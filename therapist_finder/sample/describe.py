"""Plain-English descriptions for sample listings, assembled from templates.

Descriptions mention the listing's own specialties and approaches so that
full-text search over the demo data behaves like it would on real profiles,
and always end by saying the listing is fictional.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

FICTION_NOTE = "This is a fictional sample listing."

LICENSE_LABELS = {
    "counselor": "licensed professional counselor",
    "clinical-social-worker": "licensed clinical social worker",
    "psychologist": "licensed psychologist",
    "marriage-family-therapist": "licensed marriage and family therapist",
    "psychiatrist": "psychiatrist",
    "psychiatric-nurse-practitioner": "psychiatric nurse practitioner",
    "psychoanalyst": "licensed psychoanalyst",
}
SPECIALTY_LABELS = {
    "depression": "depression", "perinatal-depression": "perinatal depression",
    "bipolar-disorder": "bipolar disorder", "dysthymia": "persistent depression (dysthymia)",
    "anxiety": "anxiety", "social-anxiety": "social anxiety", "ptsd": "PTSD",
    "anorexia": "anorexia", "bulimia": "bulimia", "binge-eating": "binge eating",
    "substance-use": "substance use", "grief": "grief", "life-transitions": "life transitions",
    "relationship-conflict": "relationship conflict", "social-skills": "social skills",
    "developmental-delays": "developmental delays", "ocd": "OCD", "adhd": "ADHD",
    "eating-disorders": "eating disorders",
}
APPROACH_LABELS = {
    "ipt": "interpersonal psychotherapy (IPT)", "group-ipt": "group IPT",
    "dit": "dynamic interpersonal therapy (DIT)",
    "ipsrt": "interpersonal and social rhythm therapy (IPSRT)",
    "maintenance-ipt": "maintenance IPT",
    "metacognitive-interpersonal-therapy": "metacognitive interpersonal therapy",
    "cbt": "cognitive behavioral therapy (CBT)", "dbt": "dialectical behavior therapy (DBT)",
    "psychodynamic": "psychodynamic therapy", "integrative": "an integrative approach",
    "family-systems": "family systems therapy", "emdr": "EMDR",
    "prolonged-exposure": "prolonged exposure", "cpt": "cognitive processing therapy (CPT)",
    "tf-cbt": "trauma-focused CBT", "act": "acceptance and commitment therapy (ACT)",
}
AGE_LABELS = {"adults": "adults", "teens": "teens", "older-adults": "older adults",
              "children": "children"}

_INTROS = (
    "{name} is a {license} who works with {ages} on {specs}.",
    "{name}, a {license}, helps {ages} with {specs}.",
    "As a {license}, {name} sees {ages} dealing with {specs}.",
)
_ORG_INTROS = (
    "{name} is a group practice whose clinicians help {ages} with {specs}.",
    "At {name}, a team of therapists treats {specs} in {ages}.",
)
_METHODS = ("Sessions draw on {approaches}.", "Treatment is grounded in {approaches}.",
            "Care typically uses {approaches}.")


def join_words(words: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    if len(words) < 3:
        return " and ".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _setting(city: str, state: str, telehealth: bool | None, in_person: bool | None) -> str:
    if telehealth and in_person:
        return f"Offers sessions in person in {city} and by video."
    if in_person:
        return f"Sees clients in person in {city}."
    if telehealth:
        return f"Works by video with clients across {state}."
    return ""


@cache
def _phrase(labels: str, slugs: tuple[str, ...]) -> str:
    """Labels of `slugs` joined as prose; cached since the same sets recur a lot."""
    table = _LABELS[labels]
    return join_words([table[s] for s in slugs])


_LABELS = {"spec": SPECIALTY_LABELS, "appr": APPROACH_LABELS, "ages": AGE_LABELS}


def describe(
    name: str, kind: str, license_type: str, specialties: Sequence[str],
    approaches: Sequence[str], age_groups: Sequence[str], city: str, state: str,
    telehealth: bool | None, in_person: bool | None, pick: int,
) -> str:
    """A short profile text; `pick` (any int) chooses among template wordings."""
    intros = _ORG_INTROS if kind == "organization" else _INTROS
    intro = intros[pick % len(intros)].format(
        name=name, license=LICENSE_LABELS[license_type],
        ages=_phrase("ages", tuple(age_groups)), specs=_phrase("spec", tuple(specialties)))
    method = _METHODS[pick // 3 % len(_METHODS)].format(
        approaches=_phrase("appr", tuple(approaches)))
    setting = _setting(city, state, telehealth, in_person)
    if setting:
        return f"{intro} {method} {setting} {FICTION_NOTE}"
    return f"{intro} {method} {FICTION_NOTE}"
