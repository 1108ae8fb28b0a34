"""Values every page template needs."""

from __future__ import annotations

from django.http import HttpRequest

# The vendored htmx file; tests check that README names the same version.
HTMX_VERSION = "2.0.11"


def site(request: HttpRequest) -> dict[str, object]:
    return {"site_name": "SAA-C03 Study Notes", "htmx_static": f"vendor/htmx-{HTMX_VERSION}.min.js"}
