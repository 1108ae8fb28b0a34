"""Writes for live sessions: create, join, move on, answer. Keyword-only, plain values in
(no request), so a view, a test or the benchmark calls them alike.

Every change of what the screens show bumps ``LiveSession.version`` and is announced on
the bus (:mod:`.bus`) inside its transaction; an answer or a join announces a ``count``.

A signed-in participant's answer reaches their quiz history (and spaced review) only when
its question closes, when the trainer moves on to the reveal or ends the session
(:func:`_record_closed`): until then no page of theirs (history, its attempt pages and
statistics, the exports, the review queue, "practise what I missed") can tell whether it
was right, so a second tab cannot read the key out to the room before the reveal. The
learner's own page of the session shows that choice meanwhile, without a verdict
(``selectors.session_questions``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from studysite.progress.models import Mode
from studysite.progress.sources import answering
from studysite.quiz.cards import is_correct, option_order, shuffle_key
from studysite.quiz.models import Answer, Question, QuestionVersion
from studysite.quiz.services import answer_record

from . import bus
from .models import NAME_MAX, LiveAnswer, LiveSession, Participant, Phase, new_live_code

MAX_QUESTIONS = 50
MIN_SECONDS, MAX_SECONDS = 5, 600
TITLE_MAX = LiveSession._meta.get_field("title").max_length
# Answers sent in the last instant still count: the tap happened before zero on the phone.
GRACE = timedelta(milliseconds=1500)


class LiveError(ValueError):
    """A request a live session cannot honour; the message is shown to the person."""


def _has_control_characters(text: str) -> bool:
    # Cc (NUL, newlines, escapes) and Cf/Cs/Co/Cn (bidi overrides, lone surrogates, unassigned)
    # make no sense in a name on a projector; PostgreSQL cannot store NUL at all.
    return any(unicodedata.category(ch)[0] == "C" for ch in text)


def clean_name(raw: object) -> str:
    """A guest's display name, or LiveError with what to fix."""
    if not isinstance(raw, str):
        raise LiveError("Type a display name.")
    name = " ".join(raw.split())
    if not name:
        raise LiveError("Type a display name.")
    if _has_control_characters(name):
        raise LiveError("A display name cannot contain control characters; type it again.")
    if len(name) > NAME_MAX:
        raise LiveError(f"A display name has at most {NAME_MAX} characters.")
    return unicodedata.normalize("NFC", name)


def normalise_code(raw: object) -> str | None:
    """A typed join code in canonical form, or None when it cannot be one."""
    if not isinstance(raw, str) or len(raw) > 40:
        return None
    code = "".join(raw.split()).replace("-", "").upper()
    if not code.isascii() or not code.isalnum() or not 4 <= len(code) <= 12:
        return None
    return code


# --- Creating a session ------------------------------------------------------------------


def session_create(
    *,
    trainer: AbstractBaseUser,
    title: str,
    question_ids: Sequence[str],
    allow_guests: bool,
    show_leaderboard: bool,
    seconds_per_question: int,
) -> LiveSession:
    """Open a session over ``question_ids`` (active questions, in this order), frozen at
    their current versions."""
    title = " ".join(title.split()) if isinstance(title, str) else ""
    if _has_control_characters(title):
        raise LiveError("A title cannot contain control characters; type it again.")
    if len(title) > TITLE_MAX:
        raise LiveError(f"A title has at most {TITLE_MAX} characters.")
    if not MIN_SECONDS <= seconds_per_question <= MAX_SECONDS:
        raise LiveError(f"Give between {MIN_SECONDS} and {MAX_SECONDS} seconds for each question.")
    ids = list(dict.fromkeys(question_ids))  # keep the order, drop repeats
    if not ids:
        raise LiveError("Choose at least one question.")
    if len(ids) > MAX_QUESTIONS:
        raise LiveError(f"A live session has at most {MAX_QUESTIONS} questions.")
    found = {
        q.pk: q.current_id
        for q in Question.objects.filter(pk__in=ids, active=True, current__isnull=False)
    }
    missing = [i for i in ids if i not in found]
    if missing:
        raise LiveError(f"{len(missing)} of the questions chosen no longer exist.")
    for _ in range(5):  # a clash of random codes is rare; draw again if it happens
        try:
            with transaction.atomic():
                return LiveSession.objects.create(
                    trainer=trainer,
                    title=title or "Live quiz",
                    code=new_live_code(),
                    question_ids=ids,
                    version_ids=[found[i] for i in ids],
                    allow_guests=allow_guests,
                    show_leaderboard=show_leaderboard,
                    seconds_per_question=seconds_per_question,
                )
        except IntegrityError:
            continue
    raise LiveError("Could not make a join code; please try again.")


