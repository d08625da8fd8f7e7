"""docker-compose.yml cannot run here (no Docker engine in CI), so its
essentials are checked by reading it."""

from __future__ import annotations

import re
from pathlib import Path

import elasticsearch
import yaml

from therapist_finder.store.search_engine.url import parse_url

ROOT = Path(__file__).resolve().parents[3]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_elasticsearch_service_is_secured_and_persistent():
    es = compose()["services"]["elasticsearch"]
    image, tag = es["image"].rsplit(":", 1)
    assert image == "docker.elastic.co/elasticsearch/elasticsearch"
    # the server's major version matches the official client's
    assert tag.split(".")[0] == elasticsearch.__versionstr__.split(".")[0] == "8"
    env = es["environment"]
    assert env["xpack.security.enabled"] == "true"
    assert env["discovery.type"] == "single-node"
    assert env["ELASTIC_PASSWORD"].startswith("${ELASTIC_PASSWORD:?")  # required, no default
    assert "es-data:/usr/share/elasticsearch/data" in es["volumes"]
    assert "es-data" in compose()["volumes"]
    check = " ".join(es["healthcheck"]["test"])
    assert "_cluster/health" in check and "ELASTIC_PASSWORD" in check
    assert all(p.startswith("127.0.0.1:") for p in es["ports"])


def test_api_and_jobs_wait_for_a_healthy_cluster():
    services = compose()["services"]
    for name in ("api", "crawler", "demo-data"):
        assert services[name]["depends_on"]["elasticsearch"]["condition"] == "service_healthy", name
        assert services[name]["build"] == "."
    assert "readyz" in " ".join(services["api"]["healthcheck"]["test"])
    # Through the pipelines, which merge with the other sources; `index` would only upsert.
    assert "therapist-finder crawl nppes" in " ".join(services["crawler"]["command"])


def test_store_url_points_at_the_cluster_with_the_password():
    url = compose()["services"]["api"]["environment"]["THERAPIST_FINDER_STORE"]
    assert "${ELASTIC_PASSWORD:?" in url
    parsed = parse_url(re.sub(r"\$\{ELASTIC_PASSWORD[^}]*\}", "secret", url))
    assert (parsed.flavor, parsed.host, parsed.port, parsed.username, parsed.password) == (
        "elasticsearch",
        "elasticsearch",
        9200,
        "elastic",
        "secret",
    )


def test_image_ships_the_index_templates():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "COPY index_config ./index_config" in dockerfile
    assert (
        "pip install --no-cache-dir -e ." in dockerfile
    )  # templates are read from the source tree
