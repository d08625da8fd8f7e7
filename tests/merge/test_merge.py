"""Entity resolution: precision (namesakes stay apart) and recall (same provider merges)."""

from __future__ import annotations

import pytest

from therapist_finder.merge import Merger, find_match, merge_listings, same_provider
from therapist_finder.merge.names import org_key, person_key, phone_digits
from therapist_finder.schema import Listing
from therapist_finder.store import open_store

NPI = "1000000013"


def listing(id_: str, name: str, *, source: str | None = None, day: str = "2026-11-01",
            **fields) -> Listing:
    source = source or id_.split(":")[0]
    data = {"id": id_, "kind": "individual", "name": name,
            "sources": [{"source": source, "url": None, "fetched_at": day, "listing_id": id_}],
            "last_seen_at": day, **fields}
    return Listing.model_validate(data)


def loc(address: str, postal: str = "10001", city: str = "New York", lat=40.7496, lon=-73.9958):
    return {"address": address, "city": city, "state": "NY", "postal_code": postal,
            "lat": lat, "lon": lon}


NPPES = listing("nppes:1000000013", "Harriet J. Quillfeather", npi=NPI, credentials=["LCSW"],
                license_types=["clinical-social-worker"], license_states=["NY"],
                phone="(212) 555-0147", locations=[loc("212 Maple Example Ave, Suite 410")])
PLANNET = listing("plannet:acme-pract-77", "QUILLFEATHER, HARRIET", npi=NPI,
                  source="plannet:acme", day="2026-11-10", accepting_new_clients=True,
                  insurance=[{"payer": "aetna", "plans": ["Choice POS II"],
                              "basis": "payer_directory", "observed_at": "2026-11-10"}],
                  locations=[loc("212 Maple Example Avenue Ste 410")])
PROFILE = listing("directory:harriet-q", "Dr. Harriet Quillfeather, LCSW", source="directory:mind",
                  day="2026-11-15", phone="212.555.0147", accepting_new_clients=False,
                  telehealth=True, specialties=["grief"],
                  insurance=[{"payer": "cigna", "plans": [], "basis": "provider_reported",
                              "observed_at": "2026-11-15"}],
                  fees={"session_min": 150, "sliding_scale": True})


@pytest.mark.parametrize("a, b, same", [
    # recall
    (NPPES, PLANNET, True),                      # same NPI, names written differently
    (NPPES, PROFILE, True),                      # no NPI on the profile: name + phone
    (listing("d:1", "Harriet Quillfeather", locations=[loc("212 Maple Example Ave Suite 410")]),
     NPPES, True),                               # name + same street address
    # precision
    (listing("d:2", "Harriet Quillfeather", phone="(212) 555-0199",
             locations=[loc("9 Cedar Example St")]), NPPES, False),  # namesake, same city
    (listing("d:3", "Harriet Quillfeather", npi="1000000021"), NPPES, False),  # other NPI
    (listing("d:4", "Henrietta Quillfeather", phone="(212) 555-0147"), NPPES, False),
    (listing("d:5", "Harriet Quillfeather"), NPPES, False),  # name only, nothing shared
    (listing("d:6", "Harriet Quillfeather", phone="(212) 555-0147", locations=[
        loc("212 Maple Example Ave", postal="10002")]), NPPES, True),  # phone is enough
    # nicknames: the same person under a short name, never by two hops or across genders
    (listing("d:7", "Bob Tannerby, LMFT", phone="(212) 555-0180"),
     listing("n:7", "Robert Tannerby", phone="212-555-0180"), True),
    (listing("d:8", "Liz Oakhollow", locations=[loc("5 Birch Example Rd")]),
     listing("n:8", "Elizabeth Oakhollow", locations=[loc("5 Birch Example Road")]), True),
    (listing("d:9", "Bob Tannerby", phone="(212) 555-0180"),
     listing("n:9", "Roberta Tannerby", phone="(212) 555-0180"), False),
    (listing("d:10", "Sam Quarrington", gender="male", phone="(212) 555-0181"),
     listing("n:10", "Samantha Quarrington", gender="female", phone="(212) 555-0181"), False),
    (listing("d:11", "Sam Quarrington", phone="(212) 555-0181"),
     listing("n:11", "Samantha Quarrington", phone="(212) 555-0181"), True),
    # the nickname table also links full names of different people
    (listing("d:12", "Andrew Pellridge", phone="(212) 555-0182"),
     listing("n:12", "Andrea Pellridge", phone="(212) 555-0182"), False),
    (listing("d:13", "William Pellridge", phone="(212) 555-0182"),
     listing("n:13", "Wilma Pellridge", phone="(212) 555-0182"), False),
    # one source listing two profiles: two people, however alike their names
    (listing("d:14", "Mary Fenwhistle", phone="(212) 555-0183"),
     listing("d:15", "Marion Fenwhistle", phone="(212) 555-0183"), False),
    (listing("d:16", "Mary Fenwhistle", phone="(212) 555-0183"),
     listing("n:16", "Marion Fenwhistle", phone="(212) 555-0183"), True),  # two sources: a nickname
    (listing("d:17", "Jordan Ashcombe", phone="(212) 555-0184"),
     listing("d:18", "Jordan Ashcombe", phone="(212) 555-0184"), False),
    (merge_listings(listing("d:19", "Jordan Ashcombe", phone="(212) 555-0184"),
                    listing("n:19", "Jordan Ashcombe", phone="(212) 555-0184")),
     listing("d:20", "Jordan Ashcombe", phone="(212) 555-0184"), False),  # merged earlier
    (merge_listings(listing("d:21", "Jordan Ashcombe", phone="(212) 555-0184"),
                    listing("n:21", "Jordan Ashcombe", phone="(212) 555-0184")),
     listing("d:21", "Jordan Ashcombe", phone="(212) 555-0184", day="2026-11-20"), True),  # re-crawl
])
def test_same_provider(a, b, same):
    assert same_provider(a, b) is same
    assert same_provider(b, a) is same


