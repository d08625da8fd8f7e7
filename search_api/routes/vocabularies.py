"""The vocabularies: valid filter values with labels and synonyms."""

from __future__ import annotations

from fastapi import APIRouter

from search_api.deps import VocabsDep

router = APIRouter(prefix="/v1", tags=["vocabularies"])


@router.get("/vocabularies")
def vocabularies(vocabs: VocabsDep) -> dict:
    """Every facet's values: slug, label, synonyms (and parent for variants)."""
    out = {}
    for facet, vocab in vocabs.items():
        out[facet] = [
            {
                "slug": t.slug,
                "label": t.label,
                "synonyms": list(t.synonyms),
                **({"parent": t.parent} if t.parent else {}),
            }
            for t in vocab.terms
        ]
    return out