# --- Moving on ---------------------------------------------------------------------------


def _next_step(session: LiveSession) -> tuple[str, int]:
    """(phase, index) after "next" from where ``session`` is."""
    last = session.index >= session.total - 1
    if session.phase == Phase.LOBBY:
        return Phase.QUESTION, 0
    if session.phase == Phase.QUESTION:
        return Phase.REVEAL, session.index
    if session.phase == Phase.REVEAL and session.show_leaderboard and not last:
        return Phase.LEADERBOARD, session.index
    if session.phase in (Phase.REVEAL, Phase.LEADERBOARD):
        return (Phase.ENDED, session.index) if last else (Phase.QUESTION, session.index + 1)
    return session.phase, session.index  # ended stays ended


def session_advance(
    *, session: LiveSession, action: str, version: int | None, now: datetime | None = None
) -> LiveSession:
    """Apply the trainer's ``action`` ("next" or "end").

    ``version`` is the one the trainer's screen showed: a second click on the same
    "Next" (or two presenter tabs) finds it stale and changes nothing, so one question is
    never skipped by a double click. Returns the session as it now is.
    """
    if action not in ("next", "end"):
        raise LiveError("Unknown action.")
    now = now or timezone.now()
    with transaction.atomic():
        current = LiveSession.objects.select_for_update().get(pk=session.pk)
        if version is not None and version != current.version:
            return current
        if current.phase == Phase.ENDED:
            return current
        if action == "end":
            phase, index = Phase.ENDED, current.index
        else:
            phase, index = _next_step(current)
        if current.phase == Phase.QUESTION:
            # Answers to it are closed from now on (an answer in flight held the row
            # FOR SHARE and is in): their verdicts may reach the learners' histories.
            _record_closed(current, current.index)
        current.phase, current.index = phase, index
        if phase == Phase.QUESTION:
            current.question_started_at = now
            current.deadline = now + timedelta(seconds=current.seconds_per_question)
        if phase == Phase.ENDED:
            current.ended = now
        current.version = current.version + 1
        current.save(
            update_fields=[
                "phase",
                "index",
                "question_started_at",
                "deadline",
                "ended",
                "version",
            ]
        )
        bus.publish(current.pk, bus.STATE, current.version)
    return current


# --- Joining -----------------------------------------------------------------------------


def participant_join(
    *, session: LiveSession, user: AbstractBaseUser | None = None, name: object = ""
) -> Participant:
    """A signed-in ``user`` joins (twice is one participant), or a guest by ``name`` when
    the trainer allows guests. A session that has ended takes no one new."""
    if session.phase == Phase.ENDED:
        raise LiveError("This live session has ended.")
    if user is not None and user.is_authenticated:
        existing = Participant.objects.filter(session=session, user=user).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                participant = Participant.objects.create(
                    session=session, user=user, name=user.get_username()[:NAME_MAX]
                )
                bus.publish(session.pk, bus.COUNT, session.version)
                return participant
        except IntegrityError:  # the same user joining twice at once
            return Participant.objects.get(session=session, user=user)
    if not session.allow_guests:
        raise LiveError("This session is for signed-in participants: sign in first.")
    clean = clean_name(name)
    try:
        with transaction.atomic():
            participant = Participant.objects.create(session=session, name=clean)
            bus.publish(session.pk, bus.COUNT, session.version)
            return participant
    except IntegrityError:
        raise LiveError("Someone in this session already uses that name; add an initial.") from None


# --- Answering ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerOutcome:
    answer: LiveAnswer
    repeat: bool  # True: this participant had answered already; the first answer stands


def _share_lock(session_id: int) -> LiveSession:
    """The session row, held against "next" until this transaction ends.

    PostgreSQL: ``FOR SHARE``, so answers run side by side but the trainer's move (``FOR
    UPDATE``) waits for the ones in flight and no answer lands after the reveal. SQLite:
    every write transaction holds the database's one write lock already.
    """
    if connection.vendor == "postgresql":
        table = LiveSession._meta.db_table
        rows = list(
            LiveSession.objects.raw(
                f"SELECT * FROM {table} WHERE id = %s FOR SHARE",  # noqa: S608 - table name is ours
                [session_id],
            )
        )
        if not rows:
            raise LiveSession.DoesNotExist
        return rows[0]
    return LiveSession.objects.get(pk=session_id)


_VERSIONS: dict[int, QuestionVersion] = {}


