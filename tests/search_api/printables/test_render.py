"""Rendering: autoescaping, safe links, and a PDF renderer that fetches nothing."""

from __future__ import annotations

import base64
from datetime import date

import pytest

from search_api.printables.render import render_html, render_pdf, safe_url

# A 1x1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://ok.example/path?q=1", "https://ok.example/path?q=1"),
        ("http://ok.example", "http://ok.example"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("//evil.example/x", None),
        ("ok.example", None),
        ("https://", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url(url, expected):
    assert safe_url(url) == expected


def test_templates_autoescape_every_value():
    html = render_html("error.html", "en", today=date(2026, 11, 26), page_title="<i>t</i>",
                       heading="<script>x</script>", lines=["<b>&</b>"], pdf_url=None,
                       csv_url=None)
    assert "<script>x" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in html and "&lt;i&gt;t&lt;/i&gt;" in html


def test_pdf_renderer_loads_no_outside_resource(tmp_path):
    image = tmp_path / "dot.png"
    image.write_bytes(PNG)
    html = (f'<html><head><link rel="stylesheet" href="file://{tmp_path}/x.css"></head>'
            f'<body><p>Hello</p><img src="file://{image}"><img src="http://127.0.0.1:9/x.png">'
            "</body></html>")
    pdf = render_pdf(html, title="Check")
    assert pdf.startswith(b"%PDF-")
    assert b"/Image" not in pdf  # the local file was not read
