"""Printables: /v1/checklist, /v1/compare and /v1/referrals, by GET or by POST.

Each answers JSON, print-ready HTML or a PDF rendered from that same HTML
(and CSV for referrals). These requests may describe a client, so every
answer is `Cache-Control: no-store`, nothing is stored, and HTML pages carry
a Content-Security-Policy that allows no script and no outside resource.

GET takes the parameters in the query string (the API, and links). POST takes
the very same parameters as an HTML form body: the web pages' forms use it,
so a referral note or a client's concern never lands in an address, the
browser's history or an access log. The HTML pages' own PDF and CSV downloads
are POST forms too. There is no CSRF token: these endpoints change nothing,
store nothing, and read no cookie or credential, so a cross-site POST can do
nothing that a cross-site link (GET) could not already do.

Parameters are validated here rather than by FastAPI so that a person who
asked for a page, a PDF or a spreadsheet (or whose browser sent a form) gets an
HTML error page (422, 404 for an unknown id) in the form's language, naming the
form's fields by their labels and never a setting (printables/problems.py); JSON
API clients (format=json, or an Accept that asks for JSON and not HTML) get the
API's usual JSON errors, which name the parameter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams

from search_api.deps import ResolverDep, SettingsDep, StoreDep, VocabsDep, get_vocabs
from search_api.errors import detail, error_responses, log, param_messages, repeated_single_values
from search_api.printables.checklist import Checklist, ChecklistParams, build_checklist
from search_api.printables.compare import CompareParams, CompareSheet, build_compare
from search_api.printables.form_body import FormError, read_form
from search_api.printables.navigation import (
    BACK_CONTEXT_PARAMS,
    BACK_ONLY_PARAMS,
    SHORTLIST_PARAM,
    Link,
    back_context,
    back_link,
    download,
)
from search_api.printables.params import PickedListingsParams
from search_api.printables.problems import Wording
from search_api.printables.referrals import (
    ReferralPacket,
    ReferralParams,
    build_referrals,
    referrals_csv,
)
from search_api.printables.render import CSP, render_html, render_pdf
from search_api.printables.wording import LANGS, ChecklistContent, load_content
from search_api.web.search_context import SearchContext
from therapist_finder.errors import InvalidQuery
from therapist_finder.geo.points import GeoPoint
from therapist_finder.geo.resolve import GEOCODER_HELP, PlaceResolver
from therapist_finder.schema import Listing
from therapist_finder.store.base import Store
from therapist_finder.vocab import Vocabularies

router = APIRouter(prefix="/v1", tags=["printables"])

P = TypeVar("P", bound=BaseModel)

PRIVATE_HEADERS = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex, nofollow",
}
HTML_HEADERS = {**PRIVATE_HEADERS, "Content-Security-Policy": CSP}
# What each printable makes for a person, besides JSON: its errors are pages too.
PAGE_FORMATS = {"checklist": ("html", "pdf"), "compare": ("html", "pdf"), "referrals": ("html", "pdf", "csv")}


def _responses(model: type[BaseModel], *formats: str, form: bool = False) -> dict[int | str, dict[str, Any]]:
    """What a printable answers: `model` as JSON, or a page in `formats`; its errors as
    the API's JSON or, to a person who asked for a page, as an HTML page (413 and 415
    only come from a POSTed form)."""
    ok = {200: {"model": model, "content": {media: {} for media in formats}}}
    return {**ok, **error_responses(*((404, 413, 415, 422, 503) if form else (404, 422, 503)),
                                    html=True)}


def get_today() -> date:
    """Today's date; tests override this dependency to pin facts' ages."""
    return date.today()


TodayDep = Annotated[date, Depends(get_today)]


class Submitted:
    """A request's parameters: its query string (GET) or its form body (POST)."""

    def __init__(self, path: str, pairs: list[tuple[str, str]], where: str = "query",
                 accept: str = "", vocabs: Vocabularies | None = None):
        self.path = path
        self.pairs = pairs
        self.params = QueryParams(pairs)
        self.where = where  # "query" or "body": the `loc` of 422 details
        self.accept = accept.lower()  # the Accept header
        self.printable = path.rstrip("/").rsplit("/", 1)[-1]  # "checklist", "compare", "referrals"
        self.vocabs = vocabs  # checks the search the back link carries

    def back(self, content: ChecklistContent, missing: list[str] | None = None) -> Link:
        """The page's back link, with the search it was reached from, checked as the web
        pages check it (an unknown insurer or concern is dropped, never an error)."""
        context = (SearchContext.read(back_context(self.pairs), self.vocabs).items()
                   if self.vocabs is not None else [])
        return back_link(self.pairs, content, missing or (), context)


