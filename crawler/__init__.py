"""Scrapy project that gathers public listings (spiders arrive with issue 3).

Imports the core package only; never the API.
"""
