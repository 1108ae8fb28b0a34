"""The mock exam: how questions are drawn and taking it (answers, navigation, flags, resume)."""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import timedelta

import pytest
from django.test import Client

from studysite.quiz import exam_service
from studysite.quiz.models import Answer, Exam, ExamAnswerEvent

from .banks import make_bank
from .exam_helpers import (
    START,
    post,
    qurl,
    start,
    text,
)

pytestmark = pytest.mark.django_db


# --- Drawing ------------------------------------------------------------------------------


def test_a_full_bank_draws_65_by_domain_weight(client, clock, bank):
    exam = start(client)
    items = list(exam.items.select_related("question"))
    assert len(items) == exam.question_count == 65
    assert Counter(i.domain for i in items) == {1: 19, 2: 17, 3: 16, 4: 13}
    assert len({i.question_id for i in items}) == 65
    assert [i.position for i in items] == list(range(1, 66))
    assert all(i.question_version_id == i.question.current_id for i in items)
    assert all(i.domain == i.question.domain for i in items)
    assert exam.deadline - exam.started == timedelta(minutes=130)


def test_draws_are_random_and_mixed_across_domains(bank):
    first = [q.id for q in exam_service.draw(random.Random(1))]
    second = [q.id for q in exam_service.draw(random.Random(2))]
    assert first != second
    assert Counter(q.domain for q in exam_service.draw(random.Random(3)))[4] == 13
    domains = [int(qid[1]) for qid in first]
    assert domains != sorted(domains)  # shuffled, not grouped by domain


def test_retired_questions_are_never_drawn(bank):
    from studysite.quiz.models import Question

    Question.objects.filter(domain=4).update(active=False)
    drawn = exam_service.draw(random.Random(5))
    assert not any(q.domain == 4 for q in drawn)
    assert len(drawn) == 65  # the other domains make up the shortfall


def test_a_small_bank_says_how_many_it_can_supply(client, quiz_notes, db):
    make_bank({1: 9, 3: 3})
    html = text(client.get("/quiz/exam/"))
    assert "The bank can supply 12 questions; a real exam has 65." in html
    assert "Start a 12-question exam" in html
    # Point 4: the clock is scaled to the questions drawn unless the full time is chosen.
    assert "24 minutes: the real exam's pace of 2 minutes a question" in html
    assert 'name="time" value="paced" checked' in html and "full 130 minutes" in html
    # Per domain: weight, a real exam's share, the bank, this exam.
    assert re.search(
        r"Domain 1: Design Secure Architectures</th><td>30 %</td><td>19</td>"
        r"<td>9</td><td>9</td>",
        html,
    )
    assert re.search(
        r"Domain 4: Design Cost-Optimized Architectures</th><td>20 %</td>"
        r"<td>13</td><td>0</td><td>0</td>",
        html,
    )
    exam = start(client)
    assert exam.question_count == 12
    assert exam.deadline - exam.started == timedelta(minutes=24)
    assert Counter(exam.items.values_list("domain", flat=True)) == {1: 9, 3: 3}


def test_a_full_bank_says_so(client, bank):
    assert "large enough for a full exam of 65 questions" in text(client.get("/quiz/exam/"))


def test_an_empty_bank_offers_no_exam(client, quiz_notes, db):
    html = text(client.get("/quiz/exam/"))
    assert "no exam to take" in html and "<button" not in html.split('id="bank-heading"')[1]
    response = client.post("/quiz/exam/")
    assert response.status_code == 400
    assert "The question bank is empty" in text(response)
    assert Exam.objects.count() == 0


# --- Taking it --------------------------------------------------------------------------


def test_question_page_shows_no_feedback_and_the_time_left(client, clock, bank):
    exam = start(client)
    clock.advance(minutes=10, seconds=30)
    response = client.get(qurl(exam, 1))
    html = text(response)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert "Question 1 of 65" in html
    assert 'data-seconds="7170"' in html and "Time left: <span" in html and "1 h 59 min" in html
    assert "Why option" not in html and "Correct answer" not in html and "is-correct" not in html
    assert "js/exam-timer.js" in html and "<script>" not in html and "style=" not in html
    assert html.count('aria-label="Question ') == 65  # the grid
    assert 'aria-label="Question 1: unanswered" aria-current="step"' in html


