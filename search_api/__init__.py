"""Read-only HTTP API over the directory (FastAPI). Never imports Scrapy."""
