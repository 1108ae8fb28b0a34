"""Writes for teams: create, join, leave, assign. Keyword-only, plain values in."""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterable, Mapping
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, Permission
from django.db import IntegrityError, transaction
from django.db.models import Q

from studysite.chapters.domains import DOMAINS
from studysite.quiz.models import Question

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


SET_MAX = 65  # a full mock exam's length


def draw_question_set(
    *,
    domains: Iterable[int],
    chapters: Iterable[str],
    count: int,
    titles: Mapping[str, str] | None = None,
) -> tuple[list[str], str]:
    """Draw ``count`` active questions from these domains or chapters (all when none is
    chosen): the ids in asking order, and a title saying what was asked for."""
    domains, chapters = sorted(set(domains)), sorted(set(chapters))
    if any(d not in DOMAINS for d in domains):
        raise TeamError("Choose domains from the list (1 to 4).")
    if not 1 <= count <= SET_MAX:
        raise TeamError(f"A question set has 1 to {SET_MAX} questions.")
    questions = Question.objects.filter(active=True, current__isnull=False)
    if domains or chapters:
        questions = questions.filter(Q(domain__in=domains) | Q(chapter__in=chapters))
    ids = sorted(questions.values_list("id", flat=True))
    if not ids:
        raise TeamError("No questions match that choice: choose other domains or chapters.")
    rng = random.Random(secrets.randbits(64))  # noqa: S311 - shuffling, not secrets
    picked = rng.sample(ids, min(count, len(ids)))
    scope = [f"Domain {d}" for d in domains] + [(titles or {}).get(c, c) for c in chapters]
    label = f"{len(picked)} question{'s' if len(picked) != 1 else ''}"
    label += f" from {', '.join(scope)}" if scope else " from the whole bank"
    return picked, label[:200]


def assignment_create(
    *,
    team: Team,
    kind: str,
    chapter: str,
    due: date,
    chapters: Mapping[str, str] | set[str],
    set_domains: Iterable[int] = (),
    set_chapters: Iterable[str] = (),
    set_count: int = 10,
) -> Assignment:
    """Assign work; ``chapters`` are the slugs that exist (chapters are files), or a
    mapping of them to their titles (for a question set's title). A question
    set is drawn here, once, from ``set_domains``/``set_chapters``: every member gets the
    same questions, so their results compare."""
    if kind not in AssignmentKind.values:
        raise TeamError("Choose what to assign.")
    question_ids: list[int] = []
    label = ""
    if kind == AssignmentKind.EXAM:
        chapter = ""
    elif kind == AssignmentKind.CUSTOM_SET:
        set_chapters = list(set_chapters)
        if any(c not in chapters for c in set_chapters):
            raise TeamError("Choose the question set's chapters from the list.")
        chapter = ""
        question_ids, label = draw_question_set(
            domains=set_domains,
            chapters=set_chapters,
            count=set_count,
            titles=chapters if isinstance(chapters, Mapping) else None,
        )
    elif chapter not in chapters:
        raise TeamError("Choose a chapter.")
    return Assignment.objects.create(
        team=team, kind=kind, chapter=chapter, due=due, question_ids=question_ids, set_label=label
    )


def assignment_delete(*, team: Team, assignment_id: int) -> None:
    Assignment.objects.filter(team=team, pk=assignment_id).delete()
