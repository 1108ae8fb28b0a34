"""One past chapter-quiz, review or live-session attempt, answer by answer, as it was
answered.

Mock exams and practice sets have pages of their own (the exam's score report, the set's
summary); a chapter quiz attempt, a review attempt and a live-session attempt are not rows
(see :mod:`.attempts`): one chapter's quiz answers on one UTC day, one UTC day's review
answers, or one learner's answers labelled with one live session's id (``AnswerSource.ref``;
the session itself is teams' row, which this app never imports). This page finds them again
with the same rules, in one query whatever the attempt's size, and shows each answer through
the quiz's own feedback partial with the question version that was answered, not the
current one.

The URL is untrusted: a malformed day, slug or session id, a day out of range, or an attempt
this visitor has no answers in is a 404, the same answer as for someone else's attempt, so
the page never tells whether another owner answered anything then.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Q
from django.urls import NoReverseMatch, reverse

from studysite.chapters.loader import get_library
from studysite.quiz.cards import question_view
from studysite.quiz.models import Answer

from .charts import percent
from .models import Mode

DAY_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,100}$")
# A live session's id as the history links it: no sign, no leading zero, and at most 18
# digits, so it always fits the 64-bit ``AnswerSource.ref`` column and the database never
# sees a number it cannot hold.
REF_RE = re.compile(r"^[1-9][0-9]{0,17}$")


@dataclass(frozen=True)
class ReviewedAnswer:
    number: int
    # None: a question of a live session this learner did not answer (teams adds those in
    # their place, see ``{% live_session_questions %}``); never in ``AttemptReview.answers``.
    answer: Answer | None
    q: dict  # cards.question_view of the version answered (or asked), with what was chosen
    changed: bool  # the question has a newer version than the one answered
    # When a live session's question still being asked was answered (teams adds it, with
    # ``answer`` None and ``q`` holding the stem, the options and the choice only): the
    # page says it was recorded, with no verdict, key or explanation until the reveal.
    recorded: datetime | None = None

    @property
    def pending(self) -> bool:
        return self.recorded is not None

    @property
    def correct(self) -> bool | None:
        """The verdict; None for a question not answered (the feedback partial says so)."""
        return None if self.answer is None else self.answer.correct


@dataclass(frozen=True)
class AttemptReview:
    mode: str
    day: date
    title: str  # "Chapter quiz: S3 basics" or "Review"
    back_url: str  # the chapter's page, or the review queue
    back_label: str
    answers: list[ReviewedAnswer]
    ref: int | None = None  # the live session's id, for a live attempt

    @property
    def total(self) -> int:
        return len(self.answers)

    @property
    def correct(self) -> int:
        return sum(1 for a in self.answers if a.correct)

    @property
    def percent(self) -> int:
        return percent(self.correct, self.total)

    @property
    def first(self) -> datetime:
        return self.answers[0].answer.created

    @property
    def last(self) -> datetime:
        return self.answers[-1].answer.created


def parse_day(raw: object) -> date | None:
    """A YYYY-MM-DD day whose whole UTC span is representable, or None."""
    if not isinstance(raw, str) or not DAY_RE.match(raw):
        return None
    try:
        day = date(int(raw[:4]), int(raw[5:7]), int(raw[8:]))
    except ValueError:  # 2024-02-30, month 13, year 0
        return None
    return None if day == date.max else day  # the day's end must exist too


def valid_slug(raw: object) -> bool:
    return isinstance(raw, str) and bool(SLUG_RE.match(raw))


def parse_ref(raw: object) -> int | None:
    """A live session's id from the URL, or None. ``str.isdigit`` would let Unicode digits
    through ('١'); the pattern takes ASCII ones only."""
    if not isinstance(raw, str) or not REF_RE.match(raw):
        return None
    return int(raw)


def attempt_url(mode: str, day: object, slug: str = "", ref: object = None) -> str:
    """The page of a chapter, review or live attempt ('' when it cannot have one).

    ``day`` is the grouping key of :mod:`.attempts`: text on SQLite, a date elsewhere;
    ``ref`` a live session's id.
    """
    text = day.isoformat() if isinstance(day, date) else str(day)[:10]
    try:
        if mode == Mode.LIVE:
            return reverse("progress:attempt-live", args=[ref]) if ref is not None else ""
        if mode == Mode.CHAPTER:
            return reverse("progress:attempt-chapter", args=[slug, text])
        if mode == Mode.REVIEW:
            return reverse("progress:attempt-review", args=[text])
    except NoReverseMatch:  # a slug the URL cannot carry
        return ""
    return ""


def _answers(visitor: Q, kind: Q, day: date | None = None) -> list[Answer]:
    """This owner's answers of one kind, on one UTC day when ``day`` is given."""
    when = Q()
    if day is not None:
        start = datetime.combine(day, time.min, tzinfo=UTC)
        when = Q(created__gte=start, created__lt=start + timedelta(days=1))
    return list(
        Answer.objects.filter(visitor, kind, when)
        .select_related("question", "question_version")
        .order_by("created", "pk")
    )


def _reviewed(answers: list[Answer]) -> list[ReviewedAnswer]:
    return [
        ReviewedAnswer(
            number,
            answer,
            question_view(
                answer.question_id, answer.question_version, answer.chosen, order=answer.order
            ),
            answer.question.current_id not in (None, answer.question_version_id),
        )
        for number, answer in enumerate(answers, start=1)
    ]


def chapter_attempt(visitor: Q | None, slug: object, raw_day: object) -> AttemptReview | None:
    """This owner's chapter-quiz answers for ``slug`` on ``raw_day``, or None (a 404)."""
    day = parse_day(raw_day)
    if visitor is None or day is None or not valid_slug(slug):
        return None
    # As in .attempts: a chapter quiz answer has no source row, and its chapter is the
    # question's (current) chapter.
    answers = _answers(visitor, Q(source__isnull=True, question__chapter=slug), day)
    if not answers:
        return None
    chapter = get_library().by_slug.get(slug)
    return AttemptReview(
        Mode.CHAPTER,
        day,
        f"{Mode.CHAPTER.label}: {chapter.title if chapter else slug}",
        chapter.url if chapter else "",
        "The chapter",
        _reviewed(answers),
    )


def review_attempt(visitor: Q | None, raw_day: object) -> AttemptReview | None:
    """This owner's review answers on ``raw_day``, or None (a 404)."""
    day = parse_day(raw_day)
    if visitor is None or day is None:
        return None
    answers = _answers(visitor, Q(source__mode=Mode.REVIEW), day)
    if not answers:
        return None
    return AttemptReview(
        Mode.REVIEW,
        day,
        Mode.REVIEW.label,
        reverse("progress:review"),
        "What is due for review now",
        _reviewed(answers),
    )


def live_attempt(visitor: Q | None, raw_ref: object) -> AttemptReview | None:
    """This owner's answers in the live session ``raw_ref``, or None (a 404).

    Only the answers :mod:`.sources` labelled with that session, so another participant's
    answers in the same session never show. The day is the first answer's (UTC); the
    session's title is teams' to add (``{% live_session_title %}`` in the template).
    """
    ref = parse_ref(raw_ref)
    if visitor is None or ref is None:
        return None
    answers = _answers(visitor, Q(source__mode=Mode.LIVE, source__ref=ref))
    if not answers:
        return None
    return AttemptReview(
        Mode.LIVE,
        answers[0].created.astimezone(UTC).date(),
        Mode.LIVE.label,
        "",
        "",
        _reviewed(answers),
        ref=ref,
    )
