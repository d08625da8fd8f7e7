"""The scale-out store: Elasticsearch or OpenSearch behind the Store contract.

url.py parses store URLs; clients.py builds the right client and translates
its errors; mapping.py loads the index template from index_config/elasticsearch/;
documents.py turns listings into documents; query_builder.py turns a
SearchQuery into the request body; bulk.py streams bulk loads; lifecycle.py
owns templates, the alias and atomic rebuilds; store.py ties them together.
"""

from therapist_finder.store.search_engine.store import SearchEngineStore

__all__ = ["SearchEngineStore"]
