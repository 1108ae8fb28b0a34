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
The package, by responsibility: ``body`` (a page's bytes and encodings, the LRU),
``responses`` (content negotiation, ETags, 304s), ``anonymous`` (rendering for nobody
in particular, who a session belongs to), ``pages`` (shared, personal and per-query
pages), ``csrf`` (forms on shared pages) and ``front`` (FrontCache, in front of Django).
"""

from __future__ import annotations

from .anonymous import no_token, render_anonymous
from .body import Body
from .csrf import same_origin_or_csrf_token
from .front import FrontCache, offer_query_to_front
from .pages import (
    PERSONAL_TTL,
    SHARED_CACHE_CONTROL,
    Same,
    clear,
    personal_response,
    shared_body,
    shared_bytes_response,
    shared_response,
)
from .responses import etag_matches, negotiate

__all__ = [
    "PERSONAL_TTL",
    "SHARED_CACHE_CONTROL",
    "Body",
    "FrontCache",
    "Same",
    "clear",
    "etag_matches",
    "negotiate",
    "no_token",
    "offer_query_to_front",
    "personal_response",
    "render_anonymous",
    "same_origin_or_csrf_token",
    "shared_body",
    "shared_bytes_response",
    "shared_response",
]
