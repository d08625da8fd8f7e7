"""What fuzzing the API found (tests/search_api/test_api_fuzz.py), one test each.

Every answer the API gives must be one its OpenAPI document describes: the
status code, the media type and the body. The document left out the 404 of a
profile, every error of the printables (and their HTML error pages), the 503
of a directory that is down, the project's own 422 format, the printables'
JSON bodies, and which form fields a POST takes. And a Content-Length of
'²' was a 500.
"""

from __future__ import annotations

import anyio
import pytest
import schemathesis
from anyio.from_thread import start_blocking_portal
from fastapi.testclient import TestClient
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from search_api.app import create_app
from therapist_finder.settings import Settings

CONFORMANCE = [status_code_conformance, content_type_conformance, response_schema_conformance]
FORM = "application/x-www-form-urlencoded"


@pytest.fixture()
def openapi(client) -> dict:
    """The app's OpenAPI document, as it serves it."""
    return client.get("/openapi.json").json()


def component(doc: dict, ref: dict) -> dict:
    """The schema a `{"$ref": "#/components/schemas/Name"}` points at."""
    return doc["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]]


def conforms(client: TestClient, resp, path: str, method: str = "GET", **parts) -> None:
    """The answer is one the app's own OpenAPI document describes (schemathesis' checks)."""
    schema = schemathesis.openapi.from_dict(client.get("/openapi.json").json())
    case = schema[path][method].Case(**parts)
    case.validate_response(resp, checks=CONFORMANCE)


def test_a_profile_that_is_not_there_is_a_documented_404(client):
    resp = client.get("/v1/therapists/test:nobody")
    assert resp.status_code == 404
    conforms(client, resp, "/v1/therapists/{listing_id}", path_parameters={"listing_id": "test:nobody"})


@pytest.mark.parametrize(("method", "path", "params", "status", "media"), [
    ("GET", "/v1/compare", {"ids": "test:ipt"}, 422, "text/html"),  # one id: a page that says so
    ("GET", "/v1/compare", {"ids": "test:ipt", "format": "json"}, 422, "application/json"),
    ("GET", "/v1/referrals", {"ids": "test:nobody", "format": "json"}, 404, "application/json"),
    ("GET", "/v1/checklist", {"therapist_id": "test:nobody", "format": "html"}, 404, "text/html"),
    ("POST", "/v1/compare", {"ids": "test:ipt", "format": "json"}, 422, "application/json"),
])
def test_printable_errors_are_documented(client, method, path, params, status, media):
    if method == "GET":
        resp = client.get(path, params=params)
        parts = {"query": params}
    else:
        resp = client.post(path, data=params)
        parts = {"body": params, "media_type": FORM}
    assert resp.status_code == status and resp.headers["content-type"].startswith(media)
    conforms(client, resp, path, method, **parts)


@pytest.mark.parametrize(("body", "content_type", "status"), [
    (b"ids=test:ipt", "text/plain", 415),
    (b"note=" + b"n" * 66_000, FORM, 413),
])
def test_a_form_the_service_cannot_read_is_a_documented_error(client, body, content_type, status):
    resp = client.post("/v1/referrals", content=body, headers={"content-type": content_type})
    assert resp.status_code == status
    conforms(client, resp, "/v1/referrals", "POST", body={"note": "n"}, media_type=FORM)


def test_the_documented_422_is_the_projects_own_format(client, openapi):
    """Each item names its parameter (`param`) and may carry suggestions, as errors.py says."""
    answer = openapi["paths"]["/v1/therapists"]["get"]["responses"]["422"]["content"]["application/json"]
    item = component(openapi, component(openapi, answer["schema"])["properties"]["detail"]["items"])
    assert {"loc", "param", "msg", "type"} <= set(item["required"]) and "suggestions" in item["properties"]
    resp = client.get("/v1/therapists", params={"insurance": "Aetan"})
    assert resp.status_code == 422 and resp.json()["detail"][0]["suggestions"]
    conforms(client, resp, "/v1/therapists", query={"insurance": "Aetan"})


@pytest.mark.parametrize(("path", "model"), [
    ("/v1/checklist", "Checklist"), ("/v1/compare", "CompareSheet"), ("/v1/referrals", "ReferralPacket")])
def test_the_printables_json_bodies_are_documented(client, openapi, path, model):
    for method in ("get", "post"):
        ok = openapi["paths"][path][method]["responses"]["200"]["content"]
        assert ok["application/json"]["schema"] == {"$ref": f"#/components/schemas/{model}"}
    params = {"therapist_id": "test:ipt"} if path == "/v1/checklist" else {"ids": "test:ipt,test:cbt"}
    resp = client.get(path, params={**params, "format": "json"})
    assert resp.status_code == 200
    conforms(client, resp, path, query={**params, "format": "json"})


def test_a_form_body_documents_exactly_the_fields_it_takes(client, openapi):
    """Unknown fields are refused, so the form's schema says so; `shortlist` (the back
    link's list, which the web pages' forms send) is taken, so it is documented."""
    for path in ("/v1/checklist", "/v1/compare", "/v1/referrals"):
        form = openapi["paths"][path]["post"]["requestBody"]["content"][FORM]["schema"]
        assert form["additionalProperties"] is False and "shortlist" in form["properties"]
        assert "shortlist" in [p["name"] for p in openapi["paths"][path]["get"]["parameters"]]
    taken = client.post("/v1/compare", data={"ids": ["test:ipt", "test:cbt"], "shortlist": "test:xss",
                                             "format": "json"})
    refused = client.post("/v1/compare", data={"ids": ["test:ipt", "test:cbt"], "colour": "red"})
    assert taken.status_code == 200 and refused.status_code == 422
    assert refused.headers["content-type"].startswith("text/html") and "colour" in refused.text


@pytest.mark.parametrize(("path", "template", "parts"), [
    ("/readyz", "/readyz", {}),
    ("/v1/therapists?near=10001", "/v1/therapists", {"query": {"near": "10001"}}),
    ("/v1/therapists/test:ipt", "/v1/therapists/{listing_id}",
     {"path_parameters": {"listing_id": "test:ipt"}}),
    ("/v1/compare?ids=a,b", "/v1/compare", {"query": {"ids": "a,b"}}),
])
def test_a_directory_that_is_down_is_a_documented_503(tmp_path, path, template, parts):
    with TestClient(create_app(Settings(store=f"sqlite:///{tmp_path / 'absent.db'}"))) as down:
        resp = down.get(path)
        assert resp.status_code == 503
        conforms(down, resp, template, **parts)


def post_raw(app, path: str, headers: list[tuple[bytes, bytes]], body: bytes) -> int:
    """POST straight to the ASGI app, headers exactly as given (a client would fix them)."""
    async def call() -> int:
        sent: list[dict] = []
        given = False

        async def receive() -> dict:
            nonlocal given
            if given:
                await anyio.sleep_forever()
            given = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict) -> None:
            sent.append(message)

        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
                 "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "",
                 "query_string": b"", "headers": [(b"host", b"testserver"), *headers],
                 "client": ("127.0.0.1", 50000), "server": ("testserver", 80)}
        await app(scope, receive, send)
        return next(m["status"] for m in sent if m["type"] == "http.response.start")

    with start_blocking_portal() as portal:  # its own loop: the browser tests keep one in this thread
        return portal.call(call)


@pytest.mark.parametrize("declared", ["²".encode("latin-1"), "¹²³".encode("latin-1")])
def test_a_content_length_of_other_digits_is_not_a_500(client, declared):
    """'²'.isdigit() is true and int('²') fails: the form is read as sent instead."""
    headers = [(b"content-type", FORM.encode()), (b"content-length", declared)]
    assert post_raw(client.app, "/v1/referrals", headers, b"ids=test:ipt&format=json") == 200