class PageError(Exception):
    """An error to answer as the API's JSON (`details`, or `message` for a 404, 413 or 415)
    or as a page; `said` gives the page's messages (in the Wording's language) for all but
    a 404, whose page names the missing ids."""

    def __init__(self, status: int, details: list[dict[str, Any]], message: str = "",
                 said: Callable[[Wording], list[str]] | None = None):
        super().__init__(message)
        self.status = status
        self.details = details
        self.message = message
        self.said = said


def _parse(model: type[P], src: Submitted) -> P:
    """Parameters -> params model; list fields take repeats (and commas, later)."""
    if repeated := repeated_single_values(model, src.params.multi_items()):
        for item in repeated:
            item["loc"] = [src.where, item["param"]]
        errors = [{"loc": (item["param"],), "type": "repeated"} for item in repeated]
        raise PageError(422, repeated, said=lambda wording: wording.invalid(errors))
    data: dict[str, Any] = {}
    for key in dict.fromkeys(src.params.keys()):
        if key in BACK_ONLY_PARAMS:  # only shape the back link (navigation.py)
            continue
        values = src.params.getlist(key)
        field = model.model_fields.get(key)
        is_list = field is not None and getattr(field.annotation, "__origin__", None) is list
        data[key] = values if is_list else values[-1]
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        details = [detail(p, m) for p, m in param_messages(errors)]
        for item in details:
            item["loc"] = [src.where, item["param"]]
        raise PageError(422, details, said=lambda wording: wording.invalid(errors)) from None


_SHORTLIST_DOC = ("listing ids, repeatable or comma-separated: the shortlist the page's back link "
                  "returns to (the web pages' forms send it); never checked as ids")
_BACK_DOCS = {name: (f"the {param} of the search the page was reached from: its back link returns "
                     "with it (the web pages' forms send it); ignored unless the directory's "
                     "search would take it, never an error")
              for name, param in BACK_CONTEXT_PARAMS.items()}


def _openapi(model: type[BaseModel], where: str = "query") -> dict:
    """Document the parameters the handler parses itself: query (GET) or form (POST).

    `shortlist` and the `back_*` search are read too (navigation.py); anything else is
    refused, so a form body documents no other field."""
    schema = model.model_json_schema()
    props = {k: {kk: vv for kk, vv in v.items() if kk != "title"}
             for k, v in schema.get("properties", {}).items()}
    shortlist = {"type": "array", "items": {"type": "string"}, "description": _SHORTLIST_DOC}
    back = {name: {"type": "string", "description": doc} for name, doc in _BACK_DOCS.items()}
    if where == "body":
        form = {"type": "object", "properties": {**props, SHORTLIST_PARAM: shortlist, **back},
                "additionalProperties": False}
        return {"requestBody": {"required": False, "content": {
            "application/x-www-form-urlencoded": {"schema": form}}}}
    params = [{"name": name, "in": "query", "required": False, "schema": props.get(name, {}),
               "description": field.description or ""} for name, field in model.model_fields.items()]
    params.append({"name": SHORTLIST_PARAM, "in": "query", "required": False,
                   "schema": {"type": "array", "items": {"type": "string"}},
                   "description": _SHORTLIST_DOC})
    params += [{"name": name, "in": "query", "required": False, "schema": {"type": "string"},
                "description": doc} for name, doc in _BACK_DOCS.items()]
    return {"parameters": params}


def _wants_page(src: Submitted, default: str) -> bool:
    """A person's request: a format the printable makes for people (a page, a PDF, a
    spreadsheet), or any from a browser (it accepts HTML); never a JSON API client's."""
    asked = src.params.getlist("format")
    fmt = asked[-1] if asked else default
    if fmt == "json" or ("application/json" in src.accept and "text/html" not in src.accept):
        return False
    return fmt in PAGE_FORMATS.get(src.printable, ("html", "pdf")) or "text/html" in src.accept


