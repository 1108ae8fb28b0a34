"""The search index: ranking, prefixes and safe snippets."""

from __future__ import annotations

from studysite.chapters.search import SearchDocument, SearchIndex, make_snippet


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
