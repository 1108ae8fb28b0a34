"""Team pieces for other templates: ``{% load teams %}``.

- ``{% team_assignments %}``: home's list of the signed-in member's assignments with
  their due dates and whether each is done. Anonymous visitors cost no query; a member
  at most four (teams/selectors.py ``assignments_for``). Home composes it in its
  template, so neither chapters nor the quiz import teams.
- ``{% in_a_team as show %}``: whether to show the header's "Teams" link (trainers and
  members only).
"""

from __future__ import annotations

from django import template
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from studysite.chapters.loader import get_library
from studysite.teams.models import Membership, Team
from studysite.teams.selectors import assignments_for

register = template.Library()


@register.inclusion_tag("teams/_home_assignments.html", takes_context=True)
def team_assignments(context) -> dict[str, object]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"assignments": []}
    items = assignments_for(user=user, library=get_library(), today=timezone.localdate())
    return {"assignments": sorted(items, key=lambda a: (a.done, a.due))}


@register.simple_tag(takes_context=True)
def in_a_team(context) -> bool:
    """Whether the signed-in user trains or belongs to a team (one query, remembered on
    the request; none for anonymous visitors)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    cached = getattr(request, "_in_a_team", None)
    if cached is None:
        cached = user.is_superuser or _team_user(user.pk)
        request._in_a_team = cached
    return cached


def _team_user(user_id: int) -> bool:
    """Trains a team, belongs to one, or holds the trainer permission: one query."""
    User = get_user_model()
    trainer = Q(codename="trainer", content_type__app_label="teams")
    return (
        User.objects.filter(pk=user_id)
        .filter(
            Exists(Team.objects.filter(trainer=OuterRef("pk")))
            | Exists(Membership.objects.filter(user=OuterRef("pk")))
            | Exists(Permission.objects.filter(trainer, user=OuterRef("pk")))
            | Exists(Permission.objects.filter(trainer, group__user=OuterRef("pk")))
        )
        .exists()
    )