def _lang(src: Submitted) -> str:
    lang = src.params.get("lang", "en")
    return lang if lang in LANGS else "en"


def _error_response(src: Submitted, exc: PageError, default_format: str,
                    today: date) -> Response:
    if not _wants_page(src, default_format):
        body: Any = {"detail": exc.details} if exc.status == 422 else {"detail": exc.message}
        return JSONResponse(body, exc.status, headers=PRIVATE_HEADERS)
    lang = _lang(src)
    content = load_content(lang)
    if exc.status == 404:
        heading = content.t("not_found_title")
        lines = [content.t("not_found", id=d["id"]) for d in exc.details]
    else:
        heading = content.t("bad_request_title")
        lines = exc.said(Wording(src.printable, lang)) if exc.said else [content.t("error_generic")]
    missing = [d["id"] for d in exc.details if "id" in d]
    html = render_html("error.html", lang, today=today, page_title=heading, heading=heading,
                       lines=lines, back=src.back(content, missing))
    return HTMLResponse(html, exc.status, headers=HTML_HEADERS)


def _run(src: Submitted, default_format: str, today: date,
         handler: Callable[[], Response]) -> Response:
    try:
        return handler()
    except PageError as exc:
        return _error_response(src, exc, default_format, today)
    except InvalidQuery as exc:
        item = detail(exc.param, exc.message, exc.suggestions)
        item["loc"] = [src.where, exc.param]
        if GEOCODER_HELP in exc.message and _wants_page(src, default_format):
            # The page tells the visitor plainly; the operator's hint goes to the log (without
            # the place, which may be a client's address), as it goes in the API's 422.
            log.info("a printable's place was not a ZIP or 'City, ST': %s", GEOCODER_HELP)
        refused = PageError(422, [item], said=lambda wording, exc=exc: [wording.refused(exc)])
        return _error_response(src, refused, default_format, today)


def _from_query(request: Request) -> Submitted:
    return Submitted(request.url.path, request.query_params.multi_items(),
                     accept=request.headers.get("accept", ""), vocabs=get_vocabs(request))


async def _posted(request: Request, default_format: str, today: date,
                  answer: Callable[..., Response], *args: Any) -> Response:
    """Read the form body, then answer exactly as the GET endpoint would."""
    accept = request.headers.get("accept", "")
    try:
        pairs = await read_form(request)
    except FormError as exc:
        src = Submitted(request.url.path, [], "body", accept, get_vocabs(request))
        err = PageError(exc.status, [], exc.message,
                        said=lambda wording, status=exc.status: [wording.form(status)])
        return _error_response(src, err, default_format, today)
    src = Submitted(request.url.path, pairs, "body", accept, get_vocabs(request))
    stray = next(iter(request.query_params.keys()), None)
    if stray is not None:  # a POST keeps the client's details out of the address: all of them
        err = PageError(422, [detail(stray, f"{stray}: send it in the form body, not in the "
                                            "address (POST takes no query parameters)")],
                        said=lambda wording: [wording.stray(stray)])
        return _error_response(src, err, default_format, today)
    # The store, the place resolver and the PDF renderer block: off the event loop.
    return await run_in_threadpool(answer, src, *args)


def _listings(store: Store, ids: list[str], enough: int | None = None) -> tuple[list[Listing], list[str]]:
    """The listings of `ids` in order, and the ids no longer in the directory. Those are a
    404, unless `enough` are left: a page for a person then shows the rest and names them
    (a bookmarked sheet outlives a listing; a program asking for JSON gets the 404)."""
    found = {i: store.get(i) for i in ids}
    missing = [i for i, listing in found.items() if listing is None]
    if missing and (enough is None or len(ids) - len(missing) < enough):
        message = "; ".join(f"no listing with id '{i}'" for i in missing)
        raise PageError(404, [{"id": i} for i in missing], message)
    return [listing for listing in found.values() if listing is not None], missing


