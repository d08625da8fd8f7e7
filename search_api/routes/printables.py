"""Printables: GET /v1/checklist, /v1/compare and /v1/referrals.

Each answers JSON, print-ready HTML or a PDF rendered from that same HTML
(and CSV for referrals). These requests may describe a client, so every
answer is `Cache-Control: no-store`, nothing is stored, and HTML pages carry
a Content-Security-Policy that allows no script and no outside resource.

Parameters are validated here rather than by FastAPI so that a person who
asked for a page gets an HTML error page (422 naming the parameter, 404 for
an unknown id); JSON and CSV callers get the API's usual JSON errors.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ValidationError

from search_api.deps import ResolverDep, StoreDep, VocabsDep
from search_api.errors import detail, param_messages
from search_api.printables.checklist import ChecklistParams, build_checklist
from search_api.printables.compare import CompareParams, build_compare
from search_api.printables.params import PickedListingsParams
from search_api.printables.referrals import ReferralParams, build_referrals, referrals_csv
from search_api.printables.render import CSP, render_html, render_pdf
from search_api.printables.wording import LANGS, load_content
from therapist_finder.errors import InvalidQuery
from therapist_finder.geo.points import GeoPoint
from therapist_finder.geo.resolve import PlaceResolver
from therapist_finder.schema import Listing
from therapist_finder.store.base import Store
from therapist_finder.vocab import Vocabularies

router = APIRouter(prefix="/v1", tags=["printables"])

P = TypeVar("P", bound=BaseModel)
R = TypeVar("R")

PRIVATE_HEADERS = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex, nofollow",
}
HTML_HEADERS = {**PRIVATE_HEADERS, "Content-Security-Policy": CSP}


def get_today() -> date:
    """Today's date; tests override this dependency to pin facts' ages."""
    return date.today()


TodayDep = Annotated[date, Depends(get_today)]


class PageError(Exception):
    """An error to answer as a page (html/pdf) or as the API's JSON (json/csv)."""

    def __init__(self, status: int, details: list[dict[str, Any]], message: str = ""):
        super().__init__(message)
        self.status = status
        self.details = details
        self.message = message


def _parse(model: type[P], request: Request) -> P:
    """Query string -> params model; list fields take repeats (and commas, later)."""
    data: dict[str, Any] = {}
    query = request.query_params
    for key in dict.fromkeys(query.keys()):
        values = query.getlist(key)
        field = model.model_fields.get(key)
        is_list = field is not None and getattr(field.annotation, "__origin__", None) is list
        data[key] = values if is_list else values[-1]
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise PageError(422, [detail(p, m) for p, m in param_messages(exc.errors())]) from None


def _openapi(model: type[BaseModel]) -> dict:
    """Document the query parameters the handler parses itself."""
    schema = model.model_json_schema()
    props = schema.get("properties", {})
    params = []
    for name, field in model.model_fields.items():
        prop = dict(props.get(name, {}))
        prop.pop("title", None)
        params.append({"name": name, "in": "query", "required": False, "schema": prop,
                       "description": field.description or ""})
    return {"parameters": params}


def _wants_page(request: Request, default: str) -> bool:
    fmt = request.query_params.getlist("format")
    return (fmt[-1] if fmt else default) in ("html", "pdf")


def _lang(request: Request) -> str:
    lang = request.query_params.get("lang", "en")
    return lang if lang in LANGS else "en"


def _error_response(request: Request, exc: PageError, default_format: str,
                    today: date) -> Response:
    if not _wants_page(request, default_format):
        body: Any = {"detail": exc.details} if exc.status == 422 else {"detail": exc.message}
        return JSONResponse(body, exc.status, headers=PRIVATE_HEADERS)
    lang = _lang(request)
    content = load_content(lang)
    if exc.status == 404:
        heading = content.t("not_found_title")
        lines = [content.t("not_found", id=d["id"]) for d in exc.details]
    else:
        heading = content.t("bad_request_title")
        lines = [d["msg"] for d in exc.details]
    html = render_html("error.html", lang, today=today, page_title=heading, heading=heading,
                       lines=lines, pdf_url=None, csv_url=None)
    return HTMLResponse(html, exc.status, headers=HTML_HEADERS)


def _run(request: Request, default_format: str, today: date,
         handler: Callable[[], Response]) -> Response:
    try:
        return handler()
    except PageError as exc:
        return _error_response(request, exc, default_format, today)
    except InvalidQuery as exc:
        err = PageError(422, [detail(exc.param, exc.message, exc.suggestions)])
        return _error_response(request, err, default_format, today)


def _listings(store: Store, ids: list[str]) -> list[Listing]:
    found = {i: store.get(i) for i in ids}
    missing = [i for i, listing in found.items() if listing is None]
    if missing:
        message = "; ".join(f"no listing with id '{i}'" for i in missing)
        raise PageError(404, [{"id": i} for i in missing], message)
    return [found[i] for i in ids]  # type: ignore[misc]


def _point(near: str | None, resolver: PlaceResolver) -> GeoPoint | None:
    return resolver.resolve(near, "near") if near and near.strip() else None


