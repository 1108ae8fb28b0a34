"""Shared by the mock exam tests: a clock moved by hand, a full bank, and shortcuts for
starting, answering and reading an exam."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from studysite.quiz import exam_service
from studysite.quiz.models import Exam, ExamItem

from .banks import make_bank

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


@pytest.fixture(name="bank")
def exam_bank(quiz_notes, db):
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
