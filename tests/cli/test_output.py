"""What `therapist-finder search` prints besides the table."""

from __future__ import annotations

from therapist_finder.cli.output import hint_lines
from therapist_finder.search_hints import search_hints
from therapist_finder.search_params import SearchParams
from therapist_finder.vocab import load_vocabularies


def test_hint_lines_are_the_options_that_run_each_suggested_search():
    hints = search_hints(SearchParams(q="aetna sliding scale grief"), load_vocabularies())
    lines = hint_lines([hint.model_copy(update={"total": 2}) for hint in hints])
    assert lines == [
        "did you mean 'Aetna, Sliding scale'? --insurance aetna --sliding-scale true -q grief: 2 match(es)",
        "did you mean 'Aetna'? --insurance aetna -q 'sliding scale grief': 2 match(es)",
        "did you mean 'Sliding scale'? --sliding-scale true -q 'aetna grief': 2 match(es)",
    ]
    (spelling,) = search_hints(SearchParams(q="depresion"), load_vocabularies())
    assert hint_lines([spelling]) == ["did you mean 'Depression'? -q Depression"]
