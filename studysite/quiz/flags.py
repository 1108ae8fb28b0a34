"""Flag a question for later: a toggle on every feedback card, a filter in custom practice.

Without JavaScript the toggle is a small form that posts and comes back to the page it was
on (only local paths are followed, see :mod:`studysite.redirects`); with htmx only the
toggle itself is swapped.

Setting a flag is one INSERT ... ON CONFLICT DO NOTHING against the unique constraint on
(owner, question), and clearing it one DELETE: neither reads first, so simultaneous posts
neither fail (SQLite) nor store a second row (PostgreSQL), and a resent post is harmless.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from studysite.redirects import redirect_local, safe_local_path

from .cards import question_by_ref, question_ref
from .models_exam import Flag
from .ownership import owner_fields, owner_filter

DEFAULT_NEXT = "/quiz/practice/"


def is_flagged(request: HttpRequest, question_id: str) -> bool:
    visitor = owner_filter(request)
    if visitor is None:
        return False
    return Flag.objects.filter(visitor, question_id=question_id).exists()


def flagged_ids(request: HttpRequest) -> set[str]:
    visitor = owner_filter(request)
    if visitor is None:
        return set()
    return set(Flag.objects.filter(visitor).values_list("question_id", flat=True))


def flag_set(*, owner: dict[str, object], question_id: str) -> None:
    """Flag a question for this owner (``ownership.owner_fields``); once, however often."""
    Flag.objects.bulk_create([Flag(**owner, question_id=question_id)], ignore_conflicts=True)


def _safe_next(request: HttpRequest) -> str:
    return safe_local_path(request, request.POST.get("next", ""), DEFAULT_NEXT)


@require_POST
def toggle_flag(request: HttpRequest) -> HttpResponse:
    question = question_by_ref(request.POST.get("question", ""))
    wanted = request.POST.get("flag", "")
    next_url = _safe_next(request)
    context = {"next": next_url}
    if question is None or wanted not in {"on", "off"}:
        context["message"] = (
            "That flag could not be changed: the question is unknown."
            if question is None
            else "That flag could not be changed: the button could not be read."
        )
        context["question"] = ""
        status = 200 if request.htmx else 400
        response = render(request, "quiz/_flag.html", context, status=status)
        response["Cache-Control"] = "no-store"
        return response
    if wanted == "on":
        flag_set(owner=owner_fields(request), question_id=question.pk)
    else:
        visitor = owner_filter(request)
        if visitor is not None:
            Flag.objects.filter(visitor, question=question).delete()
    if not request.htmx:
        return redirect_local(request, next_url, DEFAULT_NEXT)
    context.update(question=question_ref(question.id), flagged=wanted == "on", changed=True)
    response = render(request, "quiz/_flag.html", context)
    response["Cache-Control"] = "no-store"
    return response
