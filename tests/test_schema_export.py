"""index_config/listing.schema.json must match the model it is generated from."""

from therapist_finder.schema_export import SCHEMA_PATH, listing_json_schema


def test_published_schema_is_in_sync():
    assert SCHEMA_PATH.read_text() == listing_json_schema(), (
        "run: python -m therapist_finder.schema_export"
    )
