"""The mock exam through Django's test client, with a clock moved by hand (no sleeping)."""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db.models.signals import post_save
from django.test import Client

from studysite.quiz import exam_service
from studysite.quiz.models import Answer, Exam, ExamAnswerEvent, ExamItem

from .banks import make_bank

pytestmark = pytest.mark.django_db
START = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(exam_service, "now", clock)
    return clock


@pytest.fixture
def bank(quiz_notes, db):
    """200 questions: 60, 50, 50 and 40 in domains 1-4."""
    return make_bank({1: 60, 2: 50, 3: 50, 4: 40})


def start(client) -> Exam:
    response = client.post("/quiz/exam/")
    assert response.status_code == 302, response.content.decode()[-2000:]
    exam = Exam.objects.order_by("-pk").first()
    assert response["Location"] == f"/quiz/exam/{exam.pk}/q/1/"
    return exam


def qurl(exam: Exam, n: int) -> str:
    return f"/quiz/exam/{exam.pk}/q/{n}/"


def post(client, exam: Exam, n: int, *options, flag: bool = False, go: str = "next", **extra):
    item = exam.items.get(position=n)
    data = {"question": item.question_id, "option": [str(o) for o in options], "go": go}
    if flag:
        data["flag"] = "1"
    data.update(extra)
    return client.post(qurl(exam, n), data)


def right(item: ExamItem) -> list[int]:
    return [i for i, o in enumerate(item.question_version.content["options"]) if o["correct"]]


def text(response) -> str:
    return response.content.decode()


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


# --- Owners --------------------------------------------------------------------------------


def test_owners_see_and_change_only_their_own_exams(client, clock, bank):
    User = get_user_model()
    alice, bob = (User.objects.create_user(n, password="x-long-password-1") for n in "ab")
    a, b, anon = Client(), Client(), Client()
    a.force_login(alice)
    b.force_login(bob)
    exam = start(a)
    post(a, exam, 1, 0)
    client.post("/quiz/exam/")  # someone anonymous has one too
    for other in (b, anon):
        for url in (
            f"/quiz/exam/{exam.pk}/",
            qurl(exam, 1),
            f"/quiz/exam/{exam.pk}/review/",
            f"/quiz/exam/{exam.pk}/report/",
        ):
            response = other.get(url)
            assert response.status_code == 404, url
            assert "There is no such exam among yours" in text(response)
        assert post(other, exam, 1, 2).status_code == 404
        assert post(other, exam, 2, 2, flag=True).status_code == 404
        assert other.post(f"/quiz/exam/{exam.pk}/review/", {"confirm": "submit"}).status_code == 404
    exam.refresh_from_db()
    assert exam.in_progress and exam.revision == 1
    assert exam.items.get(position=1).chosen == [0]
    assert not exam.items.filter(flagged=True).exists()
    assert exam.items.exclude(chosen=None).count() == 1
    assert "Exam in progress" not in text(b.get("/quiz/exam/"))
    # Bob may start his own; Alice's is untouched.
    mine = start(b)
    assert mine.user == bob and Exam.objects.filter(finished__isnull=True).count() == 3


def test_signing_in_adopts_an_anonymous_exam(client, clock, bank):
    exam = start(client)
    post(client, exam, 1, 0)
    user = get_user_model().objects.create_user("c", password="x-long-password-1")
    client.force_login(user)
    exam.refresh_from_db()
    assert exam.user == user and exam.session_key == "" and exam.in_progress
    assert client.get(qurl(exam, 2)).status_code == 200


def test_signing_in_with_two_open_exams_submits_the_anonymous_one(client, clock, bank):
    user = get_user_model().objects.create_user("d", password="x-long-password-1")
    signed = Client()
    signed.force_login(user)
    theirs = start(signed)
    anonymous = start(client)
    post(client, anonymous, 1, 0)
    client.force_login(user)  # must not fail on the one-open-exam constraint
    anonymous.refresh_from_db()
    theirs.refresh_from_db()
    assert anonymous.user == user and anonymous.finish_reason == "submitted"
    assert theirs.in_progress
    assert Answer.objects.filter(user=user).count() == 1


# --- Bad and tampered input ------------------------------------------------------------------


def tampered_cases(exam: Exam):
    one = exam.items.get(position=1)
    outsider = "d1-q059"
    in_exam = set(exam.items.values_list("question_id", flat=True))
    outsider = next(f"d1-q{n:03d}" for n in range(60) if f"d1-q{n:03d}" not in in_exam)
    qid = one.question_id
    return [
        ("question not in the exam", {"question": outsider, "option": ["0"]}, "is not question 1"),
        (
            "another position's question",
            {"question": exam.items.get(position=2).question_id, "option": ["0"]},
            "is not question 1",
        ),
        ("no question", {"option": ["0"]}, "is not question 1"),
        ("hostile question", {"question": "<script>" * 200, "option": ["0"]}, "is not question 1"),
        ("option out of range", {"question": qid, "option": ["4"]}, "could not be read"),
        ("negative option", {"question": qid, "option": ["-1"]}, "could not be read"),
        ("text option", {"question": qid, "option": ["zero"]}, "could not be read"),
        ("huge option", {"question": qid, "option": ["9" * 5000]}, "could not be read"),
        ("binary option", {"question": qid, "option": ["\x00\xff"]}, "could not be read"),
        ("unicode digit", {"question": qid, "option": ["٣"]}, "could not be read"),
        ("too many options", {"question": qid, "option": ["0"] * 40}, "could not be read"),
        ("two for single", {"question": qid, "option": ["0", "1"]}, "Choose only one answer"),
        ("bad flag", {"question": qid, "option": ["0"], "flag": "maybe"}, "flag could not be read"),
        ("bad go", {"question": qid, "option": ["0"], "go": "launch"}, "button could not be read"),
        (
            "go past the end",
            {"question": qid, "option": ["0"], "go": "66"},
            "button could not be read",
        ),
        ("go zero", {"question": qid, "option": ["0"], "go": "0"}, "button could not be read"),
    ]


