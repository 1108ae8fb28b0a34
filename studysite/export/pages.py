"""The export's pages, rendered by the site's own templates with an anonymous request,
and what the export adds to each (stylesheet and script, read-only notice, its own
search overlay). studysite/export/rewrite.py then makes each page fit for a folder."""

from __future__ import annotations

import html
from contextlib import suppress
from urllib.parse import parse_qsl, urlencode

from django.contrib.auth.models import AnonymousUser
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils.safestring import mark_safe

from studysite.chapters.domains import DOMAINS
from studysite.chapters.loader import Chapter, Library
from studysite.chapters.views import fill_widgets
from studysite.shared_pages import no_token
from studysite.views import home_context
from studysite.widgets.embed import widget_context
from studysite.widgets.registry import WIDGETS

EXPORT_STATIC = "static/export/"
# Tool pages whose widget would read the clock (the signer without a time) show this
# moment instead, so that two exports are byte-identical. It is AWS's own example time.
FIXED_TIMESTAMP = "20150830T123600Z"
SEARCH_DIALOG = """<dialog class="search-dialog" id="search-dialog" \
aria-labelledby="search-dialog-title">
  <form class="search-dialog-form" role="search" action="{action}" method="get">
    <h2 class="visually-hidden" id="search-dialog-title">Search the notes</h2>
    <label for="search-dialog-q" class="visually-hidden">Words to find</label>
    <input id="search-dialog-q" type="search" name="q" placeholder="Search the notes" \
autocomplete="off" spellcheck="false" maxlength="200" aria-describedby="search-dialog-help">
    <button type="button" class="search-dialog-close" data-close-dialog>Close</button>
  </form>
  <div class="search-dialog-results" id="search-dialog-results" aria-live="polite"></div>
  <p class="search-dialog-help hint" id="search-dialog-help">Enter: all results · Esc: close \
· “quotes” for a phrase</p>
</dialog>
"""


# The templates the export's pages render, besides each widget's own (its spec's
# template): see compile_templates (tests/export/test_pages.py checks the list).
PAGE_TEMPLATES = (
    "_base.html",
    "accounts/_nav.html",
    "chapters/chapter.html",
    "chapters/search.html",
    "export/_slot.html",
    "export/self_check.html",
    "home.html",
    "progress/_due_reviews.html",
    "progress/_read_placeholder.html",
    "quiz/_chapter_link.html",
    "widgets/_errors.html",
    "widgets/_permalink.html",
    "widgets/_value_tree.html",
    "widgets/index.html",
    "widgets/tool.html",
)


def compile_templates() -> None:
    """Compile every template the pages render (the cached loader keeps them), rather
    than on the first page of each kind: the export does it while it would otherwise
    wait for the early renderer's notes. A name no longer there is left to the page
    that would use it."""
    for name in (*PAGE_TEMPLATES, *sorted({spec.template for spec in WIDGETS.values()})):
        with suppress(TemplateDoesNotExist):
            get_template(name)


def _request(path: str):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    request.resolver_match = resolve(path)
    request.htmx = False
    return request


def render(path: str, template: str, context: dict[str, object]) -> str:
    """A site page as an anonymous visitor gets it (no token, no session)."""
    context = {**context, "shared_page": True, "csrf_token": no_token(), "static_export": True}
    return render_to_string(template, context, _request(path))


def home_page(library: Library) -> str:
    return render("/", "home.html", home_context(library))


def chapter_page(library: Library, chapter: Chapter, question_count: int) -> str:
    previous, following = library.neighbours(chapter.slug)
    context = {
        "question_count": question_count,
        "chapter": chapter,
        "body": mark_safe(fill_widgets(chapter)),  # noqa: S308 - our own rendering
        "domains": [DOMAINS[d] for d in chapter.domains],
        "previous": previous,
        "next": following,
        "show_problems": False,
    }
    return render(chapter.url, "chapters/chapter.html", context)


def quiz_link(href: str, count: int) -> str:
    """A chapter's link to its self-check page ("" without questions). The questions get
    a page of their own, so a chapter's first load stays light."""
    if not count:
        return ""
    return (
        f'<aside class="quiz-link" aria-label="Practice questions"><a class="button" '
        f'href="{html.escape(href)}">Check yourself</a> <span class="hint">{count} '
        f"question{'s' if count != 1 else ''} on this chapter, with explanations."
        "</span></aside>"
    )


# Where a page's body goes when the export writes it ready-made (links and all): the
# page around it is rewritten, the body is not (studysite/export/build.py fills it in).
BODY_SLOT = "<!--export-body-->"


