"""Source ids in words a person can read: "nppes" -> "NPI Registry (NPPES)".

Listings, claims and attributions name where they were read by a source id
(`Source.source`, `Claim.source`, ...). The ids the project writes:

- "nppes": the NPI Registry (therapist_finder.importers.nppes_record);
- "plannet": an insurer's Plan-Net (FHIR) provider directory (crawler/parsers/plannet.py);
- "findtreatment": SAMHSA's FindTreatment.gov locator (crawler/parsers/findtreatment.py);
- "directory:<site>": a therapist directory site configured in crawler/sites/<site>.yaml
  (crawler/parsers/directory.py); a listing id's prefix alone ("directory") when a source
  gave none (crawler.processing.stamp);
- "sample": the bundled fictional data (therapist_finder/sample).

Pages and printables show `source_label`; the JSON API keeps the ids. An id not listed
here is shown as it is: a label is never invented and a source never dropped.

    source_label("plannet", "https://fhir.example-health.test/PractitionerRole?_count=50")
    -> "insurer directory at fhir.example-health.test"
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from therapist_finder.schema import Source

# Sources whose name does not depend on where they were read.
_NAMES: dict[str, dict[str, str]] = {
    "nppes": {"en": "NPI Registry (NPPES)", "es": "Registro NPI (NPPES)"},
    "findtreatment": {"en": "FindTreatment.gov (SAMHSA)", "es": "FindTreatment.gov (SAMHSA)"},
    "sample": {"en": "fictional sample data", "es": "datos de ejemplo ficticios"},
}
# Plan-Net: (no host known, with the insurer's host). Every insurer runs its own directory.
_INSURER = {"en": ("insurer's provider directory", "insurer directory at {host}"),
            "es": ("directorio de proveedores de una aseguradora",
                   "directorio de la aseguradora en {host}")}
# Directory sites: (named by the site's host or its configured name, with no name at all).
_DIRECTORY = {"en": ("{name} directory site", "directory site"),
              "es": ("sitio de directorio {name}", "sitio de directorio")}

# A host worth showing: a DNS name with a dot whose last label starts with a letter. An IP
# address or "localhost" (the demo serves every source from 127.0.0.1) tells a reader nothing.
_HOST_RE = re.compile(r"^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
                      r"[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$")


def source_host(url: str | None) -> str | None:
    """The host a person would recognize in `url` ("www." dropped), or None.

    URLs come from crawled pages: anything that does not parse as a plain DNS name is
    left out rather than shown.
    """
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:  # "http://[oops": not a URL after all
        return None
    if not host or not _HOST_RE.match(host):
        return None
    return host.removeprefix("www.") if host.count(".") > 1 else host


def source_label(source: str, url: str | None = None, *, lang: str = "en") -> str:
    """A short label for source id `source`, in `lang` (English for any other language).

    `url`, when known, is where the source was read: it names the insurer's directory
    ("insurer directory at fhir.example-health.test") and a directory site, whose host
    says more to a reader than the site's configured name.
    """
    lang = lang if lang in _INSURER else "en"
    if source in _NAMES:
        return _NAMES[source][lang]
    host = source_host(url)
    if source == "plannet":
        unnamed, named = _INSURER[lang]
        return named.format(host=host) if host else unnamed
    prefix, _, site = source.partition(":")
    if prefix == "directory":
        named, unnamed = _DIRECTORY[lang]
        name = host or site.strip()
        return named.format(name=name) if name else unnamed
    return source


def urls_by_source(sources: Iterable[Source]) -> dict[str, str]:
    """For each source id, a URL its label may name (see `source_label`).

    Only where every read from that source has a URL on one host: a merged listing read
    from two insurers' directories has two "plannet" sources, and a claim naming "plannet"
    may be either insurer's, so neither host is given to it.
    """
    reads: dict[str, list[str | None]] = {}
    for read in sources:
        reads.setdefault(read.source, []).append(read.url)
    return {source: urls[0] for source, urls in reads.items()
            if urls[0] and len({source_host(url) if url else None for url in urls}) == 1
            and source_host(urls[0])}
