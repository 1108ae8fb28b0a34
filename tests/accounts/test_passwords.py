"""Password change and the whole reset-by-email flow."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core import mail

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
CHANGE = "/accounts/password/change/"
RESET = "/accounts/password/reset/"
NEW = "brand-new-passphrase-42"


class TestChange:
    def test_needs_a_login(self, client):
        response = client.get(CHANGE)
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/accounts/password/change/"

    def test_change_then_log_in_with_the_new_password(self, client, user):
        client.force_login(user)
        page = client.get(CHANGE).content.decode()
        for name in ("old_password", "new_password1", "new_password2"):
            assert f'<label for="id_{name}">' in page
        response = client.post(
            CHANGE, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
        )
        assert response["Location"] == "/accounts/password/change/done/"
        assert "_auth_user_id" in client.session  # still signed in here
        assert "Password changed" in client.get(response["Location"]).content.decode()
        user.refresh_from_db()
        assert user.check_password(NEW)

    @pytest.mark.parametrize(
        ("data", "field", "text"),
        [
            ({"old_password": "wrong-one-77"}, "old_password", "old password was entered"),
            ({"new_password2": "different-pass-99"}, "new_password2", "didn’t match"),
            ({"new_password1": "123", "new_password2": "123"}, "new_password1", "too short"),
            ({"new_password1": "x" * 2000, "new_password2": "x" * 2000}, "new_password1", "1024"),
        ],
    )
    def test_errors(self, client, user, data, field, text):
        client.force_login(user)
        post = {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW, **data}
        response = client.post(CHANGE, post)
        assert response.status_code == 400
        html = response.content.decode()
        assert text in html
        assert f'id="id_{field}_error"' in html and 'aria-invalid="true"' in html
        user.refresh_from_db()
        assert user.check_password(PASSWORD)


def request_reset(client, email="learner@example.com"):
    return client.post(RESET, {"email": email})


def reset_link() -> str:
    (message,) = mail.outbox
    match = re.search(r"http://testserver(/accounts/password/reset/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


class TestReset:
    def test_the_whole_flow(self, client, user):
        page = client.get(RESET).content.decode()
        assert '<label for="id_email">' in page and 'maxlength="254"' in page
        response = request_reset(client, "LEARNER@example.com")
        assert response["Location"] == "/accounts/password/reset/sent/"
        assert "Check your email" in client.get(response["Location"]).content.decode()

        (message,) = mail.outbox
        assert message.to == ["learner@example.com"]
        assert message.subject == "Reset your password on SAA-C03 Study Notes"
        assert '"learner"' in message.body and "within 24 hours" in message.body
        assert PASSWORD not in message.body

        link = reset_link()
        form_page = client.get(link, follow=True)
        assert form_page.redirect_chain[-1][0].endswith("/set-password/")
        html = form_page.content.decode()
        assert "Choose a new password" in html and "csrfmiddlewaretoken" in html
        done = client.post(
            form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}
        )
        assert done["Location"] == "/accounts/password/reset/done/"
        page = client.get(done["Location"]).content.decode()
        assert 'href="/accounts/login/"' in page
        user.refresh_from_db()
        assert user.check_password(NEW)
        # The link works once.
        again = client.get(link, follow=True).content.decode()
        assert "This link no longer works" in again

    def test_errors_on_the_new_password(self, client, user):
        request_reset(client)
        url = client.get(reset_link(), follow=True).redirect_chain[-1][0]
        response = client.post(url, {"new_password1": NEW, "new_password2": NEW + "x"})
        assert response.status_code == 400
        assert "didn’t match" in response.content.decode()
        response = client.post(url, {"new_password1": "learner1", "new_password2": "learner1"})
        assert response.status_code == 400
        user.refresh_from_db()
        assert user.check_password(PASSWORD)

    def test_no_enumeration(self, client, user):
        known = request_reset(client)
        unknown = request_reset(client, "nobody@example.com")
        assert known.status_code == unknown.status_code == 302
        assert known["Location"] == unknown["Location"]
        assert len(mail.outbox) == 1  # only the real account gets mail
        pages = [client.get(r["Location"]).content.decode() for r in (known, unknown)]
        token = re.compile(r'"X-CSRFToken": "[^"]+"')  # masked differently on every page
        assert token.sub("", pages[0]) == token.sub("", pages[1])

    def test_no_mail_for_inactive_or_passwordless_accounts(self, client, user):
        user.is_active = False
        user.save()
        get_user_model().objects.create_user("sso", email="sso@example.com")  # no password
        assert request_reset(client)["Location"] == "/accounts/password/reset/sent/"
        assert request_reset(client, "sso@example.com")["Location"].endswith("/sent/")
        assert mail.outbox == []

    @pytest.mark.parametrize(
        "email", ["not-an-email", "", "a@" + "b" * 300 + ".com", "x\x00@example.com", "a@b@c"]
    )
    def test_a_malformed_address_is_a_message(self, client, user, email):
        response = request_reset(client, email)
        assert response.status_code == 400
        assert 'id="id_email_error"' in response.content.decode()
        assert mail.outbox == []

    @pytest.mark.parametrize(
        "path",
        [
            "MQ/bad-token/",
            "zzzz/abc-def/",
            "x" * 500 + "/y/",
            "%00/%ff/",
            "999999999999999999999999/abc/",
        ],
    )
    def test_bad_links_show_a_friendly_page(self, client, user, path):
        response = client.get(RESET + path)
        assert response.status_code in (200, 404)
        if response.status_code == 200:
            assert "This link no longer works" in response.content.decode()

    def test_a_reset_lifts_the_login_lockout(self, client, user):
        for _ in range(5):
            client.post("/accounts/login/", {"username": "learner", "password": "nope-nope-1"})
        assert AccessAttempt.objects.exists()
        request_reset(client)
        url = client.get(reset_link(), follow=True).redirect_chain[-1][0]
        client.post(url, {"new_password1": NEW, "new_password2": NEW})
        assert not AccessAttempt.objects.exists()
        response = client.post("/accounts/login/", {"username": "learner", "password": NEW})
        assert response.status_code == 302


class TestResetLimits:
    """Reset mail per address and per client (issue 22, finding 5: 20 requests sent 20)."""

    def test_twenty_requests_for_one_address_send_three_emails(self, client, user):
        responses = [request_reset(client) for _ in range(20)]
        assert len(mail.outbox) == 3
        assert [r.status_code for r in responses[:3]] == [302] * 3
        refused = responses[3:]
        assert {r.status_code for r in refused} == {429}
        html = refused[0].content.decode()
        assert "Too many password-reset emails were asked for that address" in html
        assert "A link sent earlier still works" in html and "Try again in" in html
        assert 0 < int(refused[0]["Retry-After"]) <= 3600

    def test_the_limit_is_the_same_for_unknown_addresses(self, client, user):
        # Refusing only addresses with an account would tell which ones have one.
        statuses = [request_reset(client, "nobody@example.com").status_code for _ in range(4)]
        assert statuses == [302, 302, 302, 429]

    def test_one_client_cannot_mail_many_addresses(self, client, user):
        users = get_user_model().objects
        for n in range(13):
            users.create_user(f"u{n}", email=f"u{n}@example.com", password=PASSWORD)
        statuses = [request_reset(client, f"u{n}@example.com").status_code for n in range(13)]
        assert statuses == [302] * 12 + [429]
        assert len(mail.outbox) == 12
        # Someone else on another network still gets their mail.
        from django.test import Client

        assert request_reset(Client(REMOTE_ADDR="203.0.113.5"))["Location"].endswith("/sent/")

    def test_the_address_is_counted_in_any_case(self, client, user):
        for email in ("learner@example.com", "LEARNER@example.com", "Learner@Example.COM"):
            request_reset(client, email)
        assert request_reset(client).status_code == 429

    def test_the_counters_hold_no_address(self, client, user):
        from studysite.accounts.models import RateCounter

        request_reset(client)
        keys = " ".join(RateCounter.objects.values_list("key", flat=True))
        assert "learner" not in keys and "127.0.0.1" not in keys
