"""Per-site configuration of the generic directory spider (`crawler/sites/<name>.yaml`), validated.

A site names its canonical origin, where to start (paths or sitemaps), which
URLs are profiles, how to find profile links and the next index page, and one
selector per listing field. Selectors are CSS (parsel, `::text` and
`::attr(x)` allowed) or XPath, never both. Fields without a selector fall
back to schema.org JSON-LD / microdata when `structured_data` is on.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SITES_DIR = Path(__file__).resolve().parents[1] / "sites"


class Selector(BaseModel):
    """One CSS or XPath selector; `split` cuts each match into several values."""

    model_config = ConfigDict(extra="forbid")
    css: str | None = None
    xpath: str | None = None
    split: str | None = Field(None, min_length=1)

    @model_validator(mode="after")
    def _exactly_one(self) -> Selector:
        if (self.css is None) == (self.xpath is None):
            raise ValueError("a selector needs exactly one of css or xpath")
        return self


class FieldSelectors(BaseModel):
    """Selectors per listing field; all optional, unknown names refused."""

    model_config = ConfigDict(extra="forbid")
    name: Selector | None = None
    credentials: Selector | None = None
    license_types: Selector | None = None
    specialties: Selector | None = None
    approaches: Selector | None = None
    formats: Selector | None = None
    age_groups: Selector | None = None
    languages: Selector | None = None
    insurance: Selector | None = None
    fee: Selector | None = None
    sliding_scale: Selector | None = None
    free_consultation: Selector | None = None
    telehealth: Selector | None = None
    in_person: Selector | None = None
    accepting_new_clients: Selector | None = None
    address: Selector | None = None
    street: Selector | None = None
    city: Selector | None = None
    state: Selector | None = None
    postal_code: Selector | None = None
    phone: Selector | None = None
    website: Selector | None = None
    description: Selector | None = None


class SiteConfig(BaseModel):
    """One directory or practice website."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(pattern=r"^[a-z][a-z0-9_-]{0,40}$")
    title: str = ""
    base_url: str = Field(pattern=r"^https?://[^/]+/")
    allowed_domains: list[str] = Field(min_length=1)
    start_paths: list[str] = Field(default_factory=list)
    sitemap_paths: list[str] = Field(default_factory=list)
    profile_url_pattern: str
    kind: Literal["individual", "organization"] = "individual"
    listing_links: Selector | None = None
    pagination: Selector | None = None
    fields: FieldSelectors = Field(default_factory=FieldSelectors)
    structured_data: bool = True

    @field_validator("allowed_domains")
    @classmethod
    def _lowercase(cls, value: list[str]) -> list[str]:
        # Hosts arrive lowercased; Scrapy's offsite filter compares case by case,
        # so "WWW.Example.org" in a config would filter out the whole site.
        return [domain.strip().lower() for domain in value]

    @field_validator("profile_url_pattern")
    @classmethod
    def _regex(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"profile_url_pattern is not a regular expression: {exc}") from None
        return value

    @model_validator(mode="after")
    def _somewhere_to_start(self) -> SiteConfig:
        if not self.start_paths and not self.sitemap_paths:
            raise ValueError("give start_paths or sitemap_paths (where the crawl begins)")
        if self.start_paths and self.listing_links is None:
            raise ValueError("start_paths need listing_links (how index pages link to profiles)")
        return self

    def is_profile(self, url: str) -> bool:
        """Whether a URL is a profile page (the pattern is searched in the URL)."""
        return re.search(self.profile_url_pattern, url) is not None


@lru_cache(maxsize=32)
def load_site(name: str, sites_dir: Path = SITES_DIR) -> SiteConfig:
    """The validated config `crawler/sites/<name>.yaml`; KeyError if there is none."""
    if not re.fullmatch(r"[a-z][a-z0-9_-]{0,40}", name):
        raise KeyError(f"bad site name {name!r}")
    path = sites_dir / f"{name}.yaml"
    if not path.is_file():
        raise KeyError(f"no site config {path.name} in {sites_dir}")
    return SiteConfig.model_validate(yaml.safe_load(path.read_text()))


def site_names(sites_dir: Path = SITES_DIR) -> list[str]:
    """Every configured site."""
    return sorted(p.stem for p in sites_dir.glob("*.yaml"))
