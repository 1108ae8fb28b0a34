"""Rendering for nobody in particular, and who a session cookie belongs to."""

from __future__ import annotations

import copy
import time
from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, QueryDict
from django.template.loader import render_to_string

from .body import _Lru


def no_token() -> str:
    """A ``csrf_token`` for which {% csrf_token %} renders nothing: "" (which Django warns
    about only in DEBUG) or, in DEBUG, Django's own "NOTPROVIDED" (whose only warning,
    a deprecation of format_html(""), is gone in Django 6.0 and hidden by default)."""
    return "NOTPROVIDED" if settings.DEBUG else ""


# What of the request a shared page may see besides its path: the server's own values,
# the host and the scheme. No cookie, no header a visitor chooses (a page kept for
# everyone must never echo one visitor's input), and no query string unless the page is
# kept per query.
_VISIBLE_HEADERS = {"HTTP_HOST", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST"}


def anonymous_copy(request: HttpRequest, *, keep_query: bool = False) -> HttpRequest:
    """The request as a visitor with no cookies would send it: no user, an empty session
    that is never saved, no CSRF cookie, none of the visitor's other headers. Rendering
    with it cannot touch the real visitor's session or cookies, nor show their input."""
    anonymous = copy.copy(request)
    anonymous.META = {
        key: value
        for key, value in request.META.items()
        if (not key.startswith(("HTTP_", "CSRF_")) or key in _VISIBLE_HEADERS)
        and (keep_query or key != "QUERY_STRING")
    }
    if not keep_query:
        anonymous.GET = QueryDict()
    anonymous.COOKIES = {}
    anonymous.user = AnonymousUser()  # type: ignore[attr-defined]
    anonymous.session = import_module(settings.SESSION_ENGINE).SessionStore()  # type: ignore[attr-defined]
    for memo in ("_progress_read", "_progress_due_count"):
        anonymous.__dict__.pop(memo, None)
    return anonymous


def render_anonymous(
    request: HttpRequest, template: str, context: dict[str, object], *, keep_query: bool = False
) -> str:
    """``template`` as every anonymous visitor gets it: no CSRF token anywhere (forms
    that need one live on their own pages), and ``shared_page`` set for _base.html."""
    return render_to_string(
        template,
        {**context, "csrf_token": no_token(), "shared_page": True},
        request=anonymous_copy(request, keep_query=keep_query),
    )


# Who a session cookie belongs to, remembered for a few seconds, so that a signed-in
# reader's kept page costs no query: (user id, username), or None for an anonymous
# session. Logging out gives the browser a new session cookie at once; a session ended
# elsewhere (a password change on another device) is noticed within SESSION_RECHECK.
_SESSIONS = _Lru(4096)
SESSION_RECHECK = 30.0


def reader(request: HttpRequest) -> tuple[object, str] | None:
    """The signed-in reader as (user id, username), or None; a visitor without a session
    cookie costs nothing, one with a session at most one lookup per SESSION_RECHECK."""
    cookie = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not cookie:
        return None
    now = time.monotonic()
    remembered = None if settings.DEBUG else _SESSIONS.get(cookie)
    if remembered is not None and now - remembered[1] < SESSION_RECHECK:
        return remembered[0]
    user = getattr(request, "user", None)
    who = (user.pk, user.get_username()) if user is not None and user.is_authenticated else None
    _SESSIONS.put(cookie, (who, now))
    return who


def signed_in(request: HttpRequest) -> bool:
    """Whether the visitor is signed in (see :func:`reader`)."""
    return reader(request) is not None
