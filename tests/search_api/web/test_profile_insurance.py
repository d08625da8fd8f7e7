"""The profile's insurance table: one row per claim, each with its own plans and provenance.

Two sources' claims about one insurer were shown with both sources' plans on each row, so a
plan the therapist named appeared on the row the insurer's directory vouches for. A claim
from an insurer's own directory for an insurer the vocabulary does not know is a row too.
"""

from __future__ import annotations

import re

import pytest

from tests.utils.factories import make_listing
from tests.utils.stores import app_over
from therapist_finder.normalize import normalize_listing
from therapist_finder.vocab import load_vocabularies

SEEN = "2026-11-20"


def _claim(payer, plans, basis, source):
    return {"payer": payer, "plans": plans, "basis": basis, "observed_at": SEEN, "source": source}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    listings = [
        make_listing("two", name="Rowan Twoclaims", last_seen_at=SEEN, insurance=[
            _claim("aetna", ["Choice POS II"], "payer_directory", "plannet"),
            _claim("aetna", ["Open Access"], "provider_reported", "directory:calmharbor")]),
        normalize_listing(make_listing("regional", name="Marisol Regional", last_seen_at=SEEN, insurance=[
            _claim("Juniper Mutual Health Plan", ["Juniper Silver PPO"], "payer_directory", "plannet")]),
            load_vocabularies()),
    ]
    yield from app_over(tmp_path_factory.mktemp("profile-insurance") / "ins.db", listings)


def insurance_rows(client, listing_id: str) -> list[tuple[str, str, str]]:
    page = client.get(f"/therapists/{listing_id}", headers={"accept": "text/html"})
    assert page.status_code == 200
    section = page.text[page.text.index('id="h-insurance"'):]
    section = section[:section.index("</section>")]
    row = r'<th scope="row">(.*?)</th>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>'
    rows = re.findall(row, section, re.S)
    return [(insurer, plans, " ".join(re.sub(r"<[^>]+>", "", who).split())) for insurer, plans, who in rows]


def test_each_claim_shows_only_its_own_plans(client):
    rows = insurance_rows(client, "test:two")
    assert [(insurer, plans) for insurer, plans, _ in rows] == [
        ("Aetna", "Choice POS II"), ("Aetna", "Open Access")]
    assert "per the insurer" in rows[0][2]
    assert "self-reported" in rows[1][2]


def test_an_insurer_the_vocabulary_does_not_know_is_shown_with_its_directory_claim(client):
    rows = insurance_rows(client, "test:regional")
    assert [(insurer, plans) for insurer, plans, _ in rows] == [
        ("Juniper Mutual Health Plan", "Juniper Silver PPO")]
    assert "checked on November 20, 2026" in rows[0][2]
    page = client.get("/therapists/test:regional", headers={"accept": "text/html"}).text
    assert "No insurance listed" not in page


def test_what_they_work_with_and_qualifications_say_who_vouches_and_when(client):
    page = client.get("/therapists/test:two", headers={"accept": "text/html"}).text
    for section in ("h-focus", "h-creds"):
        part = page[page.index(f'id="{section}"'):]
        part = part[:part.index("</section>")]
        assert "Who says so, and when: from the listing, last seen November 20, 2026" in part
    spanish = client.get("/therapists/test:two?lang=es", headers={"accept": "text/html"}).text
    assert "según el anuncio, visto por última vez el 20 de noviembre de 2026" in spanish
