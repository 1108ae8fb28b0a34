"""The chapter quiz: one question at a time, checked on the server, feedback at once.

Works as plain forms without JavaScript; with htmx the answer form posts in place and
only the question card is swapped. Every bad or tampered input gets a clear message and
stores nothing. Plain posts with a bad input answer 400; htmx posts answer 200, because
htmx does not swap 4xx responses and the message must still be seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import F, OuterRef, Q, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from studysite.chapters.loader import Chapter, chapter_url, get_library

from . import render as markdown
from .models import Answer, Confidence, Question, QuestionVersion
from .ownership import owner_fields, owner_filter

QUESTION_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
INDEX_RE = re.compile(r"^[0-9]{1,2}$")
MAX_CHOSEN = 10
_RENDERED: dict[str, dict] = {}
_RENDERED_MAX = 1024


def rendered(version: QuestionVersion) -> dict:
    """A version's markdown as HTML, once per content hash (content never changes)."""
    html = _RENDERED.get(version.content_hash)
    if html is None:
        content = version.content
        html = {
            "stem": markdown.render(content["stem"]),
            "options": [
                {
                    "text": markdown.render_inline(o["text"]),
                    "explanation": markdown.render(o["explanation"]),
                }
                for o in content["options"]
            ],
        }
        if len(_RENDERED) >= _RENDERED_MAX:
            _RENDERED.clear()
        _RENDERED[version.content_hash] = html
    return html


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

    def context(self) -> dict[str, object]:
        chapter = self.chapter
        context: dict[str, object] = {
            "chapter": chapter,
            "action": reverse("quiz:chapter", args=[chapter.slug]),
            "message": self.message,
            "answer": self.answer,
            "confidence": self.confidence,
            "confidence_choices": Confidence.choices,
        }
        if self.question is not None:
            version = self.question.current
            content = version.content
            html = rendered(version)
            headings = {s.anchor: s.heading for s in chapter.sections}
            section = content["section"]
            context["q"] = {
                "id": self.question.id,
                "version": version.number,
                "type": content["type"],
                "choose": content["choose"],
                "stem": html["stem"],
                "options": [
                    {
                        "index": index,
                        "text": option_html["text"],
                        "explanation": option_html["explanation"],
                        "correct": option["correct"],
                        "chosen": index in self.chosen,
                    }
                    for index, (option, option_html) in enumerate(
                        zip(content["options"], html["options"], strict=True)
                    )
                ],
                "references": content["references"],
                "section_url": f"{chapter_url(chapter.slug)}#{section}",
                "section_title": headings.get(section) or chapter.title,
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


def _parse_choice(request: HttpRequest, content: dict) -> tuple[tuple[int, ...], str, str]:
    """(chosen indexes, confidence, error message or "") from the posted form."""
    raw = request.POST.getlist("option")
    count = len(content["options"])
    if len(raw) > MAX_CHOSEN or not all(INDEX_RE.match(v) for v in raw):
        return (), "", "That answer could not be read. Choose from the options shown."
    chosen = tuple(sorted({int(v) for v in raw}))
    valid = tuple(i for i in chosen if i < count)
    if len(valid) != len(chosen) or len(chosen) != len(raw):
        return valid, "", "That answer could not be read. Choose from the options shown."
    confidence = request.POST.get("confidence", "")
    if confidence not in {"", *Confidence.values}:
        return chosen, "", "Say whether you are sure or unsure, or leave it blank."
    choose = content["choose"]
    if not chosen:
        wanted = "an answer" if choose == 1 else f"{choose} answers"
        return chosen, confidence, f"Choose {wanted} first."
    if len(chosen) != choose:
        wanted = "only one answer" if choose == 1 else f"exactly {choose} answers"
        return chosen, confidence, f"Choose {wanted}; you chose {len(chosen)}."
    return chosen, confidence, ""


def _answer(request: HttpRequest, chapter: Chapter) -> HttpResponse:
    qid = request.POST.get("question", "")
    question = None
    if len(qid) <= 80 and QUESTION_ID_RE.match(qid):
        question = (
            Question.objects.filter(pk=qid, chapter=chapter.slug).select_related("current").first()
        )
    if question is None or question.current is None:
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
            ),
        )
    chosen, confidence, error = _parse_choice(request, content)
    if error:
        return _bad(request, Card(chapter, question, error, chosen, confidence))
    correct = set(chosen) == {i for i, o in enumerate(content["options"]) if o["correct"]}
    answer = Answer.objects.create(
        **owner_fields(request),
        question=question,
        question_version=question.current,
        chosen=list(chosen),
        correct=correct,
        confidence=confidence or None,
    )
    return _respond(request, Card(chapter, question, "", chosen, confidence, answer))


@require_http_methods(["GET", "POST"])
def chapter_quiz(request: HttpRequest, slug: str) -> HttpResponse:
    chapter = get_library().by_slug.get(slug)
    if chapter is None:
        raise Http404("No such chapter.")
    if request.method == "POST":
        return _answer(request, chapter)
    return _respond(request, Card(chapter, next_question(request, slug)))
