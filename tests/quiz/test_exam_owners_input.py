"""The mock exam: owners, bad and tampered input, no repeats across consecutive exams."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from studysite.quiz import exam_service
from studysite.quiz.models import Answer, Exam, ExamAnswerEvent

from .banks import make_bank
from .exam_helpers import (
    post,
    qurl,
    start,
    text,
)

pytestmark = pytest.mark.django_db


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
