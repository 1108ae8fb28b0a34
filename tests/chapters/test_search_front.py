"""A new search from a visitor without cookies, answered in front of Django's middleware
(views.search_front through shared_pages.FrontCache, issue 14): the same status, headers
and bytes as Django's own answer, for many queries; anything it cannot prove the same
goes to Django."""

from __future__ import annotations

import io
import sys
from urllib.parse import urlencode

import brotli
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.http import QueryDict

from studysite import shared_pages
from studysite.chapters import views
from studysite.chapters.loader import reset_library
from studysite.shared_pages import FrontCache

from .conftest import HOSTILE

# Django closes database connections after each request it answers; nothing is kept from
# another test (tests/chapters/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("nothing_kept")]

QUERIES = [
    "bucket",
    "versioned object",
    "buckte",  # corrected
    "versoined objcet",
    '"every version"',
    '"version every" bucket',  # no hits
    "zebra",
    "b",
    "s3",
    *HOSTILE,
    "bucket " + "x" * 5000,
    "lifecycle",
    "lifecycel glaicer",
    "   ",
]
QUERY_STRINGS = [
    *(urlencode({"q": q}) for q in QUERIES),
    "q=lifecycle&page=2",
    "q=lifecycle&page=3",
    "q=lifecycle&page=x",
    "q=lifecycle&page=-4",
    "q=bucket&q=other",
    "q=%ff%fe+bucket",  # not UTF-8
    "q=bucket;x=1",
    "q=bucket&more=1",
    "q=",
    "",
    "x=1",
]
ENCODINGS = ["gzip, deflate, br", "gzip", "identity", "br;q=0, gzip;q=0"]


@pytest.fixture
def notes(bucket_note, write_note):
    """The chapter of tests/chapters/conftest.py, and one with 45 sections."""
    sections = "".join(
        f"\n## Lifecycle rule {n} {{#rule-{n}}}\n\nA lifecycle rule moves objects to "
        f"Glacier after {n} days.\n"
        for n in range(45)
    )
    write_note("lifecycle.md", sections, title="Lifecycle", order=20)


class Django:
    """Django's WSGI handler, counting the requests it answers."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.handler(environ, start_response)


def call(app, query="", method="GET", path="/search/", **headers):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
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
        sent["status"], sent["headers"] = status, response_headers

    result = app(environ, start_response)
    body = b"".join(result)
    if hasattr(result, "close"):
        result.close()
    names = [name.lower() for name, _ in sent["headers"]]
    assert len(names) == len(set(names)), sent["headers"]
    return sent["status"], sorted((n.lower(), v) for n, v in sent["headers"]), body


@pytest.fixture
def django():
    return Django()


@pytest.fixture
def front(django):
    app = FrontCache(django)
    # Django answers the first search (and makes the shell), once per method.
    call(app, "q=versioning")
    call(app, "q=versioning", "HEAD")
    assert django.calls == 2
    django.calls = 0
    return app


def test_new_searches_are_answered_in_front_of_django_exactly_as_django_does(notes, front, django):
    compared = 0
    for query in QUERY_STRINGS:
        for encoding in ENCODINGS:
            for method in ("GET", "HEAD"):
                shared_pages.pages._QUERIES.clear()  # built anew, as a new query is
                before = django.calls
                fast = call(front, query, method, accept_encoding=encoding)
                in_front = django.calls == before
                shared_pages.pages._QUERIES.clear()
                slow = call(django, query, method, accept_encoding=encoding)
                if method == "HEAD":  # no body goes on the wire (RFC 9110; gunicorn drops it)
                    fast, slow = (*fast[:2], b""), (*slow[:2], b"")
                assert fast == slow, (query, encoding, method)
                # Only an empty query goes to Django (its page is the template's).
                assert in_front == bool(views.search_inputs(QueryDict(query))[0]), query
                compared += 1
    assert compared == len(QUERY_STRINGS) * len(ENCODINGS) * 2


def test_the_page_built_in_front_is_the_search_page_with_its_hits(notes, front, django):
    status, headers, body = call(front, urlencode({"q": "bucket"}))
    assert status.startswith("200") and django.calls == 0
    page = brotli.decompress(body).decode()
    assert '<a href="/notes/s3-buckets/?h=bucket#naming">Naming rules</a>' in page
    assert dict(headers)["cache-control"] == shared_pages.SHARED_CACHE_CONTROL
    assert dict(headers)["vary"] == "Accept-Encoding, Cookie, HX-Request"
    assert "content-security-policy" in dict(headers)
    assert "set-cookie" not in dict(headers)


@pytest.mark.parametrize(
    ("headers", "method"),
    [
        ({"cookie": "sessionid=abc"}, "GET"),
        ({"cookie": "csrftoken=abc"}, "GET"),  # Django would replace a bad token
        ({"cookie": "messages=abc"}, "GET"),
        ({"hx-request": "true"}, "GET"),
        ({"if-none-match": '"abc-br"'}, "GET"),
        ({"host": "evil.example"}, "GET"),  # Django refuses the host
        ({}, "POST"),
        ({}, "OPTIONS"),
    ],
)
def test_what_it_cannot_prove_the_same_goes_to_django(notes, front, django, headers, method):
    shared_pages.pages._QUERIES.clear()
    status, sent, _ = call(front, "q=bucket", method, **headers)
    assert django.calls == 1
    shared_pages.pages._QUERIES.clear()
    again, expected, _ = call(django, "q=bucket", method, **headers)
    # (a new CSRF cookie's value differs each time)
    assert (status, [n for n, _ in sent]) == (again, [n for n, _ in expected])


def test_other_paths_are_not_answered_as_search(notes, front, django):
    call(front, "q=bucket", path="/search")
    call(front, "q=bucket", path="/notes/s3-buckets/")
    assert django.calls == 2


def test_a_new_notes_library_goes_to_django_first(notes, front, django, write_note):
    write_note("s3-buckets.md", "## Naming rules {#naming}\n\nChanged bucket.\n", title="S3")
    reset_library()
    _, _, body = call(front, "q=changed")
    assert django.calls == 1  # its shell is made for the new library by Django
    assert b"Changed" in brotli.decompress(body)
    call(front, "q=bucket")
    assert django.calls == 1


def test_nothing_is_answered_in_front_in_debug(notes, django, settings):
    settings.DEBUG = True
    app = FrontCache(django)
    call(app, "q=bucket")
    call(app, "q=versioned")
    assert django.calls == 2
