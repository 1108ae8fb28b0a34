"""Content negotiation and conditional GET: a kept body sent in the client's preferred
encoding, or a 304."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers

from .body import SUFFIX, Body

HTML = "text/html; charset=utf-8"


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
