"""Sign-up: the happy path, every kind of rejected input, and what follows it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from studysite.quiz.cards import question_ref
from studysite.quiz.models import Answer

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
URL = "/accounts/signup/"
User = get_user_model()


def signup(client, username="newbie", password=PASSWORD, password2=None, **extra):
    data = {
        "username": username,
        "password1": password,
        "password2": password if password2 is None else password2,
        **extra,
    }
    return client.post(URL, data)


def test_the_form_is_accessible_and_protected(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    )
    html = response.content.decode()
    assert "csrfmiddlewaretoken" in html
    for name in ("username", "email", "password1", "password2"):
        assert f'<label for="id_{name}">' in html
        assert re.search(rf'<input[^>]+name="{name}"[^>]+maxlength="\d+"', html), name
    assert 'maxlength="1024"' in html and 'maxlength="254"' in html
    assert "(optional)" in html  # the email
    assert 'aria-describedby="id_password1_helptext"' in html
    assert " style=" not in html and "<script>" not in html


WELCOME = "/accounts/welcome/"


def test_signup_creates_the_user_and_signs_them_in(client):
    response = signup(client, email="New@EXAMPLE.com")
    assert response.status_code == 302
    assert response["Location"] == WELCOME
    user = User.objects.get(username="newbie")
    assert user.email == "New@example.com"  # domain normalised
    assert user.check_password(PASSWORD)
    assert not user.is_staff and not user.is_superuser
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.get("/accounts/password/change/").status_code == 200


def test_email_is_optional(client):
    assert signup(client).status_code == 302
    assert User.objects.get().email == ""


def test_signup_follows_a_local_next_from_the_welcome_page(client):
    response = signup(client, next="/quiz/chapter/s3-basics/")
    assert response["Location"] == WELCOME
    html = client.get(WELCOME).content.decode()
    assert '<a href="/quiz/chapter/s3-basics/">Carry on where you were</a>' in html


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "http://testserver.evil.example/",
        "javascript:alert(1)",
        "https:///evil.example",
        "/" + "a" * 5000,
    ],
)
def test_signup_refuses_to_redirect_elsewhere(client, target):
    response = signup(client, next=target)
    assert response.status_code == 302
    assert response["Location"] == WELCOME
    html = client.get(WELCOME).content.decode()
    assert "Carry on where you were" not in html and "evil" not in html


def test_a_signed_in_visitor_is_sent_on(client, user):
    client.force_login(user)
    assert client.get(URL)["Location"] == "/"
    assert client.get(URL + "?next=/history/")["Location"] == "/history/"


# Not URLs: redirect() tried them as view names and answered 500 (issue 22, finding 2).
NOT_URLS = [
    "foo",
    "{{7*7}}",
    "<!--",
    "accounts:login",
    "home",
    "/ok\r\nSet-Cookie: x=1",
    "/a\x00b",
    "\\evil.example",
    " /history/",
    "%2F%2Fevil.example",
]


@pytest.mark.parametrize("target", NOT_URLS)
def test_a_signed_in_visitor_with_a_next_that_is_no_url_goes_home(client, user, target):
    client.force_login(user)
    response = client.get(URL, {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("target", NOT_URLS)
def test_sign_up_with_a_next_that_is_no_url_signs_in_and_welcomes(client, target):
    response = signup(client, next=target)
    assert response.status_code == 302 and response["Location"] == WELCOME
    assert int(client.session["_auth_user_id"]) == User.objects.get(username="newbie").pk
    page = client.get(WELCOME)
    assert page.status_code == 200
    assert "Welcome, newbie" in page.content.decode()
    assert "Carry on where you were" not in page.content.decode()


def test_the_welcome_page_needs_an_account(client):
    assert client.get(WELCOME)["Location"] == URL


def test_a_too_common_password_is_reported_on_the_password_field_and_focused(client):
    response = signup(client, password="password123")
    assert_field_error(response, "password1", "too common")
    html = response.content.decode()
    assert 'id="id_password2_error"' not in html  # the confirmation matched: no error there
    assert re.search(r'<input[^>]+name="password1"[^>]+autofocus', html), html
    assert not re.search(r'<input[^>]+name="username"[^>]+autofocus', html)


def test_focus_goes_to_the_first_invalid_field(client, user):
    response = signup(client, username="learner", password2="something-else-9x")
    html = response.content.decode()
    assert re.search(r'<input[^>]+name="username"[^>]+autofocus', html)
    assert html.count("autofocus") == 1
    response = signup(client, username="fresh", email="nope", password2="something-else-9x")
    html = response.content.decode()
    assert re.search(r'<input[^>]+name="email"[^>]+autofocus', html)
    assert html.count("autofocus") == 1


def assert_field_error(response, field: str, text: str) -> None:
    assert response.status_code == 400
    html = response.content.decode()
    assert text in html, html
    # The error is tied to its input, and the summary links to it.
    assert re.search(rf'<input[^>]+aria-invalid="true"[^>]+id="id_{field}"', html) or re.search(
        rf'<input[^>]+id="id_{field}"[^>]+aria-invalid="true"', html
    ), html
    assert f'id="id_{field}_error"' in html
    assert re.search(rf'aria-describedby="[^"]*id_{field}_error', html)
    assert f'href="#id_{field}"' in html
    assert 'role="alert"' in html


def test_mismatched_passwords(client):
    response = signup(client, password2="something-else-entirely-9")
    assert_field_error(response, "password2", "didn’t match")
    assert not User.objects.exists()
    assert "_auth_user_id" not in client.session


def test_duplicate_username_in_any_case(client, user):
    response = signup(client, username="LEARNER")
    assert_field_error(response, "username", "A user with that username already exists.")
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "too short"),
        ("password123", "too common"),
        ("83749218374612", "entirely numeric"),
        ("newbie12", "too similar"),
    ],
)
def test_weak_passwords_are_refused(client, password, message):
    response = signup(client, password=password)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"username": "x" * 151}, "username"),
        ({"username": "has space"}, "username"),
        ({"username": "bad\x00name"}, "username"),
        ({"username": ""}, "username"),
        ({"username": "<script>alert(1)</script>"}, "username"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "a@" + "b" * 300 + ".com"}, "email"),
        ({"password1": "p" * 1025, "password2": "p" * 1025}, "password1"),
    ],
)
def test_hostile_input_is_refused_with_a_message(client, data, field):
    response = signup(client, **data)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert "<script>alert" not in html
    assert not User.objects.exists()


def test_unicode_usernames_are_fine(client):
    assert signup(client, username="Łukasz.ß+日本").status_code == 302
    assert User.objects.get().username == "Łukasz.ß+日本"


def test_binary_and_odd_posts_never_500(client):
    for body in (b"\xff\xfe\x00garbage", b"username[]=a&password1=b", b"%%%%"):
        response = client.post(URL, body, content_type="application/x-www-form-urlencoded")
        assert response.status_code == 400
    response = client.post(URL, {"username": ["a", "b"], "password1": [PASSWORD] * 3})
    assert response.status_code == 400
    assert not User.objects.exists()


def test_csrf_is_enforced(user):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(URL, {"username": "x", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 403
    assert not User.objects.filter(username="x").exists()


def test_passwords_are_never_logged(client, caplog):
    caplog.set_level("DEBUG")
    signup(client, password="Very-Secret-Pw-443", password2="Very-Secret-Pw-444")
    signup(client, password="Very-Secret-Pw-443")
    assert "Very-Secret-Pw" not in caplog.text


def test_anonymous_answers_follow_the_visitor_into_their_new_account(client, synced):
    quiz = "/quiz/chapter/s3-basics/"
    assert client.get(quiz).status_code == 200
    response = client.post(quiz, {"question": "s3-one", "version": "1", "option": ["0"]})
    assert response.status_code == 200
    token = client.session["quiz_owner"]
    assert Answer.objects.filter(user=None, session_key=token).count() == 1
    # Someone else's anonymous answer must stay theirs.
    from django.test import Client

    other = Client()
    other.post(quiz, {"question": "s3-one", "version": "1", "option": ["1"]})

    assert signup(client, next=quiz)["Location"] == WELCOME
    welcome = client.get(WELCOME).content.decode()
    assert "what you did before signing up is in it" in welcome
    assert "<li>1 answer</li>" in welcome
    assert f'<a href="{quiz}">Carry on where you were</a>' in welcome
    user = User.objects.get(username="newbie")
    mine = Answer.objects.get(user=user)
    assert (mine.chosen, mine.correct, mine.session_key) == ([0], True, "")
    assert Answer.objects.filter(user=None).count() == 1  # the other visitor's
    assert "quiz_owner" not in client.session
    # The quiz now knows what this account answered: the next question is the other one.
    shown = f'name="question" value="{question_ref("s3-two")}"'
    assert shown in client.get(quiz).content.decode()


def test_without_earlier_answers_the_welcome_says_what_is_kept_from_now_on(client):
    signup(client)
    html = client.get(WELCOME).content.decode()
    assert "From now on your answers" in html and "before signing up" not in html
    assert 'href="/quiz/practice/"' in html and 'href="/review/"' in html
    assert "no email address" in html  # and what that means for a lost password


class TestSignUpLimits:
    """Accounts created per client IP and per email address (issue 22, finding 5)."""

    def test_the_sixth_sign_up_from_one_address_in_an_hour_is_refused(self, client):
        for n in range(5):
            client.post("/accounts/logout/")
            assert signup(client, username=f"user{n}").status_code == 302
        client.post("/accounts/logout/")
        response = signup(client, username="user5")
        assert response.status_code == 429
        html = response.content.decode()
        assert "Too many accounts were created from your network" in html
        assert "Try again in" in html and 'role="alert"' in html
        assert 0 < int(response["Retry-After"]) <= 3600
        assert not User.objects.filter(username="user5").exists()
        assert "_auth_user_id" not in client.session
        # Another network is not affected.
        from django.test import Client

        other = Client(REMOTE_ADDR="203.0.113.9")
        assert signup(other, username="elsewhere").status_code == 302

    def test_refused_and_rejected_sign_ups_do_not_count(self, client):
        for _ in range(8):
            assert signup(client, password2="does-not-match-77").status_code == 400
        assert signup(client).status_code == 302

    def test_one_email_address_from_many_networks_is_limited_too(self):
        from django.test import Client

        for n in range(5):
            c = Client(REMOTE_ADDR=f"198.51.100.{n}")
            assert signup(c, username=f"u{n}", email="Same@Example.com").status_code == 302
        c = Client(REMOTE_ADDR="198.51.100.77")
        response = signup(c, username="u77", email="same@example.com")
        assert response.status_code == 429
        assert not User.objects.filter(username="u77").exists()

    def test_anonymous_answers_stay_with_a_refused_visitor(self, client, synced, settings):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup-client": (0, 3600)}
        quiz = "/quiz/chapter/s3-basics/"
        client.post(quiz, {"question": "s3-one", "version": "1", "option": ["0"]})
        assert signup(client).status_code == 429
        assert Answer.objects.filter(user=None).count() == 1
        assert "quiz_owner" in client.session
