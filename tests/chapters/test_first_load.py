"""A chapter's first load stays under its budget (DESIGN.md quality targets, issue 14):
everything a first visit downloads, compressed as production sends it, from this host.

The page is the Brotli body the site keeps for it; each stylesheet, script and image it
links is what the production storage writes (studysite/static_storage.py: stylesheets
without comments) compressed as WhiteNoise compresses it (Brotli at its default quality,
11). benchmarks/run.py measures the same over HTTP on the largest chapter.
"""

from __future__ import annotations

import re

import brotli
import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from studysite import shared_pages
from studysite.chapters.loader import get_library
from studysite.static_storage import strip_css_comments

FIRST_LOAD_BUDGET = 45_000  # bytes, compressed (DESIGN.md quality targets)
BROWSER = {"Accept-Encoding": "gzip, deflate, br"}
# What a browser fetches on its own: stylesheets, scripts, icons and images.
FETCHED_RE = re.compile(
    r"<(?:link|script|img)\b[^>]*?\b(?:src|href)=\"([^\"]+)\"[^>]*>", re.IGNORECASE
)
NOT_FETCHED_RE = re.compile(r'^<link\b(?![^>]*\brel="(?:stylesheet|icon|preload|modulepreload)")')


@pytest.fixture(autouse=True)
def _nothing_kept():
    shared_pages.clear()
    yield
    shared_pages.clear()


def served(static_path: str) -> bytes:
    """A static file's bytes on the wire in production (Brotli)."""
    source = finders.find(static_path)
    assert source, static_path
    with open(source, "rb") as file:
        data = file.read()
    if static_path.endswith(".css"):
        data = strip_css_comments(data)
    return brotli.compress(data)


def first_load(client: Client, path: str) -> dict[str, int]:
    """Bytes on the wire for each thing a first visit to ``path`` downloads."""
    response = client.get(path, headers=BROWSER)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    sizes = {path: len(response.content)}
    html = brotli.decompress(response.content).decode()
    for match in FETCHED_RE.finditer(html):
        if NOT_FETCHED_RE.match(match.group(0)):
            continue
        url = match.group(1)
        assert url.startswith("/static/"), f"{path} fetches {url} from elsewhere"
        sizes[url] = len(served(url.removeprefix("/static/").split("?")[0]))
    return sizes


def test_every_chapter_loads_under_budget_with_everything_it_fetches():
    client = Client()
    totals = {
        chapter.url: sum(first_load(client, chapter.url).values())
        for chapter in get_library().chapters
    }
    assert totals
    over = {url: size for url, size in totals.items() if size >= FIRST_LOAD_BUDGET}
    assert over == {}, sorted(totals.items(), key=lambda item: -item[1])[:3]


def test_a_chapter_loads_no_quiz_styles_or_scripts():
    chapter = get_library().chapters[0]
    fetched = first_load(Client(), chapter.url)
    assert any(url.endswith("/site.css") for url in fetched)
    assert not any(re.search(r"/(quiz|home|search)\.css$|quiz-keys", url) for url in fetched)


def test_the_served_stylesheets_keep_every_rule():
    for name in ("css/site.css", "css/quiz.css", "css/pygments.css"):
        with open(finders.find(name), "rb") as file:
            source = file.read()
        stripped = strip_css_comments(source)
        assert b"/*" not in stripped
        assert stripped.count(b"{") == re.sub(rb"/\*.*?\*/", b"", source, flags=re.S).count(b"{")


class TestStripCssComments:
    def test_drops_comments_and_the_lines_they_held(self):
        css = b"/* head */\na { color: red; } /* why */\n\n  /* one\n  two */\nb {}\n"
        assert strip_css_comments(css) == b"a { color: red; }\nb {}\n"

    def test_keeps_comment_marks_inside_strings(self):
        css = b"a::before { content: \"/* not a comment */\"; }\nb { content: '*/'; }\n"
        assert strip_css_comments(css) == css
