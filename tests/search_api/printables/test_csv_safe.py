"""CSV cells that a spreadsheet would run as formulas are neutralized."""

from __future__ import annotations

import csv
import io

import pytest

from search_api.printables.csv_safe import neutralize, to_csv


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x.example")', '\'=HYPERLINK("http://x.example")'),
        ("+1 212 555 0100", "'+1 212 555 0100"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Orla Quillfeather", "Orla Quillfeather"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (2.5, "2.5"),
        (True, "yes"),
    ],
)
def test_neutralize(value, expected):
    assert neutralize(value) == expected


def test_to_csv_round_trips_with_quotes_commas_and_newlines():
    text = to_csv(["name", "note"], [["Doe, Jane", 'say "hi"\n=1+1'], ["=cmd", 1.5]])
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [["name", "note"], ["Doe, Jane", 'say "hi"\n=1+1'], ["'=cmd", "1.5"]]
