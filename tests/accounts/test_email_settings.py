"""Mail goes to the console in development or without an SMTP host; SMTP from the
environment in production."""

from __future__ import annotations

import json

from tests.test_settings import PRODUCTION_ENV, manage

SHOW = (
    "import json; from django.conf import settings as s; print(json.dumps([s.EMAIL_BACKEND,"
    " s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS,"
    " s.DEFAULT_FROM_EMAIL, s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.seconds,"
    " s.TRUSTED_PROXY_COUNT, s.CLIENT_IP_HEADER]))"
)
SMTP = {
    "DJANGO_EMAIL_HOST": "email-smtp.eu-west-1.amazonaws.com",
    "DJANGO_EMAIL_PORT": "2587",
    "DJANGO_EMAIL_HOST_USER": "AKIAEXAMPLE",
    "DJANGO_EMAIL_HOST_PASSWORD": "smtp-secret",
    "DJANGO_EMAIL_USE_TLS": "1",
    "DJANGO_DEFAULT_FROM_EMAIL": "Study <study@example.com>",
}


def settings_in(env: dict[str, str]) -> list:
    result = manage("shell", "-c", SHOW, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_with_smtp_configured():
    values = settings_in({**PRODUCTION_ENV, **SMTP})
    assert values[:7] == [
        "django.core.mail.backends.smtp.EmailBackend",
        "email-smtp.eu-west-1.amazonaws.com",
        2587,
        "AKIAEXAMPLE",
        "smtp-secret",
        True,
        "Study <study@example.com>",
    ]


def test_console_without_an_smtp_host():
    values = settings_in(PRODUCTION_ENV)
    assert values[0] == "django.core.mail.backends.console.EmailBackend"
    assert values[7:] == [5, 900, 0, "X-Forwarded-For"]


def test_console_in_development_even_with_a_host():
    values = settings_in({"DJANGO_DEBUG": "1", **SMTP})
    assert values[0] == "django.core.mail.backends.console.EmailBackend"


def test_lockout_and_proxy_settings_from_the_environment():
    values = settings_in(
        {
            **PRODUCTION_ENV,
            "DJANGO_LOGIN_FAILURE_LIMIT": "3",
            "DJANGO_LOGIN_COOLOFF_MINUTES": "30",
            "DJANGO_TRUSTED_PROXY_COUNT": "2",
            "DJANGO_CLIENT_IP_HEADER": "X-Real-IP",
        }
    )
    assert values[7:] == [3, 1800, 2, "X-Real-IP"]
