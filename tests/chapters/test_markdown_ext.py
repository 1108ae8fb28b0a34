"""The markdown extension on its own: source in, HTML and collected facts out (no Django)."""

from __future__ import annotations

import textwrap

import pytest

from studysite.chapters.markdown_ext import render_markdown, slug_for_filename

OPTIONS = {"s3-uri": frozenset({"bucket", "key", "region"})}


def render(source: str):
    return render_markdown(
        textwrap.dedent(source), widget_options=OPTIONS, chapter_url=lambda s: f"/notes/{s}/"
    )


class TestWidgetEmbeds:
    def test_an_embed_becomes_a_placeholder_with_its_starting_values(self):
        out = render(
            """
            Before.

            ::: widget s3-uri
                bucket: amzn-s3-demo-bucket
                key: photos/cat.jpg

            After.
            """
        )
        assert '<div class="widget-slot" data-widget-index="0"></div>' in out.html
        assert "::: widget" not in out.html
        (embed,) = out.state.widgets
        assert embed.name == "s3-uri"
        assert dict(embed.options) == {"bucket": "amzn-s3-demo-bucket", "key": "photos/cat.jpg"}
        assert out.state.problems == []

    def test_two_embeds_are_numbered_in_order(self):
        out = render("::: widget s3-uri\n\n::: widget s3-uri\n    region: eu-west-1\n")
        assert [w.index for w in out.state.widgets] == [0, 1]
        assert dict(out.state.widgets[1].options) == {"region": "eu-west-1"}

    def test_an_unknown_widget_is_a_problem_naming_the_known_ones(self):
        out = render("::: widget bucket-nmae\n")
        (problem,) = out.state.problems
        assert problem.code == "E003"
        assert "bucket-nmae" in problem.message
        assert "s3-uri" in problem.hint
        assert out.state.widgets == []
        assert "widget-slot" not in out.html

    def test_an_unknown_option_is_a_problem_and_is_dropped(self):
        out = render("::: widget s3-uri\n    colour: blue\n    bucket: amzn-s3-demo-bucket\n")
        (problem,) = out.state.problems
        assert "colour" in problem.message
        assert problem.needle == "colour: blue"
        assert dict(out.state.widgets[0].options) == {"bucket": "amzn-s3-demo-bucket"}

    @pytest.mark.parametrize(
        "source",
        ["::: widget\n", ":::\n", "::: widget s3-uri extra\n", "::: widget s3-uri\nbucket: x\n"],
    )
    def test_malformed_embeds_are_problems_not_exceptions(self, source):
        assert render(source).state.problems


class TestLinks:
    def test_a_link_to_another_note_becomes_its_chapter_url(self):
        out = render("See [buckets](s3-buckets.md#naming-rules) and [top](./Other_Note.md).")
        assert 'href="/notes/s3-buckets/#naming-rules"' in out.html
        assert 'href="/notes/other-note/"' in out.html
        assert [(link.slug, link.anchor) for link in out.state.links] == [
            ("s3-buckets", "naming-rules"),
            ("other-note", ""),
        ]

    def test_same_page_anchors_are_recorded_and_external_links_left_alone(self):
        out = render("[here](#intro) [aws](https://docs.aws.amazon.com/x.md) [abs](/tools/)")
        assert [(link.slug, link.anchor) for link in out.state.links] == [("", "intro")]
        assert 'href="https://docs.aws.amazon.com/x.md"' in out.html

    def test_a_link_out_of_the_notes_folder_is_a_problem(self):
        out = render("[x](../README.md)")
        assert out.state.problems[0].code == "E004"


class TestHeadingsAndSections:
    def test_headings_get_ids_permalinks_and_a_toc(self):
        out = render("## Naming rules {#naming}\n\nText.\n\n### Periods in names\n\nMore.\n")
        assert '<h2 id="naming">' in out.html
        assert 'class="headerlink" href="#naming"' in out.html
        assert 'aria-label="Link to the section “Naming rules”"' in out.html
        assert out.toc_tokens[0]["id"] == "naming"
        assert out.toc_tokens[0]["children"][0]["id"] == "periods-in-names"
        assert {"naming", "periods-in-names"} <= out.ids

    def test_text_is_split_into_sections_at_headings_including_code(self):
        out = render(
            """
            Intro words.

            ## First {#first}

            Alpha *beta*.

            ```bash
            aws s3 ls
            ```

            | a | b |
            |---|---|
            | cell1 | cell2 |

            ## Second

            Gamma.
            """
        )
        sections = {s.anchor: s for s in out.state.sections}
        assert sections[""].text == "Intro words."
        assert sections["first"].heading == "First"
        assert "Alpha beta." in sections["first"].text
        assert "aws s3 ls" in sections["first"].text
        assert "cell1 cell2" in sections["first"].text
        assert sections["second"].text == "Gamma."


