"""The FastAPI application factory.

`create_app()` builds an app; the store opens in the lifespan, not at import.
Privacy: no cookies, no third-party anything, and no access log that records
query strings (searches describe people's health).
"""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI

from search_api import errors
from search_api.docs import install_docs
from search_api.request_guard import RequestGuard
from search_api.routes import health, printables, therapists, vocabularies
from search_api.web import install as install_web
from therapist_finder.errors import StoreUnavailable
from therapist_finder.geo.gazetteer import ZipGazetteer
from therapist_finder.geo.resolve import build_resolver
from therapist_finder.memory import freeze_long_lived_objects
from therapist_finder.settings import Settings, get_settings
from therapist_finder.store import open_store
from therapist_finder.store.base import Store
from therapist_finder.vocab import load_vocabularies


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """Build the app; pass a store to share one (tests), else it opens from settings."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        own = store is None
        app.state.store = store or open_store(settings.store, snapshot_mode="serve")
        warm = getattr(app.state.store, "warm", None)
        if warm is not None:
            try:
                warm()
            except StoreUnavailable:
                pass  # /readyz reports it; searches answer 503 until it is there
        ZipGazetteer.tables()  # nearly every search resolves a ZIP or a city
        freeze_long_lived_objects()
        yield
        if own:
            app.state.store.close()

    app = FastAPI(
        title="Therapist Finder",
        version="0.1.0",
        description="Find a therapist near you who takes your insurance and treats what you need.",
        lifespan=lifespan,
        # FastAPI's own doc pages load scripts and fonts from other hosts:
        # ReDoc is off, and /docs is served first-party (search_api/docs.py).
        redoc_url=None,
        docs_url=None,
    )
    app.state.settings = settings
    app.state.vocabs = load_vocabularies()
    app.state.resolver = build_resolver(settings.geocoder, settings.user_agent, settings.geocoder_min_delay_s)
    errors.install(app)
    app.add_middleware(RequestGuard)
    app.include_router(health.router)
    app.include_router(vocabularies.router)
    app.include_router(therapists.router)
    app.include_router(printables.router)  # /v1/checklist, /v1/compare, /v1/referrals
    install_docs(app)  # before install_web, whose /static mount would shadow the vendor files
    install_web(app)  # web pages (/, /therapists/{id}, /shortlist) and /static
    return app
