"""The store contract's free text: part of StoreContract (contract.py).

Every store must select the same listings for the same `q` (relevance order
may differ). These reproduce what a tester found with the demo data in the
embedded store and in the search engine store (all names here are made up):

- a `q` word that is a concern or an approach ("ptsd", "mindfulness",
  "behavioral") matches the listings whose tags, name or description mention
  that term (or one of its variants), never a listing whose only link to it
  is an approach label ("Trauma-focused CBT" for ptsd) or a word that merely
  stems alike ("Mind & Mood Practice" for mindfulness);
- plain words are cut and folded as FTS5's `unicode61 remove_diacritics 2`
  does: apostrophes separate words ("O'Brien" is "o" "brien"), accents are
  removed ("İstanbul" is "istanbul"), and so are the strokes and ligatures
  FTS5 keeps: Ł, Ø, Æ and ß are read as l, o, ae and ss, so "lukasz" and
  "łukasz" both find "Łukasz" in every store (a client types the name as
  their keyboard allows);
- facet values come back in vocabulary order (as /v1/vocabularies lists
  them), not by count.
"""

from __future__ import annotations

from tests.store.searching import ids, run
from tests.utils.factories import claim, make_listing
from therapist_finder.vocab import load_vocabularies


def mention_listings() -> list:
    return [
        # Tagged only with TF-CBT, whose label says "Trauma": no mention of ptsd.
        make_listing("tfcbt", approaches=["tf-cbt"], specialties=["anxiety", "depression"],
                     description="Structured sessions for children and their parents."),
        make_listing("says-ptsd", specialties=["anxiety", "depression"],
                     description="I work with adults living with PTSD and panic."),
        make_listing("tagged-ptsd", specialties=["ptsd"]),
        make_listing("trauma-word", description="Healing after trauma, at your own pace."),
        # "mindfulness" stems to "mind", but this practice names no mindfulness.
        make_listing("mind-mood", name="Mind & Mood Practice", kind="organization"),
        make_listing("mindful", description="Mindfulness and acceptance for stress."),
        # "Cognitive behavioral therapy (CBT)" is CBT, not behavior therapy.
        make_listing("cbt", approaches=["cbt"]),
        make_listing("dbt", description="Dialectical behavioral therapy skills groups."),
        make_listing("behav-tag", approaches=["behavior-therapy"]),
        make_listing("behav-text", description="Behavioral therapy for sleep and habits."),
    ]


def name_listings() -> list:
    return [
        make_listing("obrien", name="O'Brien Dana"),
        make_listing("obrien-curly", name="Dana O\u2019Brien"),
        make_listing("istanbul", name="\u0130stanbul Ada"),  # capital I with a dot above
        make_listing("istanbul-nfd", name="Ada I\u0307stanbul"),  # the same, decomposed
        make_listing("cafe", name="Caf\u00e9 Bright Counseling", kind="organization"),
        make_listing("lukasz", name="\u0141ukasz Brook"),
        make_listing("olsen", name="\u00d8lsen Mara"),
        make_listing("strasse", name="Mara Stra\u00dfe"),
        make_listing("aegir", name="\u00c6gir Vale"),
    ]


class TextParityContract:
    """Mixed into StoreContract; subclasses supply the `make_store` fixture."""

    def test_concern_matches_mentions_not_approach_labels(self, make_store):
        store = make_store(mention_listings())
        for q in ("ptsd", "trauma", "PTSD and trauma"):
            result = run(store, q=q, limit=100)
            assert sorted(ids(result)) == ["says-ptsd", "tagged-ptsd", "trauma-word"], q
            assert result.total == 3, q
        result = run(store, q="anxiety depression ptsd", limit=100)
        assert ids(result) == ["says-ptsd"] and result.total == 1

    def test_approach_matches_mentions_not_stems(self, make_store):
        store = make_store(mention_listings())
        assert ids(run(store, q="mindfulness", limit=100)) == ["mindful"]
        # A plain word is stemmed alike in every store: "mind" finds both.
        assert sorted(ids(run(store, q="mind", limit=100))) == ["mind-mood", "mindful"]

    def test_behavioral_is_behavior_therapy_in_every_store(self, make_store):
        store = make_store(mention_listings())
        result = run(store, q="behavioral", limit=100)
        assert sorted(ids(result)) == ["behav-tag", "behav-text"] and result.total == 2
        assert result.facets["approach"] == {"behavior-therapy": 1}  # the tagged one

    def test_apostrophes_split_words(self, make_store):
        store = make_store(name_listings())
        for q in ("o'brien", "O\u2019Brien", "brien", "dana o'brien"):
            assert sorted(ids(run(store, q=q, limit=100))) == ["obrien", "obrien-curly"], q
        assert run(store, q="obrien").total == 0

    def test_accents_are_removed_as_fts5_does(self, make_store):
        store = make_store(name_listings())
        for q in ("istanbul", "ISTANBUL", "Istanbul", "\u0130stanbul"):  # İ: casefolds to i + a combining dot
            assert sorted(ids(run(store, q=q, limit=100))) == ["istanbul", "istanbul-nfd"], q
        for q in ("cafe", "caf\u00e9", "CAF\u00c9"):
            assert ids(run(store, q=q, limit=100)) == ["cafe"], q

    def test_letters_without_decomposition_are_folded(self, make_store):
        # FTS5's remove_diacritics only removes combining accents; the stores
        # spell Ł, Ø, Æ and ß as l, o, ae and ss in the text and in q alike.
        store = make_store(name_listings())
        for key, spellings in [("lukasz", ("\u0142ukasz", "\u0141UKASZ", "lukasz", "Lukasz")),
                               ("olsen", ("\u00d8lsen", "\u00f8lsen", "olsen")),
                               ("aegir", ("\u00c6gir", "\u00e6gir", "aegir", "AEGIR"))]:
            for q in spellings:
                assert ids(run(store, q=q, limit=100)) == [key], q
        for q in ("stra\u00dfe", "STRASSE", "strasse", "STRA\u1e9eE", "mara strasse"):
            assert ids(run(store, q=q, limit=100)) == ["strasse"], q
        assert run(store, q="lukas").total == 0  # whole words still: no prefix match

    def test_facet_values_come_in_vocabulary_order(self, make_store):
        vocabs = load_vocabularies()
        payers = vocabs["insurance"].slugs()
        first, last = payers[0], payers[-1]
        specialties = vocabs["specialty"].slugs()
        listings = [make_listing(f"many-{i}", insurance=[claim(last)], specialties=[specialties[-1]])
                    for i in range(3)]
        listings.append(make_listing("one", insurance=[claim(first)], specialties=[specialties[0]]))
        store = make_store(listings)
        facets = run(store, q=None, limit=5).facets
        assert list(facets["insurance"]) == [first, last]
        assert facets["insurance"] == {first: 1, last: 3}
        order = {slug: i for i, slug in enumerate(specialties)}
        assert list(facets["specialty"]) == sorted(facets["specialty"], key=order.__getitem__)
        assert list(facets["specialty"])[0] == specialties[0]
