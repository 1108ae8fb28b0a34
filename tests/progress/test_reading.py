"""Reading progress: the chapter page's placeholder, the toggle, home's bars, owners apart."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.template import engines
from django.test import Client, RequestFactory

from studysite import shared_pages
from studysite.chapters.loader import get_library
from studysite.progress.models import ChapterRead

pytestmark = pytest.mark.django_db
URL = "/progress/chapter/s3-basics/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def notes(synced):
    return synced


def text(response) -> str:
    return response.content.decode()


def mark(client, value: str = "1", **headers):
    return client.post(URL, {"read": value}, **headers)


@pytest.mark.parametrize("debug", [True, False])
def test_the_chapter_page_holds_a_placeholder_without_visitor_state(
    client, notes, make_user, settings, debug
):
    settings.DEBUG = debug
    shared_pages.clear()
    user = make_user()
    client.force_login(user)
    assert mark(client).status_code == 302
    html = text(client.get("/notes/s3-basics/"))
    assert f'hx-get="{URL}" hx-trigger="load"' in html
    assert f'<a href="{URL}">Mark this chapter as read</a>' in html
    # Nothing about this reader's state is baked into the (cached) page.
    assert "Mark as not read" not in html and "You have read" not in html
    assert "style=" not in html
    shared_pages.clear()


def test_the_placeholder_tag_reads_nothing(notes, django_assert_num_queries):
    template = engines["django"].from_string("{% load progress %}{% read_toggle chapter %}")
    chapter = get_library().by_slug["s3-basics"]
    with django_assert_num_queries(0):
        html = template.render({"chapter": chapter})
    assert URL in html


def test_mark_and_unmark_with_htmx(client, notes):
    response = client.get(URL, **HTMX)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    html = text(response)
    assert "<html" not in html and 'id="read-toggle"' in html
    assert 'name="read" value="1"' in html and "Mark this chapter as read" in html
    html = text(mark(client, **HTMX))
    assert 'name="read" value="0"' in html and "You have read this chapter." in html
    assert ChapterRead.objects.count() == 1
    mark(client, **HTMX)  # twice is still once
    assert ChapterRead.objects.count() == 1
    html = text(mark(client, "0", **HTMX))
    assert "Marked as not read." in html and ChapterRead.objects.count() == 0


def test_without_javascript_the_small_page_posts_and_redirects(client, notes):
    page = client.get(URL)
    html = text(page)
    assert page.status_code == 200 and "<h1>Reading progress</h1>" in html
    assert 'action="/progress/chapter/s3-basics/"' in html and "csrfmiddlewaretoken" in html
    response = mark(client)
    assert response.status_code == 302 and response["Location"] == URL + "?changed=1"
    assert "You have read this chapter." in text(client.get(response["Location"]))


@pytest.mark.parametrize("value", ["", "2", "yes", "1" * 100_000, "\x00", "ünï", "-1", "0x1", " 1"])
def test_bad_values_change_nothing(client, notes, value):
    response = mark(client, value)
    assert response.status_code == 400
    assert "That button could not be read; nothing was changed." in text(response)
    response = mark(client, value, **HTMX)
    assert response.status_code == 200 and "could not be read" in text(response)
    assert ChapterRead.objects.count() == 0


def test_binary_and_missing_fields(client, notes):
    response = client.post(URL, b"\xff\xfe\x00read=1", content_type="application/octet-stream")
    assert response.status_code == 400 and ChapterRead.objects.count() == 0
    assert client.post(URL, {"read": ["1", "0"]}).status_code in (302, 400)


@pytest.mark.parametrize("slug", ["nope", "s3-basics-x", "a" * 300])
def test_unknown_chapters_are_404(client, notes, slug):
    assert client.get(f"/progress/chapter/{slug}/").status_code == 404
    assert client.post(f"/progress/chapter/{slug}/", {"read": "1"}).status_code == 404
    assert ChapterRead.objects.count() == 0


def test_csrf_is_required(notes):
    client = Client(enforce_csrf_checks=True)
    assert mark(client).status_code == 403
    assert mark(client, **HTMX).status_code == 403
    assert ChapterRead.objects.count() == 0


def test_other_methods_are_refused(client, notes):
    assert client.put(URL).status_code == 405


def test_owners_apart_and_sign_up_keeps_it(notes, make_user):
    alice, bob = Client(), Client()
    alice.force_login(make_user("alice"))
    bob.force_login(make_user("bob"))
    anon, other_anon = Client(), Client()
    mark(alice)
    mark(anon)
    assert "You have read" in text(alice.get(URL, **HTMX))
    assert "You have read" in text(anon.get(URL, **HTMX))
    assert "You have read" not in text(bob.get(URL, **HTMX))
    assert "You have read" not in text(other_anon.get(URL, **HTMX))
    mark(bob, "0")  # bob un-marking touches nobody else's
    assert ChapterRead.objects.count() == 2
    response = anon.post(
        "/accounts/signup/",
        {
            "username": "carol",
            "password1": "a-long-unusual-passphrase-42",
            "password2": "a-long-unusual-passphrase-42",
        },
    )
    assert response.status_code == 302
    carol = get_user_model().objects.get(username="carol")
    assert ChapterRead.objects.filter(user=carol, chapter="s3-basics").count() == 1
    assert "You have read" in text(anon.get(URL, **HTMX))


def test_home_shows_progress_per_domain(client, notes, make_user):
    client.force_login(make_user())
    html = text(client.get("/"))
    # Domain 1 has both chapters, domain 3 only s3-basics; 2 and 4 have none.
    assert "0 of 2 chapters read" in html and "0 of 1 chapter read" in html
    mark(client)
    html = text(client.get("/"))
    assert "1 of 2 chapters read" in html and "1 of 1 chapter read" in html
    assert '<span class="tag">Read</span>' in html
    assert 'class="read-bar"' in html and "style=" not in html


def test_home_costs_one_query_for_all_domains(notes, make_user, django_assert_num_queries):
    user = make_user()
    ChapterRead.objects.create(user=user, chapter="s3-basics")
    request = RequestFactory().get("/")
    request.user = user
    request.session = {}
    chapters = get_library().chapters
    template = engines["django"].from_string(
        "{% load progress %}{% chapters_read as read %}"
        "{% reading_bar chapters read %}{% reading_bar chapters read %}{% chapters_read as r %}"
    )
    with django_assert_num_queries(1):
        html = template.render({"chapters": chapters, "request": request})
    assert html.count("1 of 2 chapters read") == 2
    # A new anonymous visitor costs nothing.
    request = RequestFactory().get("/")
    request.user = type("Anon", (), {"is_authenticated": False})()
    request.session = {}
    with django_assert_num_queries(0):
        assert "0 of 2" in template.render({"chapters": chapters, "request": request})


def test_sign_in_adopts_and_is_registered():
    from studysite.quiz.ownership import OWNED_MODELS

    assert "progress.ChapterRead" in OWNED_MODELS


def test_the_database_holds_one_row_per_owner_and_chapter(notes, make_user):
    from django.db import IntegrityError, transaction

    user = make_user()
    ChapterRead.objects.create(user=user, chapter="s3-basics")
    ChapterRead.objects.create(session_key="t" * 32, chapter="s3-basics")
    for owner in ({"user": user}, {"session_key": "t" * 32}):
        with pytest.raises(IntegrityError), transaction.atomic():
            ChapterRead.objects.create(**owner, chapter="s3-basics")
    assert ChapterRead.objects.count() == 2


def test_signing_in_with_the_chapter_already_read_keeps_one_row(notes, make_user):
    user = make_user("dora")
    visitor = Client()
    mark(visitor)  # read anonymously ...
    ChapterRead.objects.create(user=user, chapter="s3-basics")  # ... and on the account
    response = visitor.post(
        "/accounts/login/", {"username": "dora", "password": "x-long-password-1"}
    )
    assert response.status_code == 302
    assert ChapterRead.objects.filter(chapter="s3-basics").count() == 1
    assert ChapterRead.objects.get().user == user
    assert "You have read" in text(visitor.get(URL, **HTMX))
