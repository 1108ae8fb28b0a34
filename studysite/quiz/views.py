"""The chapter quiz: one question at a time, checked on the server, feedback at once.

A pass through the chapter's questions is a round (:class:`~.models.ChapterRound`): the
page says "Question 3 of 8 · 2 correct", and after the last question it shows the end
card (score, each answer, the sections behind the misses, what to do next) instead of
starting over. A round is stored by its first answer, never by showing a question, and
asks the questions this visitor answered least recently first.

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
    EndCard,
    chapter_after,
    end_row,
    is_correct,
    option_order,
    parse_choice,
    posted_shuffle,
    progress_line,
    question_by_ref,
    question_ref,
    question_view,
    rendered,
    shuffle_key,
)
from .flags import is_flagged
from .models import Answer, ChapterRound, Confidence, Question
from .ownership import owner_fields, owner_filter

__all__ = ["chapter_quiz", "next_question", "rendered"]

NEW = "new"  # the round field of a form whose answer starts a new round


def _visitor_filter(request: HttpRequest) -> Q | None:
    return owner_filter(request)


def _questions(request: HttpRequest, slug: str):
    """This chapter's active questions, the ones this visitor answered least recently
    first (never answered first, then in file order)."""
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
    return questions


def next_question(request: HttpRequest, slug: str) -> Question | None:
    """This chapter's question that this visitor answered least recently."""
    return _questions(request, slug).select_related("current").first()


def _latest_round(request: HttpRequest, slug: str) -> ChapterRound | None:
    visitor = owner_filter(request)
    if visitor is None:
        return None
    return ChapterRound.objects.filter(visitor, chapter=slug).order_by("-created", "-pk").first()


@dataclass
class Card:
    """What the question card shows: a question form, feedback, the end card or a message."""

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
    # "Question 3 of 8 · 2 correct", the round the form's answer belongs to ("new" or an
    # id), whether the answer shown ended its round, and the end card itself.
    progress: str = ""
    round: str = ""
    last: bool = False
    end: EndCard | None = None

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
            "progress": self.progress,
            "round": self.round,
            "last": self.last,
            "end": self.end,
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


# --- Rounds -------------------------------------------------------------------------------


def _active_ids(slug: str) -> set[str]:
    return set(
        Question.objects.filter(chapter=slug, active=True, current__isnull=False).values_list(
            "pk", flat=True
        )
    )


def _round_progress(rnd: ChapterRound, active: set[str], *, asking: bool) -> str:
    """The progress line of a round: of the question being asked, or of the last answer."""
    total = len(rnd.answered_ids) + len(rnd.remaining(active))
    number = len(rnd.answered_ids) + (1 if asking else 0)
    return progress_line(max(1, min(number, total)), total, rnd.correct)


def _attach(request: HttpRequest, slug: str, question: Question, answer: Answer) -> ChapterRound:
    """Add an answer to its round (inside the answer's transaction): the visitor's open
    round when it still has this question to ask, else a new round that starts with it."""
    posted = request.POST.get("round", "")
    active = _active_ids(slug)
    rnd = None
    if posted != NEW:
        visitor = owner_filter(request)
        rnd = (
            ChapterRound.objects.select_for_update()
            .filter(visitor, chapter=slug)
            .order_by("-created", "-pk")
            .first()
        )
        if rnd is not None and question.pk not in rnd.remaining(active):
            rnd = None
    if rnd is None:
        # The order this visitor would be asked in now, the question just answered first.
        order = list(_questions(request, slug).values_list("pk", flat=True))
        order = [question.pk, *(q for q in order if q != question.pk)]
        rnd = ChapterRound(**owner_fields(request), chapter=slug, question_ids=order)
    rnd.answered_ids = [*rnd.answered_ids, question.pk]
    rnd.answer_ids = [*rnd.answer_ids, answer.pk]
    rnd.correct += answer.correct
    rnd.save()
    return rnd


