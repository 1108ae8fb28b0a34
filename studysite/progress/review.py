"""The review queue: due questions, urgent first, one at a time, through the quiz's card.

Answering here creates an ordinary ``quiz.Answer``; the ``post_save`` receiver in
:mod:`.signals` then reschedules the card, so the review page never touches FSRS itself.
The question form and the feedback are the chapter quiz's own partial
(``quiz/chapter.html#card``) fed with ``studysite.quiz.cards``' public helpers; only
which question comes next and where the form posts differ.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Min, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from studysite.chapters.loader import get_library
from studysite.quiz.cards import (
    is_correct,
    option_order,
    parse_choice,
    posted_shuffle,
    question_by_ref,
    question_ref,
    shuffle_key,
)
from studysite.quiz.cards import question_view as card_question_view
from studysite.quiz.models import Answer, Confidence, Question
from studysite.quiz.ownership import owner_fields, owner_filter

from .models import Mode, ReviewCard
from .sources import answering

NOT_QUEUED = "That question is not in your review queue."


def due_cards(visitor: Q, now: datetime) -> QuerySet[ReviewCard]:
    """This owner's cards due at ``now`` (active questions only), urgent first."""
    return ReviewCard.objects.filter(
        visitor, due__lte=now, question__active=True, question__current__isnull=False
    ).order_by("-urgent", "due", "pk")


def due_count(request: HttpRequest) -> int:
    """How many questions are due for this visitor: one query, remembered per request."""
    cached = getattr(request, "_progress_due_count", None)
    if cached is not None:
        return cached
    visitor = owner_filter(request)
    count = due_cards(visitor, timezone.now()).count() if visitor is not None else 0
    request._progress_due_count = count  # type: ignore[attr-defined]
    return count


def _context(
    *,
    question: Question | None = None,
    message: str = "",
    chosen: tuple[int, ...] = (),
    confidence: str = "",
    answer: Answer | None = None,
    due: int = 0,
    urgent: bool = False,
    next_due: datetime | None = None,
    has_cards: bool = False,
    shuffle: str = "",
) -> dict[str, object]:
    action = reverse("progress:review")
    if answer is not None and question is not None:
        # "Next question" skips the one just answered, even if it is due again at once.
        action = f"{action}?after={question_ref(question.id)}"
    context: dict[str, object] = {
        "action": action,
        "message": message,
        "answer": answer,
        "confidence": confidence,
        "confidence_choices": Confidence.choices,
        "due": due,
        "urgent": urgent,
        "next_due": next_due,
        "has_cards": has_cards,
        "now": timezone.now(),
    }
    if question is not None:
        order = answer.order if answer is not None else None
        context["q"] = card_question_view(question.id, question.current, chosen, shuffle, order)
        context["chapter"] = get_library().by_slug.get(question.chapter)
    return context


def _respond(request: HttpRequest, context: dict[str, object], status: int = 200) -> HttpResponse:
    if request.htmx:
        response = render(request, "progress/review.html#review-card", context)
    else:
        response = render(request, "progress/review.html", context, status=status)
    response["Cache-Control"] = "no-store"  # depends on this visitor's answers
    return response


def _bad(request: HttpRequest, **context: object) -> HttpResponse:
    return _respond(request, _context(**context), status=200 if request.htmx else 400)


def _show_next(request: HttpRequest) -> HttpResponse:
    visitor = owner_filter(request)
    if visitor is None:
        return _respond(request, _context())
    now = timezone.now()
    queue = due_cards(visitor, now).select_related("question__current")
    skipped = question_by_ref(request.GET.get("after", ""))
    if skipped is not None:
        queue = queue.exclude(question_id=skipped.pk)
    library = get_library()
    for card in queue[:20]:  # normally the first; skip a question whose chapter is gone
        if card.question.chapter in library.by_slug:
            return _respond(
                request,
                _context(
                    question=card.question,
                    due=due_count(request),
                    urgent=card.urgent,
                    # A new order each time the card comes back (its review count grows).
                    shuffle=shuffle_key("review", card.pk, card.reviews),
                ),
            )
    upcoming = ReviewCard.objects.filter(visitor, question__active=True).aggregate(next=Min("due"))[
        "next"
    ]
    return _respond(request, _context(next_due=upcoming, has_cards=upcoming is not None))


def _answer(request: HttpRequest) -> HttpResponse:
    visitor = owner_filter(request)
    question = question_by_ref(request.POST.get("question", ""))
    shuffle = posted_shuffle(request.POST)
    if shuffle is None:
        return _bad(request, message="That answer could not be read; try again.")
    if (
        question is None
        or visitor is None
        or question.current is None
        or not ReviewCard.objects.filter(visitor, question=question).exists()
    ):
        return _bad(request, message=NOT_QUEUED)
    if not question.active or question.chapter not in get_library().by_slug:
        return _bad(
            request,
            message="That question has been retired; your answer was not recorded. "
            "Carry on with the next question.",
        )
    content = question.current.content
    if request.POST.get("version", "") != str(question.current.number):
        return _bad(
            request,
            question=question,
            message="This question was updated since it was shown; your answer was not "
            "recorded. Here is the current version.",
            shuffle=shuffle,
        )
    order = option_order(shuffle, question.id, len(content["options"]))
    chosen, confidence, error = parse_choice(request.POST, content, Confidence.values, order)
    if error:
        return _bad(
            request,
            question=question,
            message=error,
            chosen=chosen,
            confidence=confidence,
            shuffle=shuffle,
        )
    with transaction.atomic(), answering(Mode.REVIEW):
        answer = Answer.objects.create(
            **owner_fields(request),
            question=question,
            question_version=question.current,
            chosen=list(chosen),
            order=list(order),
            correct=is_correct(content, chosen),
            confidence=confidence or None,
        )
    return _respond(
        request,
        _context(question=question, chosen=chosen, confidence=confidence, answer=answer),
    )


@require_http_methods(["GET", "POST"])
def review(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _answer(request)
    return _show_next(request)
