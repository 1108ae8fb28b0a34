"""The quiz tests' notes folder (one chapter, two questions) plus helpers to answer."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.contrib.auth import get_user_model

from studysite.quiz.models import Answer, Question
from tests.quiz.conftest import (  # noqa: F401 - fixtures reused here
    file_order_options,
    quiz_notes,
    synced,
)


@pytest.fixture
def make_user(db):
    def make(name: str = "learner"):
        return get_user_model().objects.create_user(name, password="x-long-password-1")

    return make


@pytest.fixture
def give(synced):  # noqa: F811 - the imported fixture
    """Record an answer as the quiz would (post_save fires): give(owner, qid, correct, ...)."""

    def answer(
        owner,
        qid: str = "s3-one",
        correct: bool = False,
        confidence: str | None = None,
        created: datetime | None = None,
    ) -> Answer:
        question = Question.objects.select_related("current").get(pk=qid)
        fields = {"session_key": owner, "user": None} if isinstance(owner, str) else {"user": owner}
        extra = {"created": created} if created is not None else {}
        return Answer.objects.create(
            **fields,
            question=question,
            question_version=question.current,
            chosen=[0],
            correct=correct,
            confidence=confidence,
            **extra,
        )

    return answer
