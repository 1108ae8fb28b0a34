"""The mock exam: the clock and its deadline; review, submit and the report."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.db.models.signals import post_save

from studysite.quiz import exam_service
from studysite.quiz.models import Answer, Exam, ExamAnswerEvent, ExamItem

from .exam_helpers import (
    START,
    post,
    qurl,
    right,
    start,
    text,
)

pytestmark = pytest.mark.django_db


# --- The clock ------------------------------------------------------------------------------


def test_an_answer_one_second_before_the_deadline_counts(client, clock, bank):
    exam = start(client)
    clock.advance(minutes=129, seconds=59)
    assert post(client, exam, 1, 0).status_code == 302
    assert exam.items.get(position=1).chosen == [0]


def test_an_answer_after_the_deadline_is_refused_and_the_exam_ends(client, clock, bank):
    exam = start(client)
    post(client, exam, 1, 0)
    clock.advance(minutes=130)
    response = post(client, exam, 2, 0)
    assert response.status_code == 400
    html = text(response)
    assert "Time is up" in html and "that answer was not recorded" in html
    assert f"/quiz/exam/{exam.pk}/report/" in html
    exam.refresh_from_db()
    assert exam.finish_reason == "time" and exam.finished == exam.deadline
    assert exam.items.get(position=2).chosen is None
    assert Answer.objects.count() == 1  # only the answer given in time


def test_loading_after_the_deadline_finishes_the_exam(client, clock, bank):
    exam = start(client)
    post(client, exam, 1, 0)
    clock.advance(hours=5)
    response = client.get(qurl(exam, 2))
    assert response["Location"] == f"/quiz/exam/{exam.pk}/report/"
    exam.refresh_from_db()
    assert exam.finish_reason == "time" and exam.finished == exam.deadline
    report = text(client.get(f"/quiz/exam/{exam.pk}/report/"))
    assert "it ended when the 2 h 10 min ran out" in report
    assert "You used 2 h 10 min of 2 h 10 min" in report


def test_the_exam_page_ends_an_expired_exam_too(client, clock, bank):
    start(client)
    clock.advance(minutes=131)
    html = text(client.get("/quiz/exam/"))
    assert "Exam in progress" not in html and "Time ran out" in html
    assert Exam.objects.get().finish_reason == "time"


def test_submitting_after_the_deadline_counts_as_time_up(client, clock, bank):
    exam = start(client)
    clock.advance(minutes=131)
    exam_service.submit(exam_service.Q(session_key=exam.session_key, user__isnull=True), exam.pk)
    exam.refresh_from_db()
    assert exam.finish_reason == "time"


# --- Review, submit, report ----------------------------------------------------------------


def test_review_then_submit_creates_one_answer_each(client, clock, bank):
    seen = []
    receiver = lambda sender, instance, created, **kw: seen.append(instance.pk)  # noqa: E731
    post_save.connect(receiver, sender=Answer, weak=False)
    try:
        exam = start(client)
        for n in range(1, 11):
            item = exam.items.get(position=n)
            clock.advance(seconds=30)
            post(client, exam, n, *right(item))
        review = text(client.get(f"/quiz/exam/{exam.pk}/review/"))
        assert "<strong>10 of 65 answered</strong> · 0 incomplete · 55 unanswered" in review
        assert 'name="confirm" value="submit"' not in review  # point 3: it asks first
        confirm = text(client.get(f"/quiz/exam/{exam.pk}/review/?step=confirm"))
        assert 'name="confirm" value="submit"' in confirm and "55 unanswered:" in confirm
        response = client.post(f"/quiz/exam/{exam.pk}/review/", {"confirm": "submit"})
        assert response["Location"] == f"/quiz/exam/{exam.pk}/report/"
    finally:
        post_save.disconnect(receiver, sender=Answer)
    exam.refresh_from_db()
    assert (exam.finish_reason, exam.correct_count, exam.percent) == ("submitted", 10, 15)
    answers = list(Answer.objects.order_by("created"))
    assert len(answers) == 10 == len(seen)
    assert all(a.correct and a.session_key == exam.session_key for a in answers)
    assert answers[0].created == START + timedelta(seconds=30)
    # After submitting, the questions lead to the report and nothing more is taken.
    assert client.get(qurl(exam, 1))["Location"] == f"/quiz/exam/{exam.pk}/report/"
    late = post(client, exam, 11, 0)
    assert late.status_code == 400 and "already finished" in text(late)
    again = client.post(f"/quiz/exam/{exam.pk}/review/", {"confirm": "submit"})
    assert again.status_code == 400 and "already submitted" in text(again)
    assert Answer.objects.count() == 10
    assert exam.items.get(position=11).chosen is None
    listing = text(client.get("/quiz/exam/"))
    assert "<td>10</td><td>15 %</td><td>Submitted</td>" in listing
    assert f'href="/quiz/exam/{exam.pk}/report/"' in listing


def test_submit_needs_the_submit_button(client, clock, bank):
    exam = start(client)
    response = client.post(f"/quiz/exam/{exam.pk}/review/", {"confirm": "yes please"})
    assert response.status_code == 400
    assert "Submit the exam" in text(response)
    assert Exam.objects.get().in_progress


def test_the_report_numbers_and_verdicts(client, clock, bank):
    """Domain 1 (19): all right; domain 2 (17): 12 right; domain 3 (16): 5 right;
    domain 4 (13): none answered. Intervals worked out by hand in test_scoring, plus
    12/17: centre = (0.70588 + 0.07957) / 1.15915 = 0.67761,
    half = 1.64485 * sqrt(0.012213 + 0.0023404) / 1.15915 = 0.17119 -> 0.5064 .. 0.8488;
    36/65: centre = (0.55385 + 0.02081) / 1.04162 = 0.55169,
    half = 1.64485 * sqrt(0.0038016 + 0.00016009) / 1.04162 = 0.09939 -> 0.4523 .. 0.6511."""
    exam = start(client)
    targets = {1: 19, 2: 12, 3: 5, 4: 0}
    done = Counter()
    for item in exam.items.select_related("question_version").order_by("position"):
        if done[item.domain] < targets[item.domain]:
            post(client, exam, item.position, *right(item))
            done[item.domain] += 1
        elif item.domain != 4:
            post(client, exam, item.position, 3)  # a wrong option
    clock.advance(minutes=65)
    client.post(f"/quiz/exam/{exam.pk}/review/", {"confirm": "submit"})
    html = text(client.get(f"/quiz/exam/{exam.pk}/report/"))
    # 36 of 65 = 55.4 %
    assert "<strong>55 % correct</strong>: 36 of 65 questions (52 answered, 13 unanswered" in html
    assert "interval of 45–65 %: <strong>below the line</strong>" in html
    rows = re.findall(
        r'<tr><th scope="row">Domain (\d).*?</th><td data-label="Correct">(.*?)</td>'
        r'<td data-label="Percent">(.*?)</td><td data-label="90 % interval">(.*?)</td>'
        r'<td data-label="Verdict">(.*?)</td></tr>',
        html,
    )
    assert rows == [
        ("1", "19 of 19", "100 %", "88–100 %", "Meets competencies"),
        ("2", "12 of 17", "71 %", "51–85 %", "Too few questions to judge"),
        ("3", "5 of 16", "31 %", "16–52 %", "Needs improvement"),
        ("4", "0 of 13", "0 %", "0–17 %", "Needs improvement"),
    ]
    assert "720" in html and "never shows a made-up scaled score" in html
    assert '<title id="chart-title">Percent correct per domain</title>' in html
    assert "You used 1 h 5 min of 2 h 10 min: 1 min per question on average, within" in html
    # Every question is reviewed with its explanations; misses link to their section.
    assert html.count('class="exam-review-item"') == 65
    assert "Why option 3 of" in html
    assert html.count('class="end-row is-blank"') == 13
    assert html.count('class="end-row is-wrong"') == 16
    assert html.count('class="end-row is-right"') == 36
    assert '<a href="/notes/s3-basics/#endpoints">Endpoints</a> in S3 basics' in html


def test_over_the_pace_is_said(client, clock, bank):
    exam = start(client)
    clock.advance(minutes=129)
    client.post(f"/quiz/exam/{exam.pk}/review/", {"confirm": "submit"})
    html = text(client.get(f"/quiz/exam/{exam.pk}/report/"))
    # 129 min / 65 = 119.08 s
    assert "1 min 59 s per question on average, within the exam's pace of 2 min" in html
    exam2 = start(client)
    Exam.objects.filter(pk=exam2.pk).update(question_count=65)
    ExamItem.objects.filter(exam=exam2, position__gt=30).delete()  # 30 items, 130 min
    clock.advance(minutes=130)
    client.get(f"/quiz/exam/{exam2.pk}/")
    html = text(client.get(f"/quiz/exam/{exam2.pk}/report/"))
    assert "4 min 20 s per question on average, slower than the exam's pace" in html


def test_changed_answers_and_whether_they_helped(client, clock, bank):
    exam = start(client)
    one, two, three = (
        exam.items.select_related("question_version").get(position=n) for n in (1, 2, 3)
    )
    post(client, exam, 1, 3, flag=True)  # wrong, flagged ...
    post(client, exam, 1, *right(one), flag=True)  # ... then right: helped
    post(client, exam, 2, *right(two))  # right ...
    post(client, exam, 2, 2)  # ... then wrong: hurt (not flagged)
    post(client, exam, 3, 1)
    post(client, exam, 3, 2)  # wrong to wrong
    post(client, exam, 3, 2)  # the same again is not a change
    assert ExamAnswerEvent.objects.filter(item=three).count() == 2
    client.post(f"/quiz/exam/{exam.pk}/review/", {"confirm": "submit"})
    html = text(client.get(f"/quiz/exam/{exam.pk}/report/"))
    assert "You changed 3 answers: 1 from wrong to right, 1 from right to wrong." in html
    rows = re.findall(
        r">Question (\d)</a></th><td>(\w+)</td><td>(\d)</td><td>(\w+)</td>"
        r"<td>(\w+)</td><td>(.*?)</td>",
        html,
    )
    assert rows == [
        ("1", "Yes", "2", "Wrong", "Right", "Helped: wrong to right"),
        ("2", "No", "2", "Right", "Wrong", "Hurt: right to wrong"),
        ("3", "No", "2", "Wrong", "Wrong", "Still wrong"),
    ]


def test_a_report_of_an_exam_in_progress_goes_back_to_it(client, clock, bank):
    exam = start(client)
    assert client.get(f"/quiz/exam/{exam.pk}/report/")["Location"] == f"/quiz/exam/{exam.pk}/"
