"""Every attempt one owner made: chapter quizzes, practice sets, mock exams, reviews and
live sessions.

A mock exam and a practice set are rows of their own (``quiz.Exam``, ``quiz.Practice``);
chapter quizzes, reviews and live sessions are not here (a live session is teams' row,
which this app does not import), so an attempt there is one chapter's quiz answers on one
day, one day's review answers, or one live session's answers (which kind each answer was,
and which session, is recorded by :mod:`.sources`). Three queries whatever the history's
size: the exams, the practice sets, and the answers grouped by kind, set, exam or session,
chapter and day (each group with its count, right answers, first and last time), so a
practice set's time, every chapter sitting and every live session come from that one
grouped scan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import CharField, Count, Max, Min, Q
from django.db.models.functions import Cast, Substr, TruncDate
from django.urls import reverse

from studysite.chapters.loader import get_library
from studysite.quiz.models import Answer, Exam, Practice
from studysite.quiz.scoring import duration_text

from .attempt_review import attempt_url
from .charts import percent
from .models import Mode

PAGE_SIZE = 20


@dataclass(frozen=True)
class Attempt:
    mode: str
    started: datetime
    answered: int  # questions answered
    correct: int | None  # None: not scored yet (an exam in progress)
    size: int  # questions in the set or exam (answered, for quizzes and reviews)
    seconds: float | None  # from the start to the last answer (or the end of an exam)
    url: str = ""  # where to see it: an exam's report, a practice set, the attempt's answers
    where: str = ""  # the chapter, for a chapter quiz
    in_progress: bool = False
    # The live session's id, for a live attempt: its title is teams' to add (the history
    # template's {% live_session_titles %}), as this app never imports teams.
    ref: int | None = None

    @property
    def label(self) -> str:
        return Mode(self.mode).label

    @property
    def percent(self) -> int | None:
        return None if self.correct is None else percent(self.correct, self.size)

    @property
    def time(self) -> str:
        return "–" if self.seconds is None else duration_text(self.seconds)


@dataclass
class Attempts:
    all: list[Attempt]
    exams: list[Attempt]  # finished mock exams, oldest first, for the chart
    page: Page


def _day(field: str):
    """The UTC day of a datetime column, as something to group by.

    SQLite has no native date type: Django's TruncDate there calls a Python function for
    every row (about 60 ms for 10,000 answers), while the stored text's first ten
    characters already are the UTC date (Django stores datetimes in UTC, ISO 8601). Other
    databases truncate natively.
    """
    if connection.vendor == "sqlite":
        return Substr(Cast(field, output_field=CharField()), 1, 10)
    return TruncDate(field)


def _grouped(visitor: Q) -> list[dict]:
    return list(
        Answer.objects.filter(visitor)
        .values("source__mode", "source__ref", "question__chapter", day=_day("created"))
        .annotate(
            total=Count("id"),
            right=Count("id", filter=Q(correct=True)),
            first=Min("created"),
            last=Max("created"),
        )
        .order_by()
    )


def _merge(groups: dict, key: object, row: dict) -> None:
    entry = groups.get(key)
    if entry is None:
        groups[key] = {k: row[k] for k in ("total", "right", "first", "last")}
        return
    entry["total"] += row["total"]
    entry["right"] += row["right"]
    entry["first"] = min(entry["first"], row["first"])
    entry["last"] = max(entry["last"], row["last"])


def build_attempts(visitor: Q | None, page_number: object = 1) -> Attempts:
    if visitor is None:
        return Attempts([], [], Paginator([], PAGE_SIZE).get_page(1))
    library = get_library()
    chapters: dict[tuple[str, object], dict] = {}
    reviews: dict[object, dict] = {}
    practice_answers: dict[int, dict] = {}
    live: dict[object, dict] = {}
    for row in _grouped(visitor):
        mode = row["source__mode"]
        if mode is None:
            _merge(chapters, (row["question__chapter"], row["day"]), row)
        elif mode == Mode.REVIEW:
            _merge(reviews, row["day"], row)
        elif mode == Mode.PRACTICE and row["source__ref"] is not None:
            _merge(practice_answers, row["source__ref"], row)
        elif mode == Mode.LIVE:
            _merge(live, row["source__ref"], row)

    attempts: list[Attempt] = []
    finished_exams: list[Attempt] = []
    for exam in Exam.objects.filter(visitor).only(
        "id", "started", "finished", "question_count", "correct_count"
    ):
        done = exam.finished is not None
        attempt = Attempt(
            Mode.EXAM,
            exam.started,
            exam.question_count if done else 0,
            exam.correct_count if done else None,
            exam.question_count,
            (exam.finished - exam.started).total_seconds() if done else None,
            reverse("quiz:exam-report" if done else "quiz:exam-resume", args=[exam.pk]),
            in_progress=not done,
        )
        attempts.append(attempt)
        if done:
            finished_exams.append(attempt)
    for practice in Practice.objects.filter(visitor).only(
        "id", "created", "position", "correct", "question_ids"
    ):
        answered = practice_answers.get(practice.pk)
        size = len(practice.question_ids)
        seconds = (answered["last"] - practice.created).total_seconds() if answered else None
        attempts.append(
            Attempt(
                Mode.PRACTICE,
                practice.created,
                practice.position,
                practice.correct,
                size,
                max(0.0, seconds) if seconds is not None else None,
                reverse("quiz:practice-set", args=[practice.pk]),
                in_progress=practice.position < size,
            )
        )
    for (slug, day), row in chapters.items():
        chapter = library.by_slug.get(slug)
        attempts.append(
            Attempt(
                Mode.CHAPTER,
                row["first"],
                row["total"],
                row["right"],
                row["total"],
                (row["last"] - row["first"]).total_seconds(),
                attempt_url(Mode.CHAPTER, day, slug) or (chapter.url if chapter else ""),
                chapter.title if chapter else slug,
            )
        )
    for day, row in reviews.items():
        attempts.append(
            Attempt(
                Mode.REVIEW,
                row["first"],
                row["total"],
                row["right"],
                row["total"],
                (row["last"] - row["first"]).total_seconds(),
                attempt_url(Mode.REVIEW, day) or reverse("progress:review"),
            )
        )
    for ref, row in live.items():
        attempts.append(
            Attempt(
                Mode.LIVE,
                row["first"],
                row["total"],
                row["right"],
                row["total"],
                (row["last"] - row["first"]).total_seconds(),
                attempt_url(Mode.LIVE, row["first"], ref=ref),
                ref=ref,
            )
        )
    attempts.sort(key=lambda a: a.started, reverse=True)
    finished_exams.sort(key=lambda a: a.started)
    page = Paginator(attempts, PAGE_SIZE).get_page(page_number)
    return Attempts(attempts, finished_exams, page)
