"""Reads for live sessions: choosing questions, and what each screen shows.

Screens are drawn from a :class:`Snapshot` of one session version: the question as shown
(options in the session's one order, so letters on the projector match the phones), and
once answers are closed, the distribution and the leaderboard. A process keeps the last
snapshots, so the 100 phones one process serves after "next" cost one read, not 100.

Afterwards, :func:`session_questions` gives a learner's page of the session (progress's
``/history/attempt/live/ID/``) every question asked, the ones they did not answer included.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from studysite.progress.attempt_review import ReviewedAnswer
from studysite.quiz.bank import Bank
from studysite.quiz.cards import option_order, plain_text, question_ref, question_view, shuffle_key
from studysite.quiz.models import Question, QuestionVersion

from .models import LiveAnswer, LiveSession, Participant, Phase
from .services import version_for

LETTERS = "ABCDEFGHIJ"
LEADERBOARD_SIZE = 10


# --- Choosing questions ------------------------------------------------------------------


def questions_matching(
    *, bank: Bank, chapter: str = "", domain: int | None = None, task: str = ""
) -> list[str]:
    """Active question ids of a chapter and/or domain and/or task, in bank order."""
    active = set(Question.objects.filter(active=True).values_list("pk", flat=True))
    return [
        q.id
        for q in bank.questions
        if q.id in active
        and (not chapter or q.chapter == chapter)
        and (domain is None or q.domain == domain)
        and (not task or q.task == task)
    ]


def questions_by_refs(refs: Iterable[str]) -> tuple[list[str], list[str]]:
    """Question ids for pasted references or ids (as question pages show them), and the
    entries that name no active question."""
    wanted = [r for r in refs if r]
    by_ref = {
        question_ref(qid): qid
        for qid in Question.objects.filter(active=True).values_list("pk", flat=True)
    }
    ids, unknown = [], []
    for raw in wanted:
        qid = by_ref.get(raw) or (raw if raw in by_ref.values() else None)
        (ids if qid else unknown).append(qid or raw)
    return ids, unknown


def tasks_in(bank: Bank) -> list[str]:
    return sorted(
        {q.task for q in bank.questions if q.task}, key=lambda t: tuple(map(int, t.split(".")))
    )


def sessions_of(*, trainer) -> list[LiveSession]:
    return list(
        LiveSession.objects.filter(trainer=trainer)
        .annotate(joined=Count("participants"))
        .order_by("-created", "-pk")[:20]
    )


# --- Snapshots ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    letter: str
    text: str
    count: int
    percent: int
    correct: bool


@dataclass(frozen=True)
class Standing:
    rank: int
    participant_id: int
    name: str
    right: int
    seconds: float


@dataclass
class Snapshot:
    session: LiveSession
    question: dict | None = None
    order: tuple[int, ...] = ()
    answers: dict[int, tuple[tuple[int, ...], bool]] = field(default_factory=dict)
    bars: list[Bar] = field(default_factory=list)
    answered: int = 0
    standings: list[Standing] = field(default_factory=list)

    def standing_of(self, participant_id: int) -> Standing | None:
        return next((s for s in self.standings if s.participant_id == participant_id), None)


def live_question(session: LiveSession, index: int) -> tuple[dict, tuple[int, ...]]:
    """Question ``index`` as shown in ``session`` (one option order per session question)."""
    qid = session.question_ids[index]
    version = version_for(session.version_ids[index])
    shuffle = shuffle_key("live", session.pk)
    order = option_order(shuffle, qid, len(version.content["options"]))
    view = question_view(qid, version, (), shuffle, order)
    for option in view["options"]:
        option["letter"] = LETTERS[option["index"]]
    view["number"] = index + 1
    return view, order


def bars_for(
    question: dict, order: tuple[int, ...], chosen_lists: Iterable[Iterable[int]]
) -> list[Bar]:
    """The answer distribution in display order (each option chosen counts once)."""
    counts: Counter[int] = Counter()
    answered = 0
    for chosen in chosen_lists:
        answered += 1
        counts.update(set(chosen))
    bars = []
    for option in question["options"]:
        file_index = order[option["index"]]
        n = counts[file_index]
        percent = round(100 * n / answered) if answered else 0
        bars.append(
            Bar(option["letter"], plain_text(option["text"]), n, percent, option["correct"])
        )
    return bars


def standings(session: LiveSession, limit: int | None = None) -> list[Standing]:
    """Everyone ranked: most right first, then the least time taken over the right answers
    (so not answering is never faster than answering), then who joined first."""
    rows = (
        Participant.objects.filter(session=session)
        .annotate(
            right=Count("answers", filter=Q(answers__correct=True)),
            total_ms=Coalesce(Sum("answers__elapsed_ms", filter=Q(answers__correct=True)), 0),
        )
        .order_by("-right", "total_ms", "joined", "pk")
        .values_list("pk", "name", "right", "total_ms")
    )
    if limit is not None:
        rows = rows[:limit]
    return [
        Standing(n, pk, name, right, round(ms / 1000, 1))
        for n, (pk, name, right, ms) in enumerate(rows, start=1)
    ]


def build_snapshot(session: LiveSession) -> Snapshot:
    snap = Snapshot(session)
    if 0 <= session.index < session.total and session.phase != Phase.LOBBY:
        snap.question, snap.order = live_question(session, session.index)
        if session.phase != Phase.QUESTION:  # answers are closed: safe to share
            rows = LiveAnswer.objects.filter(session=session, index=session.index).values_list(
                "participant_id", "chosen", "correct"
            )
            snap.answers = {pid: (tuple(chosen), correct) for pid, chosen, correct in rows}
            snap.answered = len(snap.answers)
            snap.bars = bars_for(snap.question, snap.order, (a[0] for a in snap.answers.values()))
    if session.phase in (Phase.LEADERBOARD, Phase.ENDED):
        snap.standings = standings(session)
    return snap


# Keyed by id, code and version: an id alone can come back (a test database rolled back,
# a database recreated) while this process still remembers the old session.
_SNAPSHOTS: dict[tuple[int, str, int], Snapshot] = {}
_SNAP_LOCK = threading.Lock()


def cached_snapshot(session_id: int, code: str, version: int) -> Snapshot | None:
    """This process's snapshot of that version, if it has one (no query)."""
    return _SNAPSHOTS.get((session_id, code, version))


