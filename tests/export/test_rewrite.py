"""The export's page rewriter: tags it acts on are found wherever they are, and nothing
that merely looks like a tag (in text, comments, scripts or attribute values) is."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from studysite.export.lexer import TOKEN_RE, closes, parse_attrs
from studysite.export.rewrite import PageParts, PageRewriter

PARTS = PageParts(head="<!--head-->", notice="<!--notice-->", search_dialog="<!--dialog-->")


def rewrite(page: str, parts: PageParts = PARTS) -> str:
    return PageRewriter(
        lambda url: "EXPORT" + url, lambda url: url.startswith("/quiz/"), parts
    ).rewrite(page)


class _Attrs(HTMLParser):
    def handle_starttag(self, tag, attrs):
        self.found = attrs

    handle_startendtag = handle_starttag


class TestLexer:
    @pytest.mark.parametrize(
        "tag",
        [
            "<a href=\"/x/?a=1&amp;b=2\" class='c d' hidden>",
            "<input type=checkbox checked>",
            '<img src="/static/x.svg" alt="a > b" />',
            "<a HREF=/x/ data-X='y'>",
            '<div\n  class="a"\n  title="&lt;b&gt;">',
        ],
    )
    def test_attributes_are_read_as_html_parser_reads_them(self, tag):
        parser = _Attrs()
        parser.feed(tag)
        match = TOKEN_RE.match(tag)
        assert match is not None and match.end() == len(tag)
        assert parse_attrs(match[2]) == parser.found

    @pytest.mark.parametrize(
        ("attrs", "closed"),
        [
            ("/", True),
            (' src="x" /', True),
            (" disabled/", True),
            (" href=/x/", False),
            ("", False),
        ],
    )
    def test_self_closing_tags(self, attrs, closed):
        assert closes(attrs) is closed


class TestRewriter:
    def test_site_links_become_export_links_and_other_tags_are_copied_as_they_came(self):
        page = '<p class="x"><span class="k">a</span> <a href="/notes/s3/#b">b</a></p>'
        assert rewrite(page) == (
            '<p class="x"><span class="k">a</span> <a href="EXPORT/notes/s3/#b">b</a></p>'
        )

    def test_a_link_on_a_tag_of_any_name_is_rewritten(self):
        assert rewrite('<use href="/static/i.svg#x"/>') == '<use href="EXPORT/static/i.svg#x" />'
        assert (
            rewrite('<img alt="x" src="/static/a.png">')
            == '<img alt="x" src="EXPORT/static/a.png">'
        )

    def test_tags_in_comments_scripts_and_attribute_values_are_not_tags(self):
        page = (
            '<!-- <a href="/notes/x/">old</a> --><script type="application/json">'
            '{"a": "<a href=\\"/notes/y/\\">"}</script>'
            '<span title="a &gt; <a href=/notes/z/>">t</span>'
        )
        assert rewrite(page) == page

    def test_code_samples_that_look_like_markup_are_text(self):
        page = '<pre><code>&lt;a href="/notes/x/"&gt;</code></pre>'
        assert rewrite(page) == page

    def test_server_only_links_go_and_an_emptied_list_item_with_them(self):
        page = (
            '<ul>\n<li><a href="/quiz/">Practice</a></li>\n'
            '<li><a href="/tools/">Tools</a></li>\n</ul>'
        )
        assert rewrite(page) == '<ul>\n<li><a href="EXPORT/tools/">Tools</a></li>\n</ul>'

    @pytest.mark.parametrize(
        ("page", "expected"),
        [
            # A paragraph inside a list item: both held only the link.
            (
                '<ul>\n<li><p><a href="/quiz/">Go</a></p></li>\n<li>Read</li>\n</ul>',
                "<ul>\n<li>Read</li>\n</ul>",
            ),
            # Two dropped links: still nothing else in it.
            (
                '<li class="x"><a href="/quiz/">A</a> <a href="/quiz/b/">B</a></li>\n<p>Next</p>',
                "<p>Next</p>",
            ),
            # The container's start tag in the middle of text copied as it came.
            (
                '<p>Intro</p><p class="more"><a href="/quiz/">Go</a></p><p>After</p>',
                "<p>Intro</p><p>After</p>",
            ),
            (
                '<aside class="practice">\n  <a href="/quiz/">Practice</a>\n</aside>\n<p>x</p>',
                "<p>x</p>",
            ),
        ],
    )
    def test_a_container_left_empty_by_what_was_dropped_goes_with_it(self, page, expected):
        assert rewrite(page) == expected

    @pytest.mark.parametrize(
        ("page", "expected"),
        [
            # Text after the dropped link (its space goes with the link).
            ('<li><a href="/quiz/">Practice</a> or read</li>', "<li>or read</li>"),
            # A kept link after a dropped one.
            (
                '<li><a href="/quiz/">Q</a> <a href="/tools/">T</a></li>',
                '<li><a href="EXPORT/tools/">T</a></li>',
            ),
            # A comment, or any kept element, is something.
            ('<p><a href="/quiz/">Q</a><!-- kept --></p>', "<p><!-- kept --></p>"),
            ('<p><a href="/quiz/">Q</a><em>kept</em></p>', "<p><em>kept</em></p>"),
            # An element the rewriter does not touch keeps its container, even empty.
            ('<li><a href="/quiz/">Q</a><span></span></li>', "<li><span></span></li>"),
            # Nothing was dropped: an empty item is the page's own and stays.
            ("<ul><li></li></ul>", "<ul><li></li></ul>"),
            # A link dropped after other content of its container.
            ('<p>See <a href="/quiz/">practice</a></p>', "<p>See </p>"),
        ],
    )
    def test_a_container_with_anything_else_in_it_stays(self, page, expected):
        assert rewrite(page) == expected

    def test_an_unwrapped_api_link_keeps_its_words_and_its_container(self):
        rewriter = PageRewriter(
            lambda url: "EXPORT" + url, lambda url: url.startswith("/api/"), PARTS
        )
        assert rewriter.rewrite('<li><a href="/api/docs/">API</a></li>') == "<li>API</li>"

    def test_with_a_portal_nothing_is_dropped_and_no_container_goes(self):
        parts = PageParts(head="", notice="", search_dialog="", drop_server_links=False)
        page = '<ul><li><a href="/quiz/">Practice</a></li></ul>'
        assert rewrite(page, parts) == '<ul><li><a href="EXPORT/quiz/">Practice</a></li></ul>'

    def test_a_widget_heading_found_inside_a_followed_form_gets_its_note(self):
        """End tags matter only inside an element the rewriter follows (the heading
        whose end gets the note, the widget form that becomes a div)."""
        parts = PageParts(head="", notice="", search_dialog="", widget_note="<p>N</p>")
        page = (
            '<section class="widget"><h3 id="v">Try <a href="/tools/x/">it</a></h3>'
            "<p>Text</p><h3>Other</h3></section>"
        )
        assert rewrite(page, parts) == (
            '<section class="widget"><h3 id="v">Try <a href="EXPORT/tools/x/">it</a></h3>'
            "<p>N</p><p>Text</p><h3>Other</h3></section>"
        )

    def test_a_dropped_script_takes_its_line_and_the_head_gets_the_exports(self):
        page = '<head>\n<script src="/static/js/csrf.js" defer></script>\n</head>\n<body>'
        assert rewrite(page) == "<head>\n<!--head--></head>\n<body>"

    def test_a_widget_form_becomes_an_inert_div_with_its_heading_noted(self):
        parts = PageParts(
            head="",
            notice="",
            search_dialog="",
            widget_note="<p>note</p>",
            live_hint="<p>live</p>",
            live_widgets=frozenset({"bucket-name"}),
        )
        page = (
            '<section class="widget"><h2>Validator</h2>'
            '<form class="widget-form" method="post" action="/tools/bucket-name/" hx-post="/x">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="t">'
            "<span><button>Check</button></span></form></section>"
        )
        assert rewrite(page, parts) == (
            '<section class="widget"><h2>Validator</h2><p>note</p>'
            '<div data-widget="bucket-name" class="widget-form">'
            '<span><button type="button" disabled>Check</button></span><p>live</p></div></section>'
        )
