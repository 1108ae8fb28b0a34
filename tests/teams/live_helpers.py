"""Shared set-up for the live-session tests: a session over the quiz tests' two questions
(``s3-one``: single choice, A right; ``s3-two``: choose two, A and B right; options in file
order there, see tests/quiz/conftest.py)."""

from __future__ import annotations

from django.db import connection

from studysite.teams.live.services import session_create


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
