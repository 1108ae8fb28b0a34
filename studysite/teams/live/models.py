"""Live quiz sessions: a trainer runs a question set on a projector, phones answer.

The state of a session lives in these rows, never in a process: any server process can
serve any participant, and a reload lands in the current state. ``version`` goes up by
one on every change of what the screens show (phase, question), and each change is
announced on the live bus (:mod:`.bus`) when its transaction commits.

Imported at the bottom of ``teams/models.py``, so the teams app owns these models and
their migrations.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from studysite.teams.models import CODE_ALPHABET

LIVE_CODE_LENGTH = 6  # read aloud and typed on a phone: 31^6 is about 887 million codes
NAME_MAX = 40


def new_live_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(LIVE_CODE_LENGTH))


def new_participant_token() -> str:
    return secrets.token_urlsafe(24)


class Phase(models.TextChoices):
    LOBBY = "lobby", "Waiting to start"
    QUESTION = "question", "Question"
    REVEAL = "reveal", "Answer shown"
    LEADERBOARD = "leaderboard", "Leaderboard"
    ENDED = "ended", "Ended"


class LiveSession(models.Model):
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="live_sessions"
    )
    title = models.CharField(max_length=120)
    code = models.CharField(max_length=LIVE_CODE_LENGTH, unique=True, default=new_live_code)
    # Frozen when the session is made: everyone sees the same questions in the same
    # wording, whatever the bank does meanwhile.
    question_ids = models.JSONField(help_text="quiz.Question ids, in the order asked.")
    version_ids = models.JSONField(help_text="Their quiz.QuestionVersion ids, same order.")
    allow_guests = models.BooleanField(default=False)
    show_leaderboard = models.BooleanField(default=True)
    seconds_per_question = models.PositiveSmallIntegerField(default=30)
    phase = models.CharField(max_length=12, choices=Phase.choices, default=Phase.LOBBY)
    index = models.IntegerField(default=-1, help_text="The current question; -1 before it.")
    question_started_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    version = models.PositiveBigIntegerField(default=1)
    created = models.DateTimeField(default=timezone.now)
    ended = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created", "-pk")

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"

    @property
    def total(self) -> int:
        return len(self.question_ids)


class Participant(models.Model):
    """Someone answering in one session: a signed-in user, or a guest known by a display
    name and a secret token kept in a signed cookie on their phone."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="live_participations",
    )
    name = models.CharField(max_length=NAME_MAX)
    token = models.CharField(max_length=64, unique=True, default=new_participant_token)
    joined = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("joined", "pk")
        constraints = (
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=models.Q(user__isnull=False),
                name="teams_live_one_user",
            ),
            # Guests are told apart on the leaderboard by name alone.
            models.UniqueConstraint(
                Lower("name"),
                "session",
                condition=models.Q(user__isnull=True),
                name="teams_live_guest_name",
            ),
        )

    def __str__(self) -> str:
        return f"{self.name} in {self.session_id}"


class LiveAnswer(models.Model):
    """One participant's answer to one question of a session. The unique constraint is
    what makes a double tap, a resend after a reconnect or two racing requests one row."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="answers")
    index = models.PositiveSmallIntegerField()
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="answers")
    chosen = models.JSONField(help_text="File indexes of the options chosen, ascending.")
    correct = models.BooleanField()
    elapsed_ms = models.PositiveIntegerField(help_text="From the question's start.")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("session_id", "index", "created", "pk")
        constraints = (
            models.UniqueConstraint(
                fields=["session", "index", "participant"], name="teams_live_one_answer"
            ),
        )

    def __str__(self) -> str:
        return f"{self.participant_id} q{self.index}: {'right' if self.correct else 'wrong'}"
