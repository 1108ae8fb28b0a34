"""Tool pages and the htmx round trip of a widget, through the Django test client."""

from __future__ import annotations

import pytest
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


DATA = {"bucket": "amzn-s3-demo-bucket"}


class TestCsrfOnSharedPages:
    """Tool pages are shared by every visitor, so their forms carry no token: a post from
    our own origin (as the browser says) passes, anything else needs the usual token."""

    def test_the_page_carries_no_token_and_sets_no_cookie(self):
        response = Client(enforce_csrf_checks=True).get("/tools/s3-uri/")
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert "X-CSRFToken" not in response.content.decode()
        assert not response.cookies

    @pytest.mark.parametrize(
        "headers",
        [
            {"Sec-Fetch-Site": "same-origin"},
            {"Origin": "http://testserver"},
            {"Sec-Fetch-Site": "same-origin", "HX-Request": "true"},
        ],
    )
    def test_a_post_from_our_own_origin_passes(self, headers):
        response = Client(enforce_csrf_checks=True).post("/tools/s3-uri/", DATA, headers=headers)
        assert response.status_code == 200

    @pytest.mark.parametrize(
        "headers",
        [
            {},
            {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
            {"Sec-Fetch-Site": "same-site", "Origin": "https://sub.testserver"},
            {"Origin": "https://evil.example"},
            {"Origin": "null"},
            {"HX-Request": "true"},
        ],
    )
    def test_any_other_post_needs_the_token(self, headers):
        strict = Client(enforce_csrf_checks=True)
        assert strict.post("/tools/s3-uri/", DATA, headers=headers).status_code == 403
        strict.get("/progress/chapter/s3-addressing/")  # a page with a form sets the cookie
        token = strict.cookies["csrftoken"].value
        with_token = strict.post("/tools/s3-uri/", DATA, headers={**headers, "X-CSRFToken": token})
        assert with_token.status_code == (403 if "Origin" in headers else 200)


def test_other_methods_are_refused(client):
    assert client.put("/tools/s3-uri/").status_code == 405
    assert client.get("/tools/nope/").status_code == 404
