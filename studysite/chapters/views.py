"""Chapter pages and search."""

from __future__ import annotations

import re

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from studysite.widgets.embed import widget_context
from studysite.widgets.registry import WIDGETS

from .domains import DOMAINS
from .loader import Chapter, get_library

SLOT_RE = re.compile(r'<div class="widget-slot" data-widget-index="(\d+)"></div>')
MAX_QUERY_LENGTH = 200


def _fill_widgets(request: HttpRequest, chapter: Chapter) -> str:
    """Swap each widget placeholder for the widget's partial, rendered for this request
    (fresh CSRF token), without parsing any markdown."""
    if not chapter.widgets:
        return chapter.html

    def fill(match: re.Match[str]) -> str:
        embed = chapter.widgets[int(match.group(1))]
        spec = WIDGETS[embed.name]
        values = {**spec.initial, **dict(embed.options)}
        context = widget_context(spec, values, prefix=f"w{embed.index}")
        return render_to_string(f"{spec.template}#widget", context, request=request)

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
