"""The short consultation checklist: the questions most people need settled on a first call.

The full checklist runs to ten pages for a listing with many facts, more than anyone asks
in a fifteen-minute consultation. The short one keeps what decides whether to book a first
session: cost and insurance, availability, how long therapy would take, the therapist's
training and approach, the limits of confidentiality, and how the call felt. Questions are
picked by id, so the selection holds for every language's content file (a test checks that
each id names a question).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from search_api.printables.facts import KnownFact

if TYPE_CHECKING:  # a cycle at run time: checklist.py calls `shorten`
    from search_api.printables.checklist import Section

SHORT_QUESTIONS = frozenset({
    "consultation-free-consultation", "consultation-availability",
    "fees-session-fee", "fees-cancellation",
    "insurance-in-network", "insurance-deductible-copay",
    "sliding-scale-sliding-scale",
    "length-how-many", "length-how-often",
    "approach-approach",
    "qualifications-license", "qualifications-training",
    "experience-similar-clients",
    "confidentiality-limits",
    "decision-comfort", "decision-fit",
    "homework-between-sessions",  # what to do in a crisis, at night or on weekends
})
# A concern's own questions come most important first in the content files, and so do
# the questions for calling an insurer (network, benefits, deductible, co-pay).
CONCERN_QUESTIONS = 2
INSURER_QUESTIONS = 4
# A concern's questions about safety, crises and medical risk come late in its set, and
# are kept whatever the length: a short checklist must not drop "what if I am in crisis",
# nor safe withdrawal or an eating disorder's need for more care.
SAFETY_QUESTIONS = frozenset({"safety", "urgent", "crisis", "safety-plan", "warning-signs",
                              "medical", "level-of-care"})
# Facts worth a call's time whatever the client needs; an insurer's only when the client
# named it, and any fact the sources disagree about.
CONFIRM_KINDS = frozenset({"accepting_new_clients", "session_fee", "sliding_scale", "free_consultation"})


def _confirm_worth_asking(fact: KnownFact | None, payers: list[str]) -> bool:
    if fact is None:  # a client's insurer the listing does not list: always asked
        return True
    if fact.disputed or fact.kind in CONFIRM_KINDS:
        return True
    # "insurance:aetna", or "insurance:aetna:2" for a second claim about one payer
    return fact.kind == "insurance" and fact.id.split(":")[1] in payers


def shorten(sections: list[Section], facts: list[KnownFact], payers: list[str]) -> list[Section]:
    """The short checklist's sections: the chosen questions of each, dropping sections
    left without one."""
    by_id = {fact.id: fact for fact in facts}
    short = []
    for section in sections:
        if section.kind == "confirm":
            kept = [q for q in section.questions
                    if _confirm_worth_asking(by_id.get(q.fact_id) if q.fact_id else None, payers)]
        elif section.kind == "concern":
            kept = [q for i, q in enumerate(section.questions)
                    if i < CONCERN_QUESTIONS or _is_safety(section.id, q.id)]
        elif section.kind == "insurer":
            kept = section.questions[:INSURER_QUESTIONS]
        else:
            kept = [q for q in section.questions if q.id in SHORT_QUESTIONS]
        if kept:
            short.append(section.model_copy(update={"questions": kept}))
    return short


def _is_safety(section_id: str, question_id: str) -> bool:
    """A concern section's question about safety or a crisis ("concern-ptsd-safety")."""
    return question_id.removeprefix(f"{section_id}-") in SAFETY_QUESTIONS
