"""Chapter pages and search."""

from __future__ import annotations

import re

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from studysite.widgets.embed import widget_context
from studysite.widgets.registry import WIDGETS

from .domains import DOMAINS
from .loader import Chapter, get_library

SLOT_RE = re.compile(r'<div class="widget-slot" data-widget-index="(\d+)"></div>')
MAX_QUERY_LENGTH = 200


# Rendered embeds of deterministic widgets, keyed by what they were given. The only
# per-request part of an embed is the CSRF token, rendered as a sentinel and swapped in.
# Widgets that take secrets or depend on the time (permalink=False) are never kept.
_EMBEDS: dict[tuple, str] = {}
_EMBEDS_MAX = 256
CSRF_SENTINEL = "\x00csrf-token\x00"


def _render_embed(request: HttpRequest, spec, values: dict[str, str], prefix: str) -> str:
    if not spec.permalink:
        context = widget_context(spec, values, prefix=prefix)
        return render_to_string(f"{spec.template}#widget", context, request=request)
    key = (spec.name, prefix, tuple(sorted(values.items())))
    html = _EMBEDS.get(key)
    if html is None:
        context = widget_context(spec, values, prefix=prefix)
        context["csrf_token"] = CSRF_SENTINEL
        html = render_to_string(f"{spec.template}#widget", context)
        if len(_EMBEDS) >= _EMBEDS_MAX:
            _EMBEDS.clear()
        _EMBEDS[key] = html
    return html.replace(CSRF_SENTINEL, get_token(request))


def _fill_widgets(request: HttpRequest, chapter: Chapter) -> str:
    """Swap each widget placeholder for the widget's partial (with this request's CSRF
    token), without parsing any markdown."""
    if not chapter.widgets:
        return chapter.html

    def fill(match: re.Match[str]) -> str:
        embed = chapter.widgets[int(match.group(1))]
        spec = WIDGETS[embed.name]
        values = {**spec.initial, **dict(embed.options)}
        return _render_embed(request, spec, values, f"w{embed.index}")

    return SLOT_RE.sub(fill, chapter.html)


def chapter_detail(request: HttpRequest, slug: str) -> HttpResponse:
    library = get_library()
    chapter = library.by_slug.get(slug)
    if chapter is None:
        raise Http404("No such chapter.")
    previous, following = library.neighbours(slug)
    return render(
        request,
        "chapters/chapter.html",
        {
            "chapter": chapter,
            "body": mark_safe(_fill_widgets(request, chapter)),  # noqa: S308 - our own render
            "domains": [DOMAINS[d] for d in chapter.domains],
            "previous": previous,
            "next": following,
            "show_problems": settings.DEBUG,
        },
    )


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    message = ""
    if len(query) > MAX_QUERY_LENGTH:
        message = f"Searches are limited to {MAX_QUERY_LENGTH} characters; the rest was ignored."
        query = query[:MAX_QUERY_LENGTH]
    query = "".join(ch for ch in query if ch.isprintable())
    hits = get_library().search_index.search(query) if query.strip() else []
    context = {"query": query, "hits": hits, "message": message}
    template = "chapters/search.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)
