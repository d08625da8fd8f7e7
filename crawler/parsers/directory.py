"""Therapist directory and practice websites, driven by `crawler/sites/<name>.yaml`.

Entry point (also `parse`, for `crawler.parsing.get_parser("directory")`)::

    parse_directory_page(page: SavedResponse, *, site: SiteConfig | str) -> ParseResult

One page is one of three things. A sitemap (`<urlset>` / `<sitemapindex>`):
`follow` gets its profile URLs and child sitemaps. A profile (the URL matches
`profile_url_pattern`): one listing from the site's field selectors, with
schema.org JSON-LD / microdata filling whatever the selectors did not find.
Anything else is an index page: `follow` gets the profile links and the next
page. Page text is data: only text nodes and attributes are read (tags
stripped, entities decoded), nothing is evaluated. Claims are
`provider_reported` (profiles are written by the providers themselves).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import parsel

from crawler.parsers import directory_jsonld as structured
from crawler.parsers.directory_config import Selector, SiteConfig, load_site
from crawler.parsing import ParseError, ParseResult, SavedResponse, follow_url

LIST_FIELDS = ("credentials", "license_types", "specialties", "approaches", "formats",
               "age_groups", "languages", "insurance")
FLAG_FIELDS = ("free_consultation", "telehealth", "in_person", "accepting_new_clients")
VISIBLE_TEXT = ".//text()[not(ancestor::script) and not(ancestor::style)]"
_NEGATIVE = re.compile(r"\b(not|no|closed|full|unavailable|waitlist|wait list|paused)\b", re.I)
_ADDRESS = re.compile(r"^(?P<address>.+?),\s*(?P<city>[^,]+?),\s*(?P<state>[A-Za-z .]+?)\.?\s+"
                      r"(?P<postal_code>\d{5}(?:-\d{4})?)$")


def parse_directory_page(page: SavedResponse, *, site: SiteConfig | str) -> ParseResult:
    """Listings or links from one page of a configured site."""
    site = load_site(site) if isinstance(site, str) else site
    text = page.text
    if not text.strip():
        raise ParseError("empty_page", page.url)
    head = text.lstrip()[:500]
    if head.startswith("<?xml") or "<urlset" in head or "<sitemapindex" in head:
        return _sitemap(text, page, site)
    # type="html": parsel would otherwise read a JSON body as JSON, where CSS cannot run
    selector = parsel.Selector(text=text, type="html", base_url=page.url)
    if site.is_profile(page.url):
        return _profile(selector, text, page, site)
    return _index(selector, page, site)


parse = parse_directory_page


def values(root: parsel.Selector, selector: Selector | None) -> list[str]:
    """Texts the selector finds: text nodes and attributes as they are, elements as their text."""
    if selector is None:
        return []
    found = root.css(selector.css) if selector.css else root.xpath(selector.xpath or "")
    out: list[str] = []
    for match in found:
        if isinstance(match.root, str):  # a text node or an attribute value
            raw = match.root
        else:  # an element: its text, never the content of script or style elements
            raw = " ".join(match.xpath(VISIBLE_TEXT).getall())
        text = " ".join(str(raw).split())
        if text:
            out += [t.strip() for t in text.split(selector.split)] if selector.split else [text]
    return [t for t in out if t]


def _sitemap(text: str, page: SavedResponse, site: SiteConfig) -> ParseResult:
    try:
        xml = parsel.Selector(text=text, type="xml")  # parsel's parser resolves no entities
        xml.remove_namespaces()
    except ValueError as exc:
        raise ParseError("malformed_sitemap", f"{page.url}: {exc}") from None
    result = ParseResult()
    locs = []
    for loc in xml.xpath("//loc"):
        try:
            locs += [text.strip() for text in loc.xpath("text()").getall()]
        except ValueError:  # lxml keeps "&#xD800;" as bytes it cannot decode back
            result.drop("bad_link", f"{page.url}: an undecodable <loc>")
    result.follow = _links(page, [u for u in locs if site.is_profile(u) or u.endswith(".xml")], result)
    if not locs:
        result.drop("empty_sitemap", page.url)
    return result


def _links(page: SavedResponse, hrefs: list[str], result: ParseResult) -> list[str]:
    """Absolute URLs for the hrefs that can be requested; the others are dropped as bad_link."""
    out = []
    for href in hrefs:
        url = follow_url(page.url, href)
        if url is None:
            result.drop("bad_link", f"{page.url}: {href[:200]!r}")
        else:
            out.append(url)
    return out


def _index(root: parsel.Selector, page: SavedResponse, site: SiteConfig) -> ParseResult:
    result = ParseResult()
    result.follow = list(dict.fromkeys(_links(page, values(root, site.listing_links), result)))
    result.follow += _links(page, values(root, site.pagination)[:1], result)
    if not result.follow:
        result.drop("empty_index_page", page.url)
    return result


def _flag(texts: list[str]) -> bool | None:
    if not texts:
        return None
    return _NEGATIVE.search(" ".join(texts)) is None


def _from_selectors(root: parsel.Selector, site: SiteConfig) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in type(site.fields).model_fields:
        texts = values(root, getattr(site.fields, name))
        if not texts:
            continue
        if name in LIST_FIELDS:
            found[name] = texts
        elif name in FLAG_FIELDS:
            found[name] = _flag(texts)
        else:
            found[name] = " ".join(texts) if name == "description" else texts[0]
    parts = {k: found.pop(k) for k in ("street", "city", "state", "postal_code") if k in found}
    if "address" in found:
        match = _ADDRESS.match(found.pop("address"))
        parts = {**(match.groupdict() if match else {}), **parts}
    if "street" in parts:
        parts["address"] = parts.pop("street")
    if parts:
        found["location"] = parts
    return found


def _slug(url: str) -> str:
    segments = [s for s in urlsplit(url).path.split("/") if s and s not in ("index.html",)]
    slug = re.sub(r"[^a-z0-9_-]+", "-", (segments[-1] if segments else "home").lower()).strip("-")
    return slug[:150] or "home"


def _own_website(url: str | None, page: SavedResponse, site: SiteConfig) -> str | None:
    url = follow_url(page.url, url) if url else None  # http(s) and well-formed, or None
    if url is None:
        return None
    host = urlsplit(url).hostname or ""
    if host == urlsplit(page.url).hostname or host in site.allowed_domains:
        return None  # the directory's own profile page, not the provider's website
    return url


def _profile(root: parsel.Selector, html: str, page: SavedResponse, site: SiteConfig
             ) -> ParseResult:
    found = _from_selectors(root, site)
    kind = site.kind
    if site.structured_data:
        node, node_kind = structured.find_provider(html, page.url)
        if node is not None:
            if "name" not in found and node_kind:  # the node is the listing: trust its @type
                kind = node_kind
            for key, value in structured.fields(node).items():
                found.setdefault(key, value)
    result = ParseResult()
    if not _plausible_name(found.get("name")):
        result.drop("missing_name", page.url)
        return result
    result.listings.append(_listing(found, kind, page, site))
    return result


def _plausible_name(name: str | None) -> bool:
    """At least two letters and no control characters (garbled markup yields neither)."""
    if not name or any(ord(ch) < 32 for ch in name):
        return False
    return sum(ch.isalpha() for ch in name) >= 2


def _fees_text(found: dict[str, Any]) -> str | None:
    parts = [found["fee"]] if found.get("fee") else []
    sliding = found.get("sliding_scale")
    if sliding:
        parts.append(sliding if "sliding" in sliding.lower() else f"sliding scale {sliding}")
    return "; ".join(parts) or None


def _listing(found: dict[str, Any], kind: str, page: SavedResponse, site: SiteConfig) -> dict:
    observed_at = page.fetched_at.date().isoformat()
    source = f"directory:{site.name}"
    listing_id = f"directory:{site.name}:{_slug(page.url)}"
    listing: dict[str, Any] = {"id": listing_id, "kind": kind, "name": found["name"]}
    listing.update({k: found[k] for k in LIST_FIELDS if k != "insurance" and k in found})
    listing.update({k: found[k] for k in ("telehealth", "in_person", "accepting_new_clients",
                                          "description") if found.get(k) is not None})
    listing["insurance"] = [{"payer": p, "basis": "provider_reported", "observed_at": observed_at}
                            for p in dict.fromkeys(found.get("insurance", []))
                            if not structured.PAYMENT_METHODS.match(p)]
    if found.get("free_consultation") is not None:
        listing["fees"] = {"free_consultation": found["free_consultation"]}
    if website := _own_website(found.get("website"), page, site):
        listing["website"] = website
    raw: dict[str, Any] = {"locations": [found["location"]] if found.get("location") else []}
    if fees := _fees_text(found):
        raw["fees"] = fees
    if found.get("phone"):
        raw["phone"] = found["phone"]
    listing["raw"] = raw
    listing["sources"] = [{"source": source, "url": page.url,
                           "fetched_at": page.fetched_at.isoformat(), "listing_id": listing_id}]
    attribution = {"basis": "provider_reported", "source": source, "observed_at": observed_at}
    claimed = [k for k in ("accepting_new_clients", "telehealth") if k in listing]
    claimed += ["fees"] if fees or "fees" in listing else []
    listing["attributions"] = {k: dict(attribution) for k in claimed}
    return listing
