"""Shared set-up for the live-session tests: a session over the quiz tests' two questions
(``s3-one``: single choice, A right; ``s3-two``: choose two, A and B right; options in file
order there, see tests/quiz/conftest.py), or played over those and ``s3-three`` (the
``three`` fixture in conftest.py); and reading a learner's page of a session's answers."""

from __future__ import annotations

import re

from django.db import connection
from django.test import Client

from studysite.teams.live.services import (
    answer_submit,
    participant_join,
    session_advance,
    session_create,
)

ARTICLE = '<article class="exam-review-item"'
QUESTIONS = ["s3-one", "s3-two", "s3-three"]
RECORDED = '<span class="badge">Answer recorded</span>'


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def open_session(trainer, **options):
    values = {
        "title": "Friday quiz",
        "question_ids": ["s3-one", "s3-two"],
        "allow_guests": True,
        "show_leaderboard": True,
        "seconds_per_question": 30,
    }
    values.update(options)
    return session_create(trainer=trainer, **values)


def url(session) -> str:
    return f"/history/attempt/live/{session.pk}/"


def advance(session, times=1):
    for _ in range(times):
        session = session_advance(session=session, action="next", version=None)
    return session


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


def play(trainer, answers: dict, *, upto: int | None = None, end: bool = True, **options):
    """A session over s3-one, s3-two and s3-three; ``answers`` maps each participant (a
    user, or a guest's name) to {question index: chosen file indexes}, and each joins just
    before their first answer (late, for some). The session asks up to question ``upto``
    (every one by default), then ends, or with ``end=False`` stays on it, answers open."""
    session = advance(open_session(trainer, question_ids=QUESTIONS, **options))
    people: dict = {}
    last = session.total - 1 if upto is None else upto
    for index in range(last + 1):
        if index:
            session = advance(session, 3)  # reveal, leaderboard, next question
        for who, plan in answers.items():
            if index not in plan:
                continue
            if who not in people:
                kind = {"name": who} if isinstance(who, str) else {"user": who}
                people[who] = participant_join(session=session, **kind)
            answer_submit(
                session_id=session.pk, participant=people[who], index=index, chosen=plan[index]
            )
    if end:
        session = session_advance(session=session, action="end", version=None)
    return session


def options_shown(article: str) -> list[str]:
    return re.findall(r'<p class="quiz-option-text">(.*?)</p>', article, re.S)
