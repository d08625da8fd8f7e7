"""A filter's value is read as one value, and never turned around.

The vocabulary's phrase scan (made for crawled text) read "not male" as male and
"aetna or cigna" as aetna alone: a search for something else than was asked, with
no error. Such values are a 422 naming the parameter and what to send instead.
"""

from __future__ import annotations

import pytest

from therapist_finder.errors import InvalidQuery
from therapist_finder.geo.resolve import PlaceResolver
from therapist_finder.search_params import SearchParams, build_query
from therapist_finder.vocab import load_vocabularies


def query(**params):
    return build_query(SearchParams(**params), load_vocabularies(), PlaceResolver())


@pytest.mark.parametrize(("params", "param", "says"), [
    ({"gender": ["not male"]}, "gender", "asks to leave a value out"),
    ({"language": ["sin español"]}, "language", "asks to leave a value out"),
    ({"insurance": ["anything except Aetna"]}, "insurance", "asks to leave a value out"),
    ({"state": "not NY"}, "state", "asks to leave a value out"),
    ({"insurance": ["aetna or cigna"]}, "insurance", "separate them with commas (insurance=aetna,cigna)"),
    ({"license_type": ["LCSW or LPC"]}, "license_type", "names 2 values"),
    ({"license_type": ["LCSW/LPC"]}, "license_type", "names 2 values"),
    ({"specialty": ["depression and anxiety"]}, "specialty", "(specialty=depression,anxiety)"),
    ({"state": "NY,CA"}, "state", "names 2 values (New York, California); state takes one value"),
])
def test_loose_values_are_refused_naming_the_parameter(params, param, says):
    with pytest.raises(InvalidQuery) as caught:
        query(**params)
    assert caught.value.param == param
    assert says in caught.value.message


@pytest.mark.parametrize(("params", "field", "expected"), [
    ({"gender": ["non-binary"]}, "gender", ["nonbinary"]),  # "non" is part of the value itself
    ({"insurance": ["BCBS of Texas"]}, "insurance", ["hcsc"]),
    ({"insurance": ["Blue Cross Blue Shield of Texas PPO"]}, "insurance", ["hcsc"]),
    ({"specialty": ["PTSD and trauma"]}, "specialty", ["ptsd"]),  # one term's own label
    ({"specialty": ["grief and loss"]}, "specialty", ["grief"]),
    ({"insurance": ["aetna,cigna"]}, "insurance", ["aetna", "cigna"]),  # the way to ask for two
    # Two words naming one product or one approach, with no joining word: one value.
    ({"insurance": ["Molina Medicaid"]}, "insurance", None),
    ({"insurance": ["Blue Cross Blue Shield Medicare Advantage"]}, "insurance", None),
    ({"approach": ["non-directive play therapy"]}, "approach", None),
    ({"approach": ["mindfulness-based CBT"]}, "approach", None),
])
def test_one_value_in_any_of_its_names_is_read(params, field, expected):
    found = query(**params).filters[field]
    assert found == expected if expected is not None else found


def test_a_state_named_in_full_is_read():
    assert query(state="New York").state == "NY"
