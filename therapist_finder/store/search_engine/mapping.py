"""The listings index template, loaded from index_config/elasticsearch/.

The files there are plain request bodies (upload them with curl if you like):
two component templates (settings, mappings) composed by one index template.
For an alias other than `listings` (tests, side-by-side deployments) the
names and the index pattern are derived from the alias, so templates of
different aliases never overlap.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from therapist_finder.errors import ConfigurationError

CONFIG_DIR = Path(__file__).resolve().parents[3] / "index_config" / "elasticsearch"
COMPONENTS = ("settings", "mappings")


@cache
def _load(name: str) -> dict[str, Any]:
    path = CONFIG_DIR / f"listings-{name}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigurationError(f"cannot read the index template {path}: {exc}") from exc


def template_version() -> int:
    """The version of the index template this code expects in the cluster."""
    return int(_load("template")["version"])


def component_templates(alias: str) -> dict[str, dict[str, Any]]:
    """Component template name -> body, for indices behind `alias`."""
    return {f"{alias}-{part}": copy.deepcopy(_load(part)) for part in COMPONENTS}


def index_template(alias: str) -> tuple[str, dict[str, Any]]:
    """(name, body) of the composable index template for `alias`-<timestamp> indices."""
    body = copy.deepcopy(_load("template"))
    body["index_patterns"] = [f"{alias}-*"]
    body["composed_of"] = [f"{alias}-{part}" for part in COMPONENTS]
    return f"{alias}-template", body


def mappings() -> dict[str, Any]:
    """The mappings (for checks and tests)."""
    return copy.deepcopy(_load("mappings")["template"]["mappings"])


def refresh_interval() -> str:
    """The refresh interval a live index runs with (a rebuild pauses it)."""
    return str(_load("settings")["template"]["settings"]["index"]["refresh_interval"])