# A practice: the NPPES organization record and the practice's own directory page.
PRACTICE = listing("nppes:1000000039", "HARBOR LIGHT COUNSELING LLC", kind="organization",
                   npi="1000000039", phone="(503) 555-0111",
                   locations=[loc("12 Example St Suite 3", postal="97201", city="Portland")])


@pytest.mark.parametrize("other, same", [
    (listing("directory:hl", "The Harbor Light Counseling, PLLC", kind="organization",
             phone="503-555-0111"), True),  # same practice, by phone
    (listing("directory:hl2", "Harbor Light Counseling", kind="organization", locations=[
        loc("12 Example Street, Ste 3", postal="97201", city="Portland")]), True),  # by address
    (listing("directory:hl3", "Harbor Light Counseling", kind="organization", phone="503-555-0999",
             locations=[loc("99 Other Example St", postal="97201", city="Portland")]), False),
])
def test_same_practice_from_a_directory_page_and_nppes(other, same):
    assert same_provider(PRACTICE, other) is same
    assert same_provider(other, PRACTICE) is same


@pytest.mark.parametrize("name, key", [
    ("Dr. Harriet J. Quillfeather, LCSW", ("harriet", "quillfeather")),
    ("HARRIET QUILLFEATHER", ("harriet", "quillfeather")),
    ("Théo O'Brien-Smith Jr.", ("theo", "obrien-smith")),
])
def test_person_key(name, key):
    assert person_key(name) == key


def test_org_key_drops_legal_suffixes():
    assert org_key("The Harbor Light Counseling, PLLC") == org_key("HARBOR LIGHT COUNSELING LLC")


@pytest.mark.parametrize("raw, digits", [("(212) 555-0147", "2125550147"),
                                         ("+1 212 555 0147 ext. 3", "2125550147"), ("555-0147", None)])
def test_phone_digits(raw, digits):
    assert phone_digits(raw) == digits


def test_merge_keeps_every_source_and_who_said_what():
    merged = merge_listings(merge_listings(NPPES, PLANNET), PROFILE)
    assert merged.id == f"nppes:{NPI}"
    assert {s.source for s in merged.sources} == {"nppes", "plannet:acme", "directory:mind"}
    assert merged.name == "Harriet J. Quillfeather"  # the registry names people
    assert [c.source for c in merged.claims["name"]] == ["nppes", "plannet:acme", "directory:mind"]
    assert merged.specialties == ["grief"] and merged.telehealth is True
    assert merged.attributions["telehealth"].source == "directory:mind"
    assert len(merged.locations) == 1  # the same office, spelled two ways


