"""What a printable's error page says, in the words of the form that asked for it.

The JSON API's 422 details are a contract for programs ("ids: give 2 to 5
different listing ids, got 6", and the operator's hint about the geocoder
setting) and stay as they are. A person who asked for a page, a PDF or a
spreadsheet from the shortlist's or a profile's forms gets the same problem
named by the form field's label, in the page's language, saying what to do and
never naming a setting or a parameter. Sentences the search page already says
are said the same way (search_api/web/messages.py); the printables' own are in
content/checklist.<lang>.yaml (`error_*`).
"""

from __future__ import annotations

import re
from typing import Any

from search_api.printables.compare import CompareParams
from search_api.printables.params import IdCountError, PickedListingsParams
from search_api.printables.referrals import ReferralParams
from search_api.printables.wording import ChecklistContent, load_content
from search_api.web.messages import query_problem, quoted
from search_api.web.text import PageText, page_text
from therapist_finder.errors import InvalidQuery, LocationNotFound

# The forms' labels, in the templates' English (web/shortlist.html, web/profile.html),
# by printable and field; their "(optional)" and "(2 to 5)" are left off.
_SHORTLIST_FORM = {
    "near": "Distances from (optional)",
    "insurance": "Client's insurance (optional)",
    "concern": "Help wanted with (optional)",
    "lang": "Language",
}
FIELD_LABELS: dict[str, dict[str, str]] = {
    "checklist": {
        "insurance": "Your insurance (optional)",
        "concern": "What you would like help with (optional)",
        "lang": "Language of the checklist",
        "length": "Length",
    },
    "compare": {**_SHORTLIST_FORM, "ids": "Listings to compare (2 to 5)"},
    "referrals": {**_SHORTLIST_FORM, "note": "Note for the client (optional)",
                  "checklist": "Add the consultation checklist"},
}
# The search form's field that asks the same thing, whose messages are reused.
_SEARCH_FIELD = {"near": "near", "insurance": "insurance", "concern": "specialty"}
_ASIDE = re.compile(r"\s*\([^()]*\)$")
_PICKED: dict[str, type[PickedListingsParams]] = {"compare": CompareParams, "referrals": ReferralParams}


class Wording:
    """One printable's error messages in one language."""

    def __init__(self, printable: str, lang: str):
        self.printable = printable
        self.content: ChecklistContent = load_content(lang)
        self.tr: PageText = page_text(lang)

    def label(self, param: str) -> str:
        english = FIELD_LABELS.get(self.printable, {}).get(param)
        return _ASIDE.sub("", self.tr(english)) if english else ""

    def say(self, param: str, text: str) -> str:
        """'Distances from: text' (`text` already in the page's language), or just the
        text, capitalized, for a field the form does not label."""
        label = self.label(param)
        return f"{label}: {text}" if label else text[:1].upper() + text[1:]

    def invalid(self, errors: list[dict[str, Any]]) -> list[str]:
        """One message per pydantic error of the parameters, without repeats."""
        lines: list[str] = []
        for err in errors:
            line = self._invalid(err)
            if line not in lines:
                lines.append(line)
        return lines

    def _invalid(self, err: dict[str, Any]) -> str:
        loc = [str(p) for p in err.get("loc", ())]
        param = loc[0] if loc else ""
        kind = err.get("type", "")
        ctx = err.get("ctx") or {}
        t, tr = self.content.t, self.tr
        if kind == "extra_forbidden":
            return t("error_extra", name=quoted(param))
        if param == "ids":
            return self._ids(err)
        if param == "therapist_id":
            return t("error_damaged_id")
        if param == "format":
            return t("error_format")
        if kind == "string_too_long":
            return self.say(param, tr("use at most {n} characters.", n=ctx.get("max_length")))
        if kind == "too_long":
            return self.say(param, tr("choose at most {n}.", n=ctx.get("max_length")))
        if param in ("checklist", "length"):  # the form's selects
            return self.say(param, t("error_choose"))
        if param == "lang":
            return self.say(param, t("error_lang"))
        return self.say(param, tr("please check this value."))

    def _ids(self, err: dict[str, Any]) -> str:
        error = (err.get("ctx") or {}).get("error")
        if isinstance(error, IdCountError):
            low, high, got = error.low, error.high, error.got
        elif err.get("type") == "too_long":  # more values than the field takes, before commas
            model = _PICKED.get(self.printable, ReferralParams)
            low, high = model.MIN_IDS, model.MAX_IDS
            got = len(err.get("input") or ())
        else:
            return self.content.t("error_damaged_id")
        key = "error_count_compare" if self.printable == "compare" else "error_count_listings"
        return self.content.t(key, low=low, high=high, got=got)

    def refused(self, exc: InvalidQuery) -> str:
        """A place, concern or insurer the printable could not use."""
        if match := re.search(r"at most (\d+)", exc.message):
            return self.say(exc.param, self.tr("choose at most {n}.", n=match.group(1)))
        field = _SEARCH_FIELD.get(exc.param)
        if field is None:
            return self.say(exc.param, self.tr("please check this value."))
        # The search page's words for its own field, under this form's label; no
        # suggestions: this page lists none (the forms offer a list to choose from).
        shown = (LocationNotFound(field, exc.message, exc.suggestions, needs_state=exc.needs_state)
                 if isinstance(exc, LocationNotFound) else InvalidQuery(field, exc.message))
        return self.say(exc.param, query_problem(shown, self.tr, listed=False))

    def form(self, status: int) -> str:
        """A body that could not be read: too large (413) or not a form (415)."""
        return self.content.t("error_too_large" if status == 413 else "error_unreadable")

    def stray(self, name: str) -> str:
        """A POST that carried parameters in its address too."""
        return self.content.t("error_extra", name=quoted(name))
