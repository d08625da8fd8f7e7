"""Search and profile endpoints for listings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.exceptions import RequestValidationError

from search_api.deps import ResolverDep, SettingsDep, StoreDep, VocabsDep, only_params
from search_api.errors import error_responses, repeated_single_values
from search_api.models import SearchResponse, TherapistResult
from therapist_finder.errors import NotFound
from therapist_finder.search_hints import counted_search_hints
from therapist_finder.search_params import SearchParams, build_query

router = APIRouter(prefix="/v1", tags=["therapists"])


def _each_once(request: Request) -> None:
    if repeated := repeated_single_values(SearchParams, request.query_params.multi_items()):
        raise RequestValidationError(repeated)


@router.get("/therapists", response_model=SearchResponse, response_model_exclude_none=False,
            responses=error_responses(422, 503), dependencies=[Depends(_each_once)])
def search(params: Annotated[SearchParams, Query()], store: StoreDep, vocabs: VocabsDep,
           resolver: ResolverDep, settings: SettingsDep) -> SearchResponse:
    """Search listings near a place with filters, text, facets and paging."""
    query = build_query(params, vocabs, resolver, stale_after_days=settings.stale_after_days)
    result = store.search(query)
    hints = counted_search_hints(params, vocabs, store, resolver, settings.stale_after_days)
    return SearchResponse.from_result(query, result, settings.stale_after_days, hints)


@router.get("/therapists/{listing_id}", response_model=TherapistResult,
            responses=error_responses(404, 422, 503), dependencies=[only_params()])
def profile(listing_id: Annotated[str, Path(max_length=250)], store: StoreDep,
            settings: SettingsDep) -> TherapistResult:
    """One listing by id, with every field, source and date (stale ones too)."""
    listing = store.get(listing_id)
    if listing is None:
        raise NotFound(f"no listing with id '{listing_id}'")
    return TherapistResult.of(listing, None, settings.stale_after_days)


