"""Standalone tool pages; the same view answers the htmx round trips of embeds."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from studysite.shared_pages import same_origin_or_csrf_token, shared_response

from .embed import widget_context
from .registry import WIDGETS


def _more_examples(spec) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """Examples found at run time (the CLI commands in the notes), hashable."""
    return tuple(
        (label, tuple(values.items())) for hook in spec.extra_examples for label, values in hook()
    )


def tool_index(request: HttpRequest) -> HttpResponse:
    # The same for every anonymous visitor: kept and compressed once (shared_pages).
    return shared_response(
        request,
        key=("tools",),
        template="widgets/index.html",
        context=lambda: {"widgets": list(WIDGETS.values())},
        current=lambda: True,  # the registry never changes in a running process
    )


# Credentials typed into a widget (the SigV4 signer's) stay out of error reports.
# The forms sit on pages shared by every visitor, which carry no CSRF token; a post
# changes nothing (it computes a result from what was typed), so a browser's word that
# it comes from our own origin is enough, and anything else needs the usual token.
@sensitive_post_parameters("secret_access_key", "session_token", "aws_says")
@sensitive_variables("data", "values", "context")
@require_http_methods(["GET", "HEAD", "POST"])
@same_origin_or_csrf_token
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
    if request.method != "POST" and spec.initial:
        # The form starts filled in; a link overrides the fields it names. (Checkboxes
        # send a hidden "false" before the box, so an unticked one is named too.)
        values = {**spec.initial, **{f: data[f] for f in fields if f in data}}
        submitted = True
    prefix = data.get("prefix", "tool") if request.htmx else "tool"
    if not (prefix.isascii() and prefix.replace("-", "").isalnum() and len(prefix) <= 20):
        prefix = "tool"
    # The chapter section an embed's form was sent from (checked by widget_context): the
    # page links back there, rather than only to Tools.
    back = data.get("back", "")

    def page_context() -> dict[str, object]:
        context = widget_context(
            spec, values, prefix=prefix, compute=submitted, heading_level=2, back=back
        )
        learn_more = ""
        if spec.chapter:
            slug, _, anchor = spec.chapter.partition("#")
            learn_more = reverse("chapters:chapter", args=[slug]) + (f"#{anchor}" if anchor else "")
        action = reverse("widgets:tool", args=[spec.name])
        examples = [(label, f"{action}?{urlencode(values)}") for label, values in spec.examples]
        return {
            **context,
            "spec": spec,
            "learn_more": learn_more,
            "examples": examples,
            "more_examples": [
                (label, dict(values), f"{action}?{urlencode(values)}")
                for label, values in more_examples
            ],
        }

    more_examples = _more_examples(spec) if not request.htmx else ()
    if request.method != "POST" and not request.htmx:
        # A tool page (or a link to a result) is the same for everyone: shared, no token.
        # The bare page is kept per content version, a link's result among the last few
        # hundred; the CLI explainer's examples come from the notes, so they are part of
        # its key.
        return shared_response(
            request,
            key=("tool", spec.name, request.GET.urlencode(), more_examples),
            template="widgets/tool.html",
            context=page_context,
            vary=("HX-Request",),
            follows_clock=bool(spec.clock_field and not values.get(spec.clock_field)),
            per_query=bool(request.GET),
            # Still current while the examples found in the notes are the same.
            current=lambda: _more_examples(spec) == more_examples,
        )
    context = widget_context(
        spec,
        values,
        prefix=prefix,
        compute=submitted,
        heading_level=2,
        back=back,
        live=bool(request.htmx),
    )
    if request.htmx:
        response = render(request, f"{spec.template}#result", context)
    else:
        response = render(request, "widgets/tool.html", page_context())
    # Results are computed from what was typed; there is nothing worth caching.
    response["Cache-Control"] = "no-store"
    patch_vary_headers(response, ("HX-Request",))
    return response
