"""Answer posts are safe to resend (issue 22, finding 7): a resend records nothing more and
says the answer was already recorded; 20 simultaneous identical posts store one answer
(PostgreSQL: real concurrent connections; the SQLite server is measured by
benchmarks/reliability.py)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from studysite.progress.models import ChapterRead
from studysite.quiz.models import Answer, ExamAnswerEvent, Flag

from .forms import forms_on


def answer_form(client: Client, page: str) -> tuple[str, dict[str, list[str]]]:
    """The answer form on ``page`` with its first option ticked, as a browser posts it."""
    response = client.get(page)
    assert response.status_code == 200, (page, response.status_code)
    for form in forms_on(page, response.content.decode()):
        options = [f for f in form.fields if f.name == "option"]
        if options:
            data = form.defaults()
            data["option"] = [options[0].value]
            data.pop("confidence", None)
            return form.action, data
    raise AssertionError(f"no answer form on {page}")


def answers(world) -> int:
    return Answer.objects.filter(world.visitor).count()


@pytest.mark.django_db
class TestResend:
    def test_a_practice_answer_sent_twice_is_recorded_once_and_says_so(self, world):
        client = world.owner_client()
        action, data = answer_form(client, f"/quiz/practice/{world.practice.pk}/")
        before = answers(world)
        first = client.post(action, data)
        assert first.status_code == 200 and answers(world) == before + 1
        again = client.post(action, data)
        html = again.content.decode()
        assert again.status_code == 200 and answers(world) == before + 1
        assert "This answer was already recorded" in html and 'role="alert"' in html
        # ... and it shows that answer's feedback, not an unrelated question.
        assert "quiz-feedback" in html or "Correct" in html or "Not quite" in html

    def test_an_exam_answer_sent_twice_is_saved_once(self, world):
        client = world.owner_client()
        page = f"/quiz/exam/{world.open_exam.pk}/q/1/"
        action, data = answer_form(client, page)
        for _ in range(3):
            assert client.post(action, data).status_code in (200, 302)
        assert ExamAnswerEvent.objects.filter(item__exam=world.open_exam).count() == 1

    def test_a_chapter_quiz_answer_sent_twice_is_recorded_once(self, world):
        client = world.owner_client()
        action, data = answer_form(client, "/quiz/chapter/s3-basics/")
        before = answers(world)
        assert client.post(action, data).status_code == 200
        again = client.post(action, data)
        assert again.status_code in (200, 400) and answers(world) == before + 1
        assert "already answered" in again.content.decode()


def clone(client: Client) -> Client:
    other = Client()
    other.cookies = client.cookies
    return other


def post_together(client: Client, action: str, data: dict, times: int = 20) -> list[int]:
    """``times`` identical posts from one browser at the same moment."""
    barrier = threading.Barrier(times)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def send() -> None:
        mine = clone(client)
        try:
            barrier.wait()
            statuses.append(mine.post(action, data).status_code)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [], errors
    return statuses


@pytest.fixture
def concurrent_world(request, bank):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server shared by several connections")
    from .conftest import build_world

    return build_world("account")


@pytest.mark.django_db(transaction=True)
class TestTwentyAtOnce:
    def test_practice(self, concurrent_world):
        world = concurrent_world
        client = world.owner_client()
        action, data = answer_form(client, f"/quiz/practice/{world.practice.pk}/")
        before = answers(world)
        statuses = post_together(client, action, data)
        assert all(s < 500 for s in statuses), statuses
        assert answers(world) == before + 1

    def test_chapter_quiz(self, concurrent_world):
        world = concurrent_world
        client = world.owner_client()
        action, data = answer_form(client, "/quiz/chapter/s3-basics/")
        before = answers(world)
        statuses = post_together(client, action, data)
        assert all(s < 500 for s in statuses), statuses
        assert answers(world) == before + 1

    def test_exam(self, concurrent_world):
        world = concurrent_world
        client = world.owner_client()
        action, data = answer_form(client, f"/quiz/exam/{world.open_exam.pk}/q/2/")
        statuses = post_together(client, action, data)
        assert all(s < 500 for s in statuses), statuses
        assert ExamAnswerEvent.objects.filter(item__exam=world.open_exam).count() == 1

    def test_flag_and_mark_as_read(self, concurrent_world):
        world = concurrent_world
        client = world.owner_client()
        Flag.objects.filter(world.visitor).delete()
        ChapterRead.objects.filter(world.visitor).delete()
        flag = {"question": world.flagged_ref, "flag": "on", "next": "/"}
        assert all(s == 302 for s in post_together(client, "/quiz/flag/", flag))
        read = {"read": "1"}
        assert all(s == 302 for s in post_together(client, "/progress/chapter/s3-basics/", read))
        assert Flag.objects.filter(world.visitor).count() == 1
        assert ChapterRead.objects.filter(world.visitor).count() == 1
