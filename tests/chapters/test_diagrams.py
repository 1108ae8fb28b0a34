"""SVG diagrams: checked, inlined with an accessible name, themed only through classes."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from studysite.chapters.diagrams import DiagramError, prepare_diagram
from studysite.chapters.loader import get_library
from studysite.chapters.markdown_ext import render_markdown

GOOD = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 720 120">
  <title>Two boxes</title>
  <desc>A client box on the left sends a request along an arrow to a server box on the right.</desc>
  <rect class="d-box" x="10" y="10" width="200" height="60" rx="6"/>
  <rect class="d-box-accent" x="500" y="10" width="200" height="60" rx="6"/>
  <line class="d-line" x1="210" y1="40" x2="490" y2="40"/>
  <path class="d-arrowhead" d="M500 40 l-10 -5 v10 z"/>
  <text class="d-text" x="110" y="45" text-anchor="middle" font-size="14">Client &amp; co</text>
  <text class="d-text-on-accent" x="600" y="45" text-anchor="middle">Server</text>
</svg>"""


def render(source: str, diagrams: dict[str, str]):
    return render_markdown(
        textwrap.dedent(source),
        widget_options={},
        chapter_url=lambda s: f"/notes/{s}/",
        diagrams=diagrams,
    )


def test_a_good_diagram_is_inlined_with_its_title_and_description_as_accessible_name():
    out = render(
        """
        ::: diagram two-boxes
            caption: The client calls the server.
        """,
        {"two-boxes": GOOD},
    )
    assert out.state.problems == []
    html = out.html
    assert html.count("<figure") == 1 and "<p>" not in html
    assert '<svg viewBox="0 0 720 120" class="diagram-svg" role="img"' in html
    assert 'aria-labelledby="diagram-two-boxes-title"' in html
    assert 'aria-describedby="diagram-two-boxes-desc"' in html
    assert '<title id="diagram-two-boxes-title">Two boxes</title>' in html
    assert "Client &amp; co" in html
    assert "<figcaption>The client calls the server.</figcaption>" in html
    assert "ns0:" not in html and "xmlns" not in html


def test_the_caption_defaults_to_the_title():
    out = render("::: diagram two-boxes\n", {"two-boxes": GOOD})
    assert "<figcaption>Two boxes</figcaption>" in out.html


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('class="d-box"', 'class="red"'), "unknown class 'red'"),
        (('class="d-box"', 'fill="#ff0000"'), "only fill='none'"),
        (('class="d-box"', 'style="fill:red"'), "'style'"),
        (('class="d-box"', 'onclick="alert(1)"'), "'onclick'"),
        (('class="d-box"', 'id="x"'), "'id'"),
        (("<line ", "<script>alert(1)</script><line "), "<script>"),
        (("<line ", '<image href="https://example.com/x.png"/><line '), "<image>"),
        (("<line ", "<foreignObject/><line "), "<foreignObject>"),
        (("<title>Two boxes</title>", ""), "<title> and <desc>"),
        (('viewBox="0 0 720 120"', 'width="720"'), "viewBox"),
        (("</svg>", ""), "not well-formed"),
        (('xmlns="http://www.w3.org/2000/svg" ', ""), "root element"),
        (("<svg", '<!DOCTYPE svg [<!ENTITY x "y">]><svg'), "DOCTYPE"),
        (('x1="210"', 'x1="expression(1)"'), "not plain geometry"),
    ],
)
def test_a_diagram_breaking_a_rule_is_refused_with_the_reason(change, message):
    bad = GOOD.replace(*change)
    assert bad != GOOD
    with pytest.raises(DiagramError, match=None) as info:
        prepare_diagram("two-boxes", bad)
    assert message in str(info.value)
    out = render("::: diagram two-boxes\n", {"two-boxes": bad})
    (problem,) = out.state.problems
    assert problem.code == "E009" and message in problem.message
    assert "<svg" not in out.html


def test_unknown_twice_and_malformed_embeds_are_problems():
    out = render(
        """
        ::: diagram nope

        ::: diagram two-boxes

        ::: diagram two-boxes

        ::: diagram

        ::: diagram two-boxes extra
        """,
        {"two-boxes": GOOD},
    )
    messages = [p.message for p in out.state.problems]
    assert "Unknown diagram 'nope'." in messages
    assert "The diagram 'two-boxes' is embedded twice." in messages
    assert sum("Malformed diagram embed" in m for m in messages) == 2
    assert out.html.count("<svg") == 1


def test_a_bad_option_is_reported():
    out = render("::: diagram two-boxes\n    colour: red\n", {"two-boxes": GOOD})
    assert [p.message for p in out.state.problems] == [
        "Diagram 'two-boxes' has no option 'colour'."
    ]


def test_check_reports_a_broken_diagram_with_file_and_line(write_note):
    path = write_note("pictures.md", "Intro.\n\n::: diagram two-boxes\n")
    (path.parent / "diagrams").mkdir()
    (path.parent / "diagrams" / "two-boxes.svg").write_text(GOOD.replace("d-box", "blue", 1))
    with pytest.raises(SystemCheckError) as excinfo:
        call_command("check", "--tag", "notes")
    assert "pictures.md:9: (chapters.E009)" in str(excinfo.value)
    assert "unknown class 'blue'" in str(excinfo.value)


def test_an_edited_diagram_shows_without_editing_the_note(write_note, settings):
    settings.DEBUG = True
    path = write_note("pictures.md", "::: diagram two-boxes\n")
    (path.parent / "diagrams").mkdir()
    svg = path.parent / "diagrams" / "two-boxes.svg"
    svg.write_text(GOOD)
    assert "Client &amp; co" in get_library().by_slug["pictures"].html
    svg.write_text(GOOD.replace("Client &amp; co", "Browser"))
    assert "Browser" in get_library().by_slug["pictures"].html


def test_every_diagram_in_the_notes_is_valid_and_embedded_once():
    folder = Path(settings.BASE_DIR) / "notes" / "diagrams"
    names = sorted(p.stem for p in folder.glob("*.svg"))
    html = "".join(c.html for c in get_library().chapters)
    for name in names:
        prepare_diagram(name, (folder / f"{name}.svg").read_text())
        assert html.count(f'aria-labelledby="diagram-{name}-title"') == 1, name