def test_conflicts_are_kept_not_resolved_silently():
    merged = merge_listings(merge_listings(NPPES, PLANNET), PROFILE)
    fields = {c.field: c for c in merged.conflicts}
    accepting = fields["accepting_new_clients"]
    assert {(c.source, c.value) for c in accepting.claims} == {
        ("plannet:acme", True), ("directory:mind", False)}
    # the payer directory says in network with Aetna; the profile's own list leaves Aetna out
    assert "insurance.aetna" in fields
    assert {(c.source, c.value) for c in fields["insurance.aetna"].claims} == {
        ("plannet:acme", True), ("directory:mind", False)}


def test_payer_directory_insurance_outranks_provider_reported():
    merged = merge_listings(PROFILE, PLANNET)
    assert merged.insurance[0].basis == "payer_directory"
    assert [c.payer for c in merged.insurance] == ["aetna", "cigna"]
    assert {c.source for c in merged.insurance} == {"plannet:acme", "directory:mind"}


def test_remerging_a_source_replaces_what_it_said():
    merged = merge_listings(merge_listings(NPPES, PROFILE), PLANNET)
    newer = listing("directory:harriet-q", "Dr. Harriet Quillfeather, LCSW",
                    source="directory:mind", day="2026-11-20", phone="212.555.0147",
                    accepting_new_clients=True)
    again = merge_listings(merged, newer)
    assert len(again.sources) == 3
    assert [c.value for c in again.claims["accepting_new_clients"]
            if c.source == "directory:mind"] == [True]
    assert "accepting_new_clients" not in {c.field for c in again.conflicts}
    assert again.specialties == []  # the profile no longer lists grief
    assert merge_listings(again, newer).model_dump() == again.model_dump()  # idempotent


def test_merger_resolves_a_stream_and_keeps_namesakes_apart():
    merger = Merger()
    namesake = listing("directory:other-harriet", "Harriet Quillfeather", phone="(212) 555-0199",
                       locations=[loc("9 Cedar Example St")])
    outcomes = [merger.add(x) for x in (PROFILE, NPPES, namesake, PLANNET)]
    assert outcomes[1].merged and outcomes[1].listing.id == f"nppes:{NPI}"
    assert "directory:harriet-q" in outcomes[1].replaces
    assert not outcomes[2].merged
    assert outcomes[3].merged and len(outcomes[3].listing.sources) == 3
    assert len(merger.index) == 2


def test_find_match_searches_the_store(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'dir.db'}")
    store.upsert([NPPES, listing("directory:x", "Harriet Quillfeather", phone="(212) 555-0199",
                                 locations=[loc("9 Cedar Example St")])])
    profile = PROFILE.model_copy(update={"locations": [Listing.model_validate(
        {"id": "t:x", "kind": "individual", "name": "x",
         "locations": [loc("212 Maple Example Ave")]}).locations[0]]})
    assert find_match(store, profile).id == NPPES.id
    assert find_match(store, listing("directory:y", "Harriet Quillfeather",
                                     phone="(212) 555-0100", locations=[loc("1 Elm St")])) is None
    store.close()


def test_merging_into_a_listing_stored_under_an_old_style_id_keeps_that_id():
    stored = listing("findtreatment:x", "Harbor Light Counseling", kind="organization",
                     phone="(503) 555-0111").model_copy(update={"id": "findtreatment:a/b"})
    incoming = listing("directory:hl", "Harbor Light Counseling", kind="organization", phone="503-555-0111")
    assert merge_listings(stored, incoming).id == "findtreatment:a/b"


def test_an_insurer_the_vocabulary_does_not_know_is_no_dispute():
    """A directory's own regional plan, kept under its name, cannot be matched against a
    provider's list (which keeps such a name raw, under unmapped): no "not on its list"."""
    regional = PLANNET.model_copy(update={"insurance": [PLANNET.insurance[0].model_copy(
        update={"payer": "Juniper Mutual Health Plan"})]})
    own = PROFILE.model_copy(update={"unmapped": {"insurance": ["Juniper Mutual Health Plan"]}})
    merged = merge_listings(merge_listings(NPPES, regional), own)
    assert not [c for c in merged.conflicts if c.field.startswith("insurance.")]
    assert "Juniper Mutual Health Plan" in [c.payer for c in merged.insurance]
