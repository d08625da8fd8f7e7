"""Printable PDFs are tagged (PDF/UA-1): a screen reader gets their headings,
lists and tables in reading order, their language and their title."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader


def _tags(node, found: set[str]) -> set[str]:
    """Every structure type under a structure element."""
    node = node.get_object()
    if "/S" in node:
        found.add(str(node["/S"]))
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict):
            _tags(kid, found)
    return found


@pytest.mark.parametrize(("path", "params", "lang", "title", "tags"), [
    ("/v1/checklist", {"therapist_id": "test:ipt", "concern": "depression", "insurance": "aetna"},
     "en", "Questions to ask a therapist: Orla Quillfeather", {"/H1", "/H2", "/L", "/LI", "/Table", "/TH"}),
    ("/v1/checklist", {"therapist_id": "test:ipt", "lang": "es"},
     "es", "Preguntas para hacerle a un terapeuta: Orla Quillfeather", {"/H1", "/H2", "/L", "/LI"}),
    ("/v1/compare", {"ids": "test:ipt,test:cbt", "near": "10001"},
     "en", None, {"/H1", "/Table", "/TH", "/TD"}),
    ("/v1/referrals", {"ids": "test:ipt,test:cbt", "near": "10001", "lang": "es"},
     "es", None, {"/H1", "/H2"}),
])
def test_printable_pdfs_are_tagged_for_screen_readers(client, path, params, lang, title, tags):
    resp = client.get(path, params={**params, "format": "pdf"})
    assert resp.status_code == 200, resp.text[:300]
    reader = PdfReader(io.BytesIO(resp.content))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert catalog["/Lang"] == lang
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert reader.metadata.title and (title is None or reader.metadata.title == title)
    found = _tags(catalog["/StructTreeRoot"], set())
    assert tags <= found, sorted(found)
