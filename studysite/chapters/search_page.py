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

- the rest of the results (the count, "did you mean", "Show more") is written by
  :func:`results_html`, the same bytes as the template's ``results`` partial, which stays
  the reference and still renders a signed-in reader's page (tests/chapters/
  test_search_page.py compares both for many queries).

A new search for a visitor without cookies is answered in front of Django's middleware
(:func:`front_page`, through ``studysite.shared_pages.FrontCache``): with the headers
Django sent for the same path, once the page's shell is known.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape  # Django's escape is this one, behind a laziness wrapper
from urllib.parse import quote

from .search import SearchHit, SearchResults

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


def results_html(
    results: SearchResults | None,
    *,
    query: str,
    page: int,
    message: str,
    hits: str,
    search_url: str,
) -> str:
    """What the template's ``results`` partial renders (templates/chapters/search.html),
    byte for byte: the notice, "did you mean", the count, the hits (``hits``, from
    :func:`hits_html`) and "Show more". ``search_url`` is the search page's URL."""
    out = ["\n  "]
    if message:
        out.append(f'<p class="notice">{escape(message)}</p>')
    out.append("\n  ")
    if results is not None:
        out.append("\n    ")
        corrected = results.corrected_query
        if results.corrections:
            last = len(results.corrections) - 1
            out.append('\n    <p class="did-you-mean">')
            for number, (typed, _) in enumerate(results.corrections):
                lead = "No section has " if number == 0 else " or " if number == last else ", "
                out.append(f"{lead}“{escape(typed)}”")
            out.append(
                f': showing results for <a href="{search_url}?q={quote(corrected)}">'
                f"<strong>{escape(corrected)}</strong></a>.</p>\n    "
            )
        total = results.total
        out.append(
            f'\n    <p class="result-count">{total} section{"" if total == 1 else "s"} '
            f"match{'es' if total == 1 else ''} <strong>{escape(corrected or query)}</strong>"
        )
        if results.offset:
            out.append(f" (from {results.offset + 1} on)")
        out.append(".</p>\n    ")
        if results.hits:
            start = f' start="{results.offset + 1}"' if results.offset else ""
            out.append(f'\n    <ol class="search-results"{start}>\n    ')
            out.append(more_html(results, query=query, page=page, hits=hits, search_url=search_url))
            out.append("\n    </ol>\n    ")
        else:
            phrases = ", or a phrase without quotes" if results.parsed.phrases else ""
            out.append(f"\n    <p>Try fewer or shorter words{phrases}.</p>\n    ")
        out.append("\n  ")
    out.append("\n")
    return "".join(out)


def more_html(results: SearchResults, *, query: str, page: int, hits: str, search_url: str) -> str:
    """The template's ``more`` partial: the hits and the "Show more" item."""
    out = ["\n    ", hits, "\n    "]
    if results.more:
        asked = f"{search_url}?q={quote(query)}&amp;page={page + 1}"
        out.append(
            f'\n      \n      <li class="search-more"><a href="{asked}" hx-get="{asked}&amp;more=1"'
            ' hx-target="closest li" hx-swap="outerHTML">'
            f"Show {20 if results.more > 20 else results.more} more results</a>"
            f' <span class="hint">({results.more} left)</span></li>\n    '
        )
    out.append("\n    ")
    return "".join(out)


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
