"""The vocabularies: valid filter values with labels and synonyms."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query

from search_api.deps import VocabsDep, only_params
from search_api.errors import error_responses
from search_api.printables.wording import load_content
from therapist_finder.vocab.vocabulary import Vocabulary

router = APIRouter(prefix="/v1", tags=["vocabularies"])


@router.get("/vocabularies", responses=error_responses(422), dependencies=[only_params("lang")])
def vocabularies(vocabs: VocabsDep, lang: Literal["en", "es"] = Query(
        "en", description="the labels' language: en, or es (Spanish labels where the site has them)"),
) -> dict:
    """Every facet's values, and the states: slug, label, synonyms (and parent for variants).
    Any of a value's slug, label or synonyms is accepted by the search's filter of that name."""
    translated = load_content(lang).labels if lang != "en" else {}
    out = {facet: _terms(vocab, translated.get(facet, {})) for facet, vocab in vocabs.items()}
    out["state"] = _terms(vocabs.state, translated.get("state", {}))
    return out


def _terms(vocab: Vocabulary, labels: dict[str, str]) -> list[dict]:
    return [
        {
            "slug": t.slug,
            "label": labels.get(t.slug) or t.label,
            "synonyms": list(t.synonyms),
            **({"parent": t.parent} if t.parent else {}),
        }
        for t in vocab.terms
    ]
