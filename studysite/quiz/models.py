"""Questions, their versions and every answer given.

A question's content lives in the files under notes/questions/; the database keeps a
snapshot of each version learners actually saw, so an answer always points at the exact
wording it was given for. ``sync_questions`` adds a version when a question's content
changes and retires (never deletes) a question whose file entry is gone. Versions are
protected while answers point at them: history is never lost.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Question(models.Model):
    id = models.SlugField(primary_key=True, max_length=80)
    # Copied from the current version so that a chapter's questions are one indexed query.
    chapter = models.SlugField(max_length=100)
    section = models.CharField(max_length=100)
    domain = models.PositiveSmallIntegerField()
    position = models.PositiveIntegerField(default=0, help_text="Order in the question files.")
    active = models.BooleanField(default=True)
    current = models.ForeignKey(
        "QuestionVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("position", "id")
        indexes = (models.Index(fields=["chapter", "active"], name="quiz_question_chapter"),)

    def __str__(self) -> str:
        return self.id if self.active else f"{self.id} (retired)"


class QuestionVersion(models.Model):
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    content_hash = models.CharField(max_length=64)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("question_id", "number")
        constraints = (
            models.UniqueConstraint(fields=["question", "number"], name="quiz_version_number"),
            models.UniqueConstraint(
                fields=["question", "content_hash"], name="quiz_version_content"
            ),
        )

    def __str__(self) -> str:
        return f"{self.question_id} v{self.number}"


class Confidence(models.TextChoices):
    SURE = "sure", "Sure"
    UNSURE = "unsure", "Unsure"


class Answer(models.Model):
    # Signed-in learners by user; anonymous visitors by their session key.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )
    session_key = models.CharField(max_length=40, blank=True, default="")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    question_version = models.ForeignKey(
        QuestionVersion, on_delete=models.PROTECT, related_name="answers"
    )
    chosen = models.JSONField(help_text="The option indexes chosen, ascending.")
    order = models.JSONField(
        null=True,
        blank=True,
        help_text="The order the options were shown in (display position -> file index); "
        "null for file order.",
    )
    correct = models.BooleanField()
    # NULL means "not asked / not given", which is not the same as any answer to it.
    confidence = models.CharField(  # noqa: DJ001
        max_length=6, choices=Confidence.choices, null=True, blank=True
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created",)
        indexes = (
            models.Index(fields=["user", "question", "created"], name="quiz_answer_user"),
            models.Index(fields=["session_key", "question", "created"], name="quiz_answer_session"),
        )

    def __str__(self) -> str:
        return f"{self.question_id}: {'right' if self.correct else 'wrong'}"


class ChapterRound(models.Model):
    """One pass through a chapter's quiz: its questions in the order asked, and the answers.

    Created by the first answer of the round (showing a question never writes), finished
    when every question has an answer; the end card is drawn from it. Owned like answers
    and listed in ``ownership.OWNED_MODELS``, so sign-in adopts it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    session_key = models.CharField(max_length=40, blank=True, default="")
    chapter = models.SlugField(max_length=100)
    question_ids = models.JSONField(help_text="Question ids in the order they are asked.")
    answered_ids = models.JSONField(default=list, help_text="Question ids answered, in order.")
    answer_ids = models.JSONField(default=list, help_text="Their quiz.Answer ids, in order.")
    correct = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created", "-pk")
        indexes = (
            models.Index(fields=["user", "chapter", "created"], name="quiz_round_user"),
            models.Index(fields=["session_key", "chapter", "created"], name="quiz_round_session"),
        )

    def __str__(self) -> str:
        return f"{self.chapter} round {self.pk}: {len(self.answered_ids)}/{len(self.question_ids)}"

    def remaining(self, active: set[str] | frozenset[str]) -> list[str]:
        """The round's questions still to ask, among ``active`` (retired ones drop out)."""
        answered = set(self.answered_ids)
        return [q for q in self.question_ids if q not in answered and q in active]


from .models_exam import *  # noqa: E402, F403
