"""Custom practice: pick domains and chapters, how many, and which (unseen, missed, flagged).

A set is drawn once and stored (:class:`~.models_exam.Practice`), then asked one question at
a time exactly like the chapter quiz: the same form and feedback partials, the same answer
checking (:mod:`.cards`), every answer a ``quiz.Answer``. After an answer the page address
carries ``?answered=<id>``, so the feedback can be shown again (after flagging the question
without JavaScript, for instance) without answering twice.
"""

from __future__ import annotations

import operator
import random
import re
import secrets
from functools import reduce

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from studysite.chapters.domains import DOMAINS
from studysite.chapters.loader import get_library

from .cards import (
    EndCard,
    EndRow,
    chapter_to_study,
    end_row,
    is_correct,
    option_order,
    parse_choice,
    posted_shuffle,
    progress_line,
    question_by_ref,
    question_ref,
    question_view,
    shuffle_key,
)
from .flags import is_flagged
from .models import Answer, ChapterRound, Confidence, Question
from .models_exam import Exam, Flag, Practice
from .ownership import owner_fields, owner_filter

MAX_COUNT = 100
DEFAULT_COUNT = 10
FILTERS = {
    "unseen": "Never answered",
    "missed": "Missed before (answered wrong at least once)",
    "flagged": "Flagged for later",
}
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID = 2**63 - 1


