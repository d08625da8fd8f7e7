"""What the search page says when a search cannot run, in the words of its form.

The JSON API's 422 details are a contract for programs ("max_fee: Input
should be greater than or equal to 0") and stay as they are. People reading
the page get the same problem named by the field's label and said plainly
("Most I can pay per session ($): enter an amount of 0 or more, like 120.").
Each message says what to do; none names a setting, a parameter or a token.
Values the visitor typed are quoted only when short enough to read, and the
page wraps them anyway (site.css). Every message is worded in English here and
said in the page's language (`text.PageText`).
"""

from __future__ import annotations

import re
from typing import Any

from search_api.web.facets import FACET_LEGENDS, FLAG_LABELS
from search_api.web.text import ENGLISH_TEXT, PageText
from therapist_finder.errors import InvalidQuery
from therapist_finder.store.query import MAX_RADIUS_MI

# The form's labels (templates/web/search.html); a test checks they match.
FORM_LABELS = {
    "q": "What would you like help with?",
    "near": "Near",
    "radius_mi": "Within",
    "sort": "Sort by",
    "max_fee": "Most I can pay per session ($)",
    "state": "Licensed in or office in state",
    "lat": "Latitude",
    "lon": "Longitude",
    "limit": "Results per page",
    "include_stale": "Include listings no source has seen lately",
    **FACET_LEGENDS,
    **FLAG_LABELS,
}
NEAR_HELP = "Try a 5-digit ZIP or a city and state, like Portland, OR."
CURSOR_MESSAGE = ("This page of results can't be shown: its link is out of date or damaged. "
                  "Go back to the first page of results.")
# One plain message per field, whatever pydantic disliked about its value.
_FIELD_MESSAGES = {
    "lat": "enter a number from -90 to 90, or leave it blank.",
    "lon": "enter a number from -180 to 180, or leave it blank.",
    "radius_mi": "choose a distance from the list (at most {most} miles).",
    "max_fee": "enter an amount of 0 or more, like 120, or leave it blank.",
    "limit": "choose 10, 20, 50 or 100.",
    "sort": "choose one of the options in the list.",
    "state": "choose a state from the list.",
}
# Rules across fields (pydantic gives them no location): message start -> (field, text).
_RULES = {
    "lat and lon must be given together": (
        "lat", "Latitude and Longitude: fill in both, or leave both blank."),
    "give either near or lat and lon": (
        "near", "Near: use either Near or Latitude and Longitude, not both."),
    "sort=distance needs a location": (
        "sort", "Sort by: to sort by distance, fill in Near first."),
    "sort=relevance needs q": (
        "sort", "Sort by: to sort by relevance, fill in “What would you like help with?” first."),
}
# The fields each rule reads: a rule is only worth reporting when none of them was left out.
_RULE_FIELDS = {
    "lat and lon must be given together": {"lat", "lon"},
    "give either near or lat and lon": {"near", "lat", "lon"},
    "sort=distance needs a location": {"sort", "near", "lat", "lon"},
    "sort=relevance needs q": {"sort", "q"},
}
_QUOTE_AT_MOST = 40


def say(param: str, text: str, tr: PageText = ENGLISH_TEXT) -> str:
    """'Near: text', or 'What would you like help with? Text' after a question (`text` is
    already in the page's language; the label is put in it here)."""
    label = tr(FORM_LABELS.get(param, param))
    if label.endswith("?"):
        return f"{label} {text[:1].upper()}{text[1:]}"
    return f"{label}: {text}"


def quoted(value: str) -> str:
    value = " ".join(str(value).split())
    if len(value) > _QUOTE_AT_MOST:
        value = value[:_QUOTE_AT_MOST].rstrip() + "…"
    return f"“{value}”"


