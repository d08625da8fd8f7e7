"""The profile's "Sources and dates" names each source as people know it, escaped.

The table printed the directory's ids ("plannet", "directory:calmharbor"); a source's
id and URL come from crawled data, so its label is escaped like any listing text.
"""

from __future__ import annotations

import re

import pytest

from tests.search_api.printables.test_source_labels import FHIR, REGISTRY, SEEN, SITE
from tests.utils.factories import make_listing
from tests.utils.stores import app_over

HOSTILE_SITE = "directory:<img src=x onerror=alert(1)>"


def profile_listings():
    read_from = [{"source": "nppes", "url": REGISTRY, "fetched_at": SEEN},
                 {"source": "plannet", "url": FHIR, "fetched_at": SEEN},
                 {"source": "directory:calmharbor", "url": SITE, "fetched_at": SEEN},
                 {"source": "findtreatment", "url": None, "fetched_at": SEEN},
                 {"source": "fixture", "url": None, "fetched_at": SEEN}]
    return [
        make_listing("read", name="Odalys Wrenfield", sources=read_from, last_seen_at=SEEN,
                     insurance=[{"payer": "aetna", "plans": [], "basis": "payer_directory",
                                 "observed_at": SEEN, "source": "plannet"}]),
        make_listing("hostile", name="Benedikt Marlowe", last_seen_at=SEEN, sources=[
            {"source": HOSTILE_SITE, "url": 'https://evil.example"><script>x</script>/a',
             "fetched_at": SEEN},
            {"source": "plannet", "url": "javascript:alert(1)", "fetched_at": SEEN}]),
    ]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    yield from app_over(tmp_path_factory.mktemp("profile-sources") / "sources.db", profile_listings())


def sources_table(client, listing_id: str) -> list[str]:
    """The "Source" column of the profile's "Sources and dates" table, as HTML."""
    page = client.get(f"/therapists/{listing_id}", headers={"accept": "text/html"})
    assert page.status_code == 200
    section = page.text[page.text.index('id="h-sources"'):]
    section = section[:section.index("</section>")]
    return re.findall(r'<th scope="row">(.*?)</th>', section, re.S)


def test_the_sources_table_names_each_source(client):
    assert sources_table(client, "test:read") == [
        "NPI Registry (NPPES)", "insurer directory at fhir.example-health.test",
        "calmharbor.example directory site", "FindTreatment.gov (SAMHSA)",
        "fixture",  # an id the directory has no name for is shown as it is
    ]


def test_no_source_is_named_by_its_id_on_the_profile(client):
    page = client.get("/therapists/test:read", headers={"accept": "text/html"}).text
    for raw in ("nppes", "plannet", "directory:calmharbor", "findtreatment"):
        assert not re.search(rf"(?:: |, |>){re.escape(raw)}(?![\w.:-])", page), raw


def test_crawled_source_names_and_urls_stay_inert(client):
    shown = sources_table(client, "test:hostile")
    # The id's site name is shown escaped; a URL whose host is not a plain name names nothing.
    assert shown == ["&lt;img src=x onerror=alert(1)&gt; directory site",
                     "insurer&#39;s provider directory"]
    page = client.get("/therapists/test:hostile", headers={"accept": "text/html"}).text
    assert "<img src=x" not in page and "<script>x</script>" not in page