def version_for(version_id: int) -> QuestionVersion:
    """A question version (content never changes, so each process keeps them)."""
    version = _VERSIONS.get(version_id)
    if version is None:
        version = QuestionVersion.objects.get(pk=version_id)
        if len(_VERSIONS) > 2048:
            _VERSIONS.clear()
        _VERSIONS[version_id] = version
    return version


def _stored(session_id: int, index: int, participant: Participant) -> LiveAnswer | None:
    return LiveAnswer.objects.filter(
        session_id=session_id, index=index, participant=participant
    ).first()


def _insert_once(answer: LiveAnswer) -> int | None:
    """INSERT ... ON CONFLICT DO NOTHING RETURNING id: the new row's id, or None when the
    participant's answer to that question is stored already. One statement, race-safe on
    both databases (a second insert waits for the first to commit, then does nothing),
    with no savepoint and no read before it."""
    table = LiveAnswer._meta.db_table
    fields = [f for f in LiveAnswer._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    values = [f.get_db_prep_save(getattr(answer, f.attname), connection) for f in fields]
    conflict = ", ".join(
        connection.ops.quote_name(c) for c in ("session_id", "index", "participant_id")
    )
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))}) "  # noqa: S608 - our own table and columns
        f"ON CONFLICT ({conflict}) DO NOTHING RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    return row[0] if row else None


def answer_submit(
    *,
    session_id: int,
    participant: Participant,
    index: int,
    chosen: Sequence[int],
    now: datetime | None = None,
) -> AnswerOutcome:
    """Record ``participant``'s answer (file indexes) to question ``index``.

    One answer per participant and question, held by the unique constraint: a repeat
    returns the stored answer with ``repeat=True`` whatever it chose. Refused (LiveError)
    for a question that is not the one being asked, or after its deadline.
    """
    now = now or timezone.now()
    with transaction.atomic():
        session = _share_lock(session_id)
        if session.phase != Phase.QUESTION or index != session.index:
            earlier = _stored(session_id, index, participant)
            if earlier is not None:
                return AnswerOutcome(earlier, repeat=True)
            raise LiveError("That question is closed: answers are only taken while it is asked.")
        if session.deadline is not None and now > session.deadline + GRACE:
            earlier = _stored(session_id, index, participant)
            if earlier is not None:
                return AnswerOutcome(earlier, repeat=True)
            raise LiveError("Time is up for this question: your answer was not counted.")
        version = version_for(session.version_ids[index])
        picked = sorted(set(chosen))
        answer = LiveAnswer(
            session_id=session_id,
            index=index,
            participant=participant,
            chosen=picked,
            correct=is_correct(version.content, picked),
            elapsed_ms=max(0, int((now - session.question_started_at).total_seconds() * 1000)),
            created=now,
        )
        answer.pk = _insert_once(answer)
        if answer.pk is None:  # a double tap or a resend: the first answer stands
            return AnswerOutcome(_stored(session_id, index, participant), repeat=True)
        # A signed-in participant's answer reaches their history at the reveal
        # (_record_closed), not now: see this module's docstring.
        bus.publish(session_id, bus.COUNT, session.version)
    return AnswerOutcome(answer, repeat=False)


def _record_closed(session: LiveSession, index: int) -> None:
    """Put the signed-in participants' answers to question ``index`` of ``session``, now
    closed, into their quiz histories: each labelled as this session's, at the time it was
    given, with the session's option order, rescheduling their spaced review (progress's
    ``post_save`` receivers). Called once per question, inside the trainer's move that
    closes it, with the session row locked; an answer already in a history (recorded when
    it was given, before this rule) is not recorded twice. Guests' answers stay out."""
    if not 0 <= index < session.total:
        return
    rows = list(
        LiveAnswer.objects.filter(session=session, index=index, participant__user__isnull=False)
        .select_related("participant__user")
        .order_by("created", "pk")
    )
    if not rows:
        return
    qid = session.question_ids[index]
    done = set(
        Answer.objects.filter(
            source__mode=Mode.LIVE, source__ref=session.pk, question_id=qid
        ).values_list("user_id", flat=True)
    )
    version = version_for(session.version_ids[index])
    # The order every screen of the session showed (selectors.live_question).
    order = option_order(shuffle_key("live", session.pk), qid, len(version.content["options"]))
    with answering(Mode.LIVE, ref=session.pk):
        for row in rows:
            if row.participant.user_id in done:
                continue
            answer_record(
                user=row.participant.user,
                version=version,
                chosen=row.chosen,
                order=order,
                created=row.created,
            )