def test_answers_are_saved_as_given_and_navigation_follows(client, clock, bank):
    exam = start(client)
    item = exam.items.get(position=1)
    response = post(client, exam, 1, 2)
    assert response.status_code == 302 and response["Location"] == qurl(exam, 2)
    item.refresh_from_db()
    assert item.chosen == [2] and item.answered == START and item.correct is None
    assert post(client, exam, 2, 0, go="prev")["Location"] == qurl(exam, 1)
    assert post(client, exam, 1, 2, go="40")["Location"] == qurl(exam, 40)
    assert post(client, exam, 40, go="review")["Location"] == f"/quiz/exam/{exam.pk}/review/"
    assert post(client, exam, 65, 1)["Location"] == f"/quiz/exam/{exam.pk}/review/"
    assert Answer.objects.count() == 0  # nothing reaches the history before the end
    html = text(client.get(qurl(exam, 1)))
    assert re.search(r'name="option" value="2" checked', html)  # shown as saved
    assert 'aria-label="Question 1: answered"' in html
    assert 'aria-label="Question 3: unanswered"' in html


def test_moving_on_without_ticking_keeps_the_saved_answer(client, clock, bank):
    exam = start(client)
    post(client, exam, 1, 3)
    post(client, exam, 1)  # just navigating
    assert exam.items.get(position=1).chosen == [3]
    assert ExamAnswerEvent.objects.count() == 1


def test_resume_after_reload_or_restart(client, clock, bank):
    exam = start(client)
    for n in (1, 2, 3):
        post(client, exam, n, 0)
    clock.advance(minutes=40)
    # A "restart": a new client object with the same session cookie, nothing in memory.
    again = Client()
    again.cookies = client.cookies
    index = text(again.get("/quiz/exam/"))
    assert "Exam in progress" in index and "3 of 65 questions answered" in index
    assert "Time left: 1 h 30 min" in index
    assert "Start a" not in index  # one exam at a time
    response = again.get(f"/quiz/exam/{exam.pk}/")
    assert response["Location"] == qurl(exam, 4)  # the first unanswered
    assert 'data-seconds="5400"' in text(again.get(qurl(exam, 4)))


def test_flags_are_saved_shown_in_words_and_cleared(client, clock, bank):
    exam = start(client)
    post(client, exam, 5, 1, flag=True)
    post(client, exam, 6, flag=True)  # flagged without an answer
    item = exam.items.get(position=5)
    assert item.flagged and item.chosen == [1]
    html = text(client.get(qurl(exam, 5)))
    assert re.search(r'id="exam-flag" name="flag" value="1"[^>]* checked', html)
    assert 'aria-label="Question 5: answered, flagged for review"' in html
    assert 'aria-label="Question 6: unanswered, flagged for review"' in html
    assert 'class="exam-cell is-answered is-flagged"' in html
    assert 'class="exam-cell is-unanswered is-flagged"' in html
    review = text(client.get(f"/quiz/exam/{exam.pk}/review/"))
    assert "<strong>1 of 65 answered</strong> · 0 incomplete · 64 unanswered · 2 flagged" in review
    assert 'class="exam-review-cell is-answered is-flagged"' in review
    post(client, exam, 5)  # the box left clear: unflagged, answer kept
    item.refresh_from_db()
    assert not item.flagged and item.chosen == [1]


def test_one_exam_in_progress_at_a_time(client, clock, bank):
    exam = start(client)
    response = client.post("/quiz/exam/")
    assert response.status_code == 409
    assert "You already have an exam in progress" in text(response)
    assert Exam.objects.count() == 1
    assert f"/quiz/exam/{exam.pk}/" in text(response)


def test_the_database_refuses_a_second_open_exam(client, clock, bank):
    exam = start(client)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Exam.objects.create(
            user=None, session_key=exam.session_key, deadline=START, question_count=1
        )
