"""FrontCache: kept shared pages answered in front of Django."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest, get_script_name
from django.http import HttpRequest
from django.urls import set_script_prefix

from .body import SUFFIX, Body, _Lru
from .responses import etag_matches, negotiate

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
