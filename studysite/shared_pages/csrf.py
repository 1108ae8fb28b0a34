"""CSRF for forms on shared pages, which carry no token."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt


def _same_origin(request: HttpRequest) -> bool:
    """Whether a browser says this request comes from one of our own pages: Fetch
    Metadata first (https://w3c.github.io/webappsec-fetch-metadata/), else the Origin
    header against this host or DJANGO_CSRF_TRUSTED_ORIGINS."""
    site = request.META.get("HTTP_SEC_FETCH_SITE")
    if site:
        return site == "same-origin"
    origin = request.META.get("HTTP_ORIGIN", "")
    if not origin or origin == "null":
        return False
    own = f"{'https' if request.is_secure() else 'http'}://{request.get_host()}"
    return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS


def _token_checked(request: HttpRequest) -> None:  # the callback Django's check is given
    return None


def same_origin_or_csrf_token(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """CSRF protection for forms on shared pages, which carry no token: a post that a
    browser marks as coming from our own origin passes; any other needs Django's usual
    token (so a cross-site form is refused as before). Only for views that change
    nothing: the widget forms, which compute a result from what was typed."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.method not in {"GET", "HEAD", "OPTIONS", "TRACE"} and not _same_origin(request):
            refused = CsrfViewMiddleware(_token_checked).process_view(
                request, _token_checked, (), {}
            )
            if refused is not None:
                return refused
        return view(request, *args, **kwargs)

    return wrapped