def _build_picked(build: Callable[..., R], params: PickedListingsParams, store: Store,
                  vocabs: Vocabularies, resolver: PlaceResolver, today: date) -> R:
    """`build` for the listings `params.ids` names, with distances from `params.near`."""
    point = _point(params.near, resolver)  # first: a bad place is reported before unknown ids
    listings = _listings(store, params.ids)
    return build(params, listings, vocabs, point=point, today=today)


def _alternate(request: Request, fmt: str) -> str:
    """This page's URL (path + query) in another format, as a same-origin link."""
    pairs = [(k, v) for k, v in request.query_params.multi_items() if k != "format"]
    pairs.append(("format", fmt))
    return f"{request.url.path}?{urlencode(pairs)}"


def _page(request: Request, fmt: str, template: str, lang: str, today: date, title: str,
          filename: str, csv_url: str | None = None, **context: Any) -> Response:
    html = render_html(template, lang, today=today, page_title=title,
                       pdf_url=_alternate(request, "pdf") if fmt == "html" else None,
                       csv_url=csv_url, **context)
    if fmt == "html":
        return HTMLResponse(html, headers=HTML_HEADERS)
    pdf = render_pdf(html, title=title)
    headers = {**PRIVATE_HEADERS,
               "Content-Disposition": f'inline; filename="{filename}-{today.isoformat()}.pdf"'}
    return Response(pdf, media_type="application/pdf", headers=headers)


def _json(model: BaseModel) -> JSONResponse:
    return JSONResponse(model.model_dump(mode="json"), headers=PRIVATE_HEADERS)


@router.get("/checklist", openapi_extra=_openapi(ChecklistParams),
            responses={200: {"content": {"text/html": {}, "application/pdf": {}}}})
def checklist(request: Request, store: StoreDep, vocabs: VocabsDep, today: TodayDep) -> Response:
    """The consultation checklist: questions to ask each therapist, with room for answers.

    `therapist_id` adds what the directory knows about that listing (each fact with
    who said it and when) and turns self-reported or old facts into "please confirm"
    questions; `concern` (repeatable) adds questions for that concern; `insurance`
    adds a section for calling the insurer. `lang` is `en` or `es`; `format` is
    `json` (default), `html` or `pdf`.
    """

    def handle() -> Response:
        params = _parse(ChecklistParams, request)
        listing = _listings(store, [params.therapist_id])[0] if params.therapist_id else None
        result = build_checklist(params, vocabs, listing=listing, today=today)
        if params.format == "json":
            return _json(result)
        title = result.title + (f": {listing.name}" if listing else "")
        return _page(request, params.format, "checklist.html", params.lang, today, title,
                     "consultation-checklist", checklist=result)

    return _run(request, "json", today, handle)


@router.get("/compare", openapi_extra=_openapi(CompareParams),
            responses={200: {"content": {"text/html": {}, "application/pdf": {}}}})
def compare(request: Request, store: StoreDep, vocabs: VocabsDep, resolver: ResolverDep,
            today: TodayDep) -> Response:
    """Two to five listings side by side, with the key questions as rows to fill in.

    `ids` (repeatable or comma-separated), `near` for distances, optional `concern`
    and `insurance` rows, `lang` (`en`, `es`), `format` (`html` default, `pdf`, `json`).
    """

    def handle() -> Response:
        params = _parse(CompareParams, request)
        sheet = _build_picked(build_compare, params, store, vocabs, resolver, today)
        if params.format == "json":
            return _json(sheet)
        return _page(request, params.format, "compare.html", params.lang, today, sheet.title,
                     "therapist-comparison", sheet=sheet)

    return _run(request, "html", today, handle)


@router.get("/referrals", openapi_extra=_openapi(ReferralParams),
            responses={200: {"content": {"text/html": {}, "application/pdf": {},
                                         "text/csv": {}}}})
def referrals(request: Request, store: StoreDep, vocabs: VocabsDep, resolver: ResolverDep,
              today: TodayDep) -> Response:
    """A referral list for referral staff: the chosen listings plus the checklist.

    `ids` (1 to 20), `near` for distances, `concern` and `insurance` to tailor the
    checklist, `note` (printed, never stored), `checklist=false` to leave it out,
    `lang` (`en`, `es`), `format` (`html` default, `pdf`, `csv`, `json`).
    The CSV is safe to open in a spreadsheet (formula-like cells are neutralized).
    """

    def handle() -> Response:
        params = _parse(ReferralParams, request)
        packet = _build_picked(build_referrals, params, store, vocabs, resolver, today)
        if params.format == "json":
            return _json(packet)
        if params.format == "csv":
            headers = {**PRIVATE_HEADERS, "Content-Disposition":
                       f'attachment; filename="referral-list-{today.isoformat()}.csv"'}
            return Response(referrals_csv(packet), media_type="text/csv; charset=utf-8",
                            headers=headers)
        return _page(request, params.format, "referrals.html", params.lang, today,
                     packet.title, "referral-list",
                     csv_url=_alternate(request, "csv") if params.format == "html" else None,
                     packet=packet)

    return _run(request, "html", today, handle)
