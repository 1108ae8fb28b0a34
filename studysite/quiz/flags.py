"""Flag a question for later: a toggle on every feedback card, a filter in custom practice.

Without JavaScript the toggle is a small form that posts and comes back to the page it was
on (only same-site addresses are followed); with htmx only the toggle itself is swapped.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .cards import question_by_ref
from .models_exam import Flag
from .ownership import owner_fields, owner_filter


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


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if (
        isinstance(target, str)
        and len(target) <= 500
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return "/quiz/practice/"


@require_POST
def toggle_flag(request: HttpRequest) -> HttpResponse:
    question = question_by_ref(request.POST.get("question", ""))
    wanted = request.POST.get("flag", "")
    next_url = _safe_next(request)
    context = {"next": next_url}
    if question is None or wanted not in {"on", "off"}:
        context["message"] = "That flag could not be changed: the question is unknown."
        context["question"] = ""
        status = 200 if request.htmx else 400
        response = render(request, "quiz/_flag.html", context, status=status)
        response["Cache-Control"] = "no-store"
        return response
    with transaction.atomic():
        if wanted == "on":
            visitor = owner_filter(request)
            if visitor is None or not Flag.objects.filter(visitor, question=question).exists():
                Flag.objects.create(**owner_fields(request), question=question)
        else:
            visitor = owner_filter(request)
            if visitor is not None:
                Flag.objects.filter(visitor, question=question).delete()
    if not request.htmx:
        return redirect(next_url)
    context.update(question=question.id, flagged=wanted == "on", changed=True)
    response = render(request, "quiz/_flag.html", context)
    response["Cache-Control"] = "no-store"
    return response
