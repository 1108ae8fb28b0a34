"""Delete everything a person owns: a user's account and rows, or an anonymous visitor's.

Owned rows are found through ``quiz.ownership.OWNED_MODELS`` (every model with the
``user`` + ``session_key`` owner fields, each app appending its own), so a model added
later is covered without a change here. The owner's rows are deleted explicitly, in one
transaction with the user, rather than left to ``on_delete=CASCADE``: an anonymous
visitor has no user row to cascade from, and an explicit delete does not depend on every
app having chosen CASCADE. What hangs off those rows goes with them (exam items and their
answer log, answer sources: all CASCADE); the question versions answers point at are
shared and stay (PROTECT only stops a *version* from being deleted, not an answer).

Rows are deleted in batches of primary keys, so 100,000 answers are never loaded at once.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Q

from studysite.quiz.ownership import OWNED_MODELS

BATCH = 2000
# How the confirmation page names each kind (singular, plural); others use their
# model's verbose names.
NAMES = {
    "quiz.Answer": ("answer", "answers"),
    "quiz.Flag": ("flagged question", "flagged questions"),
    "quiz.Practice": ("practice set", "practice sets"),
    "quiz.Exam": ("mock exam", "mock exams"),
    "progress.ReviewCard": ("question scheduled for review", "questions scheduled for review"),
    "progress.ChapterRead": ("chapter marked read", "chapters marked read"),
}


def owned_counts(owner: Q) -> list[tuple[str, int]]:
    """(what, how many) for each owned model with rows, for the confirmation page."""
    counts = []
    for label in OWNED_MODELS:
        model = apps.get_model(label)
        count = model.objects.filter(owner).count()
        if count:
            one, many = NAMES.get(
                label, (str(model._meta.verbose_name), str(model._meta.verbose_name_plural))
            )
            counts.append((one if count == 1 else many, count))
    return counts


def _delete_rows(owner: Q) -> int:
    deleted = 0
    for label in OWNED_MODELS:
        model = apps.get_model(label)
        while True:
            batch = list(model.objects.filter(owner).values_list("pk", flat=True)[:BATCH])
            if not batch:
                break
            model.objects.filter(pk__in=batch).delete()
            deleted += len(batch)
    return deleted


def delete_user_and_data(user: AbstractBaseUser) -> int:
    """Delete the user and every row they own; returns how many owned rows went."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    username = user.get_username()
    with transaction.atomic():
        deleted = _delete_rows(Q(user=user))
        # Log-in records name the account (and the addresses it was used from).
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username=username).delete()
        user.delete()
    return deleted


def forget_visitor(token: str) -> int:
    """Delete every row an anonymous visitor's token owns; returns how many."""
    if not token:
        return 0
    with transaction.atomic():
        return _delete_rows(Q(user__isnull=True, session_key=token))
