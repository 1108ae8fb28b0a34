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
- ``{% live_session_questions attempt as live %}``: on that page, every question the
  session asked in its order, the ones the user did not answer included (``live.items``,
  ``live.missed``; None when the session is gone or was not theirs), and their answer to
  a question still being asked marked ``pending``, with no verdict (one more query then).
- ``{% live_session_titles attempts as rows %}``: the history's attempts, each paired with
  its live session's title ('' for other kinds), in one query for the page.

The three share one read of the sessions per request, always limited to sessions the
signed-in user joined, so a page never shows anything of someone else's session.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from studysite.chapters.loader import get_library
from studysite.teams.live.selectors import SessionQuestions, open_answer, session_questions
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


def _joined_sessions(context, ids: Iterable[object]) -> dict[int, LiveSession | None]:
    """The live sessions among ``ids`` that the signed-in user joined (None for the
    others): one query for the ids not read yet on this request, none for anonymous
    visitors. Ids are progress's (a URL parsed, a stored label): anything but an int is
    ignored."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    wanted = {i for i in ids if isinstance(i, int) and not isinstance(i, bool)}
    cache = getattr(request, "_live_sessions", None)
    if cache is None:
        cache = request._live_sessions = {}
    unread = wanted - cache.keys()
    if unread:
        found = LiveSession.objects.filter(pk__in=unread, participants__user=user).in_bulk()
        cache.update({i: found.get(i) for i in unread})
    return {i: cache[i] for i in wanted}


@register.simple_tag(takes_context=True)
def live_session_title(context, session_id: object) -> str:
    """The title of live session ``session_id`` if the signed-in user took part in it,
    else '' (one query, remembered on the request: the page's title and heading both ask)."""
    session = _joined_sessions(context, [session_id]).get(session_id)
    return session.title if session is not None else ""


@register.simple_tag(takes_context=True)
def live_session_questions(context, attempt: object) -> SessionQuestions | None:
    """Every question asked in the live session of ``attempt`` (progress's
    ``AttemptReview``), with the user's answers in their places; None when that session is
    gone or the user did not join it (the page then lists their answers alone)."""
    ref = getattr(attempt, "ref", None)
    session = _joined_sessions(context, [ref]).get(ref)
    if session is None:
        return None
    # While a question is still asked, the user's answer to it is in no history yet
    # (teams records it at the reveal): the page shows it recorded, without its verdict.
    pending = open_answer(session=session, user_id=context["request"].user.pk)
    return session_questions(
        session=session, answers=getattr(attempt, "answers", []), pending=pending
    )


@register.simple_tag(takes_context=True)
def live_session_titles(context, attempts: Iterable[object]) -> list[tuple[object, str]]:
    """Each of ``attempts`` (progress's history rows) with its live session's title: '' for
    other kinds of attempt and for a session deleted since. One query for all of them, none
    when no row is a live session's."""
    rows = list(attempts)
    sessions = _joined_sessions(context, (getattr(a, "ref", None) for a in rows))
    titles = []
    for attempt in rows:
        session = sessions.get(getattr(attempt, "ref", None))
        titles.append((attempt, session.title if session is not None else ""))
    return titles
