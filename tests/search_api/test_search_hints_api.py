"""The search response's hints: filters the free text suggests, with counts."""

from __future__ import annotations


def test_a_payer_typed_as_text_is_offered_as_the_filter(client):
    body = client.get("/v1/therapists", params={"near": "10001", "q": "aetna"}).json()
    assert body["total"] == 0  # no description says "aetna"
    assert body["hints"] == [{"param": "insurance", "value": "aetna", "label": "Aetna", "words": "aetna",
                              "q": None, "total": 1,
                              "filters": [{"param": "insurance", "value": "aetna", "label": "Aetna"}]}]
    taken = client.get("/v1/therapists", params={"near": "10001", "insurance": "aetna"}).json()
    assert [r["id"] for r in taken["results"]] == ["test:ipt"]


def test_hint_counts_keep_the_other_filters_and_the_rest_of_the_text(client):
    params = {"near": "10001", "q": "cigna anxiety", "telehealth": "true"}
    body = client.get("/v1/therapists", params=params).json()
    (hint,) = body["hints"]
    assert (hint["param"], hint["q"], hint["total"]) == ("insurance", "anxiety", 0)  # cbt has no telehealth
    body = client.get("/v1/therapists", params={"near": "10001", "q": "cigna anxiety"}).json()
    assert body["hints"][0]["total"] == 1


def test_no_text_no_hints(client):
    assert client.get("/v1/therapists", params={"near": "10001"}).json()["hints"] == []


def test_a_combined_hint_counts_the_search_with_all_its_filters(client):
    body = client.get("/v1/therapists", params={"near": "10001", "q": "cigna telehealth"}).json()
    first = body["hints"][0]
    filters = [(f["param"], f["value"]) for f in first["filters"]]
    assert filters == [("insurance", "cigna"), ("telehealth", "true")]
    assert first["q"] is None
    taken = client.get("/v1/therapists", params={"near": "10001", "insurance": "cigna", "telehealth": "true"})
    assert first["total"] == taken.json()["total"]
    assert all(hint["total"] > 0 for hint in body["hints"]) or all(h["total"] == 0 for h in body["hints"])


def test_spanish_filler_around_a_payer_is_not_kept_in_the_hint(client):
    body = client.get("/v1/therapists", params={"near": "10001", "q": "que acepte Aetna"}).json()
    assert [(h["value"], h["q"], h["total"]) for h in body["hints"]] == [("aetna", None, 1)]
