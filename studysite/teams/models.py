"""Teams a trainer runs: who belongs, how to join, and the work assigned.

The trainer role is the ``teams.trainer`` permission (granted in Django admin on the
user, or by ``manage.py grant_trainer USERNAME``); superusers have it implicitly. A team
belongs to the trainer who created it; members join with its code and can leave.
Nothing here is owned anonymously: joining needs an account.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

# No 0/O or 1/I/L: the code is read aloud and typed on phones.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Team(models.Model):
    name = models.CharField(max_length=80)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="teams_trained"
    )
    join_code = models.CharField(max_length=CODE_LENGTH, unique=True, default=new_join_code)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("name", "pk")
        permissions = (("trainer", "Can create and run teams"),)

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    joined = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("team_id", "joined", "pk")
        constraints = (
            models.UniqueConstraint(fields=["team", "user"], name="teams_one_membership"),
        )

    def __str__(self) -> str:
        return f"{self.user_id} in {self.team_id}"


class AssignmentKind(models.TextChoices):
    CHAPTER = "chapter", "Read a chapter"
    CHAPTER_QUIZ = "chapter-quiz", "Chapter quiz"
    CUSTOM_SET = "custom-set", "Question set"
    EXAM = "exam", "Mock exam"


class Assignment(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="assignments")
    kind = models.CharField(max_length=12, choices=AssignmentKind.choices)
    # A chapter slug (chapters are files, not rows); blank for a mock exam.
    chapter = models.SlugField(max_length=100, blank=True, default="")
    # A question set: the questions drawn once when it was assigned, the same for every
    # member, and what the trainer asked for (for its title).
    question_ids = models.JSONField(default=list, blank=True)
    set_label = models.CharField(max_length=200, blank=True, default="")
    due = models.DateField()
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("due", "pk")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.chapter}".rstrip()


# Live quiz sessions (studysite/teams/live/): their models belong to this app.
from .live.models import LiveAnswer, LiveSession, Participant, Phase  # noqa: E402, F401
