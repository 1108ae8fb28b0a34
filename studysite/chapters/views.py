"""Chapter pages and search.

Both are the same for every anonymous visitor (``studysite/shared_pages/``): no CSRF
token, no cookie; a chapter is rendered and compressed once per content version and
answered with its ETag (304) afterwards.
"""

from __future__ import annotations

import re
from collections import Counter, OrderedDict
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from studysite.shared_pages import (
    Body,
    Same,
    no_token,
    offer_query_to_front,
    shared_body,
    shared_response,
)
from studysite.widgets.embed import widget_context
from studysite.widgets.registry import WIDGETS

from .domains import DOMAINS
from .loader import Chapter, Library, get_library
from .search import PAGE_SIZE
from .search_page import QUERY_MARK, PageShell, hits_html, make_shell, results_html
from .versions import extra_versions, still_current

SLOT_RE = re.compile(r'<div class="widget-slot" data-widget-index="(\d+)"></div>')
MAX_QUERY_LENGTH = 200
MAX_SEARCH_PAGE = 50


# Rendered embeds of deterministic widgets, keyed by what they were given. An embed's
# values come from the note, never from a visitor, so even the signer's embed (which
# starts with AWS's published example keys) may be kept, unless its result depends on the
# clock because the note leaves its time unset. Embeds carry no CSRF token: their forms
# are checked by origin (studysite.widgets.views).
_EMBEDS: dict[tuple, str] = {}
_EMBEDS_MAX = 256


def embed_values(embed) -> dict[str, str]:
    """An embed's starting values: the widget's defaults, overridden by the note's."""
    return {**WIDGETS[embed.name].initial, **dict(embed.options)}


def embed_is_stable(spec, values: dict[str, str]) -> bool:
    """Whether an embed renders the same for everyone at any time (so it can be kept)."""
    return not spec.clock_field or bool(values.get(spec.clock_field))


def _render_embed(spec, values: dict[str, str], prefix: str, title: str, back: str) -> str:
    stable = embed_is_stable(spec, values)
    key = (spec.name, prefix, title, tuple(sorted(values.items())), back)
    html = _EMBEDS.get(key) if stable else None
    if html is None:
        context = widget_context(spec, values, prefix=prefix, title=title, back=back)
        context["csrf_token"] = no_token()
        html = render_to_string(f"{spec.template}#widget", context)
        if stable:
            if len(_EMBEDS) >= _EMBEDS_MAX:
                _EMBEDS.clear()
            _EMBEDS[key] = html
    return html


HEADING_RE = re.compile(r'<h[234][^>]*\bid="([^"]+)"')


def embed_titles(chapter: Chapter) -> list[tuple[str, str]]:
    """Each embed's (title, section anchor), in order. An embed is named by its widget;
    when a widget is embedded more than once, each also names the section it serves
    ("S3 bucket name validator: Directory bucket names"), so every title says what that
    embed is for (and landmark names differ)."""
    headings = {section.anchor: section.heading for section in chapter.sections}
    starts = [(m.start(), m.group(1)) for m in HEADING_RE.finditer(chapter.html)]
    found = []
    for slot in SLOT_RE.finditer(chapter.html):
        embed = chapter.widgets[int(slot.group(1))]
        anchor = next((a for start, a in reversed(starts) if start < slot.start()), "")
        found.append((embed.name, anchor))
    counts = Counter(name for name, _ in found)
    titled = Counter((name, anchor) for name, anchor in found)
    seen: Counter[str] = Counter()
    result = []
    for name, anchor in found:
        title = WIDGETS[name].title
        seen[name] += 1
        if counts[name] > 1:
            heading = headings.get(anchor, "")
            if heading and titled[(name, anchor)] == 1:
                title = f"{title}: {heading}"
            else:
                title = f"{title} ({seen[name]})"
        result.append((title, anchor))
    return result


def fill_widgets(chapter: Chapter) -> str:
    """The chapter's HTML with each widget placeholder swapped for the widget's partial,
    without parsing markdown. Public: the static export renders chapters with it too."""
    if not chapter.widgets:
        return chapter.html
    titles = iter(embed_titles(chapter))

    def fill(match: re.Match[str]) -> str:
        embed = chapter.widgets[int(match.group(1))]
        spec = WIDGETS[embed.name]
        title, anchor = next(titles)
        back = chapter.url + (f"#{anchor}" if anchor else "")
        return _render_embed(spec, embed_values(embed), f"w{embed.index}", title, back)

    return SLOT_RE.sub(fill, chapter.html)


@require_safe
def chapter_detail(request: HttpRequest, slug: str) -> HttpResponse:
    library = get_library()
    chapter = library.by_slug.get(slug)
    if chapter is None:
        raise Http404("No such chapter.")

    def context() -> dict[str, object]:
        previous, following = library.neighbours(slug)
        return {
            "chapter": chapter,
            "body": mark_safe(fill_widgets(chapter)),  # noqa: S308 - our own rendering
            "domains": [DOMAINS[d] for d in chapter.domains],
            "previous": previous,
            "next": following,
            "show_problems": settings.DEBUG,
        }

    # One content version: this path (the header's "Log in" link returns to it) in this
    # library and question bank (the "Test yourself" link counts its questions).
    others = extra_versions()  # the question bank, registered by the quiz app
    return shared_response(
        request,
        key=("chapter", request.path, Same(library), *(Same(o) for o in others)),
        template="chapters/chapter.html",
        context=context,
        follows_clock=not all(
            embed_is_stable(WIDGETS[w.name], embed_values(w)) for w in chapter.widgets
        ),
        current=lambda: get_library() is library and still_current(others),
    )


