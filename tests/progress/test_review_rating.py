"""Issue 20, point 9: review rates each answer like Anki (Again / Hard / Good / Easy, each
showing the interval FSRS's own scheduler gives it), counts what is due and ends with
"done for today". Issue 22, point 4: duplicates are refused (20 identical posts store one
answer, a resend none, a card not yet due is refused with a clear message)."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from studysite.progress import schedule
from studysite.progress.models import ReviewCard
from studysite.quiz.cards import question_ref
from studysite.quiz.models import Answer

from .test_review import HTMX, URL, make_due, quiz_answer, review_answer

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def rate(client, qid: str, rating: str, **extra):
    data = {"question": question_ref(qid), "rating": rating}
    data.update({k: v for k, v in extra.items() if not k.startswith("HTTP_")})
    headers = {k: v for k, v in extra.items() if k.startswith("HTTP_")}
    return client.post(URL, data, **headers)


def buttons(html: str) -> list[tuple[str, str]]:
    return re.findall(
        r'<span class="rating-name">(\w+)</span> <span class="rating-interval">([^<]+)</span>',
        html,
    )


@pytest.fixture
def due_one(client, synced):
    """s3-one missed in the chapter quiz, then made due: one card to review."""
    quiz_answer(client, "s3-one", 1)
    make_due()
    return client


class TestRatingButtons:
    def test_a_right_answer_offers_four_ratings_with_fsrs_intervals(self, due_one):
        card = ReviewCard.objects.get()
        html = text(review_answer(due_one, "s3-one", 0))
        answer = Answer.objects.order_by("-pk").first()
        dues = schedule.preview(card.fsrs, answer.created, schedule.allowed_ratings(True))
        expected = [
            (r.name, schedule.interval_text((due - answer.created).total_seconds()))
            for r, due in dues.items()
        ]
        assert buttons(html) == expected
        assert [name for name, _ in expected] == ["Again", "Hard", "Good", "Easy"]
        # Each interval is FSRS's own: Again 1 min, Good 10 min (the learning steps).
        assert expected[0] == ("Again", "1 min") and expected[2] == ("Good", "10 min")
        assert f'name="answer" value="{answer.pk}"' in html
        assert "is-suggested" in html and '<span class="rating-suggested">suggested' in html

    def test_a_miss_offers_only_again(self, due_one):
        html = text(review_answer(due_one, "s3-one", 2))
        assert buttons(html) == [("Again", "1 min")]
        assert "Missed: it comes back soon." in html

    def test_the_rating_sets_exactly_the_interval_shown(self, due_one):
        html = text(review_answer(due_one, "s3-one", 0))
        shown = dict(buttons(html))
        answer = Answer.objects.order_by("-pk").first()
        response = rate(due_one, "s3-one", "easy")
        card = ReviewCard.objects.get()
        interval = schedule.interval_text((card.due - answer.created).total_seconds())
        assert interval == shown["Easy"]
        assert card.reviews == 2 and card.updated == answer.created
        assert f"Rated Easy: this question comes back in {shown['Easy']}" in text(response)

    def test_until_rated_the_answer_waits_on_every_visit(self, due_one):
        review_answer(due_one, "s3-one", 0)
        html = text(due_one.get(URL))
        assert "verdict-ok" in html and len(buttons(html)) == 4
        assert 'name="option"' not in html  # not asked again
        rate(due_one, "s3-one", "easy")
        assert "Done for today" in text(due_one.get(URL))

    def test_a_rating_applies_once(self, due_one):
        review_answer(due_one, "s3-one", 0)
        rate(due_one, "s3-one", "easy")
        card = ReviewCard.objects.get()
        again = rate(due_one, "s3-one", "again")
        assert again.status_code == 200
        assert "That answer was already rated: it comes back in" in text(again)
        assert ReviewCard.objects.get().due == card.due and ReviewCard.objects.get().reviews == 2

    @pytest.mark.parametrize("rating", ["", "great", "EASY", "4", "x" * 5000])
    def test_a_bad_rating_is_refused_and_changes_nothing(self, due_one, rating):
        review_answer(due_one, "s3-one", 0)
        before = ReviewCard.objects.values_list("due", "reviews").get()
        response = rate(due_one, "s3-one", rating)
        assert response.status_code == 400
        assert "Choose one of the buttons" in text(response)
        assert ReviewCard.objects.values_list("due", "reviews").get() == before
        assert rate(due_one, "s3-one", rating, **HTMX).status_code == 200

    def test_a_miss_cannot_be_rated_easy(self, due_one):
        review_answer(due_one, "s3-one", 2)
        response = rate(due_one, "s3-one", "easy")
        assert response.status_code == 400 and "only be rated Again" in text(response)
        assert ReviewCard.objects.get().reviews == 1

    def test_someone_elses_card_cannot_be_rated(self, due_one):
        review_answer(due_one, "s3-one", 0)
        stranger = Client()
        assert rate(stranger, "s3-one", "easy").status_code == 400
        assert ReviewCard.objects.get().reviews == 1


class TestCounterAndDone:
    def test_progress_line_and_due_counter(self, client, synced):
        quiz_answer(client, "s3-one", 1)
        quiz_answer(client, "s3-two", 2, 3)
        make_due()
        html = text(client.get(URL))
        assert "Question 1 of 2 · 0 correct" in html and "2 due now" in html
        first = "s3-one" if question_ref("s3-one") in html else "s3-two"
        right = ["0"] if first == "s3-one" else ["0", "1"]
        html = text(review_answer(client, first, *right))
        assert "Question 1 of 2 · 1 correct" in html and "1 more due now" in html
        html = text(rate(client, first, "easy"))
        assert "Question 2 of 2 · 1 correct" in html and "1 due now" in html

    def test_done_for_today_says_what_comes_tomorrow(self, due_one):
        review_answer(due_one, "s3-one", 0)
        html = text(rate(due_one, "s3-one", "easy"))
        assert '<h2 id="done-heading" tabindex="-1">Done for today</h2>' in html
        assert "You reviewed 1 question today: 1 right." in html
        card = ReviewCard.objects.get()
        tomorrow = (
            "1 question due."
            if card.due.date() == (timezone.now() + timedelta(days=1)).date()
            else "nothing due."
        )
        assert f"<strong>Tomorrow:</strong> {tomorrow}" in html
        if tomorrow == "nothing due.":
            assert "<strong>Next:</strong> due in" in html

    def test_again_leaves_it_for_later_today(self, due_one):
        review_answer(due_one, "s3-one", 0)
        html = text(rate(due_one, "s3-one", "again"))
        assert "Done for now" in html and "<strong>Later today:</strong> 1 question" in html


class TestDuplicates:
    def test_twenty_identical_posts_store_one_answer(self, due_one):
        form = text(due_one.get(URL))
        seen = re.search(r'name="seen" value="(\d+)"', form).group(1)
        responses = [review_answer(due_one, "s3-one", 0, seen=seen) for _ in range(20)]
        assert all(r.status_code == 200 for r in responses)
        assert "the first answer stands" in text(responses[-1])
        assert Answer.objects.count() == 2  # the chapter quiz's and one review

    def test_a_resend_after_rating_stores_nothing(self, due_one):
        form = text(due_one.get(URL))
        seen = re.search(r'name="seen" value="(\d+)"', form).group(1)
        review_answer(due_one, "s3-one", 0, seen=seen)
        rate(due_one, "s3-one", "again")
        ReviewCard.objects.update(due=timezone.now() - timedelta(minutes=5))  # due again
        resend = review_answer(due_one, "s3-one", 0, seen=seen)
        assert resend.status_code == 400
        assert "already answered and rated; nothing more was recorded" in text(resend)
        assert Answer.objects.count() == 2

    def test_a_card_not_yet_due_is_refused_with_when_it_is(self, client, synced):
        quiz_answer(client, "s3-one", 1)  # due in a minute, not now
        response = review_answer(client, "s3-one", 0)
        assert response.status_code == 400
        html = text(response)
        assert "This question is not due for review yet: it comes back in 1 min (" in html
        assert "Your answer was not recorded." in html
        assert Answer.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_identical_posts_store_one_answer(synced):
    """Real concurrency needs a database server shared by several connections."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (SQLite's in-memory test database is per connection)")
    client = Client()
    quiz_answer(client, "s3-one", 1)
    make_due()
    cookies = client.cookies
    barrier = threading.Barrier(20)
    codes: list[int] = []

    def post() -> None:
        try:
            mine = Client()
            mine.cookies = cookies
            barrier.wait()
            codes.append(review_answer(mine, "s3-one", 0).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert codes == [200] * 20
    assert Answer.objects.count() == 2
