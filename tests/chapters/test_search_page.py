"""The search page assembled per query (studysite/chapters/search_page.py): the same
bytes the template gives, whatever the query, with hostile queries escaped."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import Client
from django.urls import resolve
from django.utils.safestring import mark_safe

from studysite import shared_pages
from studysite.chapters import views
from studysite.chapters.loader import get_library
from studysite.chapters.search_page import QUERY_MARK, make_shell

from .conftest import HOSTILE

# Nothing kept from another test (tests/chapters/conftest.py).
pytestmark = pytest.mark.usefixtures("nothing_kept")


# The loop the template had before hits_html (issue 14), as the reference for its output.
HITS_LOOP = Template(
    """{% for hit in results.hits %}
      <li{% if forloop.first and results.offset %} class="first-new"{% endif %}>
        <a href="/notes/{{ hit.slug }}/{% if highlight %}?{{ highlight }}{% endif %}"""
    """{% if hit.anchor %}#{{ hit.anchor }}{% endif %}">"""
    """{{ hit.heading_html|default:hit.heading|safe }}</a>
        <span class="where">{{ hit.chapter_title }}</span>
        <p>{{ hit.snippet_html|safe }}</p>
      </li>
    {% endfor %}"""
)


@pytest.fixture
def notes(bucket_note):
    """The chapter of tests/chapters/conftest.py."""


@pytest.fixture
def many(write_note):
    """Enough sections for pages of results ("Show more") and words to misspell."""
    sections = "".join(
        f"\n## Lifecycle rule {n} {{#rule-{n}}}\n\nA lifecycle rule moves objects "
        f"to Glacier after {n} days; retention & <versions> stay.\n"
        for n in range(45)
    )
    write_note("lifecycle.md", sections, title="Lifecycle")


def template_page(
    client_response_request,
    query: str,
    *,
    page: int = 1,
    message: str = "",
    template: str = "chapters/search.html",
    **extra: object,
) -> str:
    """The search page as the template alone renders it for an anonymous visitor, with
    the hits from the loop the template used to hold."""
    library = get_library()
    results = library.search_index.query(query, offset=(page - 1) * 20) if query.strip() else None
    highlight = urlencode({"h": results.highlight}) if results and results.highlight else ""
    return render_to_string(
        template,
        {
            "query": query,
            "results": results,
            "page": page,
            "message": message,
            "highlight": highlight,
            "hits_html": mark_safe(  # noqa: S308 - rendered by a template
                HITS_LOOP.render(Context({"results": results, "highlight": highlight}))
            )
            if results
            else "",
            "csrf_token": "",
            "shared_page": True,
            **extra,
        },
        request=client_response_request,
    )


class TestShell:
    def test_is_found_in_the_search_template(self, notes, rf):
        request = rf.get("/search/")
        request.resolver_match = resolve("/search/")
        empty = {"query": QUERY_MARK, "results": None, "hits_html": "", "message": ""}
        shell = make_shell(
            lambda values: shared_pages.render_anonymous(request, "chapters/search.html", values),
            shared_pages.render_anonymous(request, "chapters/search.html#results", empty),
        )
        assert shell is not None
        assert shell.before.count(QUERY_MARK) == 2  # the title and the search box
        assert shell.before.endswith("\n")
        assert shell.after.lstrip().startswith("</div>")

    def test_a_page_of_another_shape_is_rendered_by_the_template(self):
        assert make_shell(lambda values: "<p>no results here</p>", "") is None


@pytest.mark.parametrize("query", ["bucket", "versioned object", "buckte", *HOSTILE])
def test_the_page_is_what_the_template_renders(notes, query):
    client = Client()
    response = client.get("/search/", {"q": query}, headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    page = response.content.decode()
    typed = "".join(ch for ch in query[: views.MAX_QUERY_LENGTH] if ch.isprintable())
    expected = template_page(response.wsgi_request, typed)
    assert page == expected


LIMIT_MESSAGE = "Searches are limited to 200 characters; the rest was ignored."


@pytest.mark.parametrize(
    ("params", "page", "message"),
    [
        ({"q": "lifecycle"}, 1, ""),  # 45 hits: "Show 20 more"
        ({"q": "lifecycle", "page": "2"}, 2, ""),
        ({"q": "lifecycle", "page": "3"}, 3, ""),  # the last 5, from 41 on
        ({"q": "lifecycle", "page": "9"}, 9, ""),  # past the end: no hits
        ({"q": "lifecycel"}, 1, ""),  # one correction
        ({"q": "lifecycel glaicer retentoin"}, 1, ""),  # three: "No section has a, b or c"
        ({"q": "lifecycel glaicer"}, 1, ""),
        ({"q": '"rule 7 moves"'}, 1, ""),
        ({"q": '"rule moves" lifecycle'}, 1, ""),  # a phrase that is not there
        ({"q": "zebra"}, 1, ""),
        ({"q": "rule 1"}, 1, ""),  # one section matches
        ({"q": "versions & <b>"}, 1, ""),
        ({"q": "lifecycle " + "x" * 300}, 1, LIMIT_MESSAGE),
        ({"q": "lifecycle/day?s=1&t=2 100%"}, 1, ""),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_pages_of_results_are_what_the_template_renders(notes, many, params, page, message, htmx):
    headers = {"Accept-Encoding": "identity", **({"HX-Request": "true"} if htmx else {})}
    response = Client().get("/search/", params, headers=headers)
    assert response.status_code == 200
    typed = "".join(ch for ch in params["q"][: views.MAX_QUERY_LENGTH] if ch.isprintable())
    template = "chapters/search.html" + ("#results" if htmx else "")
    expected = template_page(
        response.wsgi_request, typed, page=page, message=message, template=template
    )
    assert response.content.decode() == expected


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_are_escaped_everywhere(notes, query):
    page = Client().get("/search/", {"q": query}).content.decode()
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "onmouseover='alert" not in page
    assert re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202e]", page) is None
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    value = re.search(r'<input id="q" type="search" name="q" value="([^"]*)"', page).group(1)
    assert title.startswith(value + " · ")


def test_unicode_queries_are_kept_as_typed(notes):
    page = Client().get("/search/", {"q": "bückét 日本語 😀"}).content.decode()
    assert 'value="bückét 日本語 😀"' in page


def test_a_huge_query_gets_a_clear_message_and_is_cut(notes):
    page = Client().get("/search/", {"q": "bucket " + "x" * 5000}).content.decode()
    assert "Searches are limited to 200 characters; the rest was ignored." in page
    value = re.search(r'<input id="q" type="search" name="q" value="([^"]*)"', page).group(1)
    assert len(value) == 200


def test_hits_keep_their_deep_links_headings_and_marks(notes):
    page = Client().get("/search/", {"q": "bucket"}).content.decode()
    assert '<a href="/notes/s3-buckets/?h=bucket#naming">Naming rules</a>' in page
    assert '<span class="where">S3 buckets &amp; &lt;names&gt;</span>' in page
    assert "<p><mark>Bucket</mark> names are globally unique; a name &amp; its &quot;q" in page
