"""Insurer provider directories (FHIR R4, Da Vinci PDex Plan-Net): one Bundle page in, listings out.

Entry point (also `parse`, for `crawler.parsing.get_parser("plannet")`)::

    parse_plannet_bundle(page: SavedResponse, *, context: PlanNetContext | None = None,
                         directory_host: str | None = None) -> ParseResult

`page` is one searchset Bundle: an `InsurancePlan` search (plans, networks and
payers are remembered in `context`, no listings) or a `PractitionerRole`
search with `_include=PractitionerRole:practitioner|location|network|service`
(one listing per Practitioner on the page). Pass the same `context` for every
page of one crawl so roles can name plans seen on earlier pages; without one,
a fresh context sees only this page. `follow` holds the Bundle's `next` link.

Per practitioner: NPI (identifier system http://hl7.org/fhir/sid/us-npi), name
and credentials, NUCC codes (licence types, a few specialties and age groups),
languages (communication), locations with position, accepting new patients
(the `newpatients` extension: newpt / nopt / existptonly), telehealth and in
person (the `delivery-method` extension: virtual / physical), and in-network
payers with their plans (network-reference -> Network Organization (type
ntwk) -> partOf payer; InsurancePlan.network), all with basis
`payer_directory`. Listing ids are `plannet:<directory host>:<Practitioner.id>`,
the host taken from the entry's fullUrl (stable when the server moves ports).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from crawler.parsers import plannet_fields as f
from crawler.parsers.fhir import (
    NPI_SYSTEM,
    as_dict,
    as_list,
    bundle_resources,
    codes,
    concept_text,
    human_name,
    identifier,
    link_url,
    ref_key,
    telecom,
)
from crawler.parsing import ParseError, ParseResult, SavedResponse, follow_url
from therapist_finder.schema import safe_id_key

SOURCE = "plannet"
# Public programmes named by InsurancePlan.type (InsuranceProductTypeCS: medi, medihmo, mediadv...).
PROGRAMS = {"Medicaid": {"medi", "medihmo"}, "Medicare": {"mediadv"}, "CHIP": {"chip"}}


@dataclass
class PlanNetContext:
    """Resources seen so far in one directory crawl, by (resourceType, id)."""

    resources: dict[tuple[str, str], dict] = field(default_factory=dict)
    full_urls: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, bundle: dict) -> None:
        """Remember every resource (and its fullUrl) of a Bundle page."""
        for entry in as_list(bundle.get("entry")):
            resource = as_dict(as_dict(entry).get("resource"))
            if not isinstance(resource.get("resourceType"), str) or resource.get("id") is None:
                continue
            key = (resource["resourceType"], str(resource["id"]))
            self.resources[key] = resource
            if isinstance(as_dict(entry).get("fullUrl"), str):
                self.full_urls[key] = entry["fullUrl"]

    def forget(self, *resource_types: str) -> None:
        """Drop per-page resources (roles, practitioners) so memory stays bounded by
        the directory's plans, networks, locations and services, not its providers."""
        for key in [k for k in self.resources if k[0] in resource_types]:
            self.resources.pop(key, None)
            self.full_urls.pop(key, None)

    def get(self, resource_type: str, resource_id: str) -> dict | None:
        """A remembered resource, or None."""
        return self.resources.get((resource_type, resource_id))

    def resolve(self, reference: object) -> dict | None:
        """The resource a Reference points at, if it was on some page."""
        key = ref_key(reference)
        return self.resources.get(key) if key else None

    def plans_of(self, network_id: str) -> list[dict]:
        """InsurancePlans that list this network (at product or plan level)."""
        found = []
        for (rtype, _), plan in self.resources.items():
            if rtype != "InsurancePlan":
                continue
            refs = as_list(plan.get("network"))
            refs += [n for p in as_list(plan.get("plan"))
                     for n in as_list(as_dict(p).get("network"))]
            if any((ref_key(r) or ("", ""))[1] == network_id for r in refs):
                found.append(plan)
        return found

    def payer_name(self, network: dict | None, plans: list[dict]) -> str | None:
        """The payer behind a network: Network.partOf, else the plans' ownedBy."""
        for ref in [as_dict(network).get("partOf"), *(p.get("ownedBy") for p in plans)]:
            org = self.resolve(ref)
            name = as_dict(org).get("name") or as_dict(ref).get("display")
            if isinstance(name, str) and name.strip():
                return name.strip()
        return None


