"""Spider arguments (`-a name=value`), one pydantic model per spider.

Scrapy-free, so `therapist-finder crawl` checks a crawl's arguments before it
starts the Scrapy child process (which would print a traceback instead), and
each spider validates the same model when Scrapy builds it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from crawler.nppes_slices import MAX_LIMIT
from crawler.parsers.directory_config import load_site
from therapist_finder.vocab import load_vocabularies

API_URL = "https://npiregistry.cms.hhs.gov/api/"
# Taxonomy descriptions as the registry spells them; the parser keeps only
# records whose NUCC codes are behavioral health, so a broad match is harmless.
DEFAULT_TAXONOMIES = (
    "Psychologist", "Counselor", "Social Worker, Clinical", "Marriage & Family Therapist",
    "Psychoanalyst", "Psychiatry", "Child & Adolescent Psychiatry",
    "Psychiatric/Mental Health", "Mental Health", "Clinical Neuropsychologist",
)
EXPORT_URL = "https://findtreatment.gov/locator/exportsAsJson/v2"
METRES_PER_MILE = 1609.344


def _state_code(value: str) -> str:
    """A US state's 2-letter code from a code or a name."""
    code = load_vocabularies().state.normalize(value)
    if code is None:
        raise ValueError(f"unknown US state {value!r}")
    return code


State = Annotated[str, AfterValidator(_state_code)]


class NppesParams(BaseModel):
    """Spider arguments (`-a name=value`), validated before the first request."""

    model_config = ConfigDict(extra="forbid")

    state: State = Field(description="US state: 2-letter code or name (required)")
    city: str | None = Field(None, description="limit to one city (LOCATION address)")
    postal_code: str | None = Field(None, pattern=r"^[0-9]{2,5}$",
                                    description="a ZIP or ZIP prefix of 2 to 5 digits")
    taxonomies: tuple[str, ...] = Field(DEFAULT_TAXONOMIES,
                                        description="comma-separated taxonomy descriptions")
    api_url: str = Field(API_URL, pattern=r"^https?://", description="API base URL (tests)")
    limit: int = Field(MAX_LIMIT, ge=1, le=MAX_LIMIT, description="results per page")

    @field_validator("postal_code", mode="before")
    @classmethod
    def _zip(cls, value: Any) -> Any:
        return value.strip().rstrip("*").replace("-", "")[:5] if isinstance(value, str) else value

    @field_validator("taxonomies", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        if isinstance(value, str):
            # "Social Worker, Clinical" has a comma: split on ';' when one is given.
            sep = ";" if ";" in value else "|" if "|" in value else None
            parts = value.split(sep) if sep else [value]
            return tuple(p.strip() for p in parts if p.strip())
        return value

class FindTreatmentParams(BaseModel):
    """Spider arguments (`-a name=value`): a state, or a point and a radius."""

    model_config = ConfigDict(extra="forbid")
    base_url: str = Field(EXPORT_URL, pattern=r"^https?://", description="export endpoint")
    state: State | None = Field(None, description="US state: 2-letter code or name")
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    radius_mi: float = Field(25, gt=0, le=250, description="search radius around lat,lon")
    service_type: Literal["mh", "sa", "both"] = Field("mh", description="sType: mental health, "
                                                      "substance use or both")
    page_size: int = Field(100, ge=1, le=2000)

    @model_validator(mode="after")
    def _where(self) -> FindTreatmentParams:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon must be given together")
        if (self.state is None) == (self.lat is None):
            raise ValueError("give either state or lat and lon (one search area)")
        return self

    def query(self) -> dict[str, str]:
        """The export's query parameters for page 1."""
        if self.state:
            area = {"sAddr": self.state, "limitType": "0", "limitValue": self.state}
        else:
            area = {"sAddr": f"{self.lat},{self.lon}", "limitType": "2",
                    "limitValue": str(round(self.radius_mi * METRES_PER_MILE))}
        return {**area, "sType": self.service_type, "pageSize": str(self.page_size),
                "page": "1", "sort": "0"}

class PlanNetParams(BaseModel):
    """Spider arguments (`-a name=value`)."""

    model_config = ConfigDict(extra="forbid")
    base_url: str = Field(description="FHIR base, e.g. https://fhir.payer.example/r4/")
    network: str | None = Field(None, description="only roles in this Network (Organization id)")
    plan: str | None = Field(None, description="only roles in this InsurancePlan's networks")
    page_size: int = Field(50, ge=1, le=1000, description="_count per page")
    directory_host: str | None = Field(None, description="host used in listing ids")

    @field_validator("base_url")
    @classmethod
    def _http_base(cls, value: str) -> str:
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("base_url must be an http(s) URL")
        return value.strip().rstrip("/") + "/"

    @model_validator(mode="after")
    def _one_filter(self) -> PlanNetParams:
        if self.network and self.plan:
            raise ValueError("give either network or plan, not both (plan implies its networks)")
        return self

class DirectoryParams(BaseModel):
    """Spider arguments (`-a name=value`)."""

    model_config = ConfigDict(extra="forbid")
    site: str = Field(description="a config name in crawler/sites/ (without .yaml)")
    base_url: str | None = Field(None, pattern=r"^https?://[^/]+",
                                 description="serve the site from here instead (tests, demo)")

    @field_validator("site")
    @classmethod
    def _known_site(cls, value: str) -> str:
        try:
            load_site(value)
        except KeyError as exc:
            raise ValueError(str(exc)) from None
        return value

    @field_validator("base_url")
    @classmethod
    def _slash(cls, value: str | None) -> str | None:
        return value.rstrip("/") + "/" if value else None

PARAMS: dict[str, type[BaseModel]] = {
    "nppes": NppesParams,
    "findtreatment": FindTreatmentParams,
    "plannet": PlanNetParams,
    "directory": DirectoryParams,
}


def argument_problem(spider: str, args: dict[str, Any]) -> str | None:
    """What is wrong with a crawl's `-a` arguments, in one line, or None.

    An unknown name is refused too: Scrapy would quietly set it as a spider
    attribute, so a typo such as `-a stat=NY` would crawl without the limit.
    """
    model = PARAMS.get(spider)
    if model is None:
        return None
    unknown = sorted(set(args) - set(model.model_fields))
    if unknown:
        names = ", ".join(model.model_fields)
        return f"the {spider} spider has no argument {unknown[0]!r}; its arguments are: {names}"
    try:
        model.model_validate(args)
    except ValidationError as exc:
        return f"{spider} spider arguments: {describe(exc)}"
    return None


def describe(exc: ValidationError) -> str:
    """A validation error as '-a name: reason' phrases, without pydantic's links."""
    out = []
    for err in exc.errors():
        name = str(err["loc"][0]) if err["loc"] else ""
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            message = f"required: give -a {name}=..."
        out.append(f"{name}: {message}" if name and not message.startswith(name) else message)
    return "; ".join(out)
