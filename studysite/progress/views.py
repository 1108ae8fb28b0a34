"""Pages of the progress app: the review queue (see :mod:`.review`), the history with
every attempt, a past chapter-quiz, review or live-session attempt (see
:mod:`.attempt_review`), the exports, and reading progress (see :mod:`.reading`)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from studysite.quiz.ownership import owner_filter
from studysite.quiz.scoring import PASS_LINE

from . import attempt_review, charts
from .attempts import build_attempts
from .export import csv_lines, json_chunks
from .history import build_history
from .reading import chapter_read
from .review import review

__all__ = [
    "chapter_attempt",
    "chapter_read",
    "export_csv",
    "export_json",
    "history",
    "live_attempt",
    "review",
    "review_attempt",
]


@require_GET
def history(request: HttpRequest) -> HttpResponse:
    today = timezone.now().date()
    visitor = owner_filter(request)
    data = build_history(visitor, today, request.GET.get("page", 1))
    attempts = build_attempts(visitor, request.GET.get("attempts", 1))
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
        "attempts": attempts,
        "scores": charts.score_chart([a.percent or 0 for a in attempts.exams], PASS_LINE),
    }
    response = render(request, "progress/history.html", context)
    response["Cache-Control"] = "no-store"  # this visitor's own data
    return response


def _attempt_page(request: HttpRequest, attempt: attempt_review.AttemptReview | None):
    if attempt is None:  # malformed, out of range, someone else's or nothing answered then
        raise Http404("No such attempt of yours.")
    response = render(request, "progress/attempt.html", {"attempt": attempt})
    response["Cache-Control"] = "no-store"  # this visitor's own data
    return response


@require_GET
def chapter_attempt(request: HttpRequest, slug: str, day: str) -> HttpResponse:
    return _attempt_page(request, attempt_review.chapter_attempt(owner_filter(request), slug, day))


@require_GET
def review_attempt(request: HttpRequest, day: str) -> HttpResponse:
    return _attempt_page(request, attempt_review.review_attempt(owner_filter(request), day))


@require_GET
def live_attempt(request: HttpRequest, session: str) -> HttpResponse:
    # Live answers are recorded for accounts only (teams' answer_submit leaves a guest's
    # out of every history), so a browser without an account has no live attempt: its
    # anonymous token is not even looked at.
    visitor = owner_filter(request) if request.user.is_authenticated else None
    return _attempt_page(request, attempt_review.live_attempt(visitor, session))


def _download(request: HttpRequest, content, content_type: str, name: str):
    response = StreamingHttpResponse(content, content_type=content_type)
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="saa-c03-answers-{stamp}.{name}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    return _download(request, csv_lines(owner_filter(request)), "text/csv; charset=utf-8", "csv")


@require_GET
def export_json(request: HttpRequest) -> StreamingHttpResponse:
    return _download(
        request, json_chunks(owner_filter(request)), "application/json; charset=utf-8", "json"
    )
