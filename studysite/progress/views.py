"""Pages of the progress app: the review queue (see :mod:`.review`) and the history."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from studysite.quiz.ownership import owner_filter

from . import charts
from .history import build_history
from .review import review

__all__ = ["history", "review"]


@require_GET
def history(request: HttpRequest) -> HttpResponse:
    today = timezone.now().date()
    data = build_history(owner_filter(request), today, request.GET.get("page", 1))
    sure, unsure = data.tally("sure"), data.tally("unsure")
    context = {
        "h": data,
        "daily": charts.daily_chart(data.days),
        "days_total": sum(d.total for d in data.days),
        "domains": charts.accuracy_chart(data.domains),
        "chapters": charts.accuracy_chart(data.chapters),
        "calibration": charts.accuracy_chart(data.calibration),
        "sure": sure,
        "unsure": unsure,
        "percent": charts.percent(data.correct, data.total),
    }
    response = render(request, "progress/history.html", context)
    response["Cache-Control"] = "no-store"  # this visitor's own data
    return response
