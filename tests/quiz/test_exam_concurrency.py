"""Many writers on one exam at once (PostgreSQL only: real row locks between connections;
SQLite's in-memory test database cannot be shared by threads this way)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.http import QueryDict

from studysite.quiz import exam_service
from studysite.quiz.exam_service import ExamError
from studysite.quiz.models import Answer, ExamAnswerEvent, ExamItem
from studysite.quiz.models_exam import Exam

from .banks import make_bank

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_saves_and_a_submit_never_corrupt_an_exam(quiz_notes):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server shared by several connections")
    make_bank({1: 30, 2: 30, 3: 30, 4: 30})
    owner = {"user": None, "session_key": "t" * 32}
    visitor = exam_service.Q(user__isnull=True, session_key="t" * 32)
    exam = exam_service.start(owner, visitor)
    items = {i.position: i.question_id for i in exam.items.all()}
    barrier = threading.Barrier(9)
    outcomes: list[str] = []

    def saver(n: int) -> None:
        try:
            barrier.wait()
            for position in range(1, 21):
                post = QueryDict(mutable=True)
                post.setlist("option", [str(n % 4)])
                try:
                    exam_service.save(visitor, exam.pk, position, items[position], post)
                    outcomes.append("saved")
                except ExamError:
                    outcomes.append("refused")
        finally:
            connections.close_all()

    def submitter() -> None:
        try:
            barrier.wait()
            exam_service.submit(visitor, exam.pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=saver, args=(n,)) for n in range(8)]
    threads.append(threading.Thread(target=submitter))
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    exam = Exam.objects.get(pk=exam.pk)
    assert not exam.in_progress and exam.finish_reason == "submitted"
    answered = ExamItem.objects.filter(exam=exam, chosen__isnull=False)
    # Every answered item reached the history exactly once, graded by its final answer.
    assert Answer.objects.count() == answered.count() == exam.items.exclude(correct=None).count()
    assert exam.correct_count == answered.filter(correct=True).count()
    for item in answered:
        last = ExamAnswerEvent.objects.filter(item=item).order_by("created", "id").last()
        assert last.chosen == item.chosen
        # Nothing saved after the submit: every event is no later than the finish.
        assert ExamAnswerEvent.objects.filter(item=item, created__gt=exam.finished).count() == 0
    assert outcomes.count("saved") + outcomes.count("refused") == 160
