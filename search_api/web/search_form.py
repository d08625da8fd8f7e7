"""The search page's form: reading its query string and what the form shows back.

The form's field names are exactly the API's query parameters, so the same
`SearchParams` validates them; here they are read, and the choices, error
links and "did you mean" links the template needs are worked out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request
from markupsafe import Markup

from search_api.web.formatting import query_string
from search_api.web.language import PARAM as LANG_PARAM
from search_api.web.paging import PARAMS as PAGING_PARAMS
from search_api.web.shortlist_links import PARAM as SHORTLIST_PARAM
from search_api.web.text import ENGLISH_TEXT, PageText
from therapist_finder.errors import InvalidQuery
from therapist_finder.search_params import SearchParams
from therapist_finder.store.query import FLAGS
from therapist_finder.vocab import FACETS, Vocabularies

RADIUS_CHOICES = (1, 2, 5, 10, 25, 50, 100, 250)
# The default sorts by distance when a place is given, else by relevance with
# text: "Best match" above results sorted by distance misled.
SORT_CHOICES = (("", "Automatic"), ("distance", "Distance"), ("relevance", "Relevance"),
                ("name", "Name"), ("fee", "Lowest fee first"))
LIMIT_CHOICES = (10, 20, 50, 100)
# Where the error summary links to, per parameter.
FIELD_IDS = {name: f"f-{name}" for name in SearchParams.model_fields if name != "cursor"}
FIELD_IDS.update({"query": "f-near", "cursor": "results"})
LIST_PARAMS = frozenset(FACETS)
# The page's own parameters (paging position, the no-JavaScript shortlist, the language);
# taken out before the rest is validated as a search.
PAGE_PARAMS = PAGING_PARAMS | {SHORTLIST_PARAM, LANG_PARAM}


def with_current(choices: tuple) -> Callable[[str], list[str]]:
    """Option values for a select, plus the current value when it is not one of them."""
    def options(current: str) -> list[str]:
        values = [str(c) for c in choices]
        if current and current not in values:
            values.append(current)
        return values
    return options


def invalid_attr(errors: list[tuple[str, str]]) -> Callable[..., Markup]:
    """A field's attributes for its problems: aria-invalid, and aria-describedby naming the
    error summary's messages about it (ids error-1, error-2, ... in the summary's order; two
    parameters can name one field, like `query` and `near`) and then its own `hint`, if any."""
    def attr(param: str, hint: str = "") -> Markup:
        field = FIELD_IDS.get(param, param)
        ids = [f"error-{n}" for n, (p, _) in enumerate(errors, 1) if FIELD_IDS.get(p, p) == field]
        out = Markup(' aria-invalid="true"') if ids else Markup("")
        described = " ".join(ids + ([hint] if hint else []))
        if described:
            out += Markup(' aria-describedby="{}"').format(described)
        return out
    return attr


def form_items(request: Request) -> list[tuple[str, str]]:
    """Query items without the empty values a GET form sends for blank fields."""
    return [(k, v) for k, v in request.query_params.multi_items() if v.strip() != ""]


def split_items(items: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(the search's items, the page's own items)."""
    return ([(k, v) for k, v in items if k not in PAGE_PARAMS],
            [(k, v) for k, v in items if k in PAGE_PARAMS])


def params_data(items: list[tuple[str, str]]) -> dict[str, Any]:
    """What SearchParams validates: lists for repeatable filters, one value otherwise. A
    single-value field given twice (`state=NY&state=CA`) goes in as its list of values, so
    validation refuses it (the API's 422): taking either one would search for the other."""
    data: dict[str, Any] = {}
    for key, value in items:
        if key in LIST_PARAMS:
            data.setdefault(key, []).append(value)
        elif key in data:
            data[key] = [*(data[key] if isinstance(data[key], list) else [data[key]]), value]
        else:
            data[key] = value
    return data


def selected_filters(data: dict[str, Any],
                     vocabs: Vocabularies) -> tuple[dict[str, list[str]], dict]:
    """Slugs chosen per facet (raw text kept when it is not a valid value)."""
    selected: dict[str, list[str]] = {}
    raw_by_slug: dict[tuple[str, str], str] = {}
    for facet in FACETS:
        for raw in data.get(facet, []):
            for part in raw.split(","):
                if not part.strip():
                    continue
                slug = vocabs[facet].normalize(part) or part.strip()
                if slug not in selected.setdefault(facet, []):
                    selected[facet].append(slug)
                raw_by_slug.setdefault((facet, slug), raw)
    return selected, raw_by_slug


def flag_values(data: dict[str, Any]) -> dict[str, bool | None]:
    out: dict[str, bool | None] = {}
    for flag in FLAGS:
        raw = str(data.get(flag, "")).strip().lower()
        out[flag] = True if raw in ("true", "1", "yes", "on") else False if raw in (
            "false", "0", "no", "off") else None
    return out


def did_you_mean(exc: InvalidQuery, data: dict[str, Any], items: list[tuple[str, str]],
                 vocabs: Vocabularies, text: PageText = ENGLISH_TEXT) -> list[tuple[str, str]]:
    """(label, search link) for up to three values that would fix a bad filter value."""
    suggestions: list[tuple[str, str]] = []
    for hint in exc.suggestions[:3]:
        bad = data.get(exc.param)
        if exc.param == "near":  # a place: "Houston" -> "Houston, TX"
            fixed = [(k, hint if k == "near" else v) for k, v in items if k not in ("cursor", "lat", "lon")]
            suggestions.append((hint, "/?" + query_string(fixed)))
        elif isinstance(bad, list):
            fixed = [(k, v) for k, v in items if k != exc.param] + [
                (exc.param, hint if vocabs[exc.param].normalize(v) is None else v)
                for k, v in items if k == exc.param]
            suggestions.append((text.label(vocabs, exc.param, hint), "/?" + query_string(
                [(k, v) for k, v in fixed if k != "cursor"])))
    return suggestions

