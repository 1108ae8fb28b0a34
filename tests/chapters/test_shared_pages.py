"""Reading pages shared by every anonymous visitor (studysite/shared_pages/, issue 14):
the same bytes for everyone, no cookie, compressed once, a strong ETag answered by 304,
and a signed-in reader's page that differs only in the header's account links."""

from __future__ import annotations

import gzip
import re

import brotli
import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from studysite import shared_pages
from studysite.shared_pages import etag_matches, negotiate

BROWSER = {"Accept-Encoding": "gzip, deflate, br"}
NAV = re.compile(r'<nav class="account-nav".*?</nav>', re.S)


@pytest.fixture(autouse=True)
def _nothing_kept():
    shared_pages.clear()
    yield
    shared_pages.clear()


@pytest.fixture
def chapter(write_note):
    write_note(
        "s3-buckets.md",
        """
        ## Naming rules {#naming}

        Bucket names are globally unique.

        ::: widget bucket-name
            name: My_Bucket
        """,
        title="S3 buckets",
    )
    return "/notes/s3-buckets/"


def decoded(response) -> bytes:
    coding = response.get("Content-Encoding", "identity")
    if coding == "br":
        return brotli.decompress(response.content)
    if coding == "gzip":
        return gzip.decompress(response.content)
    return response.content


class TestAnonymousChapter:
    def test_sets_no_cookie_and_carries_no_token(self, chapter):
        response = Client(enforce_csrf_checks=True).get(chapter, headers=BROWSER)
        assert response.status_code == 200
        assert not response.cookies
        assert "Set-Cookie" not in response
        page = decoded(response).decode()
        assert "csrfmiddlewaretoken" not in page and "X-CSRFToken" not in page

    def test_two_visitors_get_identical_bytes(self, chapter):
        first = Client().get(chapter, headers=BROWSER)
        second = Client().get(chapter, headers=BROWSER)
        assert first.content == second.content
        assert first["ETag"] == second["ETag"]

    def test_its_etag_gives_a_304(self, chapter):
        visitor = Client()
        first = visitor.get(chapter, headers=BROWSER)
        etag = first["ETag"]
        assert re.fullmatch(r'"[0-9a-f]{32}-br"', etag)  # strong, one per encoding
        again = visitor.get(chapter, headers={**BROWSER, "If-None-Match": etag})
        assert again.status_code == 304
        assert again.content == b""
        assert again["ETag"] == etag
        assert again["Cache-Control"] == first["Cache-Control"]
        assert not again.cookies
        stale = visitor.get(chapter, headers={**BROWSER, "If-None-Match": '"other"'})
        assert stale.status_code == 200

    def test_br_and_gzip_bodies_decompress_to_the_same_page(self, chapter):
        plain = Client().get(chapter)
        assert "Content-Encoding" not in plain
        br = Client().get(chapter, headers=BROWSER)
        gz = Client().get(chapter, headers={"Accept-Encoding": "gzip, deflate"})
        assert br["Content-Encoding"] == "br" and gz["Content-Encoding"] == "gzip"
        assert decoded(br) == decoded(gz) == plain.content
        assert len(br.content) < len(gz.content) < len(plain.content)
        assert int(br["Content-Length"]) == len(br.content)
        tags = {plain["ETag"], br["ETag"], gz["ETag"]}
        assert len(tags) == 3  # a strong validator differs per content coding

    def test_is_compressed_once_per_content_version(self, chapter, monkeypatch):
        Client().get(chapter, headers=BROWSER)
        monkeypatch.setattr(brotli, "compress", lambda *a, **k: pytest.fail("compressed"))
        for _ in range(3):
            assert Client().get(chapter, headers=BROWSER).status_code == 200

    def test_a_changed_note_changes_the_etag(self, chapter, write_note):
        from studysite.chapters.loader import reset_library

        before = Client().get(chapter, headers=BROWSER)
        write_note("s3-buckets.md", "## Naming rules {#naming}\n\nChanged.\n", title="S3 buckets")
        reset_library()  # a deploy with new notes starts new processes
        after = Client().get(chapter, headers={**BROWSER, "If-None-Match": before["ETag"]})
        assert after.status_code == 200
        assert after["ETag"] != before["ETag"]
        assert "Changed." in decoded(after).decode()

    def test_headers_let_a_shared_cache_keep_it_briefly(self, chapter):
        response = Client().get(chapter, headers=BROWSER)
        assert response["Cache-Control"] == "public, max-age=0, s-maxage=60, must-revalidate"
        # The bytes change with the encoding and with signing in (the account links).
        assert response["Vary"] == "Accept-Encoding, Cookie"

    def test_a_visitor_with_cookies_still_gets_the_shared_page(self, chapter):
        anonymous = Client().get(chapter, headers=BROWSER)
        other = Client()
        other.cookies["csrftoken"] = "x" * 32
        other.cookies["theme"] = "dark"
        response = other.get(chapter, headers=BROWSER)
        assert response.content == anonymous.content
        assert not response.cookies