def _one(err: dict[str, Any], tr: PageText) -> tuple[str, str]:
    loc = [str(p) for p in err.get("loc", ())]
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        return loc[0], tr("This search address has a setting the page doesn't use ({name}). "
                          "Remove it from the address, or start a new search.", name=quoted(loc[0]))
    if not loc:  # a rule across fields
        msg = str(err.get("msg", "")).removeprefix("Value error, ")
        for start, (param, text) in _RULES.items():
            if msg.startswith(start):
                return param, tr(text)
        return "query", tr("Please check the search and try again.")
    param = loc[0]
    if isinstance(err.get("input"), list) and len(loc) == 1 and kind != "too_long":  # given twice
        return param, say(param, tr("give one value, not {n}.", n=len(err["input"])), tr)
    if param == "cursor":
        return param, tr(CURSOR_MESSAGE)
    if param in _FIELD_MESSAGES:
        return param, say(param, tr(_FIELD_MESSAGES[param], most=f"{MAX_RADIUS_MI:g}"), tr)
    if kind == "string_too_long":
        return param, say(param, tr("use at most {n} characters.", n=ctx.get("max_length")), tr)
    if kind == "too_long":  # a filter with too many values
        return param, say(param, tr("choose at most {n}.", n=ctx.get("max_length")), tr)
    if kind == "bool_parsing" or param in FLAG_LABELS or param == "include_stale":
        return param, say(param, tr("tick the box, or leave it blank."), tr)
    return param, say(param, tr("please check this value."), tr)


def rule_fields(err: dict[str, Any]) -> set[str] | None:
    """The fields a rule across fields reads (None: not a rule this page knows)."""
    if err.get("loc"):
        return None
    msg = str(err.get("msg", "")).removeprefix("Value error, ")
    return next((fields for start, fields in _RULE_FIELDS.items() if msg.startswith(start)), None)


def validation_messages(errors: list[dict[str, Any]], tr: PageText = ENGLISH_TEXT) -> list[tuple[str, str]]:
    """(field, message) per pydantic error, one message per field."""
    out: list[tuple[str, str]] = []
    for err in errors:
        item = _one(err, tr)
        if item not in out:
            out.append(item)
    return out


def _near(message: str, tr: PageText) -> str:
    if "latitude must be" in message:
        return tr("coordinates need a latitude from -90 to 90 and a longitude "
                  "from -180 to 180, like 40.75,-73.99.")
    if match := re.search(r"ZIP code (\d{5}) is in ([A-Z]{2}), not ([A-Z]{2})", message):
        zip_code, state, given = match.groups()
        return tr("ZIP code {zip} is in {state}, not {given}. Check the ZIP or the state.",
                  zip=zip_code, state=state, given=given)
    if match := re.search(r"unknown ZIP code '(\d{5})", message):
        return tr("we couldn't find the ZIP code {zip}. Check the number, or "
                  "try a city and state, like Portland, OR.", zip=match.group(1))
    return tr("we couldn't find that place.") + " " + tr(NEAR_HELP)


def _near_problem(exc: InvalidQuery, tr: PageText, listed: bool) -> str:
    city = getattr(exc, "needs_state", None)
    if exc.reason == "zips":
        return tr("give one ZIP code or city, not two.")
    if city and exc.suggestions:
        problem = tr("{place} needs its state, like {example}.", place=quoted(city),
                     example=exc.suggestions[0])
    else:
        problem = _near(exc.message, tr)
    return problem + " " + tr("See the suggestions below.") if exc.suggestions and listed else problem


def query_problem(exc: InvalidQuery, tr: PageText = ENGLISH_TEXT, listed: bool = True) -> str:
    """What is wrong with a refused field's value, in words, without the field's label
    (other forms put their own label on it: the printables' error pages)."""
    param = exc.param
    if param == "near":
        return _near_problem(exc, tr, listed)
    if exc.reason == "several":
        return tr("it names more than one value. Give one, or tick each in the list.")
    if exc.reason == "negated":
        return tr("a filter keeps the values given; it cannot leave one out. Give the ones to keep.")
    if param == "state":
        return tr("we don't know that state. Choose one from the list.")
    if param in FACET_LEGENDS:
        match = re.search(r"(?:unknown value '(.*)'(?:; did you mean|$)|: '(.*)' is not a )",
                          exc.message, re.S)
        value = quoted(match.group(1) or match.group(2)) if match else tr("one of the choices")
        hint = " " + tr("See the suggestions below.") if exc.suggestions else ""
        return tr("we don't recognize {value}.", value=value) + hint
    return tr("please check this value.")


def query_message(exc: InvalidQuery, tr: PageText = ENGLISH_TEXT) -> tuple[str, str]:
    """(field, message) for a search the store or the place lookup refused."""
    if exc.param == "cursor":
        return exc.param, tr(CURSOR_MESSAGE)
    return exc.param, say(exc.param, query_problem(exc, tr), tr)
