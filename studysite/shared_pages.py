"""Pages that are the same for every anonymous visitor, served like static files.

Home, a chapter, ``/tools/``, a tool page, search results and the OpenAPI document are
rendered for an anonymous visitor with no session and no CSRF token, so their bytes are
the same for everyone (issue 14):

- compressed once per content version (Brotli at its best quality, and gzip), kept in
  this process, and sent as they are to every client that accepts them;
- with a strong ETag per encoding, answered by 304 Not Modified on a match;
- with ``Cache-Control: public, max-age=0, s-maxage=60, must-revalidate``: browsers
  revalidate on each visit (a 304 costs nothing) and a shared cache may keep the page a
  minute, then revalidates;
- with ``Vary: Accept-Encoding`` and, where signing in changes the bytes (the header's
  account links), ``Cookie``; never a ``Set-Cookie``.

Posts from such pages get their CSRF token another way: ``static/js/csrf.js`` sends the
cookie's token with htmx requests; the read button and the quiz live on their own pages
(or a fragment) that carry their token; the widget forms, which change nothing, are
checked by origin (:func:`same_origin_or_csrf_token`).

A signed-in reader's page differs in the header (their name, a log-out form with their
token, a member's Teams link): it is rendered for them and kept per user and CSRF cookie
for half a minute, so it is compressed once too (``private, no-cache``); who a session
cookie belongs to is remembered as long, so such a page costs no query either. Pages whose other
parts depend on the visitor (home's reading progress and due reviews) render the
visitor's page per request and compress it quickly instead.

In DEBUG nothing is kept (templates and notes change under the running server). A shared
page must not depend on the visitor in any other way, nor use a CSP nonce (its bytes are
the same for everyone); tests/chapters/test_shared_pages.py and tests/test_front_cache.py
hold these rules.
"""

from __future__ import annotations

import copy
import functools
import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

import brotli
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIRequest, get_script_name
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, QueryDict
from django.middleware.csrf import CsrfViewMiddleware
from django.template.loader import render_to_string
from django.urls import set_script_prefix
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt

HTML = "text/html; charset=utf-8"
SHARED_CACHE_CONTROL = "public, max-age=0, s-maxage=60, must-revalidate"
# A page that shows the current time (the SigV4 signer without a timestamp) is the same
# for everyone only for the second it shows.
CLOCK_CACHE_CONTROL = "public, max-age=0, s-maxage=1, must-revalidate"
PRIVATE_CACHE_CONTROL = "private, no-cache"
# How long a signed-in reader's kept page is used before it is rendered again, so that
# what the header shows them (their name, the Teams link) follows their account.
PERSONAL_TTL = 30.0


def no_token() -> str:
    """A ``csrf_token`` for which {% csrf_token %} renders nothing: "" (which Django warns
    about only in DEBUG) or, in DEBUG, Django's own "NOTPROVIDED" (whose only warning,
    a deprecation of format_html(""), is gone in Django 6.0 and hidden by default)."""
    return "NOTPROVIDED" if settings.DEBUG else ""


# (Brotli quality, gzip level): the best for what is kept per content version (Brotli 11
# takes ~80 ms on the largest chapter, once); a quick one for what is kept per second or
# per reader (~1.5 ms there); a fast one for what is compressed on every request (search
# results: ~0.4 ms for 14 KB, a tenth larger than Brotli 5); a faster one for a page named
# by a query, which a new query compresses once (search results, 11 KB: Brotli 2 takes
# 0.08 ms against Brotli 4's 0.18 ms, for 4.0 KB instead of 3.8 KB; issue 14).
BEST, QUICK, FAST, QUERY = (11, 9), (5, 6), (4, 6), (2, 6)
SUFFIX = {"br": "-br", "gzip": "-gz", "identity": ""}
# Where the best encodings are kept across workers and restarts: the rendered-chapter
# cache (on disk, cleared alone by `manage.py clear_chapter_cache`).
COMPRESSED_CACHE = "chapters"
# A signed-in reader's page holds its text and one encoding (~100 KB for the largest
# chapter), so fewer of them are kept.
SHARED_MAX, PERSONAL_MAX, QUERIES_MAX = 512, 256, 256


