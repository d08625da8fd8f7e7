"""The crawl summary's lines."""

from __future__ import annotations

from crawler.extensions import summary_lines


def test_the_summary_counts_values_dropped_from_kept_listings():
    lines = summary_lines({"item_scraped_count": 3, "drop_item/invalid_listing": 1,
                           "field_dropped/website/string_too_long": 2,
                           "field_dropped/insurance.plans/string_too_long": 1})
    assert lines[:3] == ["items scraped: 3", "items dropped: 1", "  drop_item/invalid_listing: 1"]
    assert lines[3:] == ["values dropped from kept listings: 3",
                         "  field_dropped/insurance.plans/string_too_long: 1",
                         "  field_dropped/website/string_too_long: 2"]


def test_the_summary_has_no_dropped_values_line_when_nothing_was_dropped():
    assert not any("values dropped" in line for line in summary_lines({"item_scraped_count": 1}))
