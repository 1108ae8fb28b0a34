"""/history/'s attempts: each kind of attempt told apart, the exam chart, owners apart,
constant queries, and another owner's exam report is a 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from studysite.progress.attempts import build_attempts
from studysite.progress.charts import score_chart
from studysite.progress.models import AnswerSource, Mode
from studysite.quiz.cards import question_ref
from studysite.quiz.models import Answer, Exam, Practice, Question

from .test_history import add_answers

pytestmark = pytest.mark.django_db
URL = "/history/"


def text(response) -> str:
    return response.content.decode()


def right_options(qid: str) -> list[str]:
    content = Question.objects.get(pk=qid).current.content
    return [str(i) for i, o in enumerate(content["options"]) if o["correct"]]


def chapter_answer(client, qid: str = "s3-one", **extra):
    data = {"question": qid, "version": "1", "option": right_options(qid), **extra}
    assert client.post("/quiz/chapter/s3-basics/", data).status_code == 200


def practice_all(client) -> Practice:
    assert client.post("/quiz/practice/", {"count": "10"}).status_code == 302
    practice = Practice.objects.order_by("-pk").first()
    for qid in practice.question_ids:
        data = {"question": qid, "version": "1", "option": right_options(qid)}
        assert client.post(f"/quiz/practice/{practice.pk}/", data).status_code == 200
    return practice


def exam_all(client, *, right: bool = True) -> Exam:
    assert client.post("/quiz/exam/").status_code == 302
    exam = Exam.objects.order_by("-pk").first()
    for item in exam.items.order_by("position"):
        options = item.question_version.content["options"]
        chosen = [str(i) for i, o in enumerate(options) if o["correct"] == right]
        chosen = chosen[: sum(o["correct"] for o in options)]
        data = {"question": item.question_id, "option": chosen, "go": "next"}
        assert client.post(f"/quiz/exam/{exam.pk}/q/{item.position}/", data).status_code == 302
    response = client.post(f"/quiz/exam/{exam.pk}/review/", {"confirm": "submit"})
    assert response.status_code == 302
    exam.refresh_from_db()
    return exam


def review_one(client) -> None:
    # A confident miss makes a card due at once; answering it on /review/ is a review.
    data = {"question": "s3-two", "version": "1", "option": ["2", "3"], "confidence": "sure"}
    client.post("/quiz/chapter/s3-basics/", data)
    html = text(client.get("/review/"))
    assert f'value="{question_ref("s3-two")}"' in html
    data = {"question": "s3-two", "version": "1", "option": right_options("s3-two")}
    assert client.post("/review/", data).status_code == 200


def test_every_kind_is_told_apart(client, synced, make_user):
    user = make_user()
    client.force_login(user)
    chapter_answer(client)
    practice = practice_all(client)
    exam = exam_all(client)
    review_one(client)
    sources = dict(AnswerSource.objects.values_list("answer_id", "mode"))
    modes = [sources.get(a.pk, "chapter") for a in Answer.objects.order_by("pk")]
    assert modes == ["chapter", "practice", "practice", "exam", "exam", "chapter", "review"]
    assert set(AnswerSource.objects.filter(mode="practice").values_list("ref", flat=True)) == {
        practice.pk
    }
    assert set(AnswerSource.objects.filter(mode="exam").values_list("ref", flat=True)) == {exam.pk}

    attempts = build_attempts(Q(user=user)).all
    kinds = sorted((a.mode, a.correct, a.size) for a in attempts)
    assert kinds == [("chapter", 1, 2), ("exam", 2, 2), ("practice", 2, 2), ("review", 1, 1)]
    html = text(client.get(URL))
    assert '<h2 id="attempts">Your attempts</h2>' in html
    for label in ("Chapter quiz: S3 basics", "Practice", "Mock exam", "Review"):
        assert f"<td>{label}</td>" in html
    assert f'<a href="/quiz/exam/{exam.pk}/report/">Score report</a>' in html
    assert "2 of 2 (100 %)" in html and "1 of 2 (50 %)" in html
    assert html.count('<svg class="plot-area"') == 2 and html.count("<title id=") == 2
    assert html.count('<ol class="bar-chart"') == 3
    assert "Exam 1," in html and "100 %." in html and "style=" not in html


def test_exams_in_progress_and_unfinished_sets(client, synced):
    assert client.post("/quiz/exam/").status_code == 302
    assert client.post("/quiz/practice/", {"count": "10"}).status_code == 302
    html = text(client.get(URL))
    assert "In progress" in html and "Resume the exam" in html
    assert "0 of 2 (0 %), 0 answered so far" in html and "Carry on" in html
    assert "Mock exam scores" not in html  # no finished exam yet: no chart


def test_owners_see_only_their_own_attempts(synced, make_user):
    alice, bob, anon = Client(), Client(), Client()
    alice.force_login(make_user("alice"))
    bob.force_login(make_user("bob"))
    exam = exam_all(alice)
    chapter_answer(anon)
    assert f"/quiz/exam/{exam.pk}/report/" not in text(bob.get(URL))
    assert "Your attempts" not in text(bob.get(URL))
    html = text(anon.get(URL))
    assert "Chapter quiz: S3 basics" in html and "Mock exam" not in html.split("Your attempts")[1]


def test_another_owners_exam_report_is_404(synced, make_user):
    alice, bob, anon = Client(), Client(), Client()
    alice.force_login(make_user("alice"))
    bob.force_login(make_user("bob"))
    exam = exam_all(alice)
    url = f"/quiz/exam/{exam.pk}/report/"
    assert alice.get(url).status_code == 200
    for client in (bob, anon):
        for path in (url, f"/quiz/exam/{exam.pk}/", f"/quiz/exam/{exam.pk}/review/"):
            response = client.get(path)
            assert response.status_code == 404, path
            assert "Score report" not in text(response)
    chapter_answer(anon)  # an anonymous visitor with a token of their own: still 404
    assert anon.get(url).status_code == 404
    anon_exam = exam_all(anon)
    assert alice.get(f"/quiz/exam/{anon_exam.pk}/report/").status_code == 404


def test_queries_stay_the_same_with_many_attempts(synced, make_user, django_assert_num_queries):
    small, big = Client(), Client()
    small_user, big_user = make_user("small"), make_user("big")
    small.force_login(small_user)
    big.force_login(big_user)
    exam_all(small)
    small.get(URL)
    with CaptureQueriesContext(connection) as first:
        assert small.get(URL).status_code == 200
    queries = len(first)  # now: the next request empties the connection's query log
    for right in (True, False, True):
        exam_all(big, right=right)
    practice_all(big)
    practice_all(big)
    add_answers(big_user, 500)
    big.get(URL)
    with django_assert_num_queries(queries):
        html = text(big.get(URL))
    assert "Older attempts" in html  # more than a page
    with django_assert_num_queries(queries):
        assert big.get(URL, {"attempts": "2"}).status_code == 200
    assert queries == 10  # with the header's one "in a team?" query for a signed-in user


@pytest.mark.parametrize("page", ["0", "-1", "999", "x" * 10_000, "\x00", "ünï", "1.5"])
def test_any_attempts_page_is_a_page(client, synced, page):
    chapter_answer(client)
    response = client.get(URL, {"attempts": page})
    assert response.status_code == 200 and "Your attempts" in text(response)


def test_chapter_sittings_are_per_chapter_and_day(synced, make_user, give):
    user = make_user()
    now = timezone.now().replace(hour=12)
    give(user, "s3-one", True, created=now - timedelta(minutes=10))
    give(user, "s3-two", False, created=now)
    give(user, "s3-one", True, created=now - timedelta(days=1))
    attempts = build_attempts(Q(user=user)).all
    assert [(a.mode, a.correct, a.size) for a in attempts] == [
        (Mode.CHAPTER, 1, 2),
        (Mode.CHAPTER, 1, 1),
    ]
    assert attempts[0].time == "10 min" and attempts[1].time == "0 s"


def test_score_chart_geometry():
    chart = score_chart([50, 100], 0.72)
    first, second = chart["points"]
    assert first["x"] == chart["left"] and second["x"] == chart["right"]
    assert second["y"] < first["y"]  # higher is better
    assert chart["pass_percent"] == 72
    single = score_chart([80], 0.72)["points"][0]
    assert single["x"] == (chart["left"] + chart["right"]) / 2


def test_the_migration_backfills_practice_and_exam_answers(client, synced):
    import importlib

    from django.apps import apps

    backfill = importlib.import_module(
        "studysite.progress.migrations.0003_backfill_answer_sources"
    ).backfill
    chapter_answer(client)
    practice_all(client)
    exam_all(client)
    recorded = set(AnswerSource.objects.values_list("answer_id", "mode", "ref"))
    AnswerSource.objects.all().delete()
    backfill(apps, None)
    assert set(AnswerSource.objects.values_list("answer_id", "mode", "ref")) == recorded
    assert len(recorded) == 4  # two practice answers, two exam answers; the quiz has none