def test_every_bad_input_is_a_clear_message_and_changes_nothing(client, clock, bank):
    exam = start(client)
    post(client, exam, 1, 1)
    before = (exam.items.get(position=1).chosen, ExamAnswerEvent.objects.count())
    for what, data, message in tampered_cases(exam):
        response = client.post(qurl(exam, 1), data)
        assert response.status_code == 400, what
        assert message in text(response), (what, text(response)[-1500:])
        assert "Question 1 of 65" in text(response), what
        item = exam.items.get(position=1)
        assert (item.chosen, ExamAnswerEvent.objects.count()) == before, what
        assert not item.flagged, what
    exam.refresh_from_db()
    assert exam.in_progress and Answer.objects.count() == 0


def test_a_choice_of_the_wrong_size_is_saved_as_incomplete(client, clock, quiz_notes, db):
    make_bank({1: 10}, multiple_every=1)  # every question "choose two"
    exam = start(client)
    qid = exam.items.get(position=1).question_id
    response = client.post(qurl(exam, 1), {"question": qid, "option": ["0", "1", "2"]})
    assert response.status_code == 302
    assert exam.items.get(position=1).chosen == [0, 1, 2]
    html = text(client.get(qurl(exam, 1)))
    assert re.findall(r'name="option" value="(\d)" checked', html) == ["0", "1", "2"]
    assert "Incomplete: 3 of 2 answers chosen" in html


@pytest.mark.parametrize(
    "url",
    [
        "/quiz/exam/99999999999999999999999/",
        "/quiz/exam/99999999999999999999999/q/1/",
        "/quiz/exam/0/review/",
        "/quiz/exam/12345/report/",
    ],
)
def test_unknown_or_huge_exam_ids_are_404_with_a_message(client, clock, bank, url):
    start(client)
    response = client.get(url)
    assert response.status_code == 404
    assert "There is no such exam among yours" in text(response)


def test_positions_outside_the_exam(client, clock, bank):
    exam = start(client)
    for n in (0, 66, 99999999999999999999):
        response = client.get(qurl(exam, n))
        assert response.status_code == 404 and "has no question" in text(response)
        posted = client.post(qurl(exam, n), {"question": "d1-q000", "option": ["0"]})
        assert posted.status_code == 400 and "has no question" in text(posted)
    assert ExamAnswerEvent.objects.count() == 0


def test_other_methods_are_refused(client, clock, bank):
    exam = start(client)
    assert client.put(qurl(exam, 1)).status_code == 405
    assert client.post(f"/quiz/exam/{exam.pk}/").status_code == 405
    assert client.delete("/quiz/exam/").status_code == 405


def test_two_tabs_on_one_exam(client, clock, bank):
    """Both tabs share the session; saves take turns and the last one wins, with the
    history of both kept. A tab left open after submitting in the other changes nothing."""
    exam = start(client)
    tab2 = Client()
    tab2.cookies = client.cookies
    post(client, exam, 7, 0)
    post(tab2, exam, 7, 2, flag=True)
    item = exam.items.get(position=7)
    assert item.chosen == [2] and item.flagged
    assert list(ExamAnswerEvent.objects.filter(item=item).values_list("chosen", flat=True)) == [
        [0],
        [2],
    ]
    client.post(f"/quiz/exam/{exam.pk}/review/", {"confirm": "submit"})
    stale = post(tab2, exam, 8, 0)
    assert stale.status_code == 400 and "already finished" in text(stale)
    assert exam.items.get(position=8).chosen is None
    assert Answer.objects.count() == 1 and ExamAnswerEvent.objects.count() == 2


def test_csrf_is_required(clock, bank):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/quiz/exam/").status_code == 403
    assert Exam.objects.count() == 0
    html = text(strict.get("/quiz/exam/"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert strict.post("/quiz/exam/", {"csrfmiddlewaretoken": token}).status_code == 302


# --- No repeats across consecutive exams (issue 19) ------------------------------------


def _finish(exam) -> None:
    owner = exam_service.Q(session_key=exam.session_key, user__isnull=True)
    exam_service.submit(owner, exam.pk)


def test_six_consecutive_exams_repeat_no_question_then_the_oldest_return(
    client, clock, quiz_notes, db
):
    # Exactly six exams' worth per domain (19/17/16/13 each), plus three more in domain 1.
    make_bank({1: 6 * 19 + 3, 2: 6 * 17, 3: 6 * 16, 4: 6 * 13})
    drawn: list[set[str]] = []
    for n in range(6):
        exam = start(client)
        ids = set(exam.items.values_list("question_id", flat=True))
        assert len(ids) == 65
        assert not ids & set().union(*drawn), f"exam {n + 1} repeats a question"
        drawn.append(ids)
        _finish(exam)
        clock.advance(hours=1)
    seventh = set(start(client).items.values_list("question_id", flat=True))
    # Domain 1 still has 3 unseen questions; the rest come back, the longest-unseen first.
    assert len(seventh - set().union(*drawn)) == 3
    assert seventh & drawn[0] and not seventh & drawn[5]


def test_exams_of_another_learner_do_not_count_as_seen(client, clock, bank):
    exam = start(client)
    mine = exam_service.Q(session_key=exam.session_key, user__isnull=True)
    assert len(exam_service.seen_in_exams(mine)) == 65
    assert exam_service.seen_in_exams(exam_service.Q(session_key="someone-else")) == {}
    assert exam_service.seen_in_exams(None) == {}
