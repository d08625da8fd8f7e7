"""The checklist content files: same structure in every language, valid slugs."""

from __future__ import annotations

import pytest

from search_api.printables.wording import LANGS, load_content


def _shape(lang: str) -> dict:
    c = load_content(lang)
    return {
        "sections": [(s.id, [q.id for q in s.questions], len(s.notes)) for s in c.sections],
        "concerns": {k: [q.id for q in v.questions] for k, v in c.concerns.items()},
        "insurer": [q.id for q in c.insurer.questions],
        "record": len(c.insurer.record),
        "confirm": sorted(c.confirm.facts),
        "ui": sorted(c.ui),
        "groups": {k: sorted(v) for k, v in c.ui.items() if isinstance(v, dict)},
    }


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_translations_have_the_same_ids_as_english(lang):
    assert _shape(lang) == _shape("en")


@pytest.mark.parametrize("lang", LANGS)
def test_concern_sets_are_keyed_by_real_specialty_slugs(lang, vocabs):
    content = load_content(lang)
    assert set(content.concerns) - {"default"} <= set(vocabs["specialty"].slugs())
    for facet, labels in content.labels.items():
        assert set(labels) <= set(vocabs[facet].slugs()), facet


def test_issue_topics_are_all_asked_about():
    text = " ".join(q.text for s in load_content("en").sections for q in s.questions).lower()
    for topic in ("fee", "in network", "deductible", "co-pay", "session", "out-of-network",
                  "sliding scale", "payment plan", "free consultation", "how long", "how often",
                  "follow-up", "maintenance", "confidentiality", "group", "couples", "family",
                  "ipt", "cbt", "techniques", "certification", "references", "psychiatrist",
                  "medication", "between sessions"):
        assert topic in text, topic


def test_spanish_is_translated_not_copied():
    en, es = load_content("en"), load_content("es")
    pairs = [(a.text, b.text) for sa, sb in zip(en.sections, es.sections, strict=True)
             for a, b in zip(sa.questions, sb.questions, strict=True)]
    assert all(a != b for a, b in pairs)
    assert all(b.startswith("¿") or b[0].isupper() for _, b in pairs)
    joined = " ".join(b for _, b in pairs)
    for word in ("sesión", "seguro", "escala móvil", "confidencialidad", "psiquiatra"):
        assert word in joined
