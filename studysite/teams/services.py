"""Writes for teams: create, join, leave, assign. Keyword-only, plain values in."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser, Permission
from django.db import IntegrityError, transaction

from .models import Assignment, AssignmentKind, Membership, Team, new_join_code


class TeamError(ValueError):
    """A request a team cannot honour; the message is shown to the user."""


def is_trainer(user: AbstractBaseUser) -> bool:
    return bool(user.is_authenticated and user.has_perm("teams.trainer"))


def trainer_grant(*, user: AbstractBaseUser) -> None:
    """Give ``user`` the trainer role (the ``teams.trainer`` permission)."""
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="teams", codename="trainer")
    )


def _has_control_characters(text: str) -> bool:
    # NUL cannot be stored by PostgreSQL; other control characters make no sense in a name.
    return any(ord(ch) < 32 or ord(ch) == 127 for ch in text)


def team_create(*, trainer: AbstractBaseUser, name: str) -> Team:
    name = name.strip()
    if not name:
        raise TeamError("Give the team a name.")
    if _has_control_characters(name):
        raise TeamError("A team name cannot contain control characters; type it again.")
    if len(name) > Team._meta.get_field("name").max_length:
        raise TeamError("A team name has at most 80 characters.")
    for _ in range(5):  # a clash of random codes is very unlikely; try again if it happens
        try:
            with transaction.atomic():
                return Team.objects.create(name=name, trainer=trainer, join_code=new_join_code())
        except IntegrityError:
            continue
    raise TeamError("Could not make a join code; please try again.")


def normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


def team_join(*, user: AbstractBaseUser, code: str) -> Team:
    """Add ``user`` to the team with this join code (joining twice is one membership)."""
    code = normalise_code(code)
    if not code.isascii() or not code.isalnum() or len(code) > 20:
        raise TeamError("A join code has only letters and digits. Check it with your trainer.")
    team = Team.objects.filter(join_code=code).first()
    if team is None:
        raise TeamError("No team has that join code. Check it with your trainer.")
    if team.trainer_id == user.pk:
        return team  # the trainer is in their own team already
    # ON CONFLICT DO NOTHING: a double click stores one membership.
    Membership.objects.bulk_create([Membership(team=team, user=user)], ignore_conflicts=True)
    return team


def team_leave(*, user: AbstractBaseUser, team: Team) -> None:
    Membership.objects.filter(team=team, user=user).delete()


def assignment_create(
    *, team: Team, kind: str, chapter: str, due: date, chapters: set[str]
) -> Assignment:
    """Assign work; ``chapters`` are the slugs that exist (chapters are files)."""
    if kind not in AssignmentKind.values:
        raise TeamError("Choose what to assign.")
    if kind == AssignmentKind.EXAM:
        chapter = ""
    elif chapter not in chapters:
        raise TeamError("Choose a chapter.")
    return Assignment.objects.create(team=team, kind=kind, chapter=chapter, due=due)


def assignment_delete(*, team: Team, assignment_id: int) -> None:
    Assignment.objects.filter(team=team, pk=assignment_id).delete()