def snapshot(session_id: int, session: LiveSession | None = None) -> Snapshot | None:
    """The session's current snapshot (read fresh unless ``session`` was just read;
    built once per version per process)."""
    if session is None:
        session = LiveSession.objects.filter(pk=session_id).first()
    if session is None:
        return None
    key = (session.pk, session.code, session.version)
    snap = _SNAPSHOTS.get(key)
    if snap is None:
        snap = build_snapshot(session)
        with _SNAP_LOCK:
            if len(_SNAPSHOTS) > 256:
                _SNAPSHOTS.clear()
            _SNAPSHOTS[key] = snap
    return snap


def counts(session: LiveSession) -> tuple[int, int]:
    """(participants joined, answers to the current question)."""
    joined = Participant.objects.filter(session=session).count()
    answered = (
        LiveAnswer.objects.filter(session=session, index=session.index).count()
        if session.index >= 0
        else 0
    )
    return joined, answered


def own_answer(session: LiveSession, participant_id: int) -> tuple[tuple[int, ...], bool] | None:
    row = (
        LiveAnswer.objects.filter(
            session=session, index=session.index, participant_id=participant_id
        )
        .values_list("chosen", "correct")
        .first()
    )
    return (tuple(row[0]), row[1]) if row else None


# --- The end: a summary per question -----------------------------------------------------


@dataclass(frozen=True)
class SummaryRow:
    number: int
    stem: str
    answered: int
    right: int
    bars: list[Bar]
    right_letters: str

    @property
    def percent(self) -> int:
        return round(100 * self.right / self.answered) if self.answered else 0


def summary(session: LiveSession) -> list[SummaryRow]:
    by_index: dict[int, list[tuple[list[int], bool]]] = {}
    for index, chosen, correct in LiveAnswer.objects.filter(session=session).values_list(
        "index", "chosen", "correct"
    ):
        by_index.setdefault(index, []).append((chosen, correct))
    rows = []
    asked = session.index + 1 if session.phase != Phase.LOBBY else 0
    for index in range(min(asked, session.total)):
        question, order = live_question(session, index)
        answers = by_index.get(index, [])
        bars = bars_for(question, order, (c for c, _ in answers))
        rows.append(
            SummaryRow(
                number=index + 1,
                stem=plain_text(question["stem"]),
                answered=len(answers),
                right=sum(1 for _, ok in answers if ok),
                bars=bars,
                right_letters=", ".join(b.letter for b in bars if b.correct),
            )
        )
    return rows


# --- Afterwards: one learner's questions -------------------------------------------------


@dataclass(frozen=True)
class SessionQuestions:
    """Every question a session asked, in its order, as one learner's page shows them."""

    items: list[ReviewedAnswer]  # numbered as the session numbered them
    missed: int  # of those, the ones this learner did not answer (``answer`` is None)

    @property
    def waiting(self) -> int:
        """Answers to a question still being asked (at most one): shown without a verdict."""
        return sum(1 for item in self.items if item.pending)