@dataclass
class Body:
    """One page's bytes, with its encodings made on first use and then kept. The best
    encodings are also kept in the chapters cache (on disk, by the page's sha256), so the
    workers of a server, and its next start with the same notes, compress a page once."""

    identity: bytes
    quality: tuple[int, int] = BEST
    tag: str = ""
    digest: str = ""
    _encoded: dict[str, bytes] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.digest:
            self.digest = hashlib.sha256(self.identity).hexdigest()
        if not self.tag:
            self.tag = self.digest[:32]

    def encoded(self, coding: str) -> bytes:
        if coding == "identity":
            return self.identity
        data = self._encoded.get(coding)
        if data is None:
            shared = self.quality == BEST and not settings.DEBUG
            key = f"page:{coding}:{self.digest}"
            data = caches[COMPRESSED_CACHE].get(key) if shared else None
            if not isinstance(data, bytes):
                brotli_quality, gzip_level = self.quality
                if coding == "br":
                    data = brotli.compress(
                        self.identity, quality=brotli_quality, mode=brotli.MODE_TEXT
                    )
                else:
                    data = gzip.compress(self.identity, compresslevel=gzip_level, mtime=0)
                if shared:
                    caches[COMPRESSED_CACHE].set(key, data)
            self._encoded[coding] = data
        return data


@dataclass
class Shared:
    """A shared page: its body and, for a page that follows the clock, the second it shows."""

    body: Body
    second: int | None = None


class _Lru:
    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[Hashable, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Any) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


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


# --- Content negotiation and conditional GET ------------------------------------------


def negotiate(accept_encoding: str) -> str:
    """ "br", "gzip" or "identity" for an Accept-Encoding header (q=0 refuses a coding)."""
    weights: dict[str, float] = {}
    for part in accept_encoding.split(","):
        name, _, params = part.strip().partition(";")
        name = name.strip().lower()
        if not name:
            continue
        weight = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weights[name] = weight
    star = weights.get("*", 0.0)
    br, gz = weights.get("br", star), weights.get("gzip", weights.get("x-gzip", star))
    if br > 0 and br >= gz:
        return "br"
    if gz > 0:
        return "gzip"
    return "br" if br > 0 else "identity"


def etag_matches(if_none_match: str, etag: str) -> bool:
    """If-None-Match uses the weak comparison: W/ prefixes are ignored."""
    if not if_none_match:
        return False
    opaque = etag.removeprefix("W/")
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == opaque:
            return True
    return False