def self_check_page(chapter: Chapter) -> str:
    """The page around a chapter's self-check, with :data:`BODY_SLOT` for the questions
    (studysite/export/self_check.py writes them with the export's own links)."""
    context = {"chapter": chapter, "body": mark_safe(BODY_SLOT)}  # noqa: S308 - a comment
    return render(chapter.url, "export/self_check.html", context)


def tools_page() -> str:
    return render("/tools/", "widgets/index.html", {"widgets": list(WIDGETS.values())})


def tool_page(name: str, query: str, more: list[tuple[str, dict[str, str]]]) -> str:
    """A tool page, opened plain ("") or with the values of ``query`` (an example)."""
    context = _tool_context(name, query, more)
    return render(context["w"]["action"], "widgets/tool.html", context)


class _Slot:
    """A widget's spec whose template is export/_slot.html: the tool page renders
    :data:`BODY_SLOT` where the widget goes."""

    template = "export/_slot.html"

    def __init__(self, spec) -> None:
        self.spec = spec

    def __getattr__(self, name: str):
        return getattr(self.spec, name)


def example_page(
    name: str, query: str, more: list[tuple[str, dict[str, str]]], *, around: bool = True
) -> tuple[str | None, str]:
    """An example's tool page in two parts: the page around the widget, with
    :data:`BODY_SLOT` where the widget goes (the same for every example of a widget:
    the export renders and rewrites it once; None when not ``around``), and the widget
    with the example's values."""
    context = _tool_context(name, query, more)
    path = context["w"]["action"]
    widget = render(path, context["spec"].template + "#widget", context)
    if not around:
        return None, widget
    context["spec"] = _Slot(context["spec"])
    return render(path, "widgets/tool.html", context), widget


def _tool_context(name: str, query: str, more: list[tuple[str, dict[str, str]]]) -> dict:
    spec = WIDGETS[name]
    data = dict(parse_qsl(query, keep_blank_values=True))
    fields = tuple(f for f in spec.fields if f not in spec.secret_fields)
    values = {**spec.initial, **{f: data[f] for f in fields if f in data}}
    if spec.clock_field and not values.get(spec.clock_field):
        values[spec.clock_field] = FIXED_TIMESTAMP
    context = widget_context(spec, values, prefix="tool", compute=True, heading_level=2)
    learn_more = ""
    if spec.chapter:
        slug, _, anchor = spec.chapter.partition("#")
        learn_more = reverse("chapters:chapter", args=[slug]) + (f"#{anchor}" if anchor else "")
    action = reverse("widgets:tool", args=[spec.name])
    context.update(
        {
            "spec": spec,
            "learn_more": learn_more,
            "examples": [(label, f"{action}?{urlencode(v)}") for label, v in spec.examples],
        }
    )
    if query and more:
        # An example's page links the tool's list of every command in the notes rather
        # than repeating it (77 commands on each of 77 pages).
        context["every_command_link"] = action + "#every-command"
    else:
        context["more_examples"] = [(label, v, f"{action}?{urlencode(v)}") for label, v in more]
    return context


def search_page() -> str:
    context = {"query": "", "results": None, "hits": [], "page": 1, "message": ""}
    return render("/search/", "chapters/search.html", {**context, "highlight": ""})


def head_html(style: str, script: str, root: str, pretty: bool, pyodide: str | None) -> str:
    """The export's stylesheet and script (export.js finds the search index, live.js
    and Pyodide from its data attributes), inserted before ``</head>``."""
    return (
        f'<link rel="stylesheet" href="{html.escape(style)}">\n'
        f'<script src="{html.escape(script)}" defer'
        f' data-root="{html.escape(root)}"'
        f' data-pretty="{"1" if pretty else ""}"'
        + (f' data-pyodide="{html.escape(pyodide)}"' if pyodide else "")
        + "></script>\n"
    )


def notice_html(portal_url: str | None) -> str:
    portal = ""
    if portal_url:
        portal = (
            " Practice, mock exams, review and history are on the"
            f' <a href="{html.escape(portal_url)}">study portal</a>.'
        )
    return (
        '<p class="export-notice" role="note"><strong>Read-only copy.</strong> '
        "These notes were exported as plain files: search and the self-check work "
        "here, nothing you do is recorded." + portal + "</p>"
    )


def search_dialog_html(action: str) -> str:
    return SEARCH_DIALOG.format(action=html.escape(action))
