"""Spaced-review cards: one per owner and question that needs reviewing.

A card is derived data: it is built from quiz answers by :mod:`.signals` and could be
rebuilt from them. It carries the same owner fields as ``quiz.Answer`` (``user`` for
signed-in learners, ``session_key`` for an anonymous visitor's token) and is listed in
``quiz.ownership.OWNED_MODELS``, so signing in adopts it with the answers.

There is deliberately no unique constraint on (owner, question): sign-in moves a
visitor's anonymous cards to an account that may already hold a card for the same
question, in one UPDATE that must not fail. :func:`.signals.merge_duplicates` folds such
pairs together right after adoption, and the answer receiver tolerates them meanwhile.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ReviewCard(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="review_cards",
    )
    session_key = models.CharField(max_length=40, blank=True, default="")
    question = models.ForeignKey(
        "quiz.Question", on_delete=models.CASCADE, related_name="review_cards"
    )
    fsrs = models.JSONField(help_text="The FSRS card state (fsrs.Card.to_dict()).")
    due = models.DateTimeField(help_text="When the question is next due for review.")
    urgent = models.BooleanField(
        default=False, help_text="A confident miss: due at once and shown first."
    )
    reviews = models.PositiveIntegerField(default=0, help_text="Answers applied to the card.")
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now, help_text="Time of the last answer.")

    class Meta:
        ordering = ("-urgent", "due", "pk")
        indexes = (
            # "Due now" for one owner: WHERE user = ? AND due <= now, and the card of one
            # question (the owner's cards are few: at most the bank's size).
            models.Index(fields=["user", "due"], name="progress_card_user_due"),
            models.Index(fields=["session_key", "due"], name="progress_card_session_due"),
        )

    def __str__(self) -> str:
        return f"{self.question_id} due {self.due:%Y-%m-%d %H:%M}"


class ChapterRead(models.Model):
    """A chapter its reader marked as read. Owned like answers (``user`` or an anonymous
    visitor's token in ``session_key``) and listed in ``OWNED_MODELS``, so sign-in adopts it.

    At most one row per owner and chapter, held by the database: two simultaneous "mark
    as read" posts store one row (:func:`.reading.set_read` inserts with ON CONFLICT DO
    NOTHING). Sign-in drops a visitor's anonymous row for a chapter the account has
    already read before adopting the rest (``OWNER_UNIQUE``), so its UPDATE cannot fail.
    """

    # The field that, with the owner, identifies a row (see ownership.adopt_anonymous_rows).
    OWNER_UNIQUE = "chapter"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="chapters_read",
    )
    session_key = models.CharField(max_length=40, blank=True, default="")
    # A slug, not a foreign key: chapters are files, not rows.
    chapter = models.SlugField(max_length=100)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created",)
        constraints = (
            models.UniqueConstraint(
                fields=["user", "chapter"],
                condition=Q(user__isnull=False),
                name="progress_read_one_per_user",
            ),
            models.UniqueConstraint(
                fields=["session_key", "chapter"],
                condition=Q(user__isnull=True),
                name="progress_read_one_per_session",
            ),
        )

    def __str__(self) -> str:
        return f"read {self.chapter}"


class Mode(models.TextChoices):
    CHAPTER = "chapter", "Chapter quiz"
    PRACTICE = "practice", "Practice"
    EXAM = "exam", "Mock exam"
    REVIEW = "review", "Review"
    LIVE = "live", "Live session"


class AnswerSource(models.Model):
    """Where an answer was given, when it was not a chapter quiz (no row means chapter quiz).

    ``quiz.Answer`` has no such field and the quiz never imports this app, so the receivers
    in :mod:`.sources` work it out as answers are saved. The row belongs to its answer (it
    is deleted with it and follows it when sign-in adopts it), so it has no owner fields.
    """

    answer = models.OneToOneField(
        "quiz.Answer", primary_key=True, on_delete=models.CASCADE, related_name="source"
    )
    mode = models.CharField(max_length=10, choices=Mode.choices)
    # The practice set's, exam's or live session's id (no foreign key: those rows are their
    # apps' business).
    ref = models.BigIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.answer_id}: {self.mode} {self.ref or ''}".rstrip()
