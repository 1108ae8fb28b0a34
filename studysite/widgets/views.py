"""Standalone tool pages; the same view answers the htmx round trips of embeds."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from .embed import widget_context
from .registry import WIDGETS


def tool_index(request: HttpRequest) -> HttpResponse:
    return render(request, "widgets/index.html", {"widgets": list(WIDGETS.values())})


@require_http_methods(["GET", "POST"])
def tool_page(request: HttpRequest, name: str) -> HttpResponse:
    spec = WIDGETS.get(name)
    if spec is None:
        raise Http404("No such tool.")
    data = request.POST if request.method == "POST" else request.GET
    submitted = request.method == "POST" or any(field in data for field in spec.fields)
    values = {field: data.get(field, "") for field in spec.fields}
    prefix = data.get("prefix", "tool") if request.htmx else "tool"
    if not (prefix.isascii() and prefix.replace("-", "").isalnum() and len(prefix) <= 20):
        prefix = "tool"
    context = widget_context(spec, values, prefix=prefix, compute=submitted, heading_level=2)
    if request.htmx:
        response = render(request, f"{spec.template}#result", context)
    else:
        learn_more = ""
        if spec.chapter:
            slug, _, anchor = spec.chapter.partition("#")
            learn_more = reverse("chapters:chapter", args=[slug]) + (f"#{anchor}" if anchor else "")
        action = reverse("widgets:tool", args=[spec.name])
        examples = [(label, f"{action}?{urlencode(values)}") for label, values in spec.examples]
        response = render(
            request,
            "widgets/tool.html",
            {**context, "spec": spec, "learn_more": learn_more, "examples": examples},
        )
    # Results are computed from what was typed; there is nothing worth caching.
    response["Cache-Control"] = "no-store"
    return response
