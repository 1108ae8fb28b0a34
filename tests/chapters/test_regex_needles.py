"""regex_needles: strings every match of a regex contains. A wrong needle would make the
notes' inline processor skip a pattern that matches (a link or a bold word lost), so
each claim is checked against the regex itself on many texts."""

from __future__ import annotations

import random
import re

import markdown
import pytest

from studysite.chapters.regex_needles import needles

MARKDOWN_PATTERNS = [
    p.getCompiledRegExp()
    for p in markdown.Markdown(
        extensions=["toc", "tables", "fenced_code", "admonition", "attr_list", "def_list"]
    ).inlinePatterns
]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\!\[", ("![",)),
        (r"(?<!\!)\[", ("[",)),
        (r"  \n", ("  \n",)),
        (r"\*|_", ("*", "_")),
        (r"(&(?:\#[0-9]+|[a-z]+);)", ("&",)),
        (r"ab|cd", ("ab", "cd")),
        (r"(?:ab|c)x", ("ab", "c")),
        (r"a*b", ("b",)),
        (r"a?b{2}", ("b",)),
        (r"x{0,3}y", ("y",)),
        (r"(?:xy)+", ("xy",)),
        (r".q", ("q",)),
        (r"(?=k)\w", ("k",)),
        (r"(?>ab)", ("ab",)),
        # Nothing any match must contain, or nothing this reads: no needles.
        (r"ab|c*", None),
        (r"[^a]", None),
        (r"[a-z]", None),
        (r"\d+", None),
        (r"(?!x).", None),
        (r"a?", None),
        (r"(?i)abc", None),
        (r"(?i:abc)", None),
        (r"", None),
    ],
)
def test_needles(pattern, expected):
    assert needles(re.compile(pattern)) == expected


def test_python_markdowns_inline_patterns_all_have_needles():
    """Every inline pattern of the notes has needles (else nothing is skipped for it)."""
    found = {p.pattern: needles(p) for p in MARKDOWN_PATTERNS}
    assert all(found.values()), found
    assert found[r"\!\["] == ("![",)
    assert found[r"\*|_"] == ("*", "_")
    assert all(n == ("<",) for p, n in found.items() if p.startswith(("<", "(<")))


# Characters and pieces the patterns look for, so that random texts match them often.
PIECES = [*"ab xykq*_[]!<>&;#`\\\n@:/.-12é", "http://", "  \n", "&amp;", "![", "<a>", "``"]


@pytest.mark.parametrize(
    "pattern",
    [p.pattern for p in MARKDOWN_PATTERNS]
    + [
        r"ab|cd",
        r"(?:ab|c)x",
        r"a*b",
        r"x{0,3}y",
        r"(?:xy)+",
        r".q",
        r"(?=k)\w",
        r"\!\[",
    ],
)
def test_every_match_contains_a_needle(pattern):
    """On 20,000 random texts of the pieces the patterns look for, a text the regex finds
    a match in always holds one of the needles."""
    regex = re.compile(pattern)
    strings = needles(regex)
    assert strings
    rng = random.Random(pattern)
    matched = 0
    for _ in range(20_000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 24)))
        if regex.search(text):
            matched += 1
            assert any(s in text for s in strings), (text, strings)
    assert matched  # the texts did exercise the regex


def test_a_pattern_that_is_not_text_has_none():
    assert needles(re.compile(rb"abc")) is None