def respond(
    request: HttpRequest,
    body: Body,
    *,
    cache_control: str,
    vary: Iterable[str] = (),
    content_type: str = HTML,
) -> HttpResponse:
    """The response for ``body`` in the client's preferred encoding, or a 304."""
    coding = negotiate(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    etag = f'"{body.tag}{SUFFIX[coding]}"'
    if request.method in {"GET", "HEAD"} and etag_matches(
        request.META.get("HTTP_IF_NONE_MATCH", ""), etag
    ):
        response: HttpResponse = HttpResponseNotModified()
    else:
        content = body.encoded(coding)
        response = HttpResponse(content, content_type=content_type)
        if coding != "identity":
            response["Content-Encoding"] = coding
        response["Content-Length"] = str(len(content))
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    patch_vary_headers(response, ("Accept-Encoding", *vary))
    return response


# --- Rendering for nobody in particular -------------------------------------------------


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
    """A page that is the same for every anonymous visitor (see the module docstring).

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


# --- CSRF for forms on shared pages ----------------------------------------------------


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


# --- In front of Django ----------------------------------------------------------------
#
# A kept page for a visitor with no session cookie is the same bytes with the same
# headers every time, yet Django's middleware stack costs more than the page itself
# (benchmarks/REPORT.md, "Where the time goes"). FrontCache wraps the WSGI application:
# the first time a page is answered, Django answers it (every middleware, every header)
# and the view offers its body; the wrapper keeps that body with the headers Django sent,
# and answers the same request (method, scheme, host, path and query) itself next time,
# as long as the page's content version is current. Anything else goes to Django: a
# session cookie, htmx, any method but GET and HEAD, a page that follows the clock or
# is named by a query, a response that was not 200 or set a cookie.
#
# A page named by a query (search results) is built anew for each new query, yet its
# headers are the same for every query. A view offers a function building its body from
# the request (:func:`offer_query_to_front`); the wrapper keeps it with the headers
# Django sent for that method, scheme, host and path, and afterwards builds the page for
# any query string on that path itself, for a request with no cookie at all and no
# If-None-Match (those go to Django). The function returns None where Django should
# answer (an empty query, a shell not yet made, a host Django refuses).

FRONT_MAX = 512
_FRONT = _Lru(FRONT_MAX)
_OFFER = "studysite.front_offer"  # the environ key a view's offer travels in
# Per method, scheme, host and path: the function building a page for a query string.
_FRONT_QUERIES = _Lru(64)
_QUERY_OFFER = "studysite.front_query_offer"
# Set per request from the body, never replayed.
_PER_REQUEST_HEADERS = {"content-encoding", "content-length", "etag"}


def offer_to_front(request: HttpRequest, body: Body, current: Callable[[], bool]) -> None:
    """Let FrontCache keep this anonymous response (request.META is the WSGI environ)."""
    if not settings.DEBUG:
        request.META[_OFFER] = (body, current)


def offer_query_to_front(request: HttpRequest, build: Callable[[HttpRequest], Body | None]) -> None:
    """Let FrontCache answer this path for other query strings with ``build``, which makes
    the body from a bare request (a ``WSGIRequest``, no middleware), or None to let
    Django answer; the response's headers must not depend on the query string."""
    if not settings.DEBUG:
        request.META[_QUERY_OFFER] = build


@dataclass(frozen=True)
class _QueryEntry:
    build: Callable[[HttpRequest], Body | None]
    headers: tuple[tuple[str, str], ...]


def _query_key(environ: dict, key: tuple) -> tuple | None:
    """The path part of a front key, for a request a page named by a query may be built
    for in front of Django: no cookie at all (so no session, CSRF or messages cookie for
    a middleware to act on), no conditional request, no user agents to refuse."""
    if (
        environ.get("HTTP_COOKIE")
        or environ.get("HTTP_IF_NONE_MATCH")
        or settings.DISALLOWED_USER_AGENTS
    ):
        return None
    return key[:-1]


@dataclass(frozen=True)
class _FrontEntry:
    body: Body
    current: Callable[[], bool]
    headers: tuple[tuple[str, str], ...]
    cache_control: str


def _front_key(environ: dict) -> tuple | None:
    if environ.get("REQUEST_METHOD") not in {"GET", "HEAD"} or environ.get("HTTP_HX_REQUEST"):
        return None
    if f"{settings.SESSION_COOKIE_NAME}=" in environ.get("HTTP_COOKIE", ""):
        return None
    return (
        environ.get("REQUEST_METHOD"),
        environ.get("wsgi.url_scheme"),
        environ.get("HTTP_X_FORWARDED_PROTO", ""),
        environ.get("HTTP_HOST", ""),
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
    )


class FrontCache:
    """WSGI middleware answering kept shared pages before Django (see above)."""

    def __init__(self, application) -> None:
        self.application = application

    def __call__(self, environ: dict, start_response):
        key = _front_key(environ)
        if key is None:
            return self.application(environ, start_response)
        entry = _FRONT.get(key)
        if entry is not None and entry.current():
            return self._serve(entry, environ, start_response)
        query_key = _query_key(environ, key)
        by_query = _FRONT_QUERIES.get(query_key) if query_key is not None else None
        if by_query is not None:
            # As Django's handler does first: {% url %} and reverse() follow SCRIPT_NAME.
            set_script_prefix(get_script_name(environ))
            body = by_query.build(WSGIRequest(environ))
            if body is not None:
                built = _FrontEntry(body, lambda: True, by_query.headers, "")
                return self._serve(built, environ, start_response)
        sent: dict[str, object] = {}

        def capture(status, headers, exc_info=None):
            sent["status"], sent["headers"] = status, headers
            if exc_info is None:
                return start_response(status, headers)
            return start_response(status, headers, exc_info)

        result = self.application(environ, capture)
        offer = environ.pop(_OFFER, None)
        build = environ.pop(_QUERY_OFFER, None)
        headers = sent.get("headers") or []
        answered = str(sent.get("status", "")).startswith("200") and not any(
            name.lower() == "set-cookie" for name, _ in headers
        )
        if build is not None and query_key is not None and answered:
            kept = tuple(
                (name, value) for name, value in headers if name.lower() not in _PER_REQUEST_HEADERS
            )
            _FRONT_QUERIES.put(query_key, _QueryEntry(build, kept))
        if offer is not None and answered:
            body, current = offer
            kept = tuple(
                (name, value) for name, value in headers if name.lower() not in _PER_REQUEST_HEADERS
            )
            cache_control = next((v for n, v in kept if n.lower() == "cache-control"), "")
            _FRONT.put(key, _FrontEntry(body, current, kept, cache_control))
        return result

    @staticmethod
    def _serve(entry: _FrontEntry, environ: dict, start_response):
        coding = negotiate(environ.get("HTTP_ACCEPT_ENCODING", ""))
        etag = f'"{entry.body.tag}{SUFFIX[coding]}"'
        if etag_matches(environ.get("HTTP_IF_NONE_MATCH", ""), etag):
            # RFC 9110 15.4.5: the headers a 200 would have sent that describe caching.
            kept = [
                (n, v)
                for n, v in entry.headers
                if n.lower() in {"cache-control", "vary", "content-location", "expires"}
            ]
            start_response("304 Not Modified", [*kept, ("ETag", etag)])
            return []
        content = entry.body.encoded(coding)
        headers = [*entry.headers, ("ETag", etag), ("Content-Length", str(len(content)))]
        if coding != "identity":
            headers.append(("Content-Encoding", coding))
        start_response("200 OK", headers)
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [content]