def parse_plannet_bundle(page: SavedResponse, *, context: PlanNetContext | None = None,
                         directory_host: str | None = None) -> ParseResult:
    """Listings for the practitioners of one Plan-Net searchset Bundle page."""
    bundle = page.json()
    if not isinstance(bundle, dict):
        raise ParseError("unexpected_shape", f"{page.url}: not a JSON object")
    if bundle.get("resourceType") == "OperationOutcome":
        raise ParseError("api_error", f"{page.url}: {_outcome_text(bundle)}")
    if bundle.get("resourceType") != "Bundle":
        raise ParseError("not_a_bundle", f"{page.url}: resourceType {bundle.get('resourceType')!r}")
    context = context if context is not None else PlanNetContext()
    context.add(bundle)
    result = ParseResult()
    if next_url := link_url(bundle, "next"):
        if url := follow_url(page.url, next_url):
            result.follow.append(url)
        else:  # the server's own link is unusable: the search ends here, visibly
            result.drop("bad_link", f"{page.url}: next {next_url[:200]!r}")
    roles_by_practitioner: dict[str, list[dict]] = {}
    for resource in bundle_resources(bundle):
        if resource["resourceType"] != "PractitionerRole":
            continue
        practitioner_id = _practitioner_of(resource, context, result)
        if practitioner_id is not None:
            roles_by_practitioner.setdefault(practitioner_id, []).append(resource)
    for practitioner_id, roles in roles_by_practitioner.items():
        practitioner = context.get("Practitioner", practitioner_id) or {}
        listing = _listing(practitioner, roles, context, page, directory_host)
        if listing is None:
            result.drop("missing_name", f"Practitioner/{practitioner_id} on {page.url}")
        else:
            result.listings.append(listing)
    context.forget("PractitionerRole", "Practitioner")  # each page includes its own
    return result


parse = parse_plannet_bundle


def _outcome_text(outcome: dict) -> str:
    issues = [as_dict(i) for i in as_list(outcome.get("issue"))]
    return "; ".join(str(i.get("diagnostics") or i.get("code") or "") for i in issues)[:300]


def _practitioner_of(role: dict, context: PlanNetContext, result: ParseResult) -> str | None:
    if role.get("active") is False:
        result.drop("inactive_role", f"PractitionerRole/{role['id']}")
        return None
    key = ref_key(role.get("practitioner"))
    if key is None or key[0] != "Practitioner":
        result.drop("no_practitioner", f"PractitionerRole/{role['id']}")
        return None
    practitioner = context.get(*key)
    if practitioner is None:
        result.drop("unresolved_practitioner", f"PractitionerRole/{role['id']} -> {key[1]}")
        return None
    if practitioner.get("active") is False:
        result.drop("inactive_practitioner", f"Practitioner/{key[1]}")
        return None
    return key[1]


def _host(context: PlanNetContext, practitioner_id: str, page: SavedResponse,
          override: str | None) -> str:
    if override:
        return override
    full_url = context.full_urls.get(("Practitioner", practitioner_id)) or page.url
    try:
        host = urlsplit(full_url).hostname
    except ValueError:  # fullUrl is server text: an invalid IPv6 host, say
        host = None
    return host or urlsplit(page.url).hostname or "unknown"


