"""django-csp's middleware, building the Content-Security-Policy header once.

django-csp 4.0 rebuilds the header from settings for every response (``build_policy``
over ``dataclasses.asdict``): about 0.06 ms, a quarter of the time a kept chapter spends
in Django (benchmarks/REPORT.md, "Where the time goes"). With no nonce, no per-view
policy (the ``csp_*`` decorators) and no excluded URL prefixes, every response gets the
same header, so it is built once per settings value and copied; anything else goes
through django-csp unchanged.
"""

from __future__ import annotations

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase

# What django-csp's decorators set on a response to change or drop its policy.
_PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt",
    "_csp_exempt_ro",
)


class CachedCSPMiddleware(CSPMiddleware):
    def __init__(self, get_response) -> None:
        super().__init__(get_response)
        # (the two policy settings the headers were built from, the headers)
        self._built: tuple[object, object, list[tuple[str, str]]] | None = None

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        if (
            getattr(request, "_csp_nonce", None) is not None
            or any(getattr(response, name, None) for name in _PER_RESPONSE)
            or HEADER in response
            or HEADER_REPORT_ONLY in response
            or (policy or {}).get("EXCLUDE_URL_PREFIXES")
            or (report_only or {}).get("EXCLUDE_URL_PREFIXES")
            or settings.DEBUG
        ):
            return super().process_response(request, response)
        built = self._built
        if built is None or built[0] is not policy or built[1] is not report_only:
            sample = super().process_response(request, HttpResponse())
            headers = [(h, sample[h]) for h in (HEADER, HEADER_REPORT_ONLY) if h in sample]
            built = self._built = (policy, report_only, headers)
        for name, value in built[2]:
            response[name] = value
        # As django-csp does: a nonce asked for after the header was written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response