@pytest.mark.django_db
class TestSignedInChapter:
    @pytest.fixture
    def reader(self):
        user = get_user_model().objects.create_user("reader-one", password="x-long-pass-42")
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        return client

    def test_is_rendered_for_the_reader_and_private(self, chapter, reader):
        response = reader.get(chapter, headers=BROWSER)
        page = decoded(response).decode()
        assert response["Cache-Control"] == "private, no-cache"
        assert "reader-one" in NAV.search(page).group(0) and "Log out" in page
        assert "reader-one" not in decoded(Client().get(chapter, headers=BROWSER)).decode()

    def test_follows_the_account_after_half_a_minute(self, chapter, reader, monkeypatch):
        import time

        reader.get(chapter)  # sets the CSRF cookie, as logging in does
        assert "reader-one" in decoded(reader.get(chapter, headers=BROWSER)).decode()
        get_user_model().objects.filter(username="reader-one").update(username="reader-new")
        assert "reader-one" in decoded(reader.get(chapter, headers=BROWSER)).decode()  # kept
        later = time.monotonic() + shared_pages.PERSONAL_TTL + 1
        monkeypatch.setattr(time, "monotonic", lambda: later)
        assert "reader-new" in decoded(reader.get(chapter, headers=BROWSER)).decode()

    def test_its_log_out_form_works_without_javascript(self, chapter, reader):
        page = decoded(reader.get(chapter, headers=BROWSER)).decode()
        nav = NAV.search(page).group(0)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', nav).group(1)
        response = reader.post("/accounts/logout/", {"csrfmiddlewaretoken": token})
        assert response.status_code == 302
        assert "Log in" in decoded(reader.get(chapter, headers=BROWSER)).decode()

    def test_is_kept_per_reader_and_revalidates(self, chapter, reader):
        reader.get(chapter, headers=BROWSER)  # sets the CSRF cookie, as logging in does
        first = reader.get(chapter, headers=BROWSER)
        second = reader.get(chapter, headers=BROWSER)
        assert first.content == second.content
        again = reader.get(chapter, headers={**BROWSER, "If-None-Match": first["ETag"]})
        assert again.status_code == 304


def test_home_for_a_new_visitor_is_shared_and_a_readers_is_their_own(client, chapter, db):
    anonymous = Client().get("/", headers=BROWSER)
    assert not anonymous.cookies and anonymous["Cache-Control"].startswith("public")
    client.post("/progress/chapter/s3-buckets/", {"read": "1"})
    mine = client.get("/", headers=BROWSER)
    assert mine["Cache-Control"] == "private, no-cache"
    assert '<span class="tag">Read</span>' in decoded(mine).decode()
    assert Client().get("/", headers=BROWSER).content == anonymous.content


@pytest.mark.parametrize("path", ["/tools/", "/tools/bucket-name/", "/tools/sigv4/"])
def test_tool_pages_are_shared_too(path):
    first = Client().get(path, headers=BROWSER)
    assert first.status_code == 200 and not first.cookies
    assert "csrfmiddlewaretoken" not in decoded(first).decode()
    assert Client().get(path, headers={**BROWSER, "If-None-Match": first["ETag"]}).status_code in {
        304,
        200,  # the signer without a timestamp follows the clock: another second, a new page
    }


def test_the_openapi_document_varies_only_on_encoding():
    response = Client().get("/api/openapi.json", headers=BROWSER)
    assert response["Vary"] == "Accept-Encoding"
    assert response["Content-Type"] == "application/json"
    assert b'"openapi": "3.1.0"' in decoded(response)


@pytest.mark.parametrize(
    ("header", "coding"),
    [
        ("gzip, deflate, br", "br"),
        ("gzip, deflate, br, zstd", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("br;q=0.5, gzip;q=0.8", "gzip"),
        ("*", "br"),
        ("identity", "identity"),
        ("", "identity"),
        ("gzip;q=0, br;q=0", "identity"),
        ("gzip;q=nonsense", "identity"),
    ],
)
def test_negotiates_the_encoding(header, coding):
    assert negotiate(header) == coding


def test_if_none_match_uses_the_weak_comparison():
    assert etag_matches('W/"abc-br"', '"abc-br"')
    assert etag_matches('"x", "abc-br"', '"abc-br"')
    assert etag_matches("*", '"abc-br"')
    assert not etag_matches('"abc-gz"', '"abc-br"')
    assert not etag_matches("", '"abc-br"')


def test_a_page_that_follows_the_clock_keeps_one_entry(monkeypatch):
    import time

    now = [1_000_000.0]
    monkeypatch.setattr(time, "time", lambda: now[0])
    first = Client().get("/tools/sigv4/", headers=BROWSER)
    assert first["Cache-Control"] == "public, max-age=0, s-maxage=1, must-revalidate"
    same_second = Client().get("/tools/sigv4/", headers=BROWSER)
    assert same_second.content == first.content
    for _ in range(3):
        now[0] += 1
        Client().get("/tools/sigv4/", headers=BROWSER)
    assert len(shared_pages.pages._SHARED.items) == 1


@pytest.mark.django_db
def test_a_signed_in_readers_kept_page_costs_no_query(chapter, django_assert_num_queries):
    user = get_user_model().objects.create_user("reader-two", password="x-long-pass-42")
    reader = Client()
    reader.force_login(user)
    reader.get(chapter)  # sets the CSRF cookie, as logging in does
    first = reader.get(chapter, headers=BROWSER)
    with django_assert_num_queries(0):
        again = reader.get(chapter, headers=BROWSER)
    assert again.content == first.content
    assert "reader-two" in decoded(again).decode()


def test_a_kept_page_never_shows_one_visitors_query_string_or_headers(chapter):
    first = Client().get(
        chapter + "?q=%3Cb%3Eecho%3C/b%3E",
        headers={**BROWSER, "Referer": "https://evil.example/", "User-Agent": "echo-agent"},
    )
    page = decoded(first).decode()
    assert "echo" not in page and "evil.example" not in page
    assert Client().get(chapter, headers=BROWSER).content == first.content
