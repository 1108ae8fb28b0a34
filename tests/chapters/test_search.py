"""The search index: ranking, prefixes and safe snippets."""

from __future__ import annotations

import pytest

from studysite.chapters.search import (
    ParsedQuery,
    SearchDocument,
    SearchIndex,
    edit_distance,
    make_snippet,
    parse_query,
)


def index():
    return SearchIndex(
        [
            SearchDocument("s3", "Buckets", "naming", "Naming rules", "Names are unique. " * 3),
            SearchDocument(
                "s3", "Buckets", "versioning", "Versioning", "Keep every version of an object."
            ),
            SearchDocument(
                "iam", "IAM", "policies", "Bucket policies", "A policy attached to a bucket."
            ),
            SearchDocument("x", "X", "", "", "Text with <script>alert(1)</script> and buckets."),
        ]
    )


def test_a_heading_match_ranks_above_a_text_match():
    hits = index().search("bucket")
    assert hits[0].anchor == "policies"


def test_every_term_must_match():
    assert [h.anchor for h in index().search("version object")] == ["versioning"]
    assert index().search("version kubernetes") == []


def test_a_prefix_finds_whole_words():
    assert [h.anchor for h in index().search("versio")] == ["versioning"]


def test_empty_and_symbol_only_queries_find_nothing():
    assert index().search("") == []
    assert index().search("!!! ???") == []


def test_snippets_escape_html_and_mark_matches():
    (hit,) = [h for h in index().search("script") if h.slug == "x"]
    assert "<script>" not in hit.snippet_html
    assert "&lt;<mark>script</mark>&gt;" in hit.snippet_html


def test_a_long_text_snippet_is_a_window_around_the_first_match():
    text = "filler " * 100 + "the needle is here " + "tail " * 100
    snippet = make_snippet(text, ["needle"])
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>needle</mark>" in snippet
    assert len(snippet) < 260


class TestTypos:
    def test_a_misspelt_word_finds_the_word_it_meant_and_says_so(self):
        results = index().query("verisoning")
        assert [h.anchor for h in results.hits] == ["versioning"]
        assert results.corrections == (("verisoning", "versioning"),)
        assert results.corrected_query == "versioning"
        assert results.highlight == "versioning"
        assert "<mark>Versioning</mark>" in results.hits[0].heading_html

    def test_glaicer_finds_glacier(self):
        glacier = SearchIndex(
            [
                SearchDocument("c", "Classes", "glacier", "S3 Glacier Flexible Retrieval", "Cold."),
                SearchDocument("c", "Classes", "standard", "S3 Standard", "Hot data."),
            ]
        )
        results = glacier.query("glaicer")
        assert [h.anchor for h in results.hits] == ["glacier"]
        assert results.corrected_query == "glacier"

    def test_typed_words_outrank_corrections_and_short_words_are_not_corrected(self):
        assert index().corrections("bucket") == []  # indexed: nothing to correct
        assert index().corrections("nme") == []  # too short to guess
        assert index().corrections("2024") == []

    def test_long_words_may_be_two_edits_away(self):
        assert index().corrections("vresionign") == []  # three edits
        assert index().corrections("verssioningg") == ["versioning"]

    def test_a_word_that_matches_nothing_and_resembles_nothing_finds_nothing(self):
        results = index().query("kubernetes")
        assert results.hits == [] and results.total == 0 and results.corrections == ()


class TestPhrases:
    def test_a_quoted_phrase_must_appear_in_order(self):
        assert [h.anchor for h in index().search('"every version"')] == ["versioning"]
        assert index().search('"version every"') == []

    def test_curly_quotes_and_an_unclosed_quote_are_phrases_too(self):
        assert [h.anchor for h in index().search("“every version”")] == ["versioning"]
        assert [h.anchor for h in index().search('"every version')] == ["versioning"]

    def test_phrases_and_loose_words_combine(self):
        assert [h.anchor for h in index().search('"every version" object')] == ["versioning"]
        assert index().search('"every version" policy') == []

    def test_the_phrase_is_marked_whole_and_highlighted_as_a_phrase(self):
        results = index().query('"every version"')
        assert "<mark>every version</mark>" in results.hits[0].snippet_html
        assert results.highlight == '"every version"'

    def test_parse_query(self):
        assert parse_query('s3 "object lock" retention') == ParsedQuery(
            terms=("s3", "retention"), phrases=(("object", "lock"),)
        )
        assert parse_query('"lock" lock') == ParsedQuery(terms=(), phrases=(("lock",),))
        assert parse_query('""').empty


class TestPaging:
    def test_every_match_is_counted_and_pages_follow_each_other(self):
        many = SearchIndex(
            [SearchDocument("m", "Many", f"s{n}", f"Section {n}", "lifecycle") for n in range(45)]
        )
        first = many.query("lifecycle")
        assert first.total == 45 and len(first.hits) == 20 and first.more == 25
        third = many.query("lifecycle", offset=40)
        assert len(third.hits) == 5 and third.more == 0
        anchors = [h.anchor for o in (0, 20, 40) for h in many.query("lifecycle", offset=o).hits]
        assert sorted(anchors) == sorted(f"s{n}" for n in range(45))


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("glacier", "glacier", 0),
        ("glaicer", "glacier", 1),  # a transposition is one edit
        ("glacer", "glacier", 1),
        ("glaciers", "glacier", 1),
        ("glocier", "glacier", 1),
        ("gliacre", "glacier", 3),  # more than the limit: limit + 1
    ],
)
def test_edit_distance(a, b, distance):
    assert edit_distance(a, b, limit=2) == min(distance, 3)


@pytest.mark.parametrize("count", [1, 2, 3, 63, 64, 65, 200])
def test_a_terms_weight_in_a_section(count):
    """1 + log(count) in the text, + 4 in the heading, + 1.5 in the chapter title: the
    weights ranking (and the export's index) is built from, at every count."""
    import math

    text = "glacier " * count + "vault"
    built = SearchIndex(
        [
            SearchDocument("a", "Glacier notes", "one", "Glacier vaults", text),
            SearchDocument("b", "Other", "two", "Nothing", text),
        ]
    )
    body = 1 + math.log(count)
    assert built.postings["glacier"] == {0: body + 4 + 1.5, 1: body}
    assert built.postings["vault"] == {0: 1.0, 1: 1.0}
    assert built.postings["vaults"] == {0: 4}
    assert built.postings["notes"] == {0: 1.5}