def _point(near: str | None, resolver: PlaceResolver) -> GeoPoint | None:
    return resolver.resolve(near, "near") if near and near.strip() else None


def _page(src: Submitted, fmt: str, template: str, lang: str, today: date, title: str,
          filename: str, formats: list[str], stale_after_days: int, **context: Any) -> Response:
    """The page as HTML (with a back link and download buttons) or as a PDF; its facts'
    "over ... old" tags name `stale_after_days`, the span they were judged by."""
    if fmt == "html":
        context["back"] = src.back(load_content(lang))
        context["download"] = download(src.path, src.pairs, formats)
    html = render_html(template, lang, today=today, page_title=title,
                       stale_after_days=stale_after_days, **context)
    if fmt == "html":
        return HTMLResponse(html, headers=HTML_HEADERS)
    pdf = render_pdf(html, title=title)
    headers = {**PRIVATE_HEADERS,
               "Content-Disposition": f'inline; filename="{filename}-{today.isoformat()}.pdf"'}
    return Response(pdf, media_type="application/pdf", headers=headers)


def _json(model: BaseModel) -> JSONResponse:
    return JSONResponse(model.model_dump(mode="json"), headers=PRIVATE_HEADERS)


# -- the three printables, whichever way their parameters came -----------------------


def _checklist(src: Submitted, store: Store, vocabs: Vocabularies, today: date,
               stale_after_days: int) -> Response:
    def handle() -> Response:
        params = _parse(ChecklistParams, src)
        listing = _listings(store, [params.therapist_id])[0][0] if params.therapist_id else None
        result = build_checklist(params, vocabs, listing=listing, today=today,
                                 stale_after_days=stale_after_days)
        if params.format == "json":
            return _json(result)
        title = result.title + (f": {listing.name}" if listing else "")
        return _page(src, params.format, "checklist.html", params.lang, today, title,
                     "consultation-checklist", ["pdf"], stale_after_days, checklist=result)

    return _run(src, "json", today, handle)


@dataclass(frozen=True)
class _Picked:
    """A printable of listings picked from a shortlist, with distances from `near`: the
    compare sheet and the referral packet are parsed, built and answered the same way and
    differ only in what is named here."""

    params: type[PickedListingsParams]
    build: Callable[..., Any]  # (params, listings, vocabs, point=, today=) -> its model, with a title
    template: str
    context_name: str  # what the template calls the built sheet or packet
    filename: str  # the download's name, before its date
    downloads: list[str]  # the formats its HTML page offers to download
    csv: Callable[[Any], str] | None = None  # the built one as a spreadsheet, where it has one

    def answer(self, src: Submitted, store: Store, vocabs: Vocabularies, resolver: PlaceResolver,
               today: date, stale_after_days: int) -> Response:
        def handle() -> Response:
            params = _parse(self.params, src)
            point = _point(params.near, resolver)  # first: a bad place is reported before unknown ids
            enough = params.MIN_IDS if params.format in ("html", "pdf") else None
            listings, missing = _listings(store, params.ids, enough)
            built = self.build(params, listings, vocabs, point=point, today=today,
                               stale_after_days=stale_after_days)
            if params.format == "json":
                return _json(built)
            if params.format == "csv" and self.csv is not None:
                headers = {**PRIVATE_HEADERS, "Content-Disposition":
                           f'attachment; filename="{self.filename}-{today.isoformat()}.csv"'}
                return Response(self.csv(built), media_type="text/csv; charset=utf-8",
                                headers=headers)
            return _page(src, params.format, self.template, params.lang, today, built.title,
                         self.filename, self.downloads, stale_after_days, missing=missing,
                         **{self.context_name: built})

        return _run(src, "html", today, handle)


COMPARE_SHEET = _Picked(CompareParams, build_compare, "compare.html", "sheet",
                        "therapist-comparison", ["pdf"])
REFERRAL_PACKET = _Picked(ReferralParams, build_referrals, "referrals.html", "packet",
                          "referral-list", ["pdf", "csv"], csv=referrals_csv)


# -- routes ----------------------------------------------------------------------------


@router.get("/checklist", openapi_extra=_openapi(ChecklistParams),
            responses=_responses(Checklist, "text/html", "application/pdf"))