def end_card(rnd: ChapterRound, chapter: Chapter) -> EndCard:
    """The end card of a finished round: its answers in the order given."""
    answers = Answer.objects.select_related("question_version").in_bulk(rnd.answer_ids)
    rows = []
    for answer_id in rnd.answer_ids:
        answer = answers.get(answer_id)
        if answer is None:  # deleted with the account's data meanwhile
            continue
        rows.append(
            end_row(
                len(rows) + 1,
                answer.question_id,
                answer.question_version,
                answer.chosen,
                correct=answer.correct,
                order=answer.order,
            )
        )
    action = reverse("quiz:chapter", args=[chapter.slug])
    missed = any(not r.correct for r in rows)
    return EndCard(
        title=f"Quiz complete: {chapter.title}",
        rows=rows,
        next_chapter=chapter_after(chapter.slug),
        again={"source": "chapter", "id": rnd.pk} if missed else None,
        restart_url=f"{action}?round={NEW}",
        restart_label="Take the quiz again",
    )


# --- Answering ----------------------------------------------------------------------------


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
    posted_round = request.POST.get("round", "")
    if posted_round not in ("", NEW) and not (posted_round.isascii() and posted_round.isdigit()):
        posted_round = ""
    if request.POST.get("version", "") != str(question.current.number):
        return _bad(
            request,
            Card(
                chapter,
                question,
                message="This question was updated since it was shown; your answer was not "
                "recorded. Here is the current version.",
                shuffle=shuffle,
                round=posted_round,
            ),
        )
    order = option_order(shuffle, question.id, len(content["options"]))
    chosen, confidence, error = parse_choice(request.POST, content, Confidence.values, order)
    if error:
        return _bad(
            request,
            Card(
                chapter,
                question,
                error,
                chosen,
                confidence,
                shuffle=shuffle,
                round=posted_round,
                after=_int(request.POST.get("after", "")),
            ),
        )
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
            rnd = _latest_round(request, chapter.slug)
            progress, last = "", False
            if rnd is not None and latest.pk in rnd.answer_ids:
                active = _active_ids(chapter.slug)
                progress = _round_progress(rnd, active, asking=False)
                last = not rnd.remaining(active)
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
                    progress=progress,
                    last=last,
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
        rnd = _attach(request, chapter.slug, question, answer)
    active = _active_ids(chapter.slug)
    flagged = is_flagged(request, question.id)
    return _respond(
        request,
        Card(
            chapter,
            question,
            "",
            chosen,
            confidence,
            answer,
            flagged,
            progress=_round_progress(rnd, active, asking=False),
            last=not rnd.remaining(active),
        ),
    )


def _int(raw: str) -> int:
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 19 else 0


def _latest_answer(request: HttpRequest, question: Question) -> Answer | None:
    owner = owner_filter(request)
    if owner is None:
        return None
    return Answer.objects.filter(owner, question=question).order_by("-pk").first()


def _ask(request: HttpRequest, chapter: Chapter) -> HttpResponse:
    """GET: the round's next question, its end card, or the first question of a new one."""
    questions = list(_questions(request, chapter.slug).select_related("current"))
    if not questions:
        return _respond(request, Card(chapter))
    by_id = {q.pk: q for q in questions}
    active = set(by_id)
    rnd = None if request.GET.get("round") == NEW else _latest_round(request, chapter.slug)
    if rnd is not None:
        remaining = rnd.remaining(active)
        if not remaining:
            return _respond(request, Card(chapter, end=end_card(rnd, chapter)))
        question = by_id[remaining[0]]
        progress = _round_progress(rnd, active, asking=True)
        round_field = str(rnd.pk)
    else:
        question = questions[0]
        progress = progress_line(1, len(questions), 0)
        round_field = NEW
    latest = _latest_answer(request, question)
    after = latest.pk if latest else 0
    # A new shuffle each time the question comes round again, stable across reloads.
    shuffle = shuffle_key("chapter", _owner_token(request), question.id, after)
    return _respond(
        request,
        Card(chapter, question, after=after, shuffle=shuffle, progress=progress, round=round_field),
    )


@require_http_methods(["GET", "POST"])
def chapter_quiz(request: HttpRequest, slug: str) -> HttpResponse:
    chapter = get_library().by_slug.get(slug)
    if chapter is None:
        raise Http404("No such chapter.")
    if request.method == "POST":
        return _answer(request, chapter)
    return _ask(request, chapter)


def _owner_token(request: HttpRequest) -> str:
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"session:{request.session.session_key or ''}"
