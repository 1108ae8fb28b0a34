"""Tool pages and the htmx round trip of a widget, through the Django test client."""

from __future__ import annotations

import re

from django.test import Client


def test_the_tools_index_lists_the_tools(client):
    html = client.get("/tools/").content.decode()
    assert 'href="/tools/s3-uri/"' in html


def test_a_tool_page_without_input_shows_an_empty_form(client):
    html = client.get("/tools/s3-uri/").content.decode()
    assert "<form" in html and "Type a bucket name" in html


def test_query_string_values_reproduce_a_result(client):
    html = client.get(
        "/tools/s3-uri/", {"bucket": "amzn-s3-demo-bucket", "key": "x"}
    ).content.decode()
    assert "s3://amzn-s3-demo-bucket/x" in html


def test_a_plain_form_post_returns_the_whole_page_with_the_result(client):
    response = client.post(
        "/tools/s3-uri/", {"bucket": "amzn-s3-demo-bucket", "key": "k", "region": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html and "https://amzn-s3-demo-bucket.s3.us-east-1.amazonaws.com/k" in html
    assert response["Cache-Control"] == "no-store"


def test_an_htmx_post_returns_only_the_result_partial(client):
    response = client.post(
        "/tools/s3-uri/",
        {"bucket": "amzn-s3-demo-bucket", "prefix": "w0"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "<html" not in html and "<form" not in html
    assert "arn:aws:s3:::amzn-s3-demo-bucket" in html


def test_errors_link_to_their_field_and_mark_it_invalid(client):
    html = client.post("/tools/s3-uri/", {"bucket": "Bad Name!"}).content.decode()
    assert 'href="#tool-bucket"' in html
    assert 'aria-invalid="true"' in html
    assert 'role="alert"' in html


def test_a_hostile_prefix_is_not_echoed(client):
    html = client.post(
        "/tools/s3-uri/",
        {"bucket": "x", "prefix": '"><script>alert(1)</script>'},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "<script>" not in html and 'href="#tool-bucket"' in html


def test_htmx_posts_need_the_csrf_header_and_pass_with_it(client):
    strict = Client(enforce_csrf_checks=True)
    page = strict.get("/tools/s3-uri/").content.decode()
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    data = {"bucket": "amzn-s3-demo-bucket"}
    without = strict.post("/tools/s3-uri/", data, headers={"HX-Request": "true"})
    assert without.status_code == 403
    with_header = strict.post(
        "/tools/s3-uri/", data, headers={"HX-Request": "true", "X-CSRFToken": token}
    )
    assert with_header.status_code == 200


def test_other_methods_are_refused(client):
    assert client.put("/tools/s3-uri/").status_code == 405
    assert client.get("/tools/nope/").status_code == 404