def checklist(request: Request, store: StoreDep, vocabs: VocabsDep, today: TodayDep,
              settings: SettingsDep) -> Response:
    """The consultation checklist: questions to ask each therapist, with room for answers.

    `therapist_id` adds what the directory knows about that listing (each fact with
    who said it and when) and turns self-reported or old facts into "please confirm"
    questions; `concern` (repeatable) adds questions for that concern; `insurance`
    adds a section for calling the insurer. `length=short` keeps the questions most
    people need settled on a first call (about half the pages). `lang` is `en` or `es`; `format` is
    `json` (default), `html` or `pdf`. Kept for the API and for links: a form that
    carries a concern should POST to this same path instead.
    """
    return _checklist(_from_query(request), store, vocabs, today, settings.stale_after_days)


@router.post("/checklist", openapi_extra=_openapi(ChecklistParams, "body"),
             responses=_responses(Checklist, "text/html", "application/pdf", form=True))
async def checklist_form(request: Request, store: StoreDep, vocabs: VocabsDep,
                         today: TodayDep, settings: SettingsDep) -> Response:
    """GET /v1/checklist's parameters as an HTML form body: nothing lands in the address."""
    return await _posted(request, "json", today, _checklist, store, vocabs, today,
                         settings.stale_after_days)


@router.get("/compare", openapi_extra=_openapi(CompareParams),
            responses=_responses(CompareSheet, "text/html", "application/pdf"))
def compare(request: Request, store: StoreDep, vocabs: VocabsDep, resolver: ResolverDep,
            today: TodayDep, settings: SettingsDep) -> Response:
    """Two to five listings side by side, with the key questions as rows to fill in.

    `ids` (repeatable or comma-separated), `near` for distances, optional `concern`
    and `insurance` rows, `lang` (`en`, `es`), `format` (`html` default, `pdf`, `json`).
    Kept for the API and for links; the web pages POST the same parameters.
    """
    return COMPARE_SHEET.answer(_from_query(request), store, vocabs, resolver, today,
                                settings.stale_after_days)


@router.post("/compare", openapi_extra=_openapi(CompareParams, "body"),
             responses=_responses(CompareSheet, "text/html", "application/pdf", form=True))
async def compare_form(request: Request, store: StoreDep, vocabs: VocabsDep,
                       resolver: ResolverDep, today: TodayDep, settings: SettingsDep) -> Response:
    """GET /v1/compare's parameters as an HTML form body: nothing lands in the address."""
    return await _posted(request, "html", today, COMPARE_SHEET.answer, store, vocabs, resolver, today,
                         settings.stale_after_days)


@router.get("/referrals", openapi_extra=_openapi(ReferralParams),
            responses=_responses(ReferralPacket, "text/html", "application/pdf", "text/csv"))
def referrals(request: Request, store: StoreDep, vocabs: VocabsDep, resolver: ResolverDep,
              today: TodayDep, settings: SettingsDep) -> Response:
    """A referral list for referral staff: the chosen listings plus the checklist.

    `ids` (1 to 20), `near` for distances, `concern` and `insurance` to tailor the
    checklist, `note` (printed, never stored), `checklist=false` to leave it out,
    `lang` (`en`, `es`), `format` (`html` default, `pdf`, `csv`, `json`).
    The CSV is safe to open in a spreadsheet (formula-like cells are neutralized).
    Kept for API compatibility: a note in a query string ends up in histories and
    logs, so send a note with POST.
    """
    return REFERRAL_PACKET.answer(_from_query(request), store, vocabs, resolver, today,
                                  settings.stale_after_days)


@router.post("/referrals", openapi_extra=_openapi(ReferralParams, "body"),
             responses=_responses(ReferralPacket, "text/html", "application/pdf", "text/csv",
                                  form=True))
async def referrals_form(request: Request, store: StoreDep, vocabs: VocabsDep,
                         resolver: ResolverDep, today: TodayDep, settings: SettingsDep) -> Response:
    """GET /v1/referrals's parameters as an HTML form body: the note stays out of the address."""
    return await _posted(request, "html", today, REFERRAL_PACKET.answer, store, vocabs, resolver, today,
                         settings.stale_after_days)