def search_inputs(params: QueryDict) -> tuple[str, str, int]:
    """(query, message, page) from the query string: the query cut to MAX_QUERY_LENGTH
    (with a message saying so) and without unprintable characters, the page within
    1..MAX_SEARCH_PAGE."""
    query = params.get("q", "")
    message = ""
    if len(query) > MAX_QUERY_LENGTH:
        message = f"Searches are limited to {MAX_QUERY_LENGTH} characters; the rest was ignored."
        query = query[:MAX_QUERY_LENGTH]
    query = "".join(ch for ch in query if ch.isprintable())
    # Twenty results a page: "Show more" asks for the next page (htmx appends it in place;
    # without JavaScript it is a link to the page).
    try:
        page = min(max(int(params.get("page", "1")), 1), MAX_SEARCH_PAGE)
    except ValueError:
        page = 1
    return query, message, page


def search_values(library: Library, query: str, page: int, message: str) -> dict[str, object]:
    """The search template's context for a query (the results searched here)."""
    results = (
        library.search_index.query(query, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
        if query.strip()
        else None
    )
    # Result links carry what to highlight on the page they open (site.js reads ?h=).
    highlight = urlencode({"h": results.highlight}) if results and results.highlight else ""
    return {
        "query": query,
        "results": results,
        "hits": results.hits if results else [],
        "hits_html": mark_safe(  # noqa: S308 - escaped by hits_html
            hits_html(results.hits, highlight=highlight, offset=results.offset)
        )
        if results
        else "",
        "page": page,
        "message": message,
        "highlight": highlight,
    }


# The search page's URL per script prefix, as {% url 'chapters:search' %} gives it.
_SEARCH_URLS: dict[str, str] = {}


def _results_html(values: dict[str, object]) -> str:
    """The template's ``results`` partial for these values, written in Python."""
    prefix = get_script_prefix()
    url = _SEARCH_URLS.get(prefix)
    if url is None:
        url = _SEARCH_URLS[prefix] = reverse("chapters:search")
    return results_html(
        values["results"],  # type: ignore[arg-type]
        query=values["query"],  # type: ignore[arg-type]
        page=values["page"],  # type: ignore[arg-type]
        message=values["message"],  # type: ignore[arg-type]
        hits=values["hits_html"],  # type: ignore[arg-type]
        search_url=url,
    )


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    query, message, page = search_inputs(request.GET)
    library = get_library()

    def context() -> dict[str, object]:
        # Only when the page is not kept already (shared_response calls it on a miss).
        return search_values(library, query, page, message)

    template = SEARCH
    if request.htmx and not request.htmx.boosted:
        template += "#more" if request.GET.get("more") else "#results"

    def anonymous_page(render: Callable[[str, dict[str, object]], str]) -> str:
        """The page as every anonymous visitor gets it: the kept shell around this
        query's results (studysite/chapters/search_page.py), or the template."""
        values = context()
        if template == SEARCH + "#results":
            return _results_html(values)
        shell = _search_shell(request, library, render) if query and template == SEARCH else None
        if shell is None:
            return render(template, values)
        return shell.page(query, _results_html(values))

    if template == SEARCH and query:
        # The next new search from a visitor without cookies is answered in front of
        # Django, with this response's headers (search_front).
        offer_query_to_front(request, search_front)
    # Results are the same for everyone who asks the same question, so they are shared
    # (no token, no cookie) and the last few hundred are kept. The live search asks the
    # same URL for only the results, hence Vary: HX-Request.
    return shared_response(
        request,
        # Everything the page depends on is in its URL (and the partial it asks for).
        key=_search_key(library, template, request),
        template=template,
        context=context,
        vary=("HX-Request",),
        per_query=True,
        anonymous_html=anonymous_page,
    )


def _search_key(library: Library, template: str, request: HttpRequest) -> tuple:
    return ("search", Same(library), template, request.get_full_path())


def search_front(request: HttpRequest) -> Body | None:
    """The search page's body for a visitor without cookies, built in front of Django's
    middleware (``shared_pages.FrontCache``, which sends it with the headers Django sent
    for the same path), or None to let Django answer: the same bytes the view gives, as
    long as the page's shell for this host and notes library is known (the view made
    it) and the query is not empty. ``request`` is a bare WSGIRequest: it parses the
    query string and checks the host as Django does, and the view's own functions do
    the rest."""
    try:
        query, message, page = search_inputs(request.GET)
        host = request.get_host()
    except (SuspiciousOperation, ValueError):  # a bad host, too many fields: Django says so
        return None
    if not query:
        return None
    library = get_library()
    shell = _SHELLS.get((host, Same(library)))
    if shell is None or settings.DEBUG:
        return None

    def page_html(render: Callable[[str, dict[str, object]], str]) -> str:
        return shell.page(query, _results_html(search_values(library, query, page, message)))

    return shared_body(
        request, key=_search_key(library, SEARCH, request), per_query=True, html=page_html
    )


SEARCH = "chapters/search.html"
# The search page's shell per host and notes library (a few: hosts are few).
_SHELLS: OrderedDict[tuple, PageShell | None] = OrderedDict()


def _search_shell(
    request: HttpRequest, library: object, render: Callable[[str, dict[str, object]], str]
) -> PageShell | None:
    key = (request.get_host(), Same(library))
    if settings.DEBUG or key not in _SHELLS:
        empty = {"query": QUERY_MARK, "results": None, "hits_html": "", "message": ""}
        shell = make_shell(
            lambda values: render(SEARCH, values), render(SEARCH + "#results", empty)
        )
        if settings.DEBUG:
            return shell
        _SHELLS[key] = shell
        while len(_SHELLS) > 8:
            _SHELLS.popitem(last=False)
    return _SHELLS[key]
