"""The chapter quiz: one question at a time, checked on the server, feedback at once.

Works as plain forms without JavaScript; with htmx the answer form posts in place and
only the question card is swapped. Every bad or tampered input gets a clear message and
stores nothing. Plain posts with a bad input answer 400; htmx posts answer 200, because
htmx does not swap 4xx responses and the message must still be seen.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from studysite.chapters.loader import Chapter, get_library

from .cards import (
    is_correct,
    option_order,
    parse_choice,
    posted_shuffle,
    question_by_ref,
    question_ref,
    question_view,
    rendered,
    shuffle_key,
)
from .flags import is_flagged
from .models import Answer, Confidence, Question
from .ownership import owner_fields, owner_filter

__all__ = ["chapter_quiz", "next_question", "rendered"]


def _visitor_filter(request: HttpRequest) -> Q | None:
    return owner_filter(request)


def next_question(request: HttpRequest, slug: str) -> Question | None:
    """This chapter's active question that this visitor answered least recently (never
    answered first, then in file order)."""
    questions = Question.objects.filter(chapter=slug, active=True, current__isnull=False)
    visitor = _visitor_filter(request)
    if visitor is not None:
        last = (
            Answer.objects.filter(visitor, question=OuterRef("pk"))
            .order_by("-created")
            .values("created")[:1]
        )
        questions = questions.annotate(last=Subquery(last)).order_by(
            F("last").asc(nulls_first=True), "position", "id"
        )
    return questions.select_related("current").first()


@dataclass
class Card:
    """What the question card shows: a question form, feedback, or only a message."""

    chapter: Chapter
    question: Question | None = None
    message: str = ""
    chosen: tuple[int, ...] = ()
    confidence: str = ""
    answer: Answer | None = None
    flagged: bool = False
    # The visitor's latest answer to this question when the form was shown (0: none):
    # posted back, it tells a second submit of the same form from a new answer.
    after: int = 0
    # The options' shuffle for this showing of the question (see cards.option_order).
    shuffle: str = ""

    def context(self) -> dict[str, object]:
        chapter = self.chapter
        context: dict[str, object] = {
            "chapter": chapter,
            "action": reverse("quiz:chapter", args=[chapter.slug]),
            "message": self.message,
            "answer": self.answer,
            "confidence": self.confidence,
            "confidence_choices": Confidence.choices,
            "after": self.after,
        }
        if self.question is not None:
            order = self.answer.order if self.answer is not None else None
            context["q"] = question_view(
                self.question.id, self.question.current, self.chosen, self.shuffle, order
            )
            if self.answer is not None:
                context["flag"] = {
                    "question": question_ref(self.question.id),
                    "flagged": self.flagged,
                    "next": context["action"],
                }
        return context


def _respond(request: HttpRequest, card: Card, status: int = 200) -> HttpResponse:
    if request.htmx:
        response = render(request, "quiz/chapter.html#card", card.context())
    else:
        response = render(request, "quiz/chapter.html", card.context(), status=status)
    # Each response depends on this visitor's history: never cache it.
    response["Cache-Control"] = "no-store"
    return response


def _bad(request: HttpRequest, card: Card) -> HttpResponse:
    return _respond(request, card, status=200 if request.htmx else 400)


def _answer(request: HttpRequest, chapter: Chapter) -> HttpResponse:
    question = question_by_ref(request.POST.get("question", ""))
    shuffle = posted_shuffle(request.POST)
    if shuffle is None:
        return _bad(request, Card(chapter, message="That answer could not be read; try again."))
    if question is None or question.chapter != chapter.slug or question.current is None:
        return _bad(
            request,
            Card(chapter, message="That question is not part of this chapter's quiz."),
        )
    if not question.active:
        return _bad(
            request,
            Card(
                chapter,
                message="That question has been retired; your answer was not recorded. "
                "Carry on with the next question.",
            ),
        )
    content = question.current.content
    if request.POST.get("version", "") != str(question.current.number):
        return _bad(
            request,
            Card(
                chapter,
                question,
                message="This question was updated since it was shown; your answer was not "
                "recorded. Here is the current version.",
                shuffle=shuffle,
            ),
        )
    order = option_order(shuffle, question.id, len(content["options"]))
    chosen, confidence, error = parse_choice(request.POST, content, Confidence.values, order)
    if error:
        return _bad(request, Card(chapter, question, error, chosen, confidence, shuffle=shuffle))
    correct = is_correct(content, chosen)
    after = request.POST.get("after", "")
    with transaction.atomic():
        # Lock the question's row so that a double click or a second tab, posting the
        # same form at the same moment, waits here and then sees the first answer.
        Question.objects.select_for_update().filter(pk=question.pk).first()
        latest = _latest_answer(request, question)
        if after.isdigit() and latest is not None and latest.pk != int(after):
            message = (
                "This question was already answered from this form (a second click, or "
                "another tab): the first answer stands and nothing more was recorded."
            )
            return _respond(
                request,
                Card(
                    chapter,
                    question,
                    message,
                    tuple(latest.chosen),
                    latest.confidence or "",
                    latest,
                    is_flagged(request, question.id),
                ),
            )
        answer = Answer.objects.create(
            **owner_fields(request),
            question=question,
            question_version=question.current,
            chosen=list(chosen),
            order=list(order),
            correct=correct,
            confidence=confidence or None,
        )
    flagged = is_flagged(request, question.id)
    return _respond(request, Card(chapter, question, "", chosen, confidence, answer, flagged))


def _latest_answer(request: HttpRequest, question: Question) -> Answer | None:
    owner = owner_filter(request)
    if owner is None:
        return None
    return Answer.objects.filter(owner, question=question).order_by("-pk").first()


@require_http_methods(["GET", "POST"])
def chapter_quiz(request: HttpRequest, slug: str) -> HttpResponse:
    chapter = get_library().by_slug.get(slug)
    if chapter is None:
        raise Http404("No such chapter.")
    if request.method == "POST":
        return _answer(request, chapter)
    question = next_question(request, slug)
    latest = _latest_answer(request, question) if question is not None else None
    after = latest.pk if latest else 0
    # A new shuffle each time the question comes round again, stable across reloads.
    shuffle = shuffle_key("chapter", _owner_token(request), question.id, after) if question else ""
    return _respond(request, Card(chapter, question, after=after, shuffle=shuffle))


def _owner_token(request: HttpRequest) -> str:
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"session:{request.session.session_key or ''}"