def open_answer(*, session: LiveSession, user_id: int) -> LiveAnswer | None:
    """``user_id``'s answer to the question ``session`` is still asking, if any (no query
    when it asks none)."""
    if session.phase != Phase.QUESTION or not 0 <= session.index < session.total:
        return None
    return LiveAnswer.objects.filter(
        session=session, index=session.index, participant__user_id=user_id
    ).first()


def _recorded_only(view: dict) -> dict:
    """A question as a learner's page shows it while the session still asks it: the stem
    and the options with the learner's choice, nothing that tells the answer (no
    verdict, no correct marks, no explanations, no section or references to look it up)."""
    return {
        "ref": view["ref"],
        "choose": view["choose"],
        "stem": view["stem"],
        "options": [
            {"index": o["index"], "text": o["text"], "chosen": o["chosen"]} for o in view["options"]
        ],
    }


def session_questions(
    *,
    session: LiveSession,
    answers: Sequence[ReviewedAnswer],
    pending: LiveAnswer | None = None,
) -> SessionQuestions:
    """The questions ``session`` asked, in the order it asked them: each of the learner's
    ``answers`` in it (progress's, all labelled with this session) at its question's number,
    and each question they did not answer (they joined late, time ran out) in its place with
    no answer, as the session showed it (its option order), every option explained.

    A question still being asked is left out unless answered, and then shown with the
    choice alone, ``recorded`` and no verdict (``pending``: the learner's answer to it, see
    :func:`open_answer`; the live services put it in the history only at the reveal): its
    correct answer is not to be given away before the trainer reveals it, nor one the
    session has not reached. An answer to it found in ``answers`` all the same (recorded
    when given, before that rule) is shown the same way. A session asks each question
    once (``session_create`` drops repeats), so an answer's question tells its place; an
    answer that fits none (there should be none) comes last rather than being hidden. At
    most one query, for the versions of the questions not answered.
    """
    mine: dict[str, list[ReviewedAnswer]] = {}
    for reviewed in answers:
        if reviewed.answer is not None:
            mine.setdefault(reviewed.answer.question_id, []).append(reviewed)
    still_open = session.index if session.phase == Phase.QUESTION else None
    places: list[tuple[int, ReviewedAnswer | None]] = []
    open_item: ReviewedAnswer | None = None
    for index in range(min(session.index + 1, session.total)):
        found = mine.get(session.question_ids[index])
        if index == still_open:
            open_item = _pending_item(session, index, pending, found.pop(0) if found else None)
            if open_item is not None:
                places.append((index, open_item))
        elif found:
            places.append((index, found.pop(0)))
        else:
            places.append((index, None))
    missing = [session.version_ids[index] for index, reviewed in places if reviewed is None]
    versions = (
        QuestionVersion.objects.select_related("question").in_bulk(missing) if missing else {}
    )
    shuffle = shuffle_key("live", session.pk)  # the session's one option order (live_question)
    items: list[ReviewedAnswer] = []
    for index, reviewed in places:
        if reviewed is not None:
            items.append(reviewed if reviewed is open_item else replace(reviewed, number=index + 1))
            continue
        version = versions.get(session.version_ids[index])
        if version is None:  # versions are never deleted (PROTECT); nothing to show if one is
            continue
        qid = session.question_ids[index]
        changed = version.question.current_id not in (None, version.pk)
        items.append(
            ReviewedAnswer(index + 1, None, question_view(qid, version, (), shuffle), changed)
        )
    missed = sum(1 for item in items if item.answer is None and not item.pending)
    after = max((item.number for item in items), default=0)
    leftovers = sorted((r for rest in mine.values() for r in rest), key=lambda r: r.number)
    items += [replace(r, number=after + n) for n, r in enumerate(leftovers, start=1)]
    return SessionQuestions(items, missed)


def _pending_item(
    session: LiveSession, index: int, pending: LiveAnswer | None, stored: ReviewedAnswer | None
) -> ReviewedAnswer | None:
    """The learner's answer to question ``index``, still being asked, as their page shows
    it (``recorded`` set, ``answer`` None, the choice alone); None if they have not
    answered it."""
    if pending is not None:
        chosen, when = pending.chosen, pending.created
    elif stored is not None and stored.answer is not None:
        chosen, when = stored.answer.chosen, stored.answer.created
    else:
        return None
    version = version_for(session.version_ids[index])
    qid = session.question_ids[index]
    view = question_view(qid, version, chosen, shuffle_key("live", session.pk))
    return ReviewedAnswer(index + 1, None, _recorded_only(view), False, recorded=when)
