"""Chapter pages, home and search through the Django test client (no JavaScript)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from studysite.chapters.loader import chapter_url


@pytest.fixture
def notes(write_note):
    write_note(
        "exam.md",
        "## Format {#format}\n\nSixty-five questions.\n\n[buckets](s3-buckets.md#naming)\n",
        title="The exam",
        order=1,
        domains="[]",
        summary="About the exam.",
    )
    write_note(
        "s3-buckets.md",
        """
        ## Naming rules {#naming}

        Bucket names are globally unique within a partition.

        ```bash
        aws s3 mb s3://amzn-s3-demo-bucket
        ```

        ::: widget s3-uri
            bucket: amzn-s3-demo-bucket
            key: photos/cat.jpg

        ## Folders {#folders}

        Prefixes look like folders.
        """,
        title="S3 buckets",
        order=20,
        domains="[1, 2]",
    )
    write_note(
        "costs.md",
        "## Storage costs\n\nPay per GB-month.\n",
        title="Costs",
        order=30,
        domains="[4]",
    )


def test_chapter_url_matches_the_url_conf():
    assert reverse("chapters:chapter", args=["s3-buckets"]) == chapter_url("s3-buckets")


class TestHome:
    def test_lists_each_chapter_once_with_its_domain_chips(self, client, notes):
        html = client.get("/").content.decode()
        assert html.count('href="/notes/s3-buckets/"') == 1  # domains 1 and 2, listed once
        assert html.index("The exam") < html.index("S3 buckets") < html.index("Costs")
        chips = re.findall(r'<span class="chip chip-d(\d)">', html.split('id="chapters-title"')[1])
        assert chips == ["1", "2", "4"]
        assert "Domain 1: Design Secure Architectures" in html

    def test_shows_every_domain_with_its_weight_even_without_chapters(self, client, notes):
        html = client.get("/").content.decode()
        assert "Design Secure Architectures" in html and "30&thinsp;%" in html
        assert "Design Cost-Optimized Architectures" in html and "20&thinsp;%" in html
        assert "Design High-Performing Architectures" in html
        assert "No chapter covers this domain yet." in html

    def test_a_new_visitor_gets_no_continue_card_but_a_place_for_this_browsers_one(
        self, client, notes
    ):
        html = client.get("/").content.decode()
        assert '<section class="continue-card" aria-labelledby="continue-title" hidden>' in html
        assert 'id="continue-reading" hidden' in html  # filled in by site.js from this browser
        assert "Your progress by exam domain" not in html


class TestHomeForALearner:
    @pytest.fixture
    def learner(self, client, notes, db):
        from studysite.quiz.models import Answer, Question, QuestionVersion

        question = Question.objects.create(
            id="q1", chapter="s3-buckets", section="folders", domain=1
        )
        version = QuestionVersion.objects.create(
            question=question, number=1, content={}, content_hash="x"
        )
        client.get("/quiz/practice/")  # a session
        session = client.session
        session["quiz_owner"] = "a" * 32
        session.save()
        for correct in (True, True, False):
            Answer.objects.create(
                session_key="a" * 32,
                question=question,
                question_version=version,
                chosen=[0],
                correct=correct,
            )
        return client

    def test_progress_per_domain_counts_answers_and_chapters_read(self, learner):
        html = learner.get("/").content.decode()
        assert "Your progress by exam domain" in html
        assert "67&thinsp;% right (2 of 3 answers)" in html
        assert "0 of 1 chapter read" in html  # domain 1: s3-buckets
        assert "No answers yet" in html  # domain 4

    def test_continue_card_returns_to_the_section_of_the_last_answer(self, learner):
        html = learner.get("/").content.decode()
        assert '<section class="continue-card" aria-labelledby="continue-title">' in html
        assert 'Carry on with: <a href="/notes/s3-buckets/#folders">S3 buckets</a>' in html

    def test_after_marking_a_chapter_read_the_card_suggests_the_next_unread_one(self, learner):
        learner.post("/progress/chapter/s3-buckets/", {"read": "1"})
        html = learner.get("/").content.decode()
        assert 'Next up: <a href="/notes/costs/">Costs</a>' in html
        assert '<span class="tag">Read</span>' in html
        assert "1 of 3 read" in html


class TestChapterPage:
    def test_has_toc_anchors_domains_and_neighbours(self, client, notes):
        response = client.get("/notes/s3-buckets/")
        html = response.content.decode()
        assert response.status_code == 200
        assert "<h1>S3 buckets</h1>" in html
        assert '<a href="#naming">Naming rules</a>' in html
        assert '<a href="#folders">Folders</a>' in html
        assert '<h2 id="naming">' in html
        assert "Domain 1: Design Secure Architectures" in html
        assert 'rel="prev"' in html and "The exam" in html
        assert 'rel="next"' in html and "Costs" in html
        assert '<div class="highlight">' in html

    def test_the_widget_is_rendered_through_its_partial_without_a_csrf_token(self, client, notes):
        html = client.get("/notes/s3-buckets/").content.decode()
        assert "widget-slot" not in html
        assert 'action="/tools/s3-uri/"' in html
        assert 'value="amzn-s3-demo-bucket"' in html
        assert "s3://amzn-s3-demo-bucket/photos/cat.jpg" in html  # starting values computed
        # The page is shared by every visitor: its forms are checked by origin instead.
        assert "csrfmiddlewaretoken" not in html and "X-CSRFToken" not in html

    def test_links_between_notes_point_at_chapter_urls(self, client, notes):
        html = client.get("/notes/exam/").content.decode()
        assert 'href="/notes/s3-buckets/#naming"' in html

    def test_an_unknown_chapter_is_a_404_page(self, client, notes):
        response = client.get("/notes/nope/")
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()

    def test_a_broken_note_renders_instead_of_failing(self, client, write_note):
        write_note(
            "broken.md", "Text with [a bad link](gone.md) and\n\n::: widget nope\n", front=""
        )
        response = client.get("/notes/broken/")
        assert response.status_code == 200
        assert "Text with" in response.content.decode()

    def test_no_request_parses_markdown(self, client, notes, monkeypatch):
        client.get("/notes/s3-buckets/")
        from studysite.chapters import markdown_ext

        monkeypatch.setattr(
            markdown_ext.markdown, "Markdown", lambda *a, **k: pytest.fail("parsed")
        )
        assert client.get("/notes/s3-buckets/").status_code == 200


class TestSearch:
    def test_results_link_to_the_matching_section_with_a_highlighted_snippet(self, client, notes):
        html = client.get("/search/", {"q": "globally unique"}).content.decode()
        assert 'href="/notes/s3-buckets/?h=globally+unique#naming"' in html
        assert "<mark>globally</mark> <mark>unique</mark>" in html
        assert "Naming rules" in html

    def test_an_htmx_request_gets_only_the_results(self, client, notes):
        response = client.get("/search/", {"q": "prefixes"}, headers={"HX-Request": "true"})
        html = response.content.decode()
        assert "<html" not in html
        assert 'href="/notes/s3-buckets/?h=prefixes#folders"' in html

    def test_no_match_says_so(self, client, notes):
        html = client.get("/search/", {"q": "kubernetes"}).content.decode()
        assert "0 sections match" in html

    def test_a_misspelt_word_is_corrected_and_said_so(self, client, notes):
        html = client.get("/search/", {"q": "prefxies"}).content.decode()
        assert "No section has “prefxies”" in html
        assert '<a href="/search/?q=prefixes"><strong>prefixes</strong></a>' in html
        # The page a result opens highlights the corrected word, not the typo.
        assert 'href="/notes/s3-buckets/?h=prefixes#folders"' in html

    def test_a_quoted_phrase_must_appear_as_written(self, client, notes):
        found = client.get("/search/", {"q": '"globally unique"'}).content.decode()
        assert "1 section matches" in found and "<mark>globally unique</mark>" in found
        assert 'h=%22globally+unique%22#naming"' in found
        missing = client.get("/search/", {"q": "“unique globally”"}).content.decode()
        assert "0 sections match" in missing and "a phrase without quotes" in missing

    def test_results_come_twenty_at_a_time_with_show_more(self, client, write_note):
        body = "".join(f"## Section {n} {{#s{n}}}\n\nA lifecycle rule, {n}.\n\n" for n in range(45))
        write_note("many.md", body, title="Many")
        first = client.get("/search/", {"q": "lifecycle"}).content.decode()
        assert "45 sections match <strong>lifecycle</strong>" in first
        assert first.count('<a href="/notes/many/?h=lifecycle#') == 20
        assert 'href="/search/?q=lifecycle&amp;page=2"' in first  # without JavaScript
        assert 'hx-get="/search/?q=lifecycle&amp;page=2&amp;more=1"' in first
        assert "Show 20 more results" in first and "(25 left)" in first
        more = client.get(
            "/search/", {"q": "lifecycle", "page": "3", "more": "1"}, headers={"HX-Request": "true"}
        ).content.decode()
        assert "<ol" not in more and "result-count" not in more  # only items, appended
        assert more.count('<a href="/notes/many/?h=lifecycle#') == 5
        assert 'class="first-new"' in more and "search-more" not in more
        page2 = client.get("/search/", {"q": "lifecycle", "page": "2"}).content.decode()
        assert '<ol class="search-results" start="21">' in page2

    @pytest.mark.parametrize("page", ["0", "-3", "x", "9" * 5000, "1e3"])
    def test_odd_page_numbers_fall_back_to_the_first_page(self, client, notes, page):
        response = client.get("/search/", {"q": "bucket", "page": page})
        assert response.status_code == 200

    @pytest.mark.parametrize(
        "query",
        [
            "",
            "   ",
            "x" * 10_000,
            "<script>alert(1)</script>",
            "\x00\x01\x1b[31m",
            "💥🪣 bucket",
            "שלום bucket",
            "a" * 199 + "é",
            "%00%ff",
            "(((",
        ],
    )
    def test_hostile_queries_get_an_answer_never_a_500(self, client, notes, query):
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        assert "<script>alert" not in response.content.decode()

    def test_an_overlong_query_is_cut_with_a_message(self, client, notes):
        html = client.get("/search/", {"q": "bucket " * 100}).content.decode()
        assert "limited to 200 characters" in html


def test_deterministic_embeds_are_rendered_once_and_every_visitor_gets_the_same_page(
    client, write_note
):
    from django.test import Client

    from studysite.chapters import views

    views._EMBEDS.clear()
    write_note("embeds.md", "::: widget bucket-name\n    name: My_Bucket\n")
    first = client.get("/notes/embeds/")
    other = Client().get("/notes/embeds/")
    assert len(views._EMBEDS) == 1
    assert first.content == other.content
    assert "Not a valid name" in first.content.decode()
    assert "csrfmiddlewaretoken" not in first.content.decode()


def test_embeds_that_depend_on_the_clock_are_never_kept(client, write_note):
    from studysite.chapters import views

    views._EMBEDS.clear()
    write_note(
        "signing.md",
        "::: widget sigv4\n    url: https://example.com/\n    service: s3\n\n"
        "::: widget sigv4\n    url: https://example.com/\n    service: s3\n"
        "    timestamp: 20250115T093000Z\n",
    )
    response = client.get("/notes/signing/")
    kept = [key for key in views._EMBEDS if key[0] == "sigv4"]
    assert len(kept) == 1 and ("timestamp", "20250115T093000Z") in kept[0][3]
    # One embed follows the clock: the page is shared only for the second it shows.
    assert "s-maxage=1," in response["Cache-Control"]


def test_pages_are_not_kept_in_debug(client, settings):
    from studysite import shared_pages

    shared_pages.clear()
    settings.DEBUG = True
    assert client.get("/notes/s3-addressing/").status_code == 200
    assert not shared_pages.pages._SHARED.items
