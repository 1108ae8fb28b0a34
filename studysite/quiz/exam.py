"""Mock exam pages: start, one question a page, review, submit, score report, past exams.

Plain forms, no JavaScript needed: each question page posts its answer (and flag) and is
redirected to the next page, so answers are saved as they are given and a reload, a lost
connection or a server restart loses nothing. With htmx every click (an option, the flag)
is also saved at once, in place: the page answers with a one-line status and the
question's grid cell. The rules live in :mod:`.exam_service`; these views only parse,
call it and render. Refusals show their message (400, or 404 for an exam that is not
the visitor's) and change nothing.
"""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from . import exam_service as service
from .cards import (
    EndCard,
    chapter_to_study,
    end_row,
    option_order,
    posted_shuffle,
    question_view,
    read_indexes,
    snippet,
)
from .exam_service import ExamError
from .models_exam import Exam, ExamItem
from .ownership import owner_fields, owner_filter
from .scoring import CONFIDENCE, MEETS, NEEDS, NO_ITEMS, PASS_LINE, duration_text

GO_RE = re.compile(r"^(?:next|prev|review|[0-9]{1,3})$")
STATE_WORDS = {"answered": "answered", "incomplete": "incomplete", "unanswered": "unanswered"}


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"  # every page is this visitor's own
    return response


def _refused(request: HttpRequest, error: ExamError) -> HttpResponse:
    exam = error.exam
    context = {"message": error.message, "exam": exam}
    if exam is not None and not exam.in_progress:
        context["report_url"] = reverse("quiz:exam-report", args=[exam.pk])
    return _page(request, "quiz/exam_message.html", context, status=error.status)


def _clock(exam: Exam) -> dict[str, object]:
    left = service.remaining(exam)
    return {"seconds": int(left.total_seconds()), "text": duration_text(left.total_seconds())}


def _cell(item: ExamItem, current: int = 0) -> dict[str, object]:
    state = service.item_state(item)
    label = f"Question {item.position}: {STATE_WORDS[state]}"
    if state == "incomplete":
        label += f" ({len(item.chosen)} of {item.question_version.content['choose']} chosen)"
    return {
        "position": item.position,
        "state": state,
        "answered": state != "unanswered",
        "flagged": item.flagged,
        "current": item.position == current,
        "label": label + (", flagged for review" if item.flagged else ""),
    }


def _grid(exam: Exam, items, current: int = 0) -> list[dict[str, object]]:
    return [_cell(item, current) for item in items]


def _items(exam: Exam) -> list[ExamItem]:
    return list(exam.items.select_related("question_version").order_by("position"))


def _counts(items) -> dict[str, int]:
    """The exam pages' progress line: "12 of 65 answered · 1 incomplete · 3 flagged"."""
    states = [service.item_state(item) for item in items]
    return {
        "answered": states.count("answered"),
        "incomplete": states.count("incomplete"),
        "flagged": sum(1 for item in items if item.flagged),
        "total": len(items),
    }


def _ranges(cells) -> list[tuple[int, int]]:
    """Question numbers as runs, so "5–65" names 61 unanswered questions in one link."""
    runs: list[tuple[int, int]] = []
    for cell in cells:
        n = cell["position"]
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


