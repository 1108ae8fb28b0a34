"""Flags, custom practice sets and mock exams.

Each owned model has the same two owner fields as :class:`~studysite.quiz.models.Answer`
(``user`` for signed-in learners, ``session_key`` holding an anonymous visitor's token) and
is listed in ``ownership.OWNED_MODELS`` by ``QuizConfig.ready`` so sign-in adopts it.

Mock exams keep everything on the server: the deadline is stored when the exam starts, so
the remaining time survives reloads, lost connections and restarts, and no client clock is
trusted. Each item keeps the question *version* drawn, so an exam is graded against the
wording that was shown even if the bank changes meanwhile. Every answer given is also
logged (:class:`ExamAnswerEvent`), so the report can say whether changed answers helped.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .models import Question, QuestionVersion

__all__ = ["Exam", "ExamAnswerEvent", "ExamItem", "FinishReason", "Flag", "Practice"]


def _owner():
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )


class Flag(models.Model):
    """A question marked "for later": at most one row per owner and question, held by the
    database (two simultaneous "flag" posts store one row; :mod:`.flags` inserts with
    ON CONFLICT DO NOTHING). Sign-in drops a visitor's anonymous flag when the account
    already has that question flagged, before adopting the rest (``OWNER_UNIQUE``)."""

    # The field that, with the owner, identifies a row (see ownership.adopt_anonymous_rows).
    OWNER_UNIQUE = "question"

    user = _owner()
    session_key = models.CharField(max_length=40, blank=True, default="")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="flags")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created",)
        constraints = (
            models.UniqueConstraint(
                fields=["user", "question"],
                condition=Q(user__isnull=False),
                name="quiz_flag_one_per_user",
            ),
            models.UniqueConstraint(
                fields=["session_key", "question"],
                condition=Q(user__isnull=True),
                name="quiz_flag_one_per_session",
            ),
        )

    def __str__(self) -> str:
        return f"flag {self.question_id}"


class Practice(models.Model):
    """A custom practice set: the questions drawn and how far the learner got."""

    user = _owner()
    session_key = models.CharField(max_length=40, blank=True, default="")
    question_ids = models.JSONField(help_text="Question ids in the order they are asked.")
    criteria = models.JSONField(default=dict, help_text="What was asked for, for the summary.")
    position = models.PositiveIntegerField(default=0, help_text="Questions answered so far.")
    correct = models.PositiveIntegerField(default=0)
    answer_ids = models.JSONField(default=list, help_text="quiz.Answer ids given in this set.")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created",)
        indexes = (
            models.Index(fields=["user", "created"], name="quiz_practice_user"),
            models.Index(fields=["session_key", "created"], name="quiz_practice_session"),
        )

    def __str__(self) -> str:
        return f"practice {self.pk}: {self.position}/{len(self.question_ids)}"

    @property
    def done(self) -> bool:
        return self.position >= len(self.question_ids)


class FinishReason(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    TIME = "time", "Time ran out"


class Exam(models.Model):
    user = _owner()
    session_key = models.CharField(max_length=40, blank=True, default="")
    started = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField()
    finished = models.DateTimeField(null=True, blank=True)
    finish_reason = models.CharField(max_length=10, choices=FinishReason.choices, blank=True)
    question_count = models.PositiveSmallIntegerField()
    correct_count = models.PositiveSmallIntegerField(null=True, blank=True)
    # Bumped by every change: the first statement of each write, so that it takes the row
    # lock (PostgreSQL) or the database write lock (SQLite) before anything is read.
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("-started",)
        indexes = (
            models.Index(fields=["user", "started"], name="quiz_exam_user"),
            models.Index(fields=["session_key", "started"], name="quiz_exam_session"),
        )
        constraints = (
            # One exam in progress per owner, enforced by the database itself.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(finished__isnull=True, user__isnull=False),
                name="quiz_exam_one_open_per_user",
            ),
            models.UniqueConstraint(
                fields=["session_key"],
                condition=Q(finished__isnull=True, user__isnull=True),
                name="quiz_exam_one_open_per_session",
            ),
        )

    def __str__(self) -> str:
        return f"exam {self.pk} ({'finished' if self.finished else 'in progress'})"

    @property
    def in_progress(self) -> bool:
        return self.finished is None

    @property
    def percent(self) -> int | None:
        if self.correct_count is None or not self.question_count:
            return None
        return (200 * self.correct_count + self.question_count) // (2 * self.question_count)


class ExamItem(models.Model):
    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(help_text="1-based, as shown.")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    question_version = models.ForeignKey(
        QuestionVersion, on_delete=models.PROTECT, related_name="+"
    )
    domain = models.PositiveSmallIntegerField()
    chosen = models.JSONField(null=True, blank=True, help_text="Null while unanswered.")
    flagged = models.BooleanField(default=False)
    answered = models.DateTimeField(null=True, blank=True, help_text="Last saved answer.")
    correct = models.BooleanField(null=True, blank=True, help_text="Set when the exam ends.")

    class Meta:
        ordering = ("exam_id", "position")
        constraints = (
            models.UniqueConstraint(fields=["exam", "position"], name="quiz_examitem_position"),
            models.UniqueConstraint(fields=["exam", "question"], name="quiz_examitem_question"),
        )

    def __str__(self) -> str:
        return f"exam {self.exam_id} #{self.position}: {self.question_id}"


class ExamAnswerEvent(models.Model):
    """Every answer saved for an item, in order (the first one and each change)."""

    item = models.ForeignKey(ExamItem, on_delete=models.CASCADE, related_name="events")
    chosen = models.JSONField()
    flagged = models.BooleanField(help_text="Whether the item was flagged when saved.")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("item_id", "created", "id")

    def __str__(self) -> str:
        return f"{self.item_id}: {self.chosen}"
