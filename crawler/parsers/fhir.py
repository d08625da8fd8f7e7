"""Small, tolerant readers for FHIR R4 JSON (Bundles, references, extensions, codings).

Payer directories are large and uneven: every helper here accepts missing or
mis-typed elements and returns an empty value instead of raising, so one odd
resource costs one listing at most, never a page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

NPI_SYSTEM = "http://hl7.org/fhir/sid/us-npi"
NUCC_SYSTEM = "http://nucc.org/provider-taxonomy"


def as_list(value: Any) -> list:
    """A list whatever FHIR JSON gave (a lone object, null, a list)."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def as_dict(value: Any) -> dict:
    """The value when it is a JSON object, else an empty dict."""
    return value if isinstance(value, dict) else {}


def bundle_resources(bundle: dict) -> Iterator[dict]:
    """Each `entry[].resource` that is an object with a resourceType and an id."""
    for entry in as_list(bundle.get("entry")):
        resource = as_dict(as_dict(entry).get("resource"))
        if isinstance(resource.get("resourceType"), str) and resource.get("id") is not None:
            yield resource


def link_url(bundle: dict, relation: str) -> str | None:
    """The Bundle link with this relation (`next`, `self`), if any."""
    for link in as_list(bundle.get("link")):
        link = as_dict(link)
        if link.get("relation") == relation and isinstance(link.get("url"), str):
            return link["url"].strip() or None
    return None


def ref_key(reference: Any) -> tuple[str, str] | None:
    """("Organization", "abc") from {"reference": "Organization/abc"} or an absolute URL."""
    ref = as_dict(reference).get("reference")
    if not isinstance(ref, str) or "/" not in ref:
        return None
    parts = ref.split("?")[0].rstrip("/").split("/")
    if len(parts) >= 4 and parts[-2] == "_history":  # .../Type/id/_history/vid
        parts = parts[:-2]
    return (parts[-2], parts[-1]) if len(parts) >= 2 and parts[-1] else None


def extensions(element: Any, url: str) -> list[dict]:
    """The extensions of `element` whose url matches (absolute, or a sub-extension name)."""
    return [as_dict(ext) for ext in as_list(as_dict(element).get("extension"))
            if as_dict(ext).get("url") == url]


def codes(concept: Any, system: str | None = None) -> list[str]:
    """The codes of a CodeableConcept (optionally from one system)."""
    out = []
    for coding in as_list(as_dict(concept).get("coding")):
        coding = as_dict(coding)
        code = coding.get("code")
        wanted = system is None or coding.get("system") == system
        if isinstance(code, str) and code.strip() and wanted:
            out.append(code.strip())
    return out


def concept_text(concept: Any) -> str | None:
    """CodeableConcept.text, else the first coding's display."""
    concept = as_dict(concept)
    if isinstance(concept.get("text"), str) and concept["text"].strip():
        return concept["text"].strip()
    for coding in as_list(concept.get("coding")):
        display = as_dict(coding).get("display")
        if isinstance(display, str) and display.strip():
            return display.strip()
    return None


def displays(concept: Any) -> list[str]:
    """Every coding display of a CodeableConcept."""
    return [d.strip() for c in as_list(as_dict(concept).get("coding"))
            if isinstance(d := as_dict(c).get("display"), str) and d.strip()]


def identifier(resource: dict, system: str) -> str | None:
    """The first identifier value with this system."""
    for ident in as_list(resource.get("identifier")):
        ident = as_dict(ident)
        if ident.get("system") == system and isinstance(ident.get("value"), str):
            return ident["value"].strip() or None
    return None


def telecom(resource: dict, system: str) -> str | None:
    """The best-ranked telecom value of one system (`phone`, `url`, `email`)."""
    found = [as_dict(t) for t in as_list(resource.get("telecom"))
             if as_dict(t).get("system") == system and isinstance(as_dict(t).get("value"), str)]
    found.sort(key=lambda t: t.get("rank") if isinstance(t.get("rank"), int) else 99)
    return found[0]["value"].strip() if found else None


def human_name(resource: dict) -> tuple[str | None, list[str]]:
    """(display name without suffixes, suffixes) from the first usable HumanName."""
    for name in as_list(resource.get("name")):
        name = as_dict(name)
        given = [g for g in as_list(name.get("given")) if isinstance(g, str)]
        family = name.get("family") if isinstance(name.get("family"), str) else ""
        suffix = [s.strip() for s in as_list(name.get("suffix"))
                  if isinstance(s, str) and s.strip()]
        full = " ".join(p.strip() for p in [*given, family] if p and p.strip())
        if not full and isinstance(name.get("text"), str):
            text, _, rest = name["text"].partition(",")
            full = text.strip()
            suffix = suffix or [s.strip() for s in rest.split(",") if s.strip()]
        if full:
            return full, suffix
    return None, []
