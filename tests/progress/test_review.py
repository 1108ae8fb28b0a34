"""/review/: due questions one at a time, urgent first, answered through the quiz's card."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from studysite.progress.models import ReviewCard
from studysite.quiz.cards import question_by_ref, question_ref
from studysite.quiz.models import Answer

pytestmark = pytest.mark.django_db
URL = "/review/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def shown_id(response) -> str:
    # Pages carry an opaque reference; the tests name questions by id.
    match = re.search(r'name="question" value="([0-9a-f]{20})"', response.content.decode())
    assert match, response.content.decode()[:3000]
    return question_by_ref(match.group(1)).pk


def quiz_answer(client, qid: str, *options, confidence: str = ""):
    url = "/quiz/chapter/s3-basics/"
    data = {"question": qid, "version": "1", "option": [str(o) for o in options]}
    if confidence:
        data["confidence"] = confidence
    return client.post(url, data)


def review_answer(client, qid: str, *options, **extra):
    data = {"question": qid, "version": "1", "option": [str(o) for o in options]}
    data.update(extra)
    return client.post(URL, data, **{k: v for k, v in extra.items() if k.startswith("HTTP_")})


def make_due(**filters) -> None:
    ReviewCard.objects.filter(**filters).update(due=timezone.now() - timedelta(minutes=1))


class TestEmpty:
    def test_a_new_visitor_is_told_how_reviews_fill(self, client, synced):
        response = client.get(URL)
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        assert "No questions are waiting for review" in response.content.decode()

    def test_nothing_due_says_when_the_next_one_is(self, client, synced):
        quiz_answer(client, "s3-one", 1)  # wrong: due in a minute, not now
        html = client.get(URL).content.decode()
        assert "Done for now" in html and "Nothing is due for review right now." in html
        assert "<strong>Later today:</strong> 1 question, the first in" in html
        assert "<strong>Tomorrow:</strong> nothing due." in html
        assert 'name="question"' not in html


class TestQueue:
    def test_a_due_question_is_shown_with_the_quiz_card(self, client, synced):
        quiz_answer(client, "s3-one", 1)
        make_due()
        response = client.get(URL)
        html = response.content.decode()
        assert shown_id(response) == "s3-one"
        assert "Which endpoint supports <strong>IPv6</strong>?" in html
        assert f'action="{URL}"' in html and f'hx-post="{URL}"' in html
        assert "csrfmiddlewaretoken" in html and "1 due now" in html
        assert "Question 1 of 1 · 0 correct" in html
        assert "It answers over IPv6" not in html  # the form never gives the answer away

    def test_urgent_questions_come_first(self, client, synced):
        quiz_answer(client, "s3-two", 2, 3)  # plain miss
        quiz_answer(client, "s3-one", 1, confidence="sure")  # confident miss
        # s3-two has been due longer, but the confident miss goes first.
        ReviewCard.objects.filter(question_id="s3-two").update(
            due=timezone.now() - timedelta(days=2)
        )
        response = client.get(URL)
        assert shown_id(response) == "s3-one"
        assert "Confident miss" in response.content.decode()
        assert "2 due now" in response.content.decode()

    def test_among_equals_the_longest_due_comes_first(self, client, synced):
        quiz_answer(client, "s3-one", 1)
        quiz_answer(client, "s3-two", 2, 3)
        ReviewCard.objects.filter(question_id="s3-one").update(due=timezone.now())
        ReviewCard.objects.filter(question_id="s3-two").update(
            due=timezone.now() - timedelta(hours=1)
        )
        assert shown_id(client.get(URL)) == "s3-two"

    def test_retired_questions_are_not_reviewed(self, client, synced):
        from studysite.quiz.models import Question

        quiz_answer(client, "s3-one", 1)
        make_due()
        Question.objects.filter(pk="s3-one").update(active=False)
        assert "No questions are waiting" in client.get(URL).content.decode()


class TestAnswering:
    def test_a_right_answer_is_recorded_and_waits_for_its_rating(self, client, synced):
        quiz_answer(client, "s3-one", 1)
        make_due()
        before = ReviewCard.objects.get()
        response = review_answer(client, "s3-one", 0)
        html = response.content.decode()
        assert response.status_code == 200 and "verdict-ok" in html
        assert "It answers over IPv6" in html  # feedback explains every option
        assert "s3-one" not in html  # named by its opaque reference, never its id
        assert Answer.objects.count() == 2
        card = ReviewCard.objects.get()
        assert (card.due, card.reviews) == (before.due, 1)  # rescheduled by the rating
        for name in ("Again", "Hard", "Good", "Easy"):
            assert f'<span class="rating-name">{name}</span>' in html

    def test_a_confident_miss_is_urgent_once_rated(self, client, synced):
        quiz_answer(client, "s3-one", 1)
        quiz_answer(client, "s3-two", 2, 3)
        make_due()
        response = review_answer(client, "s3-one", 2, confidence="sure")
        assert "verdict-bad" in response.content.decode()
        client.post(URL, {"question": question_ref("s3-one"), "rating": "again"})
        card = ReviewCard.objects.get(question_id="s3-one")
        assert card.urgent and card.due > timezone.now()  # back after FSRS's first step
        assert shown_id(client.get(URL)) == "s3-two"

    def test_htmx_swaps_only_the_card(self, client, synced):
        quiz_answer(client, "s3-one", 1)
        make_due()
        response = client.get(URL, **HTMX)
        html = response.content.decode()
        assert "<html" not in html and shown_id(response) == "s3-one"
        response = review_answer(client, "s3-one", 0, **HTMX)
        assert (
            "<html" not in response.content.decode() and "verdict-ok" in response.content.decode()
        )

    def test_the_page_has_no_inline_script_or_style(self, client, synced):
        quiz_answer(client, "s3-one", 1)
        make_due()
        html = client.get(URL).content.decode()
        assert "<script>" not in html and "style=" not in html and "<style" not in html
        html = review_answer(client, "s3-one", 0).content.decode()
        assert "<script>" not in html and "style=" not in html and "<style" not in html


LONG = "x" * 100_000
HOSTILE = [
    ("unknown question", {"question": "nope", "version": "1", "option": "0"}, "not in your"),
    ("huge id", {"question": LONG, "version": "1", "option": "0"}, "not in your"),
    ("unicode id", {"question": "s3-öne", "version": "1", "option": "0"}, "not in your"),
    ("binary id", {"question": "\x00\xff", "version": "1", "option": "0"}, "not in your"),
    ("no id", {"version": "1", "option": "0"}, "not in your"),
    ("stale version", {"question": "s3-one", "version": "7", "option": "0"}, "was updated"),
    ("huge version", {"question": "s3-one", "version": LONG, "option": "0"}, "was updated"),
    ("no option", {"question": "s3-one", "version": "1"}, "Choose an answer first."),
    ("option out of range", {"question": "s3-one", "version": "1", "option": "9"}, "could not"),
    ("negative option", {"question": "s3-one", "version": "1", "option": "-1"}, "could not"),
    ("text option", {"question": "s3-one", "version": "1", "option": "zero"}, "could not"),
    ("many options", {"question": "s3-one", "version": "1", "option": ["0"] * 500}, "could not"),
    ("two for one", {"question": "s3-one", "version": "1", "option": ["0", "1"]}, "only one"),
    (
        "bad confidence",
        {"question": "s3-one", "version": "1", "option": "0", "confidence": "very"},
        "sure or unsure",
    ),
    (
        "unicode confidence",
        {"question": "s3-one", "version": "1", "option": "0", "confidence": "sûre"},
        "sure or unsure",
    ),
]


@pytest.mark.parametrize(("what", "data", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_posts_get_a_message_and_store_nothing(client, synced, what, data, message):
    quiz_answer(client, "s3-one", 1)
    make_due()
    before = list(ReviewCard.objects.values_list("due", "reviews", "urgent"))
    response = client.post(URL, data)
    assert response.status_code == 400, what
    assert message in response.content.decode(), what
    htmx = client.post(URL, data, **HTMX)
    assert htmx.status_code == 200 and message in htmx.content.decode(), what
    assert Answer.objects.count() == 1
    assert list(ReviewCard.objects.values_list("due", "reviews", "urgent")) == before


def test_a_question_not_in_the_queue_is_refused(client, synced):
    # s3-two exists but this visitor has no card for it (and another visitor does).
    other = Client()
    quiz_answer(other, "s3-two", 2, 3)
    quiz_answer(client, "s3-one", 1)
    response = review_answer(client, "s3-two", 0, 1)
    assert response.status_code == 400 and "not in your review queue" in response.content.decode()
    assert Answer.objects.count() == 2


def test_a_visitor_without_history_cannot_post(client, synced):
    response = review_answer(client, "s3-one", 0)
    assert response.status_code == 400
    assert not Answer.objects.exists() and "quiz_owner" not in client.session


def test_retired_while_shown_is_refused(client, synced):
    from studysite.quiz.models import Question

    quiz_answer(client, "s3-one", 1)
    Question.objects.filter(pk="s3-one").update(active=False)
    response = review_answer(client, "s3-one", 0)
    assert response.status_code == 400 and "retired" in response.content.decode()


def test_bad_after_parameter_is_ignored(client, synced):
    quiz_answer(client, "s3-one", 1)
    make_due()
    for after in ("\x00", "x" * 5000, "s3-one'--", "ü"):
        assert shown_id(client.get(URL, {"after": after})) == "s3-one"


def test_other_methods_are_refused(client, synced):
    assert client.put(URL).status_code == 405


def test_a_post_without_csrf_token_is_refused(synced):
    client = Client(enforce_csrf_checks=True)
    assert client.post(URL, {"question": "s3-one"}).status_code == 403


class TestOwners:
    def test_each_visitor_sees_only_their_own_queue(self, client, synced, make_user):
        alice, bob = make_user("alice"), make_user("bob")
        a, b, anon = Client(), Client(), client
        a.force_login(alice)
        b.force_login(bob)
        quiz_answer(a, "s3-one", 1)
        quiz_answer(b, "s3-two", 2, 3)
        quiz_answer(anon, "s3-one", 2)
        make_due()
        assert shown_id(a.get(URL)) == "s3-one"
        assert shown_id(b.get(URL)) == "s3-two"
        assert shown_id(anon.get(URL)) == "s3-one"
        assert "1 due now" in a.get(URL).content.decode()
        # Bob cannot answer Alice's question through the review page.
        assert review_answer(b, "s3-one", 0).status_code == 400
        assert "No questions are waiting" in Client().get(URL).content.decode()
        review_answer(a, "s3-one", 0)
        good = {"question": question_ref("s3-one"), "rating": "good"}
        assert a.post(URL, good).status_code == 200
        assert b.post(URL, good).status_code == 400
        assert Answer.objects.filter(user=alice).count() == 2
        assert ReviewCard.objects.get(user=alice).reviews == 2
        assert ReviewCard.objects.get(user__isnull=True).reviews == 1
