"""Snippets and headings highlighted from each section's words (search.Highlighter, issue
14) are what the case-insensitive pattern gives (match_pattern with make_snippet and
mark_matches, the reference), on every section of the notes and on made-up texts."""

from __future__ import annotations

import itertools
import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studysite.chapters import search
from studysite.chapters.loader import get_library
from studysite.chapters.search import (
    CASE_TWINS,
    Highlighter,
    make_snippet,
    mark_matches,
    match_pattern,
    text_words,
)


def reference(text: str, words: list[str], phrases: list[tuple[str, ...]]) -> tuple[str, str]:
    pattern = match_pattern(words, phrases)
    return make_snippet(text, [], pattern=pattern), mark_matches(text, pattern)


def from_words(text: str, words: list[str], phrases: list[tuple[str, ...]]) -> tuple[str, str]:
    marker = Highlighter(words, phrases)
    found = text_words(text)
    return marker.snippet(text, found), marker.mark(text, found)


def test_case_twins_are_the_characters_a_case_insensitive_letter_also_matches():
    everything = "".join(chr(c) for c in range(128, 0x110000) if not 0xD800 <= c < 0xE000)
    assert set(re.findall("[0-9a-z]", everything, re.IGNORECASE)) == CASE_TWINS
    for letter in "0123456789abcdefghijklmnopqrstuvwxyz":
        assert set(re.findall(letter, everything, re.IGNORECASE)) <= CASE_TWINS


def test_a_text_with_a_case_twin_is_highlighted_by_the_pattern():
    text = "The Kelvin sign \u212a is a k, the long \u017f an s."
    assert text_words(text) is None
    assert from_words(text, ["k", "s"], []) == reference(text, ["k", "s"], [])
    assert "<mark>\u212a</mark>" in from_words(text, ["k"], [])[1]


@pytest.mark.parametrize(
    ("text", "words", "phrases"),
    [
        ("filler " * 100 + "the needle is here " + "tail " * 100, ["needle"], []),
        ("x" * 400 + " bucket", ["bucket"], []),  # no space in the window: cut in a word
        ("a" * 170 + "bucketbucket more", ["a"], []),
        ("pre " * 30 + "object lock retention " + "y" * 300, [], [("object", "lock", "ret")]),
        ("Object-Lock & object <lock> objectlock", ["obj"], [("object", "lock")]),
        ("a b a b c", [], [("a", "b", "c"), ("a", "b")]),
        ("a b a b c", [], [("a", "b"), ("a", "b", "c")]),
        ("S3 s3 S3x", ["s3"], [("s3",)]),
        ("nothing here", [], []),
        ("", ["a"], []),
        ("'\"<>&", ["a"], [("b", "c")]),
        ("long " * 40 + "a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p " * 8, [], [tuple("abcdefghijklmnop")]),
    ],
)
def test_edge_cases_are_highlighted_as_the_pattern_does(text, words, phrases):
    assert from_words(text, words, phrases) == reference(text, words, phrases)


WORD = st.text(alphabet="abx1", min_size=1, max_size=3)


@given(
    text=st.text(alphabet="ab x1-&<'\"\u212a\u00e9", max_size=420),
    words=st.lists(WORD, max_size=3),
    phrases=st.lists(st.lists(WORD, min_size=1, max_size=3).map(tuple), max_size=3),
)
def test_any_text_is_highlighted_as_the_pattern_does(text, words, phrases):
    assert from_words(text, words, phrases) == reference(text, words, phrases)


def test_every_section_of_the_notes_is_highlighted_as_the_pattern_does():
    index = get_library().search_index
    rnd = random.Random(14)
    compared = 0
    for doc in index.documents:
        for text in (doc.text, doc.heading or doc.chapter_title):
            tokens = re.findall(r"[0-9a-z]+", text.lower()) or ["s3"]
            for _ in range(3):
                words = [rnd.choice(tokens)[: rnd.randint(1, 6)] for _ in range(rnd.randint(0, 2))]
                words.append(rnd.choice(index.vocabulary)[: rnd.randint(2, 8)])
                phrases = []
                for _ in range(rnd.randint(0, 2)):
                    at = rnd.randrange(len(tokens))
                    phrase = tokens[at : at + rnd.randint(1, 4)]
                    phrase[-1] = phrase[-1][: rnd.randint(1, len(phrase[-1]))]
                    phrases.append(tuple(phrase))
                assert from_words(text, words, phrases) == reference(text, words, phrases)
                compared += 1
    assert compared > 2000


def queries_of(index) -> list[str]:
    rnd = random.Random(3)
    headings = sorted({w for d in index.documents for w in search.tokenize(d.heading)})
    picked = rnd.sample(headings, 150)
    return [
        *picked,
        *(f"{a} {b}" for a, b in itertools.pairwise(picked)),
        *(f'"{d.heading}"' for d in rnd.sample(index.documents, 40)),
        *(w[:3] for w in picked[:40]),
        "glaicer retreival",
        "s3 buckte polcy",
        '"object lock" retention',
        "<script>alert(1)</script> bucket",
        "bückét 日本語 😀",
    ]


def test_search_results_are_what_the_pattern_gave(monkeypatch):
    index = get_library().search_index
    queries = queries_of(index)
    fast = [index.query(q) for q in queries]
    monkeypatch.setattr(
        Highlighter, "snippet", lambda self, text, _: make_snippet(text, [], pattern=self.pattern)
    )
    monkeypatch.setattr(Highlighter, "mark", lambda self, text, _: mark_matches(text, self.pattern))
    slow = [index.query(q) for q in queries]
    assert fast == slow
    assert sum(len(r.hits) for r in fast) > 1000
