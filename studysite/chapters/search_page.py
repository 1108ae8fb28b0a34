"""The search page, cheap for a query nobody asked before (issue 14: search >= 30 % of a
static file, measured with a new query each time).

A profile of a new query (benchmarks/REPORT.md) spent three quarters of its time in
templates: the page around the results (header, navigation, form) and a loop with
filters per hit. Neither needs the template engine per query:

- the hits are written by :func:`hits_html`, escaping what the notes or the visitor
  wrote (the snippets and headings come escaped from the index, matches in ``<mark>``);
- the page around the results is the same for every anonymous visitor and every query
  but for the query itself (the title and the input's value): it is rendered once per
  host and content version with a placeholder for the query and for the results, and
  each query fills them in (:class:`PageShell`). If the template ever stops fitting that
  shape, the page is rendered the usual way.

The results partial (the count, "did you mean", "Show more") stays a template.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.html import escape

from .search import SearchHit

# Stands in for the query while the shell is rendered: letters only, so escaping leaves
# it as it is, and it cannot occur in the page otherwise.
QUERY_MARK = "qq7searchquery7qq"
RESULTS_OPEN = '<div id="search-results" aria-live="polite">'


def hits_html(hits: Iterable[SearchHit], *, highlight: str, offset: int) -> str:
    """The result list's items: each hit's heading linked to its section (with what to
    highlight there), its chapter and its snippet."""
    query = f"?{escape(highlight)}" if highlight else ""
    items = []
    for number, hit in enumerate(hits):
        first_new = ' class="first-new"' if number == 0 and offset else ""
        anchor = f"#{escape(hit.anchor)}" if hit.anchor else ""
        heading = hit.heading_html or escape(hit.heading)
        items.append(
            f"\n      <li{first_new}>\n"
            f'        <a href="/notes/{escape(hit.slug)}/{query}{anchor}">{heading}</a>\n'
            f'        <span class="where">{escape(hit.chapter_title)}</span>\n'
            f"        <p>{hit.snippet_html}</p>\n"
            "      </li>\n    "
        )
    return "".join(items)


@dataclass(frozen=True)
class PageShell:
    """The search page split around its query-dependent parts."""

    before: str  # up to where the results go, inside their container
    after: str  # from where they end

    def page(self, query: str, results: str) -> str:
        """The whole page for ``query`` (its text, not yet escaped) and its results."""
        escaped = escape(query)
        return self.before.replace(QUERY_MARK, escaped) + results + self.after


def make_shell(render: Callable[[dict[str, object]], str], empty_results: str) -> PageShell | None:
    """Render the page once with the query's placeholder and no results, and split it
    where the results go (the results partial, rendered empty, right inside their
    container); None if the page does not have that shape (then each query renders the
    template)."""
    html = render({"query": QUERY_MARK, "results": None, "hits_html": "", "message": ""})
    if html.count(RESULTS_OPEN) != 1:
        return None
    inside = html.index(RESULTS_OPEN) + len(RESULTS_OPEN)
    at = html.find(empty_results, inside)
    if at < 0 or html[inside:at].strip():
        return None
    before, after = html[:at], html[at + len(empty_results) :]
    if not after.lstrip().startswith("</div>") or QUERY_MARK in after:
        return None
    if before.count(QUERY_MARK) != 2:  # the title and the search box
        return None
    return PageShell(before=before, after=after)
