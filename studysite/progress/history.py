"""One owner's answer history, aggregated in the database.

Every figure on the history page comes from a fixed set of grouped queries (answers per
day; answers per question and confidence, from which the domain, chapter, calibration
and most-missed figures are summed; one page of recent answers and its count), so the
page costs the same number of queries for ten answers or ten thousand (tests assert it),
and each query scans the owner's answers once. Question text and section headings come
from the question files and the chapters (cached per process), never from extra queries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.db.models.functions import TruncDate

from studysite.chapters.domains import DOMAINS
from studysite.chapters.loader import Library, chapter_url, get_library
from studysite.quiz.bank import Bank, get_bank
from studysite.quiz.models import Answer, Confidence

from .charts import Day, Tally

DAYS = 30
PAGE_SIZE = 20
MOST_MISSED = 10
SNIPPET = 140
TABLE_SNIPPET = 80
_MARKUP = re.compile(r"[`*_#>\[\]]+|\s+")


def _counts() -> dict[str, Count]:
    return {"total": Count("id"), "right": Count("id", filter=Q(correct=True))}


@dataclass(frozen=True)
class Missed:
    question_id: str
    text: str
    misses: int
    total: int
    url: str
    section: str
    chapter: str


@dataclass(frozen=True)
class RecentAnswer:
    answer: Answer
    text: str
    url: str
    section: str


@dataclass
class History:
    total: int
    correct: int
    days: list[Day]
    domains: list[Tally]
    chapters: list[Tally]
    calibration: list[Tally]
    missed: list[Missed]
    page: Page | None

    @property
    def wrong(self) -> int:
        return self.total - self.correct

    def tally(self, key: object) -> Tally | None:
        return next((t for t in self.calibration if t.key == key), None)


class _Texts:
    """Question snippets from the bank and section links from the library, per request."""

    def __init__(self, bank: Bank, library: Library) -> None:
        self.stems = {q.id: q.stem for q in bank.questions}
        self.library = library

    def snippet(self, question_id: str, length: int = SNIPPET) -> str:
        stem = self.stems.get(question_id)
        if stem is None:
            return question_id  # retired: the id is all that is left to show
        text = _MARKUP.sub(" ", stem).strip()
        return text if len(text) <= length else text[: length - 1].rstrip() + "…"

    def section(self, slug: str, anchor: str) -> tuple[str, str, str]:
        """(url, section heading, chapter title) of the section that teaches a question."""
        chapter = self.library.by_slug.get(slug)
        if chapter is None:
            return chapter_url(slug), anchor, slug
        heading = next((s.heading for s in chapter.sections if s.anchor == anchor), "")
        return f"{chapter_url(slug)}#{anchor}", heading or chapter.title, chapter.title


def build_history(visitor: Q | None, today: date, page_number: object = 1) -> History:
    if visitor is None:  # an anonymous visitor who never answered: nothing to ask for
        days = [Day(today - timedelta(days=DAYS - 1 - i), 0, 0) for i in range(DAYS)]
        return History(0, 0, days, _domains({}), [], _calibration({}), [], None)
    answers = Answer.objects.filter(visitor)
    texts = _Texts(get_bank(), get_library())

    start = today - timedelta(days=DAYS - 1)
    per_day = {
        row["day"]: row
        for row in answers.filter(created__gte=datetime.combine(start, time.min, tzinfo=UTC))
        .annotate(day=TruncDate("created"))
        .values("day")
        .annotate(**_counts())
        .order_by()
    }
    days = []
    for i in range(DAYS):
        day = start + timedelta(days=i)
        row = per_day.get(day, {"total": 0, "right": 0})
        days.append(Day(day, row["total"], row["right"]))

    # One pass over the owner's answers, grouped by question and confidence (at most
    # three rows per question); domains, chapters, calibration and the most-missed list
    # are sums of these rows.
    by_domain: dict[int, dict[str, int]] = {}
    by_chapter: dict[str, dict[str, int]] = {}
    by_confidence: dict[str | None, dict[str, int]] = {}
    by_question: dict[str, dict] = {}
    for row in (
        answers.values(
            "question_id",
            "question__domain",
            "question__chapter",
            "question__section",
            "confidence",
        )
        .annotate(**_counts())
        .order_by()
    ):
        for groups, key in (
            (by_domain, row["question__domain"]),
            (by_chapter, row["question__chapter"]),
            (by_confidence, row["confidence"]),
        ):
            tally = groups.setdefault(key, {"total": 0, "right": 0})
            tally["total"] += row["total"]
            tally["right"] += row["right"]
        question = by_question.setdefault(row["question_id"], {**row, "total": 0, "right": 0})
        question["total"] += row["total"]
        question["right"] += row["right"]
    domains = _domains(by_domain)
    total = sum(row["total"] for row in by_domain.values())
    correct = sum(row["right"] for row in by_domain.values())

    chapters = []
    for chapter in texts.library.chapters:  # in reading order
        row = by_chapter.pop(chapter.slug, None)
        if row:
            chapters.append(
                Tally(chapter.slug, chapter.title, row["total"], row["right"], chapter.url)
            )
    for slug, row in sorted(by_chapter.items()):  # chapters removed since
        chapters.append(Tally(slug, slug, row["total"], row["right"]))

    missed = []
    worst = sorted(
        (q for q in by_question.values() if q["total"] > q["right"]),
        key=lambda q: (q["right"] - q["total"], -q["total"], q["question_id"]),
    )
    for row in worst[:MOST_MISSED]:
        url, section, chapter_title = texts.section(
            row["question__chapter"], row["question__section"]
        )
        missed.append(
            Missed(
                row["question_id"],
                texts.snippet(row["question_id"]),
                row["total"] - row["right"],
                row["total"],
                url,
                section,
                chapter_title,
            )
        )

    page = None
    if total:
        recent = answers.select_related("question").order_by("-created", "-pk")
        page = Paginator(recent, PAGE_SIZE).get_page(page_number)
        page.object_list = [
            RecentAnswer(
                a,
                texts.snippet(a.question_id, TABLE_SNIPPET),
                *texts.section(a.question.chapter, a.question.section)[:2],
            )
            for a in page.object_list
        ]
    return History(
        total, correct, days, domains, chapters, _calibration(by_confidence), missed, page
    )


def _domains(rows: dict) -> list[Tally]:
    return [
        Tally(
            number,
            d.label,
            rows.get(number, {}).get("total", 0),
            rows.get(number, {}).get("right", 0),
        )
        for number, d in DOMAINS.items()
    ]


def _calibration(rows: dict) -> list[Tally]:
    labels = [
        (Confidence.SURE.value, "Sure"),
        (Confidence.UNSURE.value, "Unsure"),
        (None, "Not said"),
    ]
    return [
        Tally(key, label, rows.get(key, {}).get("total", 0), rows.get(key, {}).get("right", 0))
        for key, label in labels
    ]
