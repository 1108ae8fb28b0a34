"""Shared, personal and per-query pages: kept, compressed and answered (see the package
docstring)."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from .anonymous import _SESSIONS, reader, render_anonymous
from .body import BEST, FAST, QUERY, QUICK, Body, _Lru
from .front import _FRONT, _FRONT_QUERIES, offer_to_front
from .responses import respond

SHARED_CACHE_CONTROL = "public, max-age=0, s-maxage=60, must-revalidate"
# A page that shows the current time (the SigV4 signer without a timestamp) is the same
# for everyone only for the second it shows.
CLOCK_CACHE_CONTROL = "public, max-age=0, s-maxage=1, must-revalidate"
PRIVATE_CACHE_CONTROL = "private, no-cache"
# How long a signed-in reader's kept page is used before it is rendered again, so that
# what the header shows them (their name, the Teams link) follows their account.
PERSONAL_TTL = 30.0
# A signed-in reader's page holds its text and one encoding (~100 KB for the largest
# chapter), so fewer of them are kept.
SHARED_MAX, PERSONAL_MAX, QUERIES_MAX = 512, 256, 256


@dataclass
class Shared:
    """A shared page: its body and, for a page that follows the clock, the second it shows."""

    body: Body
    second: int | None = None


class Same:
    """A key part for an object a page was built from (the library, the question bank):
    equal only to itself, and held, so that its id cannot be reused while it is a key."""

    __slots__ = ("obj",)

    def __init__(self, obj: object) -> None:
        self.obj = obj

    def __hash__(self) -> int:
        return id(self.obj)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.obj is self.obj


# Keys hold the objects a page was built from (the library, the question bank), so an
# entry is never found again once they are replaced, and their ids cannot be reused.
_SHARED = _Lru(SHARED_MAX)
_PERSONAL = _Lru(PERSONAL_MAX)
# Pages named by what a visitor asked (search results, a tool's result from a link):
# kept apart, so that a flood of distinct queries never pushes out the chapters.
_QUERIES = _Lru(QUERIES_MAX)


def clear() -> None:
    """Forget every kept page (tests)."""
    _SHARED.clear()
    _PERSONAL.clear()
    _QUERIES.clear()
    _SESSIONS.clear()
    _FRONT.clear()
    _FRONT_QUERIES.clear()


# Builds an anonymous page from a function rendering (template, context) anonymously.
AnonymousHtml = Callable[[Callable[[str, dict[str, object]], str]], str]


def _shared(
    request: HttpRequest,
    key: Hashable | None,
    template: str,
    context: Callable[[], dict[str, object]],
    quality: tuple[int, int],
    lru: _Lru,
    second: int | None,
    anonymous_html: AnonymousHtml | None = None,
) -> Shared:
    keep = key is not None and not settings.DEBUG
    if keep:
        found = lru.get(key)
        if found is not None and found.second == second:
            return found
    keep_query = lru is _QUERIES

    def render(name: str, values: dict[str, object]) -> str:
        return render_anonymous(request, name, values, keep_query=keep_query)

    html = anonymous_html(render) if anonymous_html else render(template, context())
    shared = Shared(body=Body(html.encode(), quality=quality if keep else FAST), second=second)
    if keep:
        lru.put(key, shared)
    return shared


def _personal(
    request: HttpRequest,
    who: tuple[object, str],
    key: Hashable | None,
    second: int | None,
    template: str,
    context: Callable[[], dict[str, object]],
) -> Body:
    """The signed-in reader's page, rendered for them (their name and log-out form, and
    whatever else the header shows a member), kept per user and CSRF secret (the forms
    carry tokens made from it) for PERSONAL_TTL seconds, compressed once."""
    secret = request.META.get("CSRF_COOKIE")
    personal_key = None
    now = time.monotonic()
    if key is not None and secret and not settings.DEBUG:
        personal_key = (key, second, *who, secret)
        found = _PERSONAL.get(personal_key)
        if found is not None and now - found[1] < PERSONAL_TTL:
            return found[0]
    html = render_to_string(template, context(), request=request)
    body = Body(html.encode(), quality=QUICK if personal_key is not None else FAST)
    if personal_key is not None:
        _PERSONAL.put(personal_key, (body, now))
    return body


def shared_response(
    request: HttpRequest,
    *,
    key: Hashable | None,
    template: str,
    context: Callable[[], dict[str, object]],
    vary: Iterable[str] = (),
    follows_clock: bool = False,
    per_query: bool = False,
    current: Callable[[], bool] | None = None,
    anonymous_html: AnonymousHtml | None = None,
) -> HttpResponse:
    """A page that is the same for every anonymous visitor (see the package docstring).

    ``key`` names one content version of the page (``None``: build it each time, e.g.
    search results); ``context`` is called only when the page is built. A page that
    ``follows_clock`` is kept for the second it shows, compressed quickly; one named by
    what the visitor asked (``per_query``) is kept among the last few hundred such pages,
    compressed fast. The bytes differ by sign-in (the header), hence ``Vary: Cookie``.
    ``current`` says whether the content version the page was built from is still the
    one in use (the notes library, the question bank): with it, the page may also be
    answered in front of Django (:class:`FrontCache`). ``anonymous_html``, if given,
    makes the anonymous page instead of ``template``: it is handed a function that
    renders a template as :func:`render_anonymous` does (search assembles its page
    around the results that way: studysite/chapters/search_page.py).
    """
    cache_control = CLOCK_CACHE_CONTROL if follows_clock else SHARED_CACHE_CONTROL
    # A page that follows the clock keeps one entry, replaced when the second changes.
    second = int(time.time()) if follows_clock else None
    quality = QUERY if per_query else QUICK if follows_clock else BEST
    lru = _QUERIES if per_query else _SHARED
    # The host is part of every key: a page kept for one host is never sent for another.
    if key is not None:
        key = (request.get_host(), key)
    vary = ("Cookie", *vary)
    who = reader(request)
    if who is not None:
        body = _personal(request, who, key, second, template, context)
        return respond(request, body, cache_control=PRIVATE_CACHE_CONTROL, vary=vary)
    shared = _shared(request, key, template, context, quality, lru, second, anonymous_html)
    if current is not None and not per_query and not follows_clock:
        offer_to_front(request, shared.body, current)
    return respond(request, shared.body, cache_control=cache_control, vary=vary)


def shared_body(
    request: HttpRequest, *, key: Hashable, per_query: bool, html: AnonymousHtml
) -> Body:
    """The body :func:`shared_response` sends a visitor without a session for ``key``
    (kept, or made by ``html`` and kept the same way), for FrontCache's answers."""
    quality, lru = (QUERY, _QUERIES) if per_query else (BEST, _SHARED)
    return _shared(request, (request.get_host(), key), "", dict, quality, lru, None, html).body


def shared_bytes_response(
    request: HttpRequest,
    *,
    key: Hashable,
    build: Callable[[], bytes],
    content_type: str,
) -> HttpResponse:
    """A document that is the same for everyone, signed in or not (the OpenAPI JSON)."""
    keep = not settings.DEBUG
    body = _SHARED.get(key) if keep else None
    if body is None:
        body = Body(build(), quality=BEST if keep else FAST)
        if keep:
            _SHARED.put(key, body)
    offer_to_front(request, body, lambda: True)
    return respond(request, body, cache_control=SHARED_CACHE_CONTROL, content_type=content_type)


def personal_response(request: HttpRequest, html: str, *, vary: Iterable[str] = ()) -> HttpResponse:
    """A page rendered for this visitor alone (home with their progress): compressed
    quickly per request, private, still with an ETag."""
    body = Body(html.encode(), quality=FAST)
    return respond(request, body, cache_control=PRIVATE_CACHE_CONTROL, vary=("Cookie", *vary))