def _program(plan: dict) -> str | None:
    """"Medicaid", "Medicare" or "CHIP" when the product type (InsuranceProductTypeCS) says so."""
    for concept in as_list(plan.get("type")):
        text = concept_text(concept) or ""
        for program, product_codes in PROGRAMS.items():
            if program.lower() in text.lower() or set(codes(concept)) & product_codes:
                return program
    return None


def _insurance(roles: list[dict], context: PlanNetContext, observed_at: str) -> list[dict]:
    """One claim per payer (and per public program it runs), with the plan names."""
    plans_by_payer: dict[str, dict[str, None]] = {}
    for role in roles:
        for network_id in f.network_keys(role):
            network = context.get("Organization", network_id)
            plans = context.plans_of(network_id)
            payer = context.payer_name(network, plans)
            if not payer:
                continue
            for plan in plans or [{}]:
                program = _program(plan)
                # "Acme (Medicaid)": the company when the vocabulary knows it, else the programme
                label = f"{payer} ({program})" if program else payer
                names = plans_by_payer.setdefault(label, {})
                if isinstance(plan.get("name"), str) and plan["name"].strip():
                    names[plan["name"].strip()] = None
    return [{"payer": payer, "plans": list(names), "basis": "payer_directory",
             "observed_at": observed_at} for payer, names in plans_by_payer.items()]


def _listing(practitioner: dict, roles: list[dict], context: PlanNetContext,
             page: SavedResponse, directory_host: str | None) -> dict | None:
    name, suffixes = human_name(practitioner)
    if not name:
        return None
    observed_at = page.fetched_at.date().isoformat()
    pid = str(practitioner["id"])
    # FHIR ids are [A-Za-z0-9.-], but servers stray, and directory_host is free text.
    listing_id = f"{SOURCE}:{safe_id_key(_host(context, pid, page, directory_host))}:{safe_id_key(pid)}"
    locations = [loc for role in roles for ref in as_list(role.get("location"))
                 if (loc := f.location(context.resolve(ref) or {})) is not None]
    services = [s for role in roles for ref in as_list(role.get("healthcareService"))
                if (s := context.resolve(ref)) is not None]
    methods = f.delivery_methods([*roles, *services])
    nucc = [c for role in roles for c in f.nucc_codes(role, practitioner)]
    listing: dict = {
        "id": listing_id,
        "kind": "individual",
        "name": name,
        "npi": identifier(practitioner, NPI_SYSTEM),
        "credentials": f.credentials(practitioner, suffixes),
        "license_types": list(dict.fromkeys(t for r in roles for t in f.license_types(nucc, r))),
        "languages": f.languages(practitioner),
        "specialties": list(dict.fromkeys(f.NUCC_SPECIALTY_HINTS[c] for c in nucc
                                          if c in f.NUCC_SPECIALTY_HINTS)),
        "age_groups": list(dict.fromkeys(a for c in nucc for a in f.NUCC_AGE_HINTS.get(c, []))),
        "telehealth": True if "virtual" in methods else None,
        "in_person": True if "physical" in methods or locations else None,
        "accepting_new_clients": f.accepting_new([*roles, *services]),
        "insurance": _insurance(roles, context, observed_at),
        "sources": [{"source": SOURCE, "url": page.url, "fetched_at": page.fetched_at.isoformat(),
                     "listing_id": listing_id}],
        "raw": {"locations": locations, "license_states": f.license_states(practitioner)},
    }
    phone = next((p for r in [*roles, practitioner] if (p := telecom(r, "phone"))), None)
    if phone:
        listing["raw"]["phone"] = phone
    attribution = {"basis": "payer_directory", "source": SOURCE, "observed_at": observed_at}
    listing["attributions"] = {k: dict(attribution) for k in ("accepting_new_clients", "telehealth")
                               if listing[k] is not None}
    if listing["npi"] is not None and not (listing["npi"].isdigit() and len(listing["npi"]) == 10):
        listing["unmapped"] = {"npi": [listing["npi"]]}
        listing["npi"] = None
    return listing
