"""Scrapy project that gathers public listings.

Imports the core package only; never the API.
"""