# --- Start and list -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def exam_index(request: HttpRequest) -> HttpResponse:
    visitor = owner_filter(request)
    message, status = "", 200
    if request.method == "POST":
        timing = request.POST.get("time", "paced")
        if timing not in {"paced", "full"}:
            message, status = "Choose how long the exam should take from the options.", 400
        else:
            try:
                exam = service.start(
                    owner_fields(request), owner_filter(request), full_time=timing == "full"
                )
            except ExamError as error:
                message, status = error.message, error.status
                visitor = owner_filter(request)
            else:
                return redirect("quiz:exam-question", exam.pk, 1)
    current = service.open_exam(visitor)
    past = []
    if visitor is not None:
        past = list(Exam.objects.filter(visitor, finished__isnull=False).order_by("-started")[:50])
    supply = service.supply()
    paced = service.limit_for(supply.total)
    context = {
        "message": message,
        "supply": supply,
        "full_count": service.EXAM_QUESTIONS,
        "minutes": int(service.TIME_LIMIT.total_seconds() // 60),
        "paced_minutes": int(paced.total_seconds() // 60),
        "pace_minutes": int(service.PACE.total_seconds() // 60),
        "current": current,
        "clock": _clock(current) if current else None,
        "answered": current.items.filter(chosen__isnull=False).count() if current else 0,
        "past": past,
    }
    return _page(request, "quiz/exam_index.html", context, status)


# --- Taking the exam ------------------------------------------------------------------


def _load(request: HttpRequest, exam_id: int) -> Exam:
    """The visitor's exam, finished on the spot if its time is up."""
    visitor = owner_filter(request)
    exam = service.owned(visitor, exam_id)
    service.expire_if_due(visitor, exam)
    return exam


@require_http_methods(["GET"])
def exam_resume(request: HttpRequest, exam_id: int) -> HttpResponse:
    try:
        exam = _load(request, exam_id)
    except ExamError as error:
        return _refused(request, error)
    if not exam.in_progress:
        return redirect("quiz:exam-report", exam.pk)
    first = exam.items.filter(chosen__isnull=True).order_by("position").first()
    if first is None:
        return redirect("quiz:exam-review", exam.pk)
    return redirect("quiz:exam-question", exam.pk, first.position)


def _state_note(item: ExamItem, chosen) -> str:
    """What the page says under the options about the saved answer."""
    choose = item.question_version.content["choose"]
    if not chosen or len(chosen) == choose:
        return ""
    return (
        f"Incomplete: {len(chosen)} of {choose} answers chosen. It is saved, and counts as "
        f"wrong until you choose exactly {choose}."
    )


def _question_page(
    request: HttpRequest, exam: Exam, number: int, message: str = "", chosen=None, status=200
) -> HttpResponse:
    items = _items(exam)
    item = items[number - 1]
    picked = item.chosen or () if chosen is None else chosen
    context = {
        "exam": exam,
        "item": item,
        "number": number,
        "total": len(items),
        "q": question_view(
            item.question_id, item.question_version, picked, service.exam_shuffle(exam)
        ),
        "grid": _grid(exam, items, number),
        "clock": _clock(exam),
        "message": message,
        "note": _state_note(item, item.chosen),
        "action": reverse("quiz:exam-question", args=[exam.pk, number]),
        "counts": _counts(items),
    }
    return _page(request, "quiz/exam_question.html", context, status)


def _saved(request: HttpRequest, exam: Exam, item: ExamItem, message: str = "") -> HttpResponse:
    """htmx's answer to a click: the status line and, out of band, the grid cell."""
    context = {
        "exam": exam,
        "item": item,
        "status_message": message,
        "note": _state_note(item, item.chosen),
        "cell": _cell(item, item.position),
        "saved_at": timezone.localtime(service.now()),
        "counts": _counts(_items(exam)),
    }
    return _page(request, "quiz/exam_question.html#saved", context)


@require_http_methods(["GET", "POST"])
def exam_question(request: HttpRequest, exam_id: int, number: int) -> HttpResponse:
    try:
        # A late post is finished by service.save, which says why the answer was refused.
        if request.method == "POST":
            exam = service.owned(owner_filter(request), exam_id)
        else:
            exam = _load(request, exam_id)
    except ExamError as error:
        return _refused(request, error)
    if request.method == "GET":
        if not exam.in_progress:
            return redirect("quiz:exam-report", exam.pk)
        if not 1 <= number <= exam.question_count:
            return _refused(
                request, ExamError(f"This exam has no question {number}.", exam=exam, status=404)
            )
        return _question_page(request, exam, number)
    if request.htmx:
        return _autosave(request, exam, number)
    go = request.POST.get("go", "next")
    if not exam.in_progress:
        return _refused(
            request,
            ExamError("This exam is already finished; that answer was not recorded.", exam=exam),
        )
    if not 1 <= number <= exam.question_count:
        return _refused(request, ExamError(f"This exam has no question {number}.", exam=exam))
    if not GO_RE.match(go) or (go.isdigit() and not 1 <= int(go) <= exam.question_count):
        return _question_page(
            request,
            exam,
            number,
            "That button could not be read; nothing was saved.",
            status=400,
        )
    try:
        saved = service.save(
            owner_filter(request), exam.pk, number, request.POST.get("question", ""), request.POST
        )
    except ExamError as error:
        if error.exam is None or not error.exam.in_progress:
            return _refused(request, error)
        return _question_page(
            request, error.exam, number, error.message, _posted(request, error.exam, number), 400
        )
    if saved.message:
        return _question_page(
            request, saved.exam, number, saved.message, _posted(request, saved.exam, number), 400
        )
    if go == "review":
        return redirect("quiz:exam-review", exam.pk)
    target = {"next": number + 1, "prev": number - 1}.get(go) or int(go)
    if target > exam.question_count:
        return redirect("quiz:exam-review", exam.pk)
    return redirect("quiz:exam-question", exam.pk, max(1, target))


def _posted(request: HttpRequest, exam: Exam, number: int) -> tuple[int, ...]:
    """What the refused post had ticked, to show it again (nothing if unreadable)."""
    item = exam.items.select_related("question_version").get(position=number)
    count = len(item.question_version.content["options"])
    shuffle = posted_shuffle(request.POST, service.exam_shuffle(exam)) or ""
    chosen, unreadable = read_indexes(
        request.POST, count, option_order(shuffle, item.question_id, count)
    )
    return () if unreadable else chosen


def _autosave(request: HttpRequest, exam: Exam, number: int) -> HttpResponse:
    """An htmx save after a click. Always 200 (htmx swaps only 2xx); a finished exam sends
    the browser to its report (HX-Redirect)."""
    if not 1 <= number <= exam.question_count:
        return _page(
            request,
            "quiz/exam_question.html#saved",
            {"status_message": f"This exam has no question {number}."},
        )
    try:
        saved = service.save(
            owner_filter(request), exam.pk, number, request.POST.get("question", ""), request.POST
        )
    except ExamError as error:
        if error.exam is not None and not error.exam.in_progress:
            context = {"status_message": error.message}
            response = _page(request, "quiz/exam_question.html#saved", context)
            response["HX-Redirect"] = reverse("quiz:exam-report", args=[error.exam.pk])
            return response
        return _page(request, "quiz/exam_question.html#saved", {"status_message": error.message})
    return _saved(request, saved.exam, saved.item, saved.message)


@require_http_methods(["GET", "POST"])
def exam_review(request: HttpRequest, exam_id: int) -> HttpResponse:
    try:
        exam = _load(request, exam_id)
    except ExamError as error:
        return _refused(request, error)
    if request.method == "POST":
        if request.POST.get("confirm", "") != "submit":
            message = "To end the exam, use the “Yes, submit the exam” button."
            return _review_page(request, exam, message, 400, confirm=True)
        try:
            service.submit(owner_filter(request), exam.pk)
        except ExamError as error:
            return _refused(request, error)
        return redirect("quiz:exam-report", exam.pk)
    if not exam.in_progress:
        return redirect("quiz:exam-report", exam.pk)
    return _review_page(request, exam, confirm=request.GET.get("step") == "confirm")


def _review_page(
    request, exam: Exam, message: str = "", status: int = 200, *, confirm: bool = False
) -> HttpResponse:
    if not exam.in_progress:
        return redirect("quiz:exam-report", exam.pk)
    items = _items(exam)
    grid = _grid(exam, items)
    for cell, item in zip(grid, items, strict=True):
        cell["snippet"] = snippet(question_view(item.question_id, item.question_version)["stem"])
    context = {
        "exam": exam,
        "grid": grid,
        "clock": _clock(exam),
        "message": message,
        "answered": sum(1 for c in grid if c["state"] == "answered"),
        "unanswered": [c for c in grid if c["state"] == "unanswered"],
        "incomplete": [c for c in grid if c["state"] == "incomplete"],
        "flagged": [c for c in grid if c["flagged"]],
        "confirm": confirm,
        "runs": {
            key: _ranges(c for c in grid if test(c))
            for key, test in (
                ("unanswered", lambda c: c["state"] == "unanswered"),
                ("incomplete", lambda c: c["state"] == "incomplete"),
                ("flagged", lambda c: c["flagged"]),
            )
        },
        "review_url": reverse("quiz:exam-review", args=[exam.pk]),
    }
    if confirm and request.htmx:
        # htmx swaps only 2xx answers: a refused submit still shows its message in place.
        return _page(request, "quiz/exam_review.html#confirm", context, 200)
    return _page(request, "quiz/exam_review.html", context, status)


# --- The score report -------------------------------------------------------------------

READINESS = {
    MEETS: ("ready", "Ready"),
    NEEDS: ("not-ready", "Not ready yet"),
    NO_ITEMS: ("none", "Not tested"),
}


def _readiness(judgement) -> dict[str, str]:
    key, word = READINESS.get(judgement.verdict, ("unsure", "Too close to call"))
    return {"key": key, "word": word}


@require_http_methods(["GET"])
def exam_report(request: HttpRequest, exam_id: int) -> HttpResponse:
    try:
        exam = _load(request, exam_id)
    except ExamError as error:
        return _refused(request, error)
    if exam.in_progress:
        return redirect("quiz:exam-resume", exam.pk)
    result = service.report(exam)
    items = _items(exam)
    shuffle = service.exam_shuffle(exam)
    review = [
        {
            "position": item.position,
            "item": item,
            "q": question_view(item.question_id, item.question_version, item.chosen or (), shuffle),
            "correct": item.correct if item.chosen is not None else None,
            "incomplete": service.item_state(item) == "incomplete",
        }
        for item in items
    ]
    rows = [
        end_row(
            item.position,
            item.question_id,
            item.question_version,
            item.chosen,
            correct=bool(item.correct),
            shuffle=shuffle,
            anchor=f"review-{item.position}",
        )
        for item in items
    ]
    missed = any(not r.correct for r in rows)
    end = EndCard(
        title="What to study next",
        rows=rows,
        next_chapter=chapter_to_study(rows),
        next_label="Study next" if missed else "Next chapter",
        again={"source": "exam", "id": exam.pk} if missed else None,
        restart_url=reverse("quiz:exam"),
        restart_label="Mock exam page",
    )
    domains = [{**entry, "readiness": _readiness(entry["judgement"])} for entry in result.domains]
    context = {
        "exam": exam,
        "report": result,
        "domains": domains,
        "overall": _readiness(result.overall),
        "review": review,
        "end": end,
        "misses": [r for r in review if not r["correct"]],
        "chart": _chart(result),
        "pass_percent": round(PASS_LINE * 100),
        "confidence_percent": round(CONFIDENCE * 100),
        "time_used": duration_text(result.time_used.total_seconds()),
        "per_question": duration_text(result.per_question.total_seconds()),
        "pace": duration_text(service.PACE.total_seconds()),
        "limit": duration_text(result.limit.total_seconds()),
    }
    return _page(request, "quiz/exam_report.html", context)


def _chart(result) -> dict[str, object]:
    """Bars per domain (percent correct) with the interval as a line and the 72 % mark."""
    left, width, row = 150, 300, 34
    bars = []
    for n, entry in enumerate(result.domains):
        j = entry["judgement"]
        y = 10 + n * row
        bars.append(
            {
                "label": f"Domain {entry['domain'].number}",
                "y": y,
                "text_y": y + 16,
                "mid_y": y + 11,
                "width": round(width * j.share, 1) if j.total else 0,
                "low_x": round(left + width * j.low, 1),
                "high_x": round(left + width * j.high, 1),
                "value_x": left + width + 8,
                "value": f"{j.percent} %" if j.total else "none",
                "total": j.total,
                "ok": j.verdict == MEETS,
            }
        )
    height = 10 + len(bars) * row + 24
    return {
        "left": left,
        "width": width,
        "height": height,
        "line_x": left + width * PASS_LINE,
        "axis_y": height - 20,
        "label_y": height - 6,
        "bars": bars,
        "view_width": left + width + 60,
    }
