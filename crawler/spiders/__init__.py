"""Spiders route requests; parsers in crawler/parsers extract listings."""
