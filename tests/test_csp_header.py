"""The Content-Security-Policy header built once (studysite/csp_header.py) is the header
django-csp builds, and anything unusual still goes through django-csp."""

from __future__ import annotations

from csp.constants import HEADER, NONCE, SELF
from csp.decorators import csp_update
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory
from django.views.decorators.http import require_GET

from studysite.csp_header import CachedCSPMiddleware


def _headers(middleware_class, view):
    request = RequestFactory().get("/somewhere/")
    middleware = middleware_class(view)
    middleware.process_request(request)
    return middleware.process_response(request, view(request))


@require_GET
def plain(request):
    return HttpResponse("ok")


@csp_update({"img-src": ["https://example.org"]})
def updated(request):
    return HttpResponse("ok")


def with_nonce(request):
    return HttpResponse(f"nonce {request.csp_nonce}")


def test_a_plain_response_gets_django_csps_header():
    assert _headers(CachedCSPMiddleware, plain)[HEADER] == _headers(CSPMiddleware, plain)[HEADER]


def test_the_header_is_built_once_and_follows_the_settings(settings):
    middleware = CachedCSPMiddleware(plain)
    request = RequestFactory().get("/")
    middleware.process_request(request)
    first = middleware.process_response(request, HttpResponse())[HEADER]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    again = RequestFactory().get("/")
    middleware.process_request(again)
    assert middleware.process_response(again, HttpResponse())[HEADER] == "default-src 'none'"
    assert first != "default-src 'none'"


def test_a_per_view_policy_and_a_nonce_still_go_through_django_csp(settings):
    header = _headers(CachedCSPMiddleware, updated)[HEADER]
    assert "https://example.org" in header
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": [SELF, NONCE]}}
    response = _headers(CachedCSPMiddleware, with_nonce)
    nonce = response.content.decode().removeprefix("nonce ")
    assert f"'nonce-{nonce}'" in response[HEADER]


def test_every_page_of_the_site_carries_the_header(client):
    assert "default-src 'self'" in client.get("/tools/")[HEADER]
