"""Standalone tool pages; the same view answers the htmx round trips of embeds."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from .embed import widget_context
from .registry import WIDGETS


def tool_index(request: HttpRequest) -> HttpResponse:
    return render(request, "widgets/index.html", {"widgets": list(WIDGETS.values())})


# Credentials typed into a widget (the SigV4 signer's) stay out of error reports.
@sensitive_post_parameters("secret_access_key", "session_token", "aws_says")
@sensitive_variables("data", "values", "context")
@require_http_methods(["GET", "POST"])
def tool_page(request: HttpRequest, name: str) -> HttpResponse:
    spec = WIDGETS.get(name)
    if spec is None:
        raise Http404("No such tool.")
    if request.method == "POST":
        data, fields = request.POST, spec.fields
    else:
        # A link never carries credentials: secret fields in a query string are ignored.
        data = request.GET
        fields = tuple(f for f in spec.fields if f not in spec.secret_fields)
    submitted = request.method == "POST" or any(field in data for field in fields)
    values = {field: data.get(field, "") for field in fields}
    if request.method == "GET" and spec.initial:
        # The form starts filled in; a link overrides the fields it names. (Checkboxes
        # send a hidden "false" before the box, so an unticked one is named too.)
        values = {**spec.initial, **{f: data[f] for f in fields if f in data}}
        submitted = True
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
        more_examples = [
            (label, values, f"{action}?{urlencode(values)}")
            for hook in spec.extra_examples
            for label, values in hook()
        ]
        response = render(
            request,
            "widgets/tool.html",
            {
                **context,
                "spec": spec,
                "learn_more": learn_more,
                "examples": examples,
                "more_examples": more_examples,
            },
        )
    # Results are computed from what was typed; there is nothing worth caching.
    response["Cache-Control"] = "no-store"
    return response