class TestStandardMarkdown:
    @pytest.mark.parametrize(
        ("lang", "code", "token_class"),
        [
            ("bash", "aws s3 cp a.txt s3://bucket/", "w"),
            ("json", '{"Version": "2012-10-17"}', "nt"),
            ("python", "def f():\n    return 1", "k"),
            ("ini", "[default]\nregion = us-east-1", "k"),
            ("http", "GET / HTTP/1.1\nHost: example.com", "nf"),
            ("xml", "<Error><Code>NoSuchKey</Code></Error>", "nt"),
        ],
    )
    def test_fenced_code_is_highlighted_by_pygments(self, lang, code, token_class):
        out = render(f"```{lang}\n{code}\n```\n")
        assert '<div class="highlight">' in out.html
        assert f'<span class="{token_class}">' in out.html

    def test_tables_admonitions_definition_lists_and_attr_lists(self):
        out = render(
            """
            | Class | AZs |
            |---|---|
            | STANDARD | 3 or more |

            !!! warning "Common misconception"
                Buckets are not folders.

            Term
            :   Its definition.

            A paragraph.
            {: .lead }
            """
        )
        assert '<table tabindex="0">' in out.html and "<td>STANDARD</td>" in out.html
        assert '<div class="admonition warning">' in out.html
        assert '<p class="admonition-title">Common misconception</p>' in out.html
        assert "<dt>Term</dt>" in out.html and "<dd>Its definition.</dd>" in out.html
        assert '<p class="lead">A paragraph.</p>' in out.html

    def test_raw_script_in_code_is_escaped(self):
        out = render("```html\n<script>alert(1)</script>\n```\n")
        assert "<script>" not in out.html


@pytest.mark.parametrize(
    ("stem", "slug"),
    [
        ("s3-buckets", "s3-buckets"),
        ("S3_Buckets", "s3-buckets"),
        ("01 intro", "01-intro"),
        ("--", ""),
    ],
)
def test_slug_for_filename(stem, slug):
    assert slug_for_filename(stem) == slug


class TestQuickInlineProcessor:
    """QuickInlineProcessor skips the inline patterns that cannot match; the HTML must be
    Python-Markdown's own, byte for byte."""

    EXTENSIONS = ("toc", "tables", "fenced_code", "admonition", "attr_list", "def_list")

    def convert(self, text: str, *, quick: bool) -> str:
        import markdown

        from studysite.chapters.markdown_ext import PRIORITIES, QuickInlineProcessor

        md = markdown.Markdown(extensions=list(self.EXTENSIONS), output_format="html")
        if quick:
            md.treeprocessors.register(QuickInlineProcessor(md), "inline", PRIORITIES["inline"])
        return md.convert(text)

    def test_it_replaces_python_markdowns_own_at_its_priority(self):
        import markdown

        from studysite.chapters.markdown_ext import (
            PRIORITIES,
            QuickInlineProcessor,
            StudyNotesExtension,
        )

        plain = markdown.Markdown()
        stock = next(p for p in plain.treeprocessors._priority if p.name == "inline")
        assert stock.priority == PRIORITIES["inline"]
        ours = markdown.Markdown(
            extensions=[StudyNotesExtension(state=None, widget_options={}, chapter_url=str)]
        )
        assert isinstance(ours.treeprocessors["inline"], QuickInlineProcessor)

    @pytest.mark.parametrize(
        "text",
        [
            "*em* **strong** ***both*** _a_ __b__ `code *not em*` \\*escaped\\* a*b*c",
            "[link](/x/ 'title') ![img](/i.png) <https://example.com> <a@b.com> &amp; &copy;",
            "[ref][r] [r] ![i][r]\n\n[r]: /ref/\n\nline  \nbreak <span>*html*</span>",
            "**bold with `code` and [a *link*](/y/)** and ``two `ticks` `` __*nested*__",
            "| a | *b* |\n| - | - |\n| `c` | [d](/d/) |\n\nterm\n:   *definition*",
        ],
    )
    def test_same_html_as_python_markdown(self, text):
        assert self.convert(text, quick=True) == self.convert(text, quick=False)

    def test_same_html_for_every_note(self):
        from pathlib import Path

        notes = sorted((Path(__file__).resolve().parents[2] / "notes").glob("*.md"))
        assert notes
        for note in notes:
            text = note.read_text(encoding="utf-8")
            assert self.convert(text, quick=True) == self.convert(text, quick=False), note.name


def test_shared_style_formatter_highlights_as_pygments_does():
    """SharedStyleHtmlFormatter works out a style's classes once; each code block comes
    out as Pygments' own formatter writes it (the second from the shared tables)."""
    from pygments import highlight
    from pygments.formatters.html import HtmlFormatter
    from pygments.lexers import get_lexer_by_name

    from studysite.chapters.markdown_ext import SharedStyleHtmlFormatter

    options = {"cssclass": "highlight", "wrapcode": True}
    for lang, code in [
        ("bash", 'aws s3 cp ./a.txt "s3://b/k" --sse aws:kms  # copy\n'),
        ("json", '{"Effect": "Deny", "Action": ["s3:*"], "n": 1}\n'),
        ("python", "def f(x: int) -> str:\n    return f'{x}'\n"),
    ]:
        lexer = get_lexer_by_name(lang)
        ours = highlight(code, lexer, SharedStyleHtmlFormatter(lang_str=lang, **options))
        assert ours == highlight(code, lexer, HtmlFormatter(**options))
