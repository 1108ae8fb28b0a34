"""The quiz's public writes for other apps (teams' live sessions): keyword-only, plain
values in, no request. An answer recorded here is like any other ``Answer``: it shows in
the learner's history and, through the progress app's ``post_save`` receiver, feeds their
spaced review."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from .cards import is_correct
from .models import Answer, QuestionVersion


def answer_record(
    *,
    user: AbstractBaseUser,
    version: QuestionVersion,
    chosen: Sequence[int],
    order: Sequence[int] | None = None,
    created: datetime | None = None,
) -> Answer:
    """Store a signed-in learner's answer (file indexes in ``chosen``) to ``version``,
    given at ``created`` (now by default: a live session records it later, at the reveal)."""
    picked = sorted(set(chosen))
    return Answer.objects.create(
        user=user,
        session_key="",
        question_id=version.question_id,
        question_version=version,
        chosen=picked,
        order=list(order) if order is not None else None,
        correct=is_correct(version.content, picked),
        created=created or timezone.now(),
    )
