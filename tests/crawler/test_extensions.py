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


def test_the_summary_prints_every_lost_page_and_unavailable_resource():
    lines = summary_lines({"item_scraped_count": 0, "drop_item/connection_failed": 2,
                           "plannet/role_pages_lost_after": 1,
                           "plannet/insurance_plans_unavailable": 1,
                           "plannet/role_pages_skipped": 3, "somesource/pages_lost": 4,
                           "retry/max_reached": 2, "finish_reason": "finished"})
    assert lines == ["items scraped: 0", "items dropped: 2", "  drop_item/connection_failed: 2",
                     "pages lost and resources unavailable:",
                     "  plannet/insurance_plans_unavailable: 1",
                     "  plannet/role_pages_lost_after: 1", "  plannet/role_pages_skipped: 3",
                     "  somesource/pages_lost: 4", "finish_reason: finished"]


def test_a_crawl_that_fetched_nothing_usable_is_told_from_one_that_found_nothing():
    from crawler.extensions import nothing_usable

    assert "1 request(s) failed" in nothing_usable({"crawl/requests_failed": 1})
    assert "2 page(s) stayed unreadable" in nothing_usable({"crawl/pages_unreadable": 2})
    assert nothing_usable({"item_scraped_count": 0}) is None  # a search without results
    assert nothing_usable({"item_scraped_count": 3, "crawl/requests_failed": 1}) is None


def test_a_filter_that_matched_nothing_is_a_crawl_that_fetched_nothing():
    """`-a plan=` mistyped: no request failed, yet nothing could be read; the reason is told."""
    from crawler.extensions import nothing_usable

    why = nothing_usable({"crawl/filter_unmatched": "the plan 'x' is not in this directory"})
    assert why == "the crawl found nothing to fetch: the plan 'x' is not in this directory"
    # The summary counts only numbers: the message is not printed among the losses.
    assert not any("filter_unmatched" in line
                   for line in summary_lines({"crawl/filter_unmatched": "the plan 'x'"}))
