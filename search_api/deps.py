"""Dependencies: everything a route needs comes from here, so tests can
override it (`app.dependency_overrides`) and nothing connects at import."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError

from therapist_finder.geo.resolve import PlaceResolver
from therapist_finder.settings import Settings
from therapist_finder.store.base import Store
from therapist_finder.vocab import Vocabularies


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_vocabs(request: Request) -> Vocabularies:
    return request.app.state.vocabs


def get_resolver(request: Request) -> PlaceResolver:
    return request.app.state.resolver


def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings


StoreDep = Annotated[Store, Depends(get_store)]
VocabsDep = Annotated[Vocabularies, Depends(get_vocabs)]
ResolverDep = Annotated[PlaceResolver, Depends(get_resolver)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]


def only_params(*names: str) -> object:
    """A dependency refusing query parameters the endpoint does not take (422 naming
    each), as the search does: a typo (`?lnag=es`) otherwise silently changes nothing."""
    from search_api.errors import detail

    takes = ", ".join(names) if names else "no parameters"

    def check(request: Request) -> None:
        unknown = [name for name in dict.fromkeys(request.query_params) if name not in names]
        # Each parameter these endpoints take has one value: reading only the last of
        # `lang=es&lang=en` would answer a question not asked.
        repeated = [name for name in names if len(request.query_params.getlist(name)) > 1]
        if unknown or repeated:
            raise RequestValidationError(
                [detail(name, f"{name}: not a parameter of this endpoint (it takes {takes})")
                 for name in unknown]
                + [detail(name, f"{name}: give one value, not {len(request.query_params.getlist(name))}"
                                " (it is not repeatable)") for name in repeated])

    return Depends(check)
