"""Fictional names, credentials, organisations, phone numbers and websites.

Everything here is made up on purpose: surnames are invented words, phone
numbers sit in the 555-0100..555-0199 block reserved for fiction, and websites
use the reserved ``.example`` / ``example.org`` domains.
"""

from __future__ import annotations

from functools import cache

import numpy as np

# First names by the gender a listing states; unisex names serve everyone else.
FEMALE_NAMES = tuple("Ada Aisha Amara Ana Beatriz Camille Carmen Elena Farah Grace Hana Harriet "
                     "Imani Ines Iris Julia Lena Lucia Maya Mei Mira Nadia Naomi Nora Priya Rosa "
                     "Ruth Sofia Tess Uma Vera Yara Zoe".split())
MALE_NAMES = tuple("Daniel Darius Eli Emeka Gabriel Hugo Jamal Jin Kenji Leo Malik Miguel Noah "
                   "Omar Rafael Samir Tariq Theo Yusuf".split())
UNISEX_NAMES = tuple("Alex Ari Dana Jordan Kai Quinn Sam Wren Rowan Sasha Robin Emerson".split())
FIRST_NAMES = FEMALE_NAMES + MALE_NAMES + UNISEX_NAMES
# Name pool per gender index (female, male, nonbinary, unstated), as in generate._GENDERS.
_POOLS = (FEMALE_NAMES + UNISEX_NAMES[:4], MALE_NAMES + UNISEX_NAMES[:4], UNISEX_NAMES, FIRST_NAMES)

# Invented surnames: no real family should find themselves in the demo data.
SURNAMES: tuple[str, ...] = tuple(
    "Quillfeather Ambervale Brightwater Lanternfield Hollowmere Fernwhistle Copperleaf "
    "Stillbrook Willowmoor Thistledown Mistvale Kestrelwood Larkspurrow Moonridge Emberfall "
    "Driftmantle Gladstitch Honeyvane Inkwillow Juniperlock Kettleburn Lumenfold Marrowby "
    "Nettlecombe Oakhollow Pebblethorn Quietbrook Rookstone Saffronmere Tamblewick "
    "Umberlee Velvetash Wickerbay Yarrowfield Zephyrdale Ashgrove-Pell Bramblecote Cindervale "
    "Dewmorrow Fallowmint Glimmerstone Hearthwell Ivorymoss Lindenquill Merriwether-Sample "
    "Northwhistle Orchardine Plumtree-Example Starlingford Tidewhistle".split()
)

# Credential sets per license type, with pick weights. Counselors are "LMHC" in
# the states that license them under that title, "LPC" elsewhere.
CREDENTIALS: dict[str, tuple[tuple[tuple[str, ...], float], ...]] = {
    "psychologist": ((("PhD",), 0.6), (("PsyD",), 0.4)),
    "clinical-social-worker": ((("LCSW",), 0.85), (("MSW", "LCSW"), 0.15)),
    "counselor": ((("LPC",), 0.8), (("MA", "LPC"), 0.2)),
    "marriage-family-therapist": ((("LMFT",), 0.85), (("MA", "LMFT"), 0.15)),
    "psychiatrist": ((("MD",), 0.85), (("DO",), 0.15)),
    "psychiatric-nurse-practitioner": ((("PMHNP-BC",), 0.6), (("APRN", "PMHNP-BC"), 0.4)),
    "psychoanalyst": ((("LP",), 0.6), (("PhD", "LP"), 0.4)),
}
LMHC_STATES = frozenset("NY MA WA FL".split())
LICSW_STATES = frozenset("MA WA".split())  # clinical social workers are "LICSW" there

_ORG_FORMS = (
    "{s} Counseling Collective", "{s} Center for Interpersonal Therapy", "{s} Family Therapy Group",
    "{s} Behavioral Health", "{s} Psychotherapy Associates", "{s} Wellness Partners",
    "{s} Community Counseling", "The {s} Clinic", "{s} Mind & Mood Practice",
)


def person_names(rng: np.random.Generator, gender: list[int]) -> list[str]:
    """Fictional full names whose first name fits each gender index (see `_POOLS`)."""
    n = len(gender)
    first = rng.random(n).tolist()
    last = rng.integers(0, len(SURNAMES), n).tolist()
    return [f"{_POOLS[g][int(f * len(_POOLS[g]))]} {SURNAMES[s]}"
            for g, f, s in zip(gender, first, last, strict=True)]


def org_names(rng: np.random.Generator, n: int) -> list[str]:
    """`n` fictional practice names such as "Ambervale Counseling Collective"."""
    forms = rng.integers(0, len(_ORG_FORMS), n).tolist()
    last = rng.integers(0, len(SURNAMES), n).tolist()
    return [_ORG_FORMS[f].format(s=SURNAMES[s]) for f, s in zip(forms, last, strict=True)]


def credentials(license_type: str, state: str, u: float) -> list[str]:
    """Credential letters for one license type in one state; `u` in [0, 1) picks."""
    options = CREDENTIALS[license_type]
    chosen = options[-1][0]
    for creds, weight in options:
        if u < weight:
            chosen = creds
            break
        u -= weight
    if license_type == "counselor" and state in LMHC_STATES:
        return [c.replace("LPC", "LMHC") for c in chosen]
    if license_type == "clinical-social-worker" and state in LICSW_STATES:
        return [c.replace("LCSW", "LICSW") for c in chosen]
    return list(chosen)


def phones(rng: np.random.Generator, area_codes: list[str]) -> list[str]:
    """Phone numbers like "(212) 555-0147": real area code, fictional 555-01xx line."""
    lines = rng.integers(0, 100, len(area_codes)).tolist()
    return [f"({a}) 555-01{x:02d}" for a, x in zip(area_codes, lines, strict=True)]


@cache
def slug(text: str) -> str:
    """Lower-case letters and digits only, e.g. "Ada Quillfeather" -> "adaquillfeather"."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def website(name: str, is_org: bool, u: float) -> str:
    """A reserved-domain website for a listing; `u` in [0, 1) picks the style."""
    base = slug(name)
    if is_org:
        return f"https://{base}.example.org" if u < 0.3 else f"https://{base}.example"
    return f"https://{base}therapy.example" if u < 0.6 else f"https://example.org/{base}"
