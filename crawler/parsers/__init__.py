"""Parsers (page objects): one module per source, each exposing `parse(page, **options)`.

See `crawler.parsing` for the contract. Parsers never import Scrapy.
"""
