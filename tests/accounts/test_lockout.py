"""django-axes: N failures per username + client IP lock that pair out, with a clear page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
URL = "/accounts/login/"
WRONG = "wrong-password-1"


def login(client, username="learner", password=None, ip="10.0.0.1", **headers):
    password = WRONG if password is None else password
    return client.post(URL, {"username": username, "password": password}, REMOTE_ADDR=ip, **headers)


def test_settings_are_as_documented():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_the_fifth_failure_locks_out_with_a_clear_page(client, user):
    for _ in range(4):
        assert login(client).status_code == 400
    response = login(client)
    assert response.status_code == 429
    html = response.content.decode()
    assert "<h1>Too many attempts</h1>" in html
    assert "Try again in 15 minutes." in html
    assert 'href="/accounts/password/reset/"' in html
    assert "<html" in html and 'class="site-header"' in html  # a site page, not bare text
    assert 880 <= int(response["Retry-After"]) <= 900
    assert response["Cache-Control"] == "no-store"


def test_while_locked_out_even_the_right_password_is_refused(client, user):
    for _ in range(5):
        login(client)
    response = login(client, password=PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Tries during the lockout neither count nor extend it.
    assert AccessAttempt.objects.get().failures_since_start == 5


def test_the_message_counts_down(client, user):
    for _ in range(5):
        login(client)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=11, seconds=30)
    )
    html = login(client, password=PASSWORD).content.decode()
    assert "Try again in 4 minutes." in html


def test_after_the_cool_off_login_works_again(client, user):
    for _ in range(5):
        login(client)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )
    response = login(client, password=PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_the_lockout_is_per_username_and_ip(client, user):
    for _ in range(5):
        login(client)
    # Another network can still log in to the same account...
    other = Client()
    assert login(other, password=PASSWORD, ip="10.0.0.2").status_code == 302
    # ...and the locked network can still try another username.
    assert login(Client(), username="someone-else").status_code == 400


def test_a_success_resets_the_count(client, user):
    for _ in range(4):
        login(client)
    assert login(client, password=PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(4):
        assert login(client).status_code == 400


def test_force_login_is_not_affected_by_a_lockout(client, user):
    for _ in range(5):
        login(client, ip="127.0.0.1")
    client.force_login(user)
    assert client.get("/accounts/password/change/").status_code == 200


def test_a_spoofed_forwarded_for_does_not_escape_the_lockout(client, user):
    for n in range(5):
        login(client, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    response = login(client, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.0.0.1"}


def test_behind_a_trusted_proxy_the_forwarded_client_is_locked_out(client, user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        login(client, ip="10.9.9.9", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert login(client, ip="10.9.9.9", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    # Another client behind the same proxy is not.
    response = login(
        Client(), password=PASSWORD, ip="10.9.9.9", HTTP_X_FORWARDED_FOR="198.51.100.2"
    )
    assert response.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.1"}
