"""The page shown when django-axes locks a sign-in out (``AXES_LOCKOUT_CALLABLE``).

Axes' own response is a bare line of text; this one is a site page that says how long to
wait, counted from the last failed attempt, with a ``Retry-After`` header to match.
"""

from __future__ import annotations

import math
from datetime import timedelta

from axes.helpers import get_client_username, get_cool_off, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def remaining(request: HttpRequest, credentials: dict | None) -> timedelta:
    """How long until this username + IP may try again (the whole cool-off if unknown)."""
    cool_off = get_cool_off(request) or timedelta(0)
    attempts = AccessAttempt.objects.all()
    for parameter in get_lockout_parameters(request, credentials):
        names = [parameter] if isinstance(parameter, str) else list(parameter)
        if "username" in names:
            attempts = attempts.filter(username=get_client_username(request, credentials))
        if "ip_address" in names:
            attempts = attempts.filter(ip_address=getattr(request, "axes_ip_address", None))
    last = attempts.order_by("-attempt_time").values_list("attempt_time", flat=True).first()
    if last is None:
        return cool_off
    return max(last + cool_off - timezone.now(), timedelta(0))


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    wait = remaining(request, credentials)
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    response = render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
    response["Retry-After"] = str(max(1, math.ceil(wait.total_seconds())))
    response["Cache-Control"] = "no-store"
    return response
