"""Question markdown: formatting kept, raw HTML and unsafe links never passed through."""

from __future__ import annotations

import pytest

from studysite.quiz.render import render, render_inline


def test_markdown_formatting_and_code():
    html = render("Use **`aws s3 cp`**:\n\n```bash\naws s3 ls\n```\n")
    assert "<strong><code>aws s3 cp</code></strong>" in html
    assert '<div class="highlight"><pre tabindex="0">' in html


@pytest.mark.parametrize(
    ("source", "absent"),
    [
        ("<script>alert(1)</script>", "<script>"),
        ("<div onclick='x()'>block</div>\n", "<div onclick"),
        ("text <img src=x onerror=alert(1)> more", "<img"),
        ("[click](javascript:alert(1))", "javascript:"),
        ("![pixel](https://tracker.example/p.png)", "<img"),
        ("[data](data:text/html,<b>x</b>)", 'href="data:'),
    ],
)
def test_raw_html_and_unsafe_urls_are_neutralised(source, absent):
    html = render(source)
    assert absent not in html


def test_raw_html_shows_as_text():
    assert render("Use `<bucket>` or <bucket>") == (
        "<p>Use <code>&lt;bucket&gt;</code> or &lt;bucket&gt;</p>"
    )


def test_https_links_stay():
    html = render("[docs](https://docs.aws.amazon.com/s3/)")
    assert '<a href="https://docs.aws.amazon.com/s3/" rel="noopener noreferrer">docs</a>' in html


def test_inline_drops_the_paragraph():
    assert render_inline("A *short* option") == "A <em>short</em> option"
