"""Log in, log out, and the safe `next` redirect."""

from __future__ import annotations

import pytest
from django.test import Client

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
URL = "/accounts/login/"


def login(client, username="learner", password=PASSWORD, **extra):
    return client.post(URL, {"username": username, "password": password, **extra})


def test_the_form(client):
    response = client.get(URL + "?next=/notes/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_username">' in html and '<label for="id_password">' in html
    assert 'autocomplete="current-password"' in html and 'maxlength="1024"' in html
    assert '<input type="hidden" name="next" value="/notes/">' in html
    assert 'href="/accounts/password/reset/"' in html and 'href="/accounts/signup/?next=' in html
    assert "csrfmiddlewaretoken" in html


def test_login_and_back_home(client, user):
    response = login(client)
    assert response.status_code == 302 and response["Location"] == "/"
    assert int(client.session["_auth_user_id"]) == user.pk


def test_login_follows_a_local_next(client, user):
    response = login(client, next="/quiz/chapter/s3-basics/?x=1")
    assert response["Location"] == "/quiz/chapter/s3-basics/?x=1"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "http://testserver@evil.example/",
        "javascript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        " https://evil.example",
    ],
)
def test_login_never_redirects_off_site(client, user, target):
    page = client.get(URL, {"next": target}).content.decode()
    assert 'name="next"' not in page  # an unsafe next is not even carried in the form
    response = login(client, next=target)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_wrong_password_says_so_without_saying_which(client, user):
    for username, password in (("learner", "wrong-password-1"), ("nobody", PASSWORD)):
        response = login(client, username, password)
        assert response.status_code == 400
        html = response.content.decode()
        assert "That username and password do not match an account." in html
        assert 'role="alert"' in html and 'aria-describedby="form-errors"' in html
    assert "_auth_user_id" not in client.session


def test_an_inactive_account_cannot_log_in(client, user):
    user.is_active = False
    user.save()
    response = login(client)
    assert response.status_code == 400
    assert "do not match an account" in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"username": "x" * 10_000, "password": "x"},
        {"username": "learner", "password": "p" * 5000},
        {"username": "learn\x00er", "password": PASSWORD},
        {"username": "", "password": ""},
        {"username": ["learner", "other"], "password": [PASSWORD, "x"]},
        {"username": "ﬀ" * 100, "password": "x"},
    ],
)
def test_hostile_login_input(client, user, data):
    response = client.post(URL, data)
    assert response.status_code in (302, 400)
    assert "_auth_user_id" not in client.session


def test_logout_is_post_only(client, user):
    client.force_login(user)
    assert client.get("/accounts/logout/").status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert "_auth_user_id" not in client.session


def test_logout_needs_the_csrf_token(user):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    assert strict.post("/accounts/logout/").status_code == 403
    assert "_auth_user_id" in strict.session


def test_login_needs_the_csrf_token(user):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, {"username": "learner", "password": PASSWORD}).status_code == 403


def test_force_login_still_works_with_axes(client, user):
    """The test suite signs users in with force_login; axes' backend must not stop it."""
    client.force_login(user)
    assert client.get("/accounts/password/change/").status_code == 200


def test_passwords_are_never_logged(client, user, caplog):
    caplog.set_level("DEBUG")
    for _ in range(6):
        login(client, password="Very-Secret-Pw-443")
    assert "Very-Secret-Pw" not in caplog.text
    from axes.models import AccessAttempt

    assert "Very-Secret-Pw" not in AccessAttempt.objects.get().post_data


class TestNav:
    def test_anonymous_sees_log_in_and_sign_up_with_next(self, rf, client):
        from django.contrib.auth.models import AnonymousUser
        from django.template.loader import render_to_string

        request = rf.get("/search/?q=a b")
        request.user = AnonymousUser()
        from django.urls import resolve

        request.resolver_match = resolve("/search/")
        html = render_to_string("accounts/_nav.html", {"user": request.user}, request=request)
        # The path only: a query string may hold what should not travel (a secret typed
        # into a tool's URL), so it is not carried to the login page.
        assert 'href="/accounts/login/?next=/search/"' in html
        assert ">Sign up</a>" in html and "Log out" not in html
        assert '<nav class="account-nav" aria-label="Account">' in html

    def test_signed_in_sees_name_and_a_logout_button(self, rf, user):
        from django.template.loader import render_to_string
        from django.urls import resolve

        user.username = "<b>me</b>"
        request = rf.get("/")
        request.user = user
        request.resolver_match = resolve("/")
        html = render_to_string("accounts/_nav.html", {"user": user}, request=request)
        assert "&lt;b&gt;me&lt;/b&gt;" in html and "<b>me</b>" not in html
        assert 'method="post" action="/accounts/logout/"' in html
        assert "csrfmiddlewaretoken" in html
        assert '<button type="submit" class="link-button">Log out</button>' in html
