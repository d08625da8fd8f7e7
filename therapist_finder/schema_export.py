"""Write index_config/listing.schema.json from the Listing model.

Run `python -m therapist_finder.schema_export` after changing schema.py;
tests/test_schema_export.py fails while the published file is out of date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from therapist_finder.schema import Listing

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "index_config" / "listing.schema.json"


def listing_json_schema() -> str:
    """The JSON Schema text, stable and pretty-printed."""
    schema = Listing.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://therapist-finder.example/schemas/listing.schema.json"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def main() -> int:
    SCHEMA_PATH.write_text(listing_json_schema())
    print(f"wrote {SCHEMA_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
