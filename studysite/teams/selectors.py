"""Reads for teams: who may see a team, and the trainer's dashboard.

Everything is computed from what the site already stores – ``quiz.Answer`` (every
answer, whatever the mode), ``progress.ChapterRead``, finished ``quiz.Exam`` rows and
``quiz.ChapterRound`` – in a fixed number of queries whatever the team's size: each
query reads all members' rows at once and Python sums them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, F, Q
from django.http import Http404
from django.urls import reverse

from studysite.chapters.domains import DOMAINS, Domain
from studysite.chapters.loader import Library, chapter_url
from studysite.progress.models import ChapterRead
from studysite.quiz.bank import Bank
from studysite.quiz.models import Answer, ChapterRound, Exam, Practice

from .models import Assignment, AssignmentKind, Team

MOST_MISSED = 10
# Accuracy steps for the heatmap's colours (the pass mark is about 72 %).
STEPS = (50, 65, 75, 85)


def percent(right: int, total: int) -> int:
    return (200 * right + total) // (2 * total) if total else 0


def team_for(*, user: AbstractBaseUser, team_id: int, trainer_only: bool = False) -> Team:
    """The team if ``user`` trains it or belongs to it; otherwise 404, never 403, so a
    stranger cannot even tell that the team exists."""
    if not user.is_authenticated:
        raise Http404
    access = Q(trainer=user) if trainer_only else Q(trainer=user) | Q(memberships__user=user)
    team = Team.objects.filter(access, pk=team_id).select_related("trainer").distinct().first()
    if team is None:
        raise Http404
    return team


def teams_of(*, user: AbstractBaseUser) -> list[Team]:
    """Teams ``user`` trains or belongs to, each annotated with ``member_count``."""
    return list(
        Team.objects.filter(Q(trainer=user) | Q(memberships__user=user))
        .distinct()
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name", "pk")
    )


@dataclass(frozen=True)
class Cell:
    total: int = 0
    right: int = 0

    @property
    def percent(self) -> int:
        return percent(self.right, self.total)

    @property
    def step(self) -> str:
        """The heatmap class: ``none`` without answers, else 0 (weakest) to 4."""
        if not self.total:
            return "none"
        return str(sum(1 for s in STEPS if self.percent >= s))


@dataclass
class Row:
    """One member's figures (or the team's, summed)."""

    user_id: int | None
    name: str
    chapters_read: int = 0
    answered: int = 0
    right: int = 0
    domains: dict[int, Cell] = field(default_factory=dict)
    exams: list[tuple[datetime, int]] = field(default_factory=list)  # (finished, percent)
    done: set[int] = field(default_factory=set)  # assignment ids completed

    @property
    def accuracy(self) -> Cell:
        return Cell(self.answered, self.right)

    @property
    def domain_cells(self) -> list[tuple[Domain, Cell]]:
        return [(d, self.domains.get(n, Cell())) for n, d in DOMAINS.items()]

    @property
    def last_exam(self) -> tuple[datetime, int] | None:
        return self.exams[-1] if self.exams else None


@dataclass(frozen=True)
class Missed:
    question_id: str
    snippet: str
    wrong: int
    total: int
    url: str
    section: str
    chapter_title: str


@dataclass(frozen=True)
class AssignmentStatus:
    assignment: Assignment
    title: str
    url: str
    done: int  # members who completed it
    of: int


@dataclass
class Dashboard:
    team: Team
    members: list[Row]
    total: Row
    missed: list[Missed]
    assignments: list[AssignmentStatus]
    chapters: list[tuple[str, str, Cell]]  # (title, url, the team's answers) in reading order
    domains: list[Domain] = field(default_factory=lambda: list(DOMAINS.values()))

    def row_for(self, user_id: int) -> Row | None:
        return next((r for r in self.members if r.user_id == user_id), None)


def _snippet(bank: Bank, question_id: str, length: int = 110) -> str:
    stem = next((q.stem for q in bank.questions if q.id == question_id), None)
    if stem is None:
        return question_id
    text = " ".join(stem.replace("*", "").replace("`", "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def assignment_target(assignment: Assignment, library: Library) -> tuple[str, str]:
    """(title, url) of what an assignment asks for."""
    if assignment.kind == AssignmentKind.EXAM:
        return "Take a mock exam", "/quiz/exam/"
    if assignment.kind == AssignmentKind.CUSTOM_SET:
        url = reverse("teams:set", args=[assignment.team_id, assignment.pk])
        return f"Question set: {assignment.set_label}", url
    chapter = library.by_slug.get(assignment.chapter)
    title = chapter.title if chapter else assignment.chapter
    if assignment.kind == AssignmentKind.CHAPTER_QUIZ:
        return f"Chapter quiz: {title}", f"/quiz/chapter/{assignment.chapter}/"
    return f"Read: {title}", chapter_url(assignment.chapter)


def _completed(
    assignments: list[Assignment],
    reads: set[tuple[int, str]],
    rounds: list[tuple[int, str, list, list, datetime]],
    exams: list[tuple[int, datetime]],
    sets: set[tuple[int, int]] = frozenset(),
) -> dict[int, set[int]]:
    """user id -> ids of the assignments they completed.

    A chapter counts when it is marked read; a chapter quiz when a round of it, started
    after the assignment, has every question answered; a mock exam when one is finished
    after the assignment was made; a question set when a practice of it (``sets``: user
    id, assignment id) is answered to the end."""
    done: dict[int, set[int]] = {}
    for a in assignments:
        if a.kind == AssignmentKind.CHAPTER:
            users = {u for u, slug in reads if slug == a.chapter}
        elif a.kind == AssignmentKind.CHAPTER_QUIZ:
            users = {
                u
                for u, slug, asked, answered, created in rounds
                if slug == a.chapter and created >= a.created and set(asked) <= set(answered)
            }
        elif a.kind == AssignmentKind.CUSTOM_SET:
            users = {u for u, assignment_id in sets if assignment_id == a.pk}
        else:
            users = {u for u, finished in exams if finished >= a.created}
        for u in users:
            done.setdefault(u, set()).add(a.pk)
    return done


def _sets_done(members: Q, assignments: list[Assignment]) -> set[tuple[int, int]]:
    """(user id, assignment id) for every question-set assignment answered to the end."""
    ids = [a.pk for a in assignments if a.kind == AssignmentKind.CUSTOM_SET]
    if not ids:
        return set()
    return {
        (user_id, criteria.get("assignment"))
        for user_id, criteria, position, question_ids in Practice.objects.filter(
            members, criteria__assignment__in=ids
        ).values_list("user_id", "criteria", "position", "question_ids")
        if position >= len(question_ids)
    }


def dashboard(*, team: Team, library: Library, bank: Bank) -> Dashboard:
    """Per member and for the team: chapters read, answers, accuracy per domain, mock
    exams, assignments done; and the questions the team misses most. Seven queries."""
    memberships = list(team.memberships.select_related("user").order_by("user__username"))
    ids = [m.user_id for m in memberships]
    rows = {m.user_id: Row(m.user_id, m.user.get_username()) for m in memberships}
    members = Q(user_id__in=ids)

    reads = set(ChapterRead.objects.filter(members).values_list("user_id", "chapter"))
    for user_id, _slug in reads:
        rows[user_id].chapters_read += 1

    answers = Answer.objects.filter(members)
    counts = {"total": Count("pk"), "right": Count("pk", filter=Q(correct=True))}
    by_chapter: dict[str, Cell] = {}
    for r in (
        answers.values("user_id", "question__domain", "question__chapter")
        .annotate(**counts)
        .order_by()
    ):
        row = rows[r["user_id"]]
        row.answered += r["total"]
        row.right += r["right"]
        old = row.domains.get(r["question__domain"], Cell())
        row.domains[r["question__domain"]] = Cell(old.total + r["total"], old.right + r["right"])
        old = by_chapter.get(r["question__chapter"], Cell())
        by_chapter[r["question__chapter"]] = Cell(old.total + r["total"], old.right + r["right"])
    chapters = [
        (c.title, c.url, by_chapter[c.slug]) for c in library.chapters if c.slug in by_chapter
    ]

    exams = list(
        Exam.objects.filter(members, finished__isnull=False, correct_count__isnull=False)
        .order_by("finished", "pk")
        .values_list("user_id", "finished", "correct_count", "question_count")
    )
    for user_id, finished, correct, asked in exams:
        rows[user_id].exams.append((finished, percent(correct, asked)))

    assignments = list(team.assignments.all())
    quiz_chapters = {a.chapter for a in assignments if a.kind == AssignmentKind.CHAPTER_QUIZ}
    rounds = list(
        ChapterRound.objects.filter(members, chapter__in=quiz_chapters).values_list(
            "user_id", "chapter", "question_ids", "answered_ids", "created"
        )
    )
    done = _completed(
        assignments,
        reads,
        rounds,
        [(u, f) for u, f, _c, _q in exams],
        _sets_done(members, assignments),
    )
    for user_id, assignment_ids in done.items():
        rows[user_id].done = assignment_ids

    missed = []
    for r in (
        answers.values("question_id", "question__chapter", "question__section")
        .annotate(**counts)
        .annotate(wrong=F("total") - F("right"))
        .filter(wrong__gt=0)
        .order_by("-wrong", "-total", "question_id")[:MOST_MISSED]
    ):
        chapter = library.by_slug.get(r["question__chapter"])
        section = r["question__section"]
        heading = (
            next((s.heading for s in chapter.sections if s.anchor == section), "")
            if chapter
            else ""
        )
        missed.append(
            Missed(
                r["question_id"],
                _snippet(bank, r["question_id"]),
                r["wrong"],
                r["total"],
                f"{chapter_url(r['question__chapter'])}#{section}",
                heading or (chapter.title if chapter else section),
                chapter.title if chapter else r["question__chapter"],
            )
        )

    member_rows = list(rows.values())
    total = Row(None, "Team")
    for row in member_rows:
        total.chapters_read += row.chapters_read
        total.answered += row.answered
        total.right += row.right
        for number, cell in row.domains.items():
            old = total.domains.get(number, Cell())
            total.domains[number] = Cell(old.total + cell.total, old.right + cell.right)
    statuses = [
        AssignmentStatus(
            a,
            *assignment_target(a, library),
            sum(1 for row in member_rows if a.pk in row.done),
            len(member_rows),
        )
        for a in assignments
    ]
    return Dashboard(team, member_rows, total, missed, statuses, chapters)


@dataclass(frozen=True)
class MyAssignment:
    team: Team
    title: str
    url: str
    due: date
    done: bool
    overdue: bool


def assignments_for(
    *, user: AbstractBaseUser, library: Library, today: date, days_past: int = 14
) -> list[MyAssignment]:
    """A member's assignments across their teams (those due from ``days_past`` days ago
    on), with whether each is done. At most four queries."""
    if not user.is_authenticated:
        return []
    assignments = list(
        Assignment.objects.filter(
            team__memberships__user=user, due__gte=today - timedelta(days=days_past)
        ).select_related("team")
    )
    if not assignments:
        return []
    mine = Q(user=user)
    slugs = {a.chapter for a in assignments if a.chapter}
    reads = {
        (user.pk, slug)
        for slug in ChapterRead.objects.filter(mine, chapter__in=slugs).values_list(
            "chapter", flat=True
        )
    }
    rounds = [
        (user.pk, *r)
        for r in ChapterRound.objects.filter(mine, chapter__in=slugs).values_list(
            "chapter", "question_ids", "answered_ids", "created"
        )
    ]
    exams = [
        (user.pk, f)
        for f in Exam.objects.filter(mine, finished__isnull=False).values_list(
            "finished", flat=True
        )
    ]
    sets = _sets_done(mine, assignments)
    done = _completed(assignments, reads, rounds, exams, sets).get(user.pk, set())
    return [
        MyAssignment(
            a.team,
            *assignment_target(a, library),
            a.due,
            a.pk in done,
            a.pk not in done and a.due < today,
        )
        for a in assignments
    ]
