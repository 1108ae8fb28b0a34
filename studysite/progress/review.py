"""The review queue: due questions, urgent first, one at a time, rated like Anki cards.

A due question is asked with the quiz's own form; the answer is an ordinary
``quiz.Answer`` (recorded as a review by :mod:`.sources`). The feedback then offers
Again / Hard / Good / Easy, each with the interval FSRS gives it (a miss only Again), and
the learner's choice reschedules the card (:func:`rate_answer`); until then the answer
is *pending* (an answer newer than the card's last update) and the page shows its rating
step again on every visit, so a closed tab loses nothing. The page counts what is due,
and when nothing is, says so ("done for today") with what comes later and tomorrow.

Duplicates are refused (issue 22): each write starts by locking the question's card (an
UPDATE, the first statement, so SQLite takes its write lock at once and PostgreSQL its row
lock), then checks what is already there. Twenty simultaneous identical posts store one
answer; a resent form stores none (the form carries the card's review count, ``seen``);
an answer for a card that is not due is refused with the date it is due; a rating applies
once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet
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
    progress_line,
    question_by_ref,
    question_ref,
    shuffle_key,
)
from studysite.quiz.cards import question_view as card_question_view
from studysite.quiz.flags import is_flagged
from studysite.quiz.models import Answer, Confidence, Question
from studysite.quiz.ownership import owner_fields, owner_filter

from . import schedule
from .models import Mode, ReviewCard
from .sources import answering

NOT_QUEUED = "That question is not in your review queue."
RATING_NAMES = {rating: name for name, rating in schedule.RATINGS.items()}


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


def _review_answers(visitor: Q) -> QuerySet[Answer]:
    return Answer.objects.filter(visitor, source__mode=Mode.REVIEW)


def _pending_filter(visitor: Q) -> Exists:
    """A card with a review answer not yet rated (newer than the card's last update)."""
    return Exists(
        _review_answers(visitor).filter(
            question_id=OuterRef("question_id"), created__gt=OuterRef("updated")
        )
    )


def pending_answer(visitor: Q, card: ReviewCard) -> Answer | None:
    """The review answer to ``card`` waiting for its rating, if any."""
    return (
        _review_answers(visitor)
        .filter(question_id=card.question_id, created__gt=card.updated)
        .select_related("question_version")
        .order_by("-created", "-pk")
        .first()
    )


# --- What the page shows -------------------------------------------------------------------


@dataclass(frozen=True)
class Today:
    """Review answers since midnight UTC and what is left: the progress line's numbers."""

    answered: int
    correct: int
    due: int  # due now, not counting a card whose answer waits for its rating

    def line(self, *, asking: bool) -> str:
        total = self.answered + self.due
        number = self.answered + (1 if asking else 0)
        return progress_line(max(1, min(number, total)), max(total, 1), self.correct)


def _midnight(now: datetime) -> datetime:
    return datetime.combine(now.astimezone(UTC).date(), time.min, tzinfo=UTC)


def today(visitor: Q, now: datetime) -> Today:
    done = _review_answers(visitor).filter(created__gte=_midnight(now))
    counts = done.aggregate(n=Count("pk"), right=Count("pk", filter=Q(correct=True)))
    due = due_cards(visitor, now).exclude(_pending_filter(visitor)).count()
    return Today(counts["n"], counts["right"], due)


def ratings(card: ReviewCard, answer: Answer) -> list[dict[str, object]]:
    """The rating buttons for a pending answer: name, interval, whether it is suggested."""
    allowed = schedule.allowed_ratings(answer.correct)
    dues = schedule.preview(card.fsrs, answer.created, allowed)
    suggested = schedule.rating_for(
        answer.correct, answer.confidence, stable=schedule.is_stable(card.fsrs)
    )
    return [
        {
            "value": RATING_NAMES[rating],
            "name": rating.name,
            "interval": schedule.interval_text((due - answer.created).total_seconds()),
            "suggested": rating == suggested and len(allowed) > 1,
        }
        for rating, due in dues.items()
    ]


def _done(visitor: Q, now: datetime) -> dict[str, object]:
    """The "done for today" screen: today's tally, what comes later today and tomorrow."""
    cards = ReviewCard.objects.filter(visitor, question__active=True)
    tomorrow = _midnight(now) + timedelta(days=1)
    counts = cards.aggregate(
        later=Count("pk", filter=Q(due__gt=now, due__lt=tomorrow)),
        tomorrow=Count("pk", filter=Q(due__gte=tomorrow, due__lt=tomorrow + timedelta(days=1))),
        total=Count("pk"),
        next=Min("due", filter=Q(due__gt=now)),
    )
    return {
        "has_cards": counts["total"] > 0,
        "later_today": counts["later"],
        "tomorrow": counts["tomorrow"],
        "next_due": counts["next"],
    }


def _context(
    *,
    visitor: Q | None = None,
    question: Question | None = None,
    message: str = "",
    status: str = "",
    chosen: tuple[int, ...] = (),
    confidence: str = "",
    answer: Answer | None = None,
    card: ReviewCard | None = None,
    urgent: bool = False,
    shuffle: str = "",
    flagged: bool = False,
) -> dict[str, object]:
    now = timezone.now()
    context: dict[str, object] = {
        "action": reverse("progress:review"),
        "message": message,
        "status": status,
        "answer": answer,
        "confidence": confidence,
        "confidence_choices": Confidence.choices,
        "urgent": urgent,
        "now": now,
    }
    if visitor is not None:
        tally = today(visitor, now)
        context["today"] = tally
        context["progress"] = tally.line(asking=answer is None) if question else ""
        if question is None:
            context.update(_done(visitor, now))
    if question is not None:
        order = answer.order if answer is not None else None
        version = answer.question_version if answer is not None else question.current
        context["q"] = card_question_view(question.id, version, chosen, shuffle, order)
        context["chapter"] = get_library().by_slug.get(question.chapter)
        if card is not None:
            context["seen"] = card.reviews
        if answer is not None and card is not None:
            context["ratings"] = ratings(card, answer)
            context["flag"] = {
                "question": question_ref(question.id),
                "flagged": flagged,
                "next": reverse("progress:review"),
            }
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


def _feedback(request: HttpRequest, visitor: Q, card: ReviewCard, answer: Answer, **extra):
    """The feedback on a pending answer, with its rating buttons."""
    return _context(
        visitor=visitor,
        question=card.question,
        chosen=tuple(answer.chosen),
        confidence=answer.confidence or "",
        answer=answer,
        card=card,
        flagged=is_flagged(request, card.question_id),
        **extra,
    )


def _show_next(request: HttpRequest, status: str = "") -> HttpResponse:
    visitor = owner_filter(request)
    if visitor is None:
        return _respond(request, _context(status=status))
    now = timezone.now()
    library = get_library()
    # An answer given but not rated yet comes first: its rating step again.
    pending = (
        ReviewCard.objects.filter(visitor, question__active=True, question__current__isnull=False)
        .filter(_pending_filter(visitor))
        .select_related("question__current")
        .order_by("updated", "pk")
    )
    for card in pending[:5]:
        answer = pending_answer(visitor, card)
        if answer is not None and card.question.chapter in library.by_slug:
            return _respond(request, _feedback(request, visitor, card, answer, status=status))
    queue = due_cards(visitor, now).select_related("question__current")
    skipped = question_by_ref(request.GET.get("after", ""))
    if skipped is not None:
        queue = queue.exclude(question_id=skipped.pk)
    for card in queue[:20]:  # normally the first; skip a question whose chapter is gone
        if card.question.chapter in library.by_slug:
            return _respond(
                request,
                _context(
                    visitor=visitor,
                    question=card.question,
                    card=card,
                    urgent=card.urgent,
                    status=status,
                    # A new order each time the card comes back (its review count grows).
                    shuffle=shuffle_key("review", card.pk, card.reviews),
                ),
            )
    return _respond(request, _context(visitor=visitor, status=status))


# --- Writing ---------------------------------------------------------------------------------


def _lock_card(visitor: Q, question: Question) -> ReviewCard | None:
    """This owner's card for ``question``, locked for the rest of the transaction.

    The first statement is a write (a no-op UPDATE): SQLite takes its write lock at once
    and PostgreSQL locks the rows, so a second identical post waits here and then sees
    the first one's answer instead of storing another.
    """
    if not ReviewCard.objects.filter(visitor, question=question).update(reviews=F("reviews")):
        return None
    cards = list(
        ReviewCard.objects.select_for_update()
        .filter(visitor, question=question)
        .order_by("-updated", "-pk")
    )
    if len(cards) > 1:  # adopted duplicates: the latest state wins (as in .signals)
        ReviewCard.objects.filter(pk__in=[c.pk for c in cards[1:]]).delete()
    return cards[0]


def rate_answer(card: ReviewCard, answer: Answer, rating: schedule.Rating) -> ReviewCard:
    """Reschedule a locked card with the learner's rating of ``answer``."""
    result = schedule.rate(card.fsrs, answer.correct, answer.confidence, answer.created, rating)
    card.fsrs, card.due, card.urgent = result.state, result.due, result.urgent
    card.reviews += 1
    card.updated = max(card.updated, answer.created)
    card.save()
    return card


def _when(due: datetime, now: datetime) -> str:
    text = schedule.interval_text((due - now).total_seconds())
    return f"in {text} ({due.astimezone(UTC):%a %-d %b, %H:%M} UTC)"


def _not_due(card: ReviewCard, now: datetime) -> str:
    return (
        f"This question is not due for review yet: it comes back {_when(card.due, now)}. "
        "Your answer was not recorded."
    )


def _answer(request: HttpRequest) -> HttpResponse:
    visitor = owner_filter(request)
    question = question_by_ref(request.POST.get("question", ""))
    shuffle = posted_shuffle(request.POST)
    if shuffle is None:
        return _bad(request, visitor=visitor, message="That answer could not be read; try again.")
    if (
        question is None
        or visitor is None
        or question.current is None
        or not ReviewCard.objects.filter(visitor, question=question).exists()
    ):
        return _bad(request, visitor=visitor, message=NOT_QUEUED)
    if not question.active or question.chapter not in get_library().by_slug:
        return _bad(
            request,
            visitor=visitor,
            message="That question has been retired; your answer was not recorded. "
            "Carry on with the next question.",
        )
    content = question.current.content
    if request.POST.get("version", "") != str(question.current.number):
        return _bad(
            request,
            visitor=visitor,
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
            visitor=visitor,
            question=question,
            message=error,
            chosen=chosen,
            confidence=confidence,
            shuffle=shuffle,
        )
    seen = request.POST.get("seen", "")
    now = timezone.now()
    with transaction.atomic(), answering(Mode.REVIEW):
        card = _lock_card(visitor, question)
        if card is None:
            return _bad(request, visitor=visitor, message=NOT_QUEUED)
        pending = pending_answer(visitor, card)
        if pending is not None:  # a second click, another tab or a resend
            message = (
                "This question was already answered (a second click, another tab or a "
                "resend): the first answer stands and nothing more was recorded."
            )
            return _respond(request, _feedback(request, visitor, card, pending, message=message))
        if seen.isascii() and seen.isdigit() and int(seen) != card.reviews:
            message = "This form was already answered and rated; nothing more was recorded. " + (
                f"The question comes back {_when(card.due, now)}." if card.due > now else ""
            )
            return _bad(request, visitor=visitor, message=message.strip())
        if card.due > now:
            return _bad(request, visitor=visitor, message=_not_due(card, now))
        answer = Answer.objects.create(
            **owner_fields(request),
            question=question,
            question_version=question.current,
            chosen=list(chosen),
            order=list(order),
            correct=is_correct(content, chosen),
            confidence=confidence or None,
        )
    card.question = question
    return _respond(request, _feedback(request, visitor, card, answer))


def _rate(request: HttpRequest) -> HttpResponse:
    visitor = owner_filter(request)
    question = question_by_ref(request.POST.get("question", ""))
    rating = schedule.RATINGS.get(request.POST.get("rating", ""))
    raw_answer = request.POST.get("answer", "")
    answer_id = int(raw_answer) if raw_answer.isascii() and raw_answer.isdigit() else 0
    if question is None or visitor is None:
        return _bad(request, visitor=visitor, message=NOT_QUEUED)
    with transaction.atomic():
        card = _lock_card(visitor, question)
        if card is None:
            return _bad(request, visitor=visitor, message=NOT_QUEUED)
        pending = pending_answer(visitor, card)
        now = timezone.now()
        if pending is None or (answer_id and pending.pk != answer_id):
            status = "That answer was already rated."
            if card.due > now:
                status = f"That answer was already rated: it comes back {_when(card.due, now)}."
            return _show_next(request, status=status)
        if rating is None or rating not in schedule.allowed_ratings(pending.correct):
            card.question = question
            message = (
                "Choose one of the buttons: Again, Hard, Good or Easy."
                if pending.correct
                else "A missed question can only be rated Again: it comes back soon."
            )
            return _respond(
                request,
                _feedback(request, visitor, card, pending, message=message),
                status=200 if request.htmx else 400,
            )
        card = rate_answer(card, pending, rating)
    status = f"Rated {rating.name}: this question comes back {_when(card.due, timezone.now())}."
    return _show_next(request, status=status)


@require_http_methods(["GET", "POST"])
def review(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _rate(request) if "rating" in request.POST else _answer(request)
    return _show_next(request)
