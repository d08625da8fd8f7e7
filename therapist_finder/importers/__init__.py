"""Bulk importers (the NPPES full replacement file) and the cleaning helpers they share
with the crawler. No Scrapy here."""
