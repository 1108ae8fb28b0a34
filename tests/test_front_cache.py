"""FrontCache (studysite/shared_pages/): kept reading pages answered before Django for
visitors without a session, with the headers Django sent, and only while current."""

from __future__ import annotations

import io
import sys

import brotli
import pytest
from django.core.handlers.wsgi import WSGIHandler

from studysite import shared_pages
from studysite.chapters.loader import reset_library
from studysite.shared_pages import FrontCache

# Django closes database connections after each request it answers.
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nothing_kept():
    shared_pages.clear()
    yield
    shared_pages.clear()


@pytest.fixture
def app():
    return FrontCache(WSGIHandler())


@pytest.fixture
def chapter(write_note):
    write_note("s3-buckets.md", "## Naming rules {#naming}\n\nGlobally unique.\n", title="S3")
    return "/notes/s3-buckets/"


def call(app, path, method="GET", query="", **headers):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "HTTP_ACCEPT_ENCODING": "gzip, deflate, br",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        **{"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()},
    }
    sent = {}

    def start_response(status, response_headers, exc_info=None):
        sent["status"], sent["headers"] = status, dict(response_headers)

    result = app(environ, start_response)
    body = b"".join(result)
    if hasattr(result, "close"):
        result.close()
    return sent["status"], sent["headers"], body


def django_must_not_run(monkeypatch):
    monkeypatch.setattr(WSGIHandler, "get_response", lambda *a: pytest.fail("Django ran"))


def test_a_kept_page_is_answered_before_django_with_the_same_headers(app, chapter, monkeypatch):
    status, first, body = call(app, chapter)
    assert status.startswith("200") and "Content-Security-Policy" in first
    django_must_not_run(monkeypatch)
    status, again, same = call(app, chapter)
    assert status.startswith("200") and same == body
    assert again == first
    assert b"Globally unique" in brotli.decompress(same)


def test_its_etag_gives_a_304_there_too(app, chapter, monkeypatch):
    _, first, _ = call(app, chapter)
    django_must_not_run(monkeypatch)
    status, headers, body = call(app, chapter, if_none_match=first["ETag"])
    assert status.startswith("304") and body == b""
    assert headers["ETag"] == first["ETag"] and headers["Vary"] == first["Vary"]


def test_head_gets_the_headers_without_the_body(app, chapter):
    call(app, chapter, method="HEAD")
    status, headers, body = call(app, chapter, method="HEAD")
    assert status.startswith("200") and body == b"" and int(headers["Content-Length"]) > 0


@pytest.mark.parametrize(
    ("method", "headers"),
    [
        ("GET", {"cookie": "sessionid=abc"}),
        ("GET", {"hx-request": "true"}),
        ("POST", {}),
    ],
)
def test_anything_else_goes_to_django(app, chapter, monkeypatch, method, headers):
    call(app, chapter)
    django_must_not_run(monkeypatch)
    with pytest.raises(pytest.fail.Exception):
        call(app, chapter, method=method, **headers)


def test_a_new_notes_library_is_never_answered_from_the_old_page(app, chapter, write_note):
    call(app, chapter)
    write_note("s3-buckets.md", "## Naming rules {#naming}\n\nChanged.\n", title="S3")
    reset_library()
    _, _, body = call(app, chapter)
    assert b"Changed." in brotli.decompress(body)


@pytest.mark.parametrize("other", [{"host": "localhost"}, {"query": "x=1"}])
def test_other_hosts_and_queries_are_other_pages(app, chapter, monkeypatch, other):
    call(app, chapter)
    django_must_not_run(monkeypatch)
    with pytest.raises(pytest.fail.Exception):
        call(app, chapter, **other)
