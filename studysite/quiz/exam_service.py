"""The mock exam's rules, on the database: draw, answer, flag, finish, report.

Views only parse requests and render; everything that must hold whatever the client sends
is here. Each write runs in one transaction that starts by bumping the exam's revision
(see :func:`_lock`), so two tabs (or two app servers) saving answers to one exam take
turns, and a submit or a timeout can never interleave with an answer.

Time comes from :func:`now` only, so tests move the clock without sleeping.
"""

from __future__ import annotations

import random
import secrets
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from studysite.chapters.domains import DOMAINS

from .cards import (
    count_error,
    is_correct,
    option_order,
    posted_shuffle,
    question_ref,
    read_indexes,
    shuffle_key,
)
from .models import Answer, Question
from .models_exam import Exam, ExamAnswerEvent, ExamItem, FinishReason
from .ownership import anonymous_token
from .scoring import apportion, judge

EXAM_QUESTIONS = 65
TIME_LIMIT = timedelta(minutes=130)
PACE = TIME_LIMIT / EXAM_QUESTIONS  # two minutes a question


def limit_for(count: int, *, full_time: bool = False) -> timedelta:
    """The clock of an exam of ``count`` questions: the real exam's pace (two minutes a
    question), so a 30-question exam from a small bank gets 60 minutes; or the full 130
    minutes when the learner asks for them."""
    return TIME_LIMIT if full_time else min(TIME_LIMIT, PACE * count)


def time_limit(exam: Exam) -> timedelta:
    """The time an exam was given (its deadline is stored when it starts)."""
    return exam.deadline - exam.started


MAX_ID = 2**63 - 1  # larger ids cannot be looked up (SQLite raises on them)


def now() -> datetime:
    return timezone.now()


