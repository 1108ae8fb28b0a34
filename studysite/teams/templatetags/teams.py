"""Team pieces for other templates: ``{% load teams %}``.

- ``{% team_assignments %}``: home's list of the signed-in member's assignments with
  their due dates and whether each is done. Anonymous visitors cost no query; a member
  at most four (teams/selectors.py ``assignments_for``). Home composes it in its
  template, so neither chapters nor the quiz import teams.
- ``{% in_a_team as show %}``: whether to show the header's "Teams" link (trainers and
  members only).
- ``{% live_session_title ref as title %}``: the title of a live session the signed-in
  user answered in, for the page of their live attempt (progress stores only the session's
  id with each answer and never imports teams; the template composes the two).
"""

from __future__ import annotations

from django import template
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from studysite.chapters.loader import get_library
from studysite.teams.models import LiveSession, Membership, Team
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


@register.simple_tag(takes_context=True)
def live_session_title(context, session_id: object) -> str:
    """The title of live session ``session_id`` if the signed-in user took part in it,
    else '' (one query, remembered on the request: the page's title and heading both ask)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not isinstance(session_id, int):
        return ""
    cache = getattr(request, "_live_titles", None)
    if cache is None:
        cache = request._live_titles = {}
    if session_id not in cache:
        cache[session_id] = (
            LiveSession.objects.filter(pk=session_id, participants__user=user)
            .values_list("title", flat=True)
            .first()
            or ""
        )
    return cache[session_id]