def _page(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _chapters_with_questions() -> list[dict[str, object]]:
    slugs = set(
        Question.objects.filter(active=True, current__isnull=False)
        .values_list("chapter", flat=True)
        .distinct()
    )
    return [{"slug": c.slug, "title": c.title} for c in get_library().chapters if c.slug in slugs]


def matching(request: HttpRequest, domains, chapters, filters):
    """Active questions in any chosen domain or chapter (all if none), passing any filter."""
    questions = Question.objects.filter(active=True, current__isnull=False)
    if domains or chapters:
        questions = questions.filter(Q(domain__in=domains) | Q(chapter__in=chapters))
    if filters:
        visitor = owner_filter(request)
        if visitor is None:  # a new visitor has answered and flagged nothing
            return questions if "unseen" in filters else questions.none()
        mine = Answer.objects.filter(visitor, question=OuterRef("pk"))
        wanted = []
        if "unseen" in filters:
            wanted.append(~Exists(mine))
        if "missed" in filters:
            wanted.append(Exists(mine.filter(correct=False)))
        if "flagged" in filters:
            wanted.append(Exists(Flag.objects.filter(visitor, question=OuterRef("pk"))))
        questions = questions.filter(reduce(operator.or_, wanted))
    return questions


def _read_form(post, chapter_slugs: set[str]) -> tuple[dict, list[str]]:
    errors = []
    domains = post.getlist("domain")
    chapters = post.getlist("chapter")
    filters = post.getlist("filter")
    count = post.get("count", str(DEFAULT_COUNT)).strip()
    if len(domains) > 4 or any(d not in {str(n) for n in DOMAINS} for d in domains):
        errors.append("Choose domains from the list (1 to 4).")
    if len(chapters) > len(chapter_slugs) or any(c not in chapter_slugs for c in chapters):
        errors.append("Choose chapters from the list.")
    if len(filters) > len(FILTERS) or any(f not in FILTERS for f in filters):
        errors.append("Choose filters from the list.")
    if not (count.isascii() and count.isdigit() and len(count) <= 3) or not (
        1 <= int(count) <= MAX_COUNT
    ):
        errors.append(f"How many questions: a whole number from 1 to {MAX_COUNT}.")
        count = str(DEFAULT_COUNT)
    form = {
        "domains": sorted({int(d) for d in domains if d in {str(n) for n in DOMAINS}}),
        "chapters": sorted({c for c in chapters if c in chapter_slugs}),
        "filters": [f for f in FILTERS if f in filters],
        "count": int(count),
    }
    return form, errors


def _start_context(form: dict, message: str = "") -> dict[str, object]:
    return {
        "form": form,
        "message": message,
        "domains": [DOMAINS[d] for d in sorted(DOMAINS)],
        "chapters": _chapters_with_questions(),
        "filters": FILTERS.items(),
        "max_count": MAX_COUNT,
    }


@require_http_methods(["GET", "POST"])
def practice_start(request: HttpRequest) -> HttpResponse:
    empty = {"domains": [], "chapters": [], "filters": [], "count": DEFAULT_COUNT}
    if request.method == "GET":
        return _page(request, "quiz/practice_start.html", _start_context(empty))
    chapters = _chapters_with_questions()
    form, errors = _read_form(request.POST, {c["slug"] for c in chapters})
    if errors:
        return _page(
            request, "quiz/practice_start.html", _start_context(form, " ".join(errors)), 400
        )
    ids = list(
        matching(request, form["domains"], form["chapters"], form["filters"]).values_list(
            "id", flat=True
        )
    )
    if not ids:
        message = (
            "No questions match that choice. Choose more domains or chapters, or fewer filters."
        )
        return _page(request, "quiz/practice_start.html", _start_context(form, message))
    rng = random.Random(secrets.randbits(64))  # noqa: S311 - shuffling, not secrets
    picked = rng.sample(sorted(ids), min(form["count"], len(ids)))
    practice = Practice.objects.create(**owner_fields(request), question_ids=picked, criteria=form)
    return redirect("quiz:practice-set", practice.pk)


def practice_create(request: HttpRequest, question_ids: list[str], criteria: dict) -> Practice:
    """Start a practice set of exactly these questions, in this order (a team's question
    set, for instance); questions no longer in the bank are left out."""
    active = set(
        Question.objects.filter(
            pk__in=question_ids, active=True, current__isnull=False
        ).values_list("id", flat=True)
    )
    ids = [i for i in question_ids if i in active]
    base = {"count": len(ids), "domains": [], "chapters": [], "filters": []}
    return Practice.objects.create(
        **owner_fields(request), question_ids=ids, criteria={**base, **criteria}
    )


def _owned(request: HttpRequest, practice_id: int) -> Practice | None:
    visitor = owner_filter(request)
    if visitor is None or not 0 < practice_id <= MAX_ID:
        return None
    return Practice.objects.filter(visitor, pk=practice_id).first()


def _card(request, practice: Practice, **extra) -> dict[str, object]:
    action = reverse("quiz:practice-set", args=[practice.pk])
    total = len(practice.question_ids)
    context = {
        "practice": practice,
        "action": action,
        "total": total,
        "number": min(practice.position + 1, total),
        "confidence_choices": Confidence.choices,
        "message": "",
        "confidence": "",
    }
    context.update(extra)
    answer = context.get("answer")
    # After an answer the line counts it; before one it names the question being asked.
    number = practice.position if answer is not None else context["number"]
    context["progress"] = progress_line(max(1, number), total, practice.correct)
    if answer is not None:
        context["flag"] = {
            "question": question_ref(answer.question_id),
            "flagged": is_flagged(request, answer.question_id),
            "next": f"{action}?answered={answer.pk}",
        }
    return context


def _respond(request, context: dict, status: int = 200) -> HttpResponse:
    if request.htmx:
        return _page(request, "quiz/practice_set.html#card", context)
    return _page(request, "quiz/practice_set.html", context, status)


def _current(practice: Practice) -> Question | None:
    """The question to ask now, skipping any retired since the set was drawn."""
    while not practice.done:
        question = (
            Question.objects.filter(pk=practice.question_ids[practice.position], active=True)
            .select_related("current")
            .first()
        )
        if question is not None and question.current is not None:
            return question
        Practice.objects.filter(pk=practice.pk).update(position=F("position") + 1)
        practice.position += 1
    return None


@require_http_methods(["GET", "POST"])
def practice_set(request: HttpRequest, practice_id: int) -> HttpResponse:
    practice = _owned(request, practice_id)
    if practice is None:
        context = {"message": "There is no such practice set among yours. Start a new one."}
        return _page(request, "quiz/practice_missing.html", context, 404)
    if request.method == "POST":
        return _answer(request, practice)
    answered = request.GET.get("answered", "")
    if answered.isascii() and answered.isdigit() and int(answered) in practice.answer_ids:
        answer = Answer.objects.select_related("question_version").get(pk=int(answered))
        q = question_view(
            answer.question_id, answer.question_version, answer.chosen, order=answer.order
        )
        return _respond(request, _card(request, practice, q=q, answer=answer))
    question = _current(practice)
    if question is None:
        return _respond(request, _card(request, practice, end=end_card(practice)))
    q = question_view(question.id, question.current, shuffle=_shuffle(practice))
    return _respond(request, _card(request, practice, q=q))


def _shuffle(practice: Practice) -> str:
    """One option order per practice set and question, the same on every reload."""
    return shuffle_key("practice", practice.pk)


def _bad(request, practice: Practice, message: str, **extra) -> HttpResponse:
    context = _card(request, practice, message=message, **extra)
    return _respond(request, context, status=200 if request.htmx else 400)


RESENT = (
    "This answer was already recorded (a second click, or a resend after a lost "
    "connection): it counts once, and here is its feedback again."
)


def _resent(request: HttpRequest, practice: Practice, question: Question):
    """The same question posted again after its answer was recorded: show that answer,
    record nothing (issue 22, finding 7: a client that lost the response can resend)."""
    if not practice.answer_ids:
        return None
    answer = (
        Answer.objects.select_related("question_version")
        .filter(pk=practice.answer_ids[-1], question=question)
        .first()
    )
    if answer is None:
        return None
    q = question_view(
        answer.question_id, answer.question_version, answer.chosen, order=answer.order
    )
    return _respond(request, _card(request, practice, q=q, answer=answer, message=RESENT))


def _answer(request: HttpRequest, practice: Practice) -> HttpResponse:
    question = question_by_ref(request.POST.get("question", ""))
    shuffle = posted_shuffle(request.POST, _shuffle(practice))
    if shuffle is None:
        return _bad(request, practice, "That answer could not be read; nothing was recorded.")
    with transaction.atomic():
        # A write first: the row (PostgreSQL) or database (SQLite) is locked from here on,
        # so a double submit or a second tab cannot record the same position twice.
        Practice.objects.filter(pk=practice.pk).update(position=F("position"))
        practice = Practice.objects.select_for_update().get(pk=practice.pk)
        current = _current(practice)
        if question is not None and (current is None or question.pk != current.pk):
            resent = _resent(request, practice, question)
            if resent is not None:
                return resent
        if current is None:
            return _bad(request, practice, "This practice set is finished; start a new one.")
        if question is None or question.pk != current.pk:
            q = question_view(current.id, current.current, shuffle=_shuffle(practice))
            return _bad(
                request,
                practice,
                "That answer is not for the current question of this set, so it was not "
                "recorded. Here is the current question.",
                q=q,
            )
        content = current.current.content
        if request.POST.get("version", "") != str(current.current.number):
            return _bad(
                request,
                practice,
                "This question was updated since it was shown; your answer was not recorded. "
                "Here is the current version.",
                q=question_view(current.id, current.current, shuffle=_shuffle(practice)),
            )
        order = option_order(shuffle, current.id, len(content["options"]))
        chosen, confidence, error = parse_choice(request.POST, content, Confidence.values, order)
        if error:
            q = question_view(current.id, current.current, chosen, shuffle)
            return _bad(request, practice, error, q=q, confidence=confidence)
        correct = is_correct(content, chosen)
        answer = Answer.objects.create(
            **owner_fields(request),
            question=current,
            question_version=current.current,
            chosen=list(chosen),
            order=list(order),
            correct=correct,
            confidence=confidence or None,
        )
        practice.position += 1
        practice.correct += correct
        practice.answer_ids = [*practice.answer_ids, answer.pk]
        practice.save(update_fields=["position", "correct", "answer_ids"])
    q = question_view(current.id, current.current, chosen, shuffle)
    return _respond(request, _card(request, practice, q=q, answer=answer, confidence=confidence))


# --- The end card and "practise the missed ones again" -----------------------------------


def _answer_rows(answer_ids: list[int]) -> list[EndRow]:
    answers = Answer.objects.select_related("question_version").in_bulk(answer_ids)
    rows: list[EndRow] = []
    for answer_id in answer_ids:
        answer = answers.get(answer_id)
        if answer is not None:
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
    return rows


def end_card(practice: Practice) -> EndCard:
    rows = _answer_rows([a for a in practice.answer_ids if isinstance(a, int)])
    missed = any(not r.correct for r in rows)
    return EndCard(
        title="Practice set complete",
        rows=rows,
        next_chapter=chapter_to_study(rows),
        next_label="Study next" if missed else "Next chapter",
        again={"source": "practice", "id": practice.pk} if missed else None,
        restart_url=reverse("quiz:practice"),
        restart_label="Start another set",
    )


def missed_ids(visitor: Q | None, source: str, raw_id: str) -> list[str] | None:
    """The questions missed in one of this owner's chapter rounds, practice sets or
    finished mock exams (wrong or not answered), in the order asked; None if it is not
    theirs."""
    if visitor is None or not (raw_id.isascii() and raw_id.isdigit()) or len(raw_id) > 18:
        return None
    pk = int(raw_id)
    if not 0 < pk <= MAX_ID:
        return None
    if source == "exam":
        exam = Exam.objects.filter(visitor, pk=pk, finished__isnull=False).first()
        if exam is None:
            return None
        return list(
            exam.items.exclude(correct=True)
            .order_by("position")
            .values_list("question_id", flat=True)
        )
    if source == "practice":
        owner = Practice.objects.filter(visitor, pk=pk).first()
    elif source == "chapter":
        owner = ChapterRound.objects.filter(visitor, pk=pk).first()
    else:
        return None
    if owner is None:
        return None
    ids = [a for a in owner.answer_ids if isinstance(a, int)]
    wrong = dict(
        Answer.objects.filter(visitor, pk__in=ids, correct=False).values_list("pk", "question_id")
    )
    return list(dict.fromkeys(wrong[a] for a in ids if a in wrong))


@require_http_methods(["POST"])
def practice_again(request: HttpRequest) -> HttpResponse:
    """A new practice set of the questions missed in a quiz round, set or mock exam."""
    source = request.POST.get("source", "")
    ids = missed_ids(owner_filter(request), source, request.POST.get("id", ""))
    if ids is None:
        context = {"message": "There is no such quiz, set or exam among yours to practise again."}
        return _page(request, "quiz/practice_missing.html", context, 404)
    active = set(Question.objects.filter(pk__in=ids, active=True).values_list("pk", flat=True))
    ids = [q for q in ids if q in active]
    if not ids:
        context = {"message": "Nothing was missed there (or those questions were retired)."}
        return _page(request, "quiz/practice_missing.html", context, 400)
    criteria = {"again": source, "count": len(ids), "domains": [], "chapters": [], "filters": []}
    practice = Practice.objects.create(**owner_fields(request), question_ids=ids, criteria=criteria)
    return redirect("quiz:practice-set", practice.pk)
