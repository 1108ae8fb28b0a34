"""Chapter pages and search."""

from __future__ import annotations

import re

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.gzip import gzip_page

from studysite.widgets.embed import widget_context
from studysite.widgets.registry import WIDGETS

from .domains import DOMAINS
from .loader import Chapter, get_library

SLOT_RE = re.compile(r'<div class="widget-slot" data-widget-index="(\d+)"></div>')
MAX_QUERY_LENGTH = 200


# Rendered embeds of deterministic widgets, keyed by what they were given. The only
# per-request part of an embed is the CSRF token, rendered as a sentinel and swapped in.
# An embed's values come from the note, never from a visitor, so even the signer's embed
# (which starts with AWS's published example keys) may be kept, unless its result depends
# on the clock because the note leaves its time unset.
_EMBEDS: dict[tuple, str] = {}
_EMBEDS_MAX = 256
CSRF_SENTINEL = "\x00csrf-token\x00"


def embed_values(embed) -> dict[str, str]:
    """An embed's starting values: the widget's defaults, overridden by the note's."""
    return {**WIDGETS[embed.name].initial, **dict(embed.options)}


def embed_is_stable(spec, values: dict[str, str]) -> bool:
    """Whether an embed renders the same for everyone at any time (so it can be kept)."""
    return not spec.clock_field or bool(values.get(spec.clock_field))


def _render_embed(
    request: HttpRequest, spec, values: dict[str, str], prefix: str, token: str, title: str
) -> str:
    if not embed_is_stable(spec, values):
        context = widget_context(spec, values, prefix=prefix, title=title)
        return render_to_string(f"{spec.template}#widget", context, request=request)
    key = (spec.name, prefix, title, tuple(sorted(values.items())))
    html = _EMBEDS.get(key)
    if html is None:
        context = widget_context(spec, values, prefix=prefix, title=title)
        context["csrf_token"] = CSRF_SENTINEL
        html = render_to_string(f"{spec.template}#widget", context)
        if len(_EMBEDS) >= _EMBEDS_MAX:
            _EMBEDS.clear()
        _EMBEDS[key] = html
    return html.replace(CSRF_SENTINEL, token)


def _fill_widgets(request: HttpRequest, chapter: Chapter, token: str) -> str:
    """Swap each widget placeholder for the widget's partial (with ``token`` as the CSRF
    token: this request's, or the sentinel for a cached page), without parsing markdown."""
    if not chapter.widgets:
        return chapter.html

    seen: dict[str, int] = {}

    def fill(match: re.Match[str]) -> str:
        embed = chapter.widgets[int(match.group(1))]
        spec = WIDGETS[embed.name]
        values = embed_values(embed)
        # A second embed of the same widget gets a numbered title (landmarks must differ).
        seen[embed.name] = seen.get(embed.name, 0) + 1
        title = spec.title if seen[embed.name] == 1 else f"{spec.title} ({seen[embed.name]})"
        return _render_embed(request, spec, values, f"w{embed.index}", token, title)

    return SLOT_RE.sub(fill, chapter.html)


# Whole chapter pages, rendered once per process (per library and signed-in user) with
# the CSRF sentinel in place of the token. Only in production, where the notes cannot
# change under a running process, and only for chapters whose embeds are deterministic.
_PAGES: dict[tuple, str] = {}
_PAGES_MAX = 512


# Pages are compressed for clients that accept it (static files are precompressed by
# WhiteNoise). Django masks the CSRF token per response, which defeats BREACH for it.
@gzip_page
def chapter_detail(request: HttpRequest, slug: str) -> HttpResponse:
    library = get_library()
    chapter = library.by_slug.get(slug)
    if chapter is None:
        raise Http404("No such chapter.")
    cacheable = not settings.DEBUG and all(
        embed_is_stable(WIDGETS[w.name], embed_values(w)) for w in chapter.widgets
    )
    user = getattr(request, "user", None)
    # The path, not just the slug (the header's "Log in" link returns to it).
    key = (
        request.path,
        id(library),
        user.pk if user is not None and user.is_authenticated else None,
    )
    page = _PAGES.get(key) if cacheable else None
    if page is None:
        previous, following = library.neighbours(slug)
        token = CSRF_SENTINEL if cacheable else get_token(request)
        context = {
            "chapter": chapter,
            "body": mark_safe(_fill_widgets(request, chapter, token)),  # noqa: S308 - ours
            "domains": [DOMAINS[d] for d in chapter.domains],
            "previous": previous,
            "next": following,
            "show_problems": settings.DEBUG,
        }
        if not cacheable:
            return render(request, "chapters/chapter.html", context)
        context["csrf_token"] = CSRF_SENTINEL
        page = render_to_string("chapters/chapter.html", context, request=request)
        if len(_PAGES) >= _PAGES_MAX:
            _PAGES.clear()
        _PAGES[key] = page
    return HttpResponse(page.replace(CSRF_SENTINEL, get_token(request)))


@gzip_page
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