class ExamError(Exception):
    """A refused request: ``message`` is shown to the learner; nothing was changed."""

    def __init__(self, message: str, *, exam: Exam | None = None, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.exam, self.status = message, exam, status


NOT_YOURS = "There is no such exam among yours. Start one from the mock exam page."


# --- Drawing ------------------------------------------------------------------------


@dataclass(frozen=True)
class Supply:
    """What the bank can give an exam, per domain, next to what a real exam has."""

    available: dict[int, int]
    planned: dict[int, int]  # what a draw would take now
    full: dict[int, int]  # what a real 65-question exam takes

    @property
    def total(self) -> int:
        return sum(self.planned.values())

    @property
    def complete(self) -> bool:
        return self.total == EXAM_QUESTIONS

    def rows(self) -> list[dict[str, object]]:
        return [
            {
                "domain": DOMAINS[d],
                "available": self.available.get(d, 0),
                "planned": self.planned[d],
                "full": self.full[d],
            }
            for d in sorted(DOMAINS)
        ]


def _weights() -> dict[int, int]:
    return {d: DOMAINS[d].weight for d in sorted(DOMAINS)}


def _pool():
    return Question.objects.filter(active=True, current__isnull=False, domain__in=list(DOMAINS))


def supply() -> Supply:
    counts = Counter(_pool().values_list("domain", flat=True))
    available = {d: counts.get(d, 0) for d in DOMAINS}
    weights = _weights()
    full = apportion(EXAM_QUESTIONS, weights, dict.fromkeys(DOMAINS, EXAM_QUESTIONS))
    return Supply(available, apportion(EXAM_QUESTIONS, weights, available), full)


def draw(
    rng: random.Random | None = None, seen: Mapping[str, datetime] | None = None
) -> list[Question]:
    """Questions for one exam: per domain by weight, at random, then shuffled together.

    ``seen`` maps the ids this learner met in earlier mock exams to when: questions never
    seen come first, and only when a domain runs out are the longest-unseen ones reused,
    so consecutive exams repeat nothing while the bank lasts (six full exams, issue 19).
    """
    rng = rng or random.Random(secrets.randbits(64))  # noqa: S311 - not for secrets
    seen = seen or {}
    by_domain: dict[int, list[str]] = {d: [] for d in DOMAINS}
    for qid, domain in _pool().order_by("id").values_list("id", "domain"):
        by_domain[domain].append(qid)
    plan = apportion(EXAM_QUESTIONS, _weights(), {d: len(v) for d, v in by_domain.items()})
    chosen = [qid for d in sorted(plan) for qid in _pick(by_domain[d], plan[d], seen, rng)]
    rng.shuffle(chosen)
    questions = Question.objects.select_related("current").in_bulk(chosen)
    return [questions[qid] for qid in chosen]


def _pick(ids: list[str], count: int, seen: Mapping[str, datetime], rng: random.Random) -> list:
    fresh = [qid for qid in ids if qid not in seen]
    if len(fresh) >= count:
        return rng.sample(fresh, count)
    reused = sorted((qid for qid in ids if qid in seen), key=lambda q: (seen[q], rng.random()))
    return fresh + reused[: count - len(fresh)]


def seen_in_exams(visitor: Q | None) -> dict[str, datetime]:
    """When this learner last met each question in a mock exam (one query)."""
    if visitor is None:
        return {}
    rows = (
        ExamItem.objects.filter(exam__in=Exam.objects.filter(visitor))
        .values("question_id")
        .annotate(last=Max("exam__started"))
    )
    return {row["question_id"]: row["last"] for row in rows}


# --- Reading ------------------------------------------------------------------------


def owned(visitor: Q | None, exam_id: int) -> Exam:
    if visitor is None or not 0 < exam_id <= MAX_ID:
        raise ExamError(NOT_YOURS, status=404)
    exam = Exam.objects.filter(visitor, pk=exam_id).first()
    if exam is None:
        raise ExamError(NOT_YOURS, status=404)
    return exam


def open_exam(visitor: Q | None) -> Exam | None:
    """This owner's exam in progress, finished first if its time is up."""
    if visitor is None:
        return None
    exam = Exam.objects.filter(visitor, finished__isnull=True).first()
    if exam is not None and expire_if_due(visitor, exam):
        return None
    return exam


def remaining(exam: Exam) -> timedelta:
    return max(timedelta(0), exam.deadline - now()) if exam.in_progress else timedelta(0)


def expire_if_due(visitor: Q | None, exam: Exam) -> bool:
    """Finish an exam whose deadline has passed; True if it is (now) finished."""
    if not exam.in_progress:
        return True
    if now() < exam.deadline:
        return False
    with transaction.atomic():
        locked = _lock(visitor, exam.pk)
        if locked.in_progress:
            _finish(locked, FinishReason.TIME)
    exam.refresh_from_db()
    return True


# --- Writing ------------------------------------------------------------------------


def _lock(visitor: Q | None, exam_id: int) -> Exam:
    """This owner's exam, locked for the rest of the transaction.

    The first statement is a write: on PostgreSQL it takes the row lock (as
    select_for_update would), on SQLite it takes the database's write lock at once, so a
    second writer waits instead of failing when it later tries to upgrade a read lock.
    """
    if visitor is None or not 0 < exam_id <= MAX_ID:
        raise ExamError(NOT_YOURS, status=404)
    if not Exam.objects.filter(visitor, pk=exam_id).update(revision=F("revision") + 1):
        raise ExamError(NOT_YOURS, status=404)
    return Exam.objects.select_for_update().get(pk=exam_id)


def start(
    owner: dict[str, object],
    visitor: Q | None,
    rng: random.Random | None = None,
    *,
    full_time: bool = False,
) -> Exam:
    if open_exam(visitor) is not None:
        raise ExamError(
            "You already have an exam in progress: resume it or submit it before starting another.",
            status=409,
        )
    questions = draw(rng, seen_in_exams(visitor))
    if not questions:
        raise ExamError("The question bank is empty, so there is no exam to take yet.")
    started = now()
    try:
        with transaction.atomic():
            exam = Exam.objects.create(
                **owner,
                started=started,
                deadline=started + limit_for(len(questions), full_time=full_time),
                question_count=len(questions),
            )
            ExamItem.objects.bulk_create(
                ExamItem(
                    exam=exam,
                    position=position,
                    question=question,
                    question_version=question.current,
                    domain=question.domain,
                )
                for position, question in enumerate(questions, start=1)
            )
    except IntegrityError:  # another tab started one at the same moment
        raise ExamError(
            "You already have an exam in progress: resume it or submit it before starting another.",
            status=409,
        ) from None
    return exam


@dataclass
class Saved:
    exam: Exam
    item: ExamItem
    message: str = ""  # "" when the answer and flag were saved; else why the answer was not


def save(
    visitor: Q | None,
    exam_id: int,
    position: int,
    question_id: str,
    post,
) -> Saved:
    """Save one question page: the answer and the flag.

    Any choice of options is saved, a partial one of a multiple-response question
    included (it counts as wrong until it is complete); an empty choice clears a saved
    answer only when the post says it carries the whole page (``shown=1``: a form,
    or an htmx save after a click), so a plain "go to question 5" post keeps it.

    Refusals raise :class:`ExamError` and change nothing, except that an exam whose time
    is up is finished (and the late answer dropped). An answer that cannot be read is
    refused with ``Saved.message`` while the flag, when readable, is still saved: a flag
    is never lost.
    """
    with transaction.atomic():
        exam = _lock(visitor, exam_id)
        if not exam.in_progress:
            raise ExamError(
                "This exam is already finished; that answer was not recorded.", exam=exam
            )
        expired = now() >= exam.deadline
        if expired:
            _finish(exam, FinishReason.TIME)
        else:
            item, message = _save_item(exam, position, question_id, post)
    if expired:
        raise ExamError(
            "Time is up: the exam finished at its deadline and that answer was not "
            "recorded. Your earlier answers were kept.",
            exam=exam,
        )
    return Saved(exam, item, message)


def _save_item(exam: Exam, position: int, question_id: str, post) -> tuple[ExamItem, str]:
    """Validate and store one question page (inside :func:`save`'s transaction)."""
    item = exam.items.select_related("question_version").filter(position=position).first()
    if item is None:
        raise ExamError(f"This exam has no question {position}.", exam=exam)
    if question_id not in (question_ref(item.question_id), item.question_id):
        raise ExamError(
            "That question is not question "
            f"{position} of this exam; nothing was saved. Here it is again.",
            exam=exam,
        )
    flag = post.get("flag", "")
    if flag not in {"", "1"}:
        raise ExamError("The flag could not be read; tick the box or leave it clear.", exam=exam)
    content = item.question_version.content
    shuffle = posted_shuffle(post, exam_shuffle(exam))
    error = ""
    chosen: tuple[int, ...] = ()
    if shuffle is None:
        error = "That answer could not be read; nothing was saved."
    else:
        order = option_order(shuffle, item.question_id, len(content["options"]))
        chosen, error = read_indexes(post, len(content["options"]), order)
        if not error and content["type"] == "single" and len(chosen) > 1:
            error = count_error(content, chosen)
    changed = []
    if item.flagged != (flag == "1"):
        item.flagged = flag == "1"
        changed.append("flagged")
    whole_page = post.get("shown", "") == "1"
    if not error and (chosen or whole_page) and (list(chosen) or None) != item.chosen:
        item.chosen, item.answered = (list(chosen) or None), now()
        changed += ["chosen", "answered"]
        ExamAnswerEvent.objects.create(
            item=item, chosen=list(chosen), flagged=item.flagged, created=item.answered
        )
    if changed:
        item.save(update_fields=changed)
    if error and "flagged" in changed:
        error += " Your flag was saved."
    return item, error


def item_state(item: ExamItem) -> str:
    """'answered', 'incomplete' (a multiple-response question with too few or too many
    options chosen: saved, but scored as wrong) or 'unanswered'."""
    if not item.chosen:
        return "unanswered"
    complete = len(item.chosen) == item.question_version.content["choose"]
    return "answered" if complete else "incomplete"


def exam_shuffle(exam: Exam) -> str:
    """The options' shuffle key of one exam: the same order on every page and in review."""
    return shuffle_key("exam", exam.pk)


def item_order(exam: Exam, item: ExamItem) -> tuple[int, ...]:
    count = len(item.question_version.content["options"])
    return option_order(exam_shuffle(exam), item.question_id, count)


def submit(visitor: Q | None, exam_id: int) -> Exam:
    with transaction.atomic():
        exam = _lock(visitor, exam_id)
        if not exam.in_progress:
            raise ExamError("This exam was already submitted.", exam=exam)
        reason = FinishReason.TIME if now() >= exam.deadline else FinishReason.SUBMITTED
        _finish(exam, reason)
    return exam


def _finish(exam: Exam, reason: str) -> None:
    """Grade every item and hand each answer to the learner's history (call inside _lock).

    Answers are created one by one, not in bulk, so ``post_save`` listeners (history,
    spaced review) see each of them.
    """
    finished = min(now(), exam.deadline)
    correct = 0
    for item in exam.items.select_related("question_version"):
        if item.chosen is None:
            continue
        item.correct = is_correct(item.question_version.content, item.chosen)
        correct += item.correct
        item.save(update_fields=["correct"])
        Answer.objects.create(
            user_id=exam.user_id,
            session_key=exam.session_key,
            question_id=item.question_id,
            question_version_id=item.question_version_id,
            chosen=item.chosen,
            order=list(item_order(exam, item)),
            correct=item.correct,
            created=item.answered or finished,
        )
    exam.finished, exam.finish_reason, exam.correct_count = finished, reason, correct
    exam.save(update_fields=["finished", "finish_reason", "correct_count"])


def close_before_adoption(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver, run before the adoption of anonymous rows.

    An account may have only one exam in progress, so when it already has one, the
    visitor's anonymous exam in progress is submitted as it stands before it is adopted.
    """
    if request is None or user is None:
        return
    token = anonymous_token(request)
    if not token or not Exam.objects.filter(user=user, finished__isnull=True).exists():
        return
    visitor = Q(user__isnull=True, session_key=token)
    for exam in Exam.objects.filter(visitor, finished__isnull=True):
        with transaction.atomic():
            locked = _lock(visitor, exam.pk)
            if locked.in_progress:
                _finish(locked, FinishReason.SUBMITTED)


# --- The report -----------------------------------------------------------------------


@dataclass
class Change:
    position: int
    flagged: bool
    first_correct: bool
    final_correct: bool
    count: int  # answers saved for the item (2 or more)

    @property
    def effect(self) -> str:
        if self.first_correct == self.final_correct:
            return "Still right" if self.final_correct else "Still wrong"
        return "Helped: wrong to right" if self.final_correct else "Hurt: right to wrong"


@dataclass
class Report:
    exam: Exam
    overall: object
    domains: list[dict[str, object]]
    answered: int
    unanswered: int
    flagged: int
    time_used: timedelta
    per_question: timedelta
    limit: timedelta = TIME_LIMIT
    changes: list[Change] = field(default_factory=list)

    @property
    def over_pace(self) -> bool:
        return self.per_question > PACE

    @property
    def helped(self) -> int:
        return sum(1 for c in self.changes if c.effect.startswith("Helped"))

    @property
    def hurt(self) -> int:
        return sum(1 for c in self.changes if c.effect.startswith("Hurt"))


def report(exam: Exam) -> Report:
    items = list(exam.items.all())
    events: dict[int, list[ExamAnswerEvent]] = {}
    for event in ExamAnswerEvent.objects.filter(item__exam=exam).select_related(
        "item__question_version"
    ):
        events.setdefault(event.item_id, []).append(event)
    domains = []
    for number in sorted(DOMAINS):
        mine = [i for i in items if i.domain == number]
        right = sum(1 for i in mine if i.correct)
        domains.append({"domain": DOMAINS[number], "judgement": judge(right, len(mine))})
    right = sum(1 for i in items if i.correct)
    limit = time_limit(exam)
    time_used = (exam.finished or now()) - exam.started
    time_used = max(timedelta(0), min(time_used, limit))
    changes = []
    for item in items:
        # A cleared answer (an empty event) is not an answer given.
        history = [e for e in events.get(item.pk, []) if e.chosen]
        distinct = [e for n, e in enumerate(history) if n == 0 or e.chosen != history[n - 1].chosen]
        if len(distinct) < 2:
            continue
        content = distinct[0].item.question_version.content
        changes.append(
            Change(
                position=item.position,
                flagged=item.flagged or any(e.flagged for e in history),
                first_correct=is_correct(content, distinct[0].chosen),
                final_correct=bool(item.correct),
                count=len(distinct),
            )
        )
    answered = sum(1 for i in items if i.chosen is not None)
    return Report(
        exam=exam,
        overall=judge(right, len(items)),
        domains=domains,
        answered=answered,
        unanswered=len(items) - answered,
        flagged=sum(1 for i in items if i.flagged),
        time_used=time_used,
        per_question=time_used / len(items) if items else timedelta(0),
        limit=limit,
        changes=changes,
    )
