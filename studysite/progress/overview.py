"""A learner's progress at a glance, for home: answers per exam domain and where they
were last busy. Two small queries, run only for a visitor who owns rows (home is shared
by everyone else: studysite/shared_pages/).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q

from studysite.quiz.models import Answer

from .charts import percent
from .models import ChapterRead


@dataclass(frozen=True)
class DomainScore:
    total: int
    correct: int

    @property
    def percent(self) -> int:
        return percent(self.correct, self.total)


@dataclass(frozen=True)
class LastActivity:
    """The learner's latest step: a question answered (with the section it teaches) or a
    chapter marked read."""

    chapter: str
    section: str
    kind: str  # "answer" or "read"
    when: datetime


def domain_scores(visitor: Q) -> dict[int, DomainScore]:
    """Answers and right answers per exam domain (one grouped query)."""
    rows = (
        Answer.objects.filter(visitor)
        .values("question__domain")
        .annotate(total=Count("id"), right=Count("id", filter=Q(correct=True)))
        .order_by()
    )
    return {row["question__domain"]: DomainScore(row["total"], row["right"]) for row in rows}


def last_activity(visitor: Q) -> LastActivity | None:
    """The latest answer or chapter marked read, whichever is newer (two indexed queries)."""
    answer = (
        Answer.objects.filter(visitor)
        .order_by("-created")
        .values_list("question__chapter", "question__section", "created")
        .first()
    )
    read = (
        ChapterRead.objects.filter(visitor).order_by("-created").values_list("chapter", "created")
    ).first()
    candidates = []
    if answer is not None:
        candidates.append(LastActivity(answer[0], answer[1], "answer", answer[2]))
    if read is not None:
        candidates.append(LastActivity(read[0], "", "read", read[1]))
    return max(candidates, key=lambda a: a.when, default=None)
