"""Broader and narrower terms at any depth: value bits use ancestors, filters descendants."""

from __future__ import annotations

from therapist_finder.store.sqlite.valuespace import ValueSpace, mention_axis
from therapist_finder.vocab import load_vocabularies
from therapist_finder.vocab.vocabulary import Term, Vocabulary

TREE = Vocabulary("approach", [
    Term("ipt", "Interpersonal therapy"),
    Term("group-ipt", "Group IPT", parent="ipt"),
    Term("group-ipt-teens", "Group IPT for teens", parent="group-ipt"),
    Term("cbt", "CBT"),
])


def test_ancestors_and_descendants_reach_every_level():
    assert TREE.ancestors("group-ipt-teens") == ["group-ipt", "ipt"]
    assert TREE.descendants("ipt") == ["group-ipt", "group-ipt-teens"]
    assert TREE.descendants("cbt") == [] and TREE.ancestors("ipt") == []


def test_a_value_s_bits_include_every_broader_value():
    axes = dict(ValueSpace.from_vocabularies(load_vocabularies()).axes)
    axes["approach"] = axes[mention_axis("approach")] = TREE.slugs()
    space = ValueSpace(axes, {"approach": {slug: TREE.ancestors(slug) for slug in TREE.slugs()}})
    masks = space._axis_masks("approach", TREE.slugs())
    bits = {slug: 1 << space.bit("approach", slug) for slug in TREE.slugs()}
    assert masks["group-ipt-teens"] == bits["group-ipt-teens"] | bits["group-ipt"] | bits["ipt"]
    assert masks["cbt"] == bits["cbt"]
