"""Live sessions without HTTP: the state machine, the server's deadline, one answer per
participant and question (also under racing threads on PostgreSQL), quiz history and
review for signed-in participants, guests' names, and the bus across two listeners."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import close_old_connections, transaction
from django.utils import timezone

from studysite.progress.models import ReviewCard
from studysite.quiz.models import Answer
from studysite.teams.live import bus
from studysite.teams.live.models import LiveAnswer, LiveSession, Participant, Phase
from studysite.teams.live.selectors import standings, summary
from studysite.teams.live.services import (
    LiveError,
    answer_submit,
    clean_name,
    normalise_code,
    participant_join,
    session_advance,
    session_create,
)

from .live_helpers import is_postgres, open_session


def advance(session, times=1, action="next"):
    for _ in range(times):
        session = session_advance(session=session, action=action, version=None)
    return session


class TestSessionCreate:
    def test_freezes_questions_and_versions(self, synced, trainer):
        session = open_session(trainer)
        assert session.question_ids == ["s3-one", "s3-two"]
        assert len(session.version_ids) == 2
        assert len(session.code) == 6 and session.phase == Phase.LOBBY and session.version == 1

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"question_ids": []}, "at least one"),
            ({"question_ids": ["nope"]}, "no longer exist"),
            ({"seconds_per_question": 2}, "between"),
            ({"seconds_per_question": 10_000}, "between"),
            ({"title": "x" * 500}, "at most"),
            ({"title": "bad\x00title"}, "control characters"),
        ],
    )
    def test_refuses_bad_values_with_a_message(self, synced, trainer, changes, message):
        with pytest.raises(LiveError, match=message):
            open_session(trainer, **changes)
        assert not LiveSession.objects.exists()

    def test_drops_repeated_questions(self, synced, trainer):
        session = session_create(
            trainer=trainer,
            title="",
            question_ids=["s3-two", "s3-one", "s3-two"],
            allow_guests=False,
            show_leaderboard=False,
            seconds_per_question=20,
        )
        assert session.question_ids == ["s3-two", "s3-one"] and session.title == "Live quiz"


class TestStateMachine:
    def test_walks_lobby_question_reveal_leaderboard_and_ends(self, synced, trainer):
        session = open_session(trainer)
        steps = []
        for _ in range(6):
            session = advance(session)
            steps.append((session.phase, session.index, session.version))
        assert steps == [
            (Phase.QUESTION, 0, 2),
            (Phase.REVEAL, 0, 3),
            (Phase.LEADERBOARD, 0, 4),
            (Phase.QUESTION, 1, 5),
            (Phase.REVEAL, 1, 6),
            (Phase.ENDED, 1, 7),  # no leaderboard step after the last question
        ]

    def test_without_a_leaderboard_reveal_goes_to_the_next_question(self, synced, trainer):
        session = advance(open_session(trainer, show_leaderboard=False), 3)
        assert (session.phase, session.index) == (Phase.QUESTION, 1)

    def test_the_server_keeps_the_countdown(self, synced, trainer):
        now = timezone.now()
        session = session_advance(
            session=open_session(trainer, seconds_per_question=45),
            action="next",
            version=1,
            now=now,
        )
        assert session.question_started_at == now
        assert session.deadline == now + timedelta(seconds=45)

    def test_a_stale_version_changes_nothing(self, synced, trainer):
        session = open_session(trainer)
        session_advance(session=session, action="next", version=1)
        again = session_advance(session=session, action="next", version=1)  # double click
        assert (again.phase, again.index, again.version) == (Phase.QUESTION, 0, 2)

    def test_end_from_any_phase_and_ended_stays_ended(self, synced, trainer):
        session = advance(open_session(trainer), action="end")
        assert session.phase == Phase.ENDED and session.ended is not None
        assert advance(session).version == session.version

    def test_unknown_action(self, synced, trainer):
        with pytest.raises(LiveError):
            session_advance(session=open_session(trainer), action="skip", version=None)


class TestAnswers:
    def test_one_answer_per_participant_and_question(self, synced, trainer):
        session = advance(open_session(trainer))
        guest = participant_join(session=session, name="Ana")
        first = answer_submit(session_id=session.pk, participant=guest, index=0, chosen=[0])
        again = answer_submit(session_id=session.pk, participant=guest, index=0, chosen=[1])
        assert not first.repeat and again.repeat
        assert again.answer.pk == first.answer.pk and again.answer.chosen == [0]
        assert LiveAnswer.objects.count() == 1

    def test_refuses_a_question_that_is_not_asked(self, synced, trainer):
        session = advance(open_session(trainer))
        guest = participant_join(session=session, name="Ana")
        with pytest.raises(LiveError, match="closed"):
            answer_submit(session_id=session.pk, participant=guest, index=1, chosen=[0])
        session = advance(session)  # reveal
        with pytest.raises(LiveError, match="closed"):
            answer_submit(session_id=session.pk, participant=guest, index=0, chosen=[0])
        assert not LiveAnswer.objects.exists()

    def test_refuses_after_the_deadline_but_a_resend_still_finds_the_answer(self, synced, trainer):
        session = advance(open_session(trainer, seconds_per_question=10))
        ana = participant_join(session=session, name="Ana")
        bo = participant_join(session=session, name="Bo")
        answer_submit(session_id=session.pk, participant=ana, index=0, chosen=[0])
        late = timezone.now() + timedelta(seconds=15)
        with pytest.raises(LiveError, match="Time is up"):
            answer_submit(session_id=session.pk, participant=bo, index=0, chosen=[0], now=late)
        resend = answer_submit(
            session_id=session.pk, participant=ana, index=0, chosen=[0], now=late
        )
        assert resend.repeat
        assert LiveAnswer.objects.count() == 1

    def test_scores_elapsed_time_and_ranks_right_first_then_faster(self, synced, trainer):
        session = advance(open_session(trainer))
        start = session.question_started_at
        slow = participant_join(session=session, name="Slow")
        fast = participant_join(session=session, name="Fast")
        wrong = participant_join(session=session, name="Wrong")
        for who, chosen, seconds in ((slow, [0], 9), (fast, [0], 2), (wrong, [1], 1)):
            answer_submit(
                session_id=session.pk,
                participant=who,
                index=0,
                chosen=chosen,
                now=start + timedelta(seconds=seconds),
            )
        assert [s.name for s in standings(session)] == ["Fast", "Slow", "Wrong"]
        assert LiveAnswer.objects.get(participant=fast).elapsed_ms == 2000
        advance(session)
        row = summary(LiveSession.objects.get(pk=session.pk))[0]
        assert (row.answered, row.right, row.right_letters) == (3, 2, "A")
        assert [b.count for b in row.bars] == [2, 1, 0, 0]

    def test_signed_in_answers_count_in_history_and_feed_review(self, synced, trainer, member):
        session = advance(open_session(trainer))
        me = participant_join(session=session, user=member)
        answer_submit(session_id=session.pk, participant=me, index=0, chosen=[2])  # wrong
        answer_submit(session_id=session.pk, participant=me, index=0, chosen=[0])  # repeat
        # Nothing of it in the history or the review queue while the question is open ...
        assert not Answer.objects.filter(user=member).exists()
        assert not ReviewCard.objects.filter(user=member).exists()
        given = LiveAnswer.objects.get(participant=me)
        advance(session)  # ... until the reveal: then once, as given, when it was given
        stored = Answer.objects.get(user=member)
        assert (stored.question_id, stored.chosen, stored.correct) == ("s3-one", [2], False)
        assert stored.order == [0, 1, 2, 3] and stored.created == given.created
        assert ReviewCard.objects.filter(user=member, question_id="s3-one").exists()
        advance(session, 3)  # leaderboard, next question, its reveal: s3-one not again
        assert Answer.objects.filter(user=member).count() == 1

    def test_guests_leave_no_quiz_history(self, synced, trainer):
        session = advance(open_session(trainer))
        guest = participant_join(session=session, name="Ana")
        answer_submit(session_id=session.pk, participant=guest, index=0, chosen=[0])
        session_advance(session=session, action="end", version=None)
        assert not Answer.objects.exists()


class TestJoining:
    def test_a_user_joins_once(self, synced, trainer, member):
        session = open_session(trainer)
        first = participant_join(session=session, user=member)
        assert participant_join(session=session, user=member).pk == first.pk
        assert first.name == member.get_username()

    def test_guests_only_when_allowed(self, synced, trainer):
        session = open_session(trainer, allow_guests=False)
        with pytest.raises(LiveError, match="sign in"):
            participant_join(session=session, name="Ana")

    def test_guest_names_are_unique_in_a_session_whatever_the_case(self, synced, trainer):
        session = open_session(trainer)
        participant_join(session=session, name="Ana")
        with pytest.raises(LiveError, match="already uses that name"):
            participant_join(session=session, name="  ANA ")
        assert Participant.objects.count() == 1

    def test_an_ended_session_takes_no_one(self, synced, trainer):
        session = advance(open_session(trainer), action="end")
        with pytest.raises(LiveError, match="ended"):
            participant_join(session=session, name="Ana")

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("Zoë", "Zoë"),
            ("  Jean   Luc ", "Jean Luc"),
            ("李小龍", "李小龍"),
            ("🙂 Sam", "🙂 Sam"),
            ("e\u0301", "é"),  # NFC
            ("tab\there\nnewline", "tab here newline"),  # whitespace folds to spaces
        ],
    )
    def test_clean_name_accepts_unicode(self, raw, expected):
        assert clean_name(raw) == expected

    @pytest.mark.parametrize(
        "raw", ["", "   ", "a\x00b", "bell\x07", "rtl\u202eoverride", "x" * 41, None, ["x"]]
    )
    def test_clean_name_refuses_with_a_message(self, raw):
        with pytest.raises(LiveError):
            clean_name(raw)

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [("abc 234", "ABC234"), ("ab-c2-34", "ABC234"), ("\x00", None), ("ÄBC234", None),
         ("x" * 100, None), ("", None), (None, None)],
    )  # fmt: skip
    def test_normalise_code(self, raw, expected):
        assert normalise_code(raw) == expected


@pytest.mark.django_db(transaction=True)
class TestRaces:
    """Real concurrency needs PostgreSQL (SQLite serialises writers in one process)."""

    def test_racing_answers_store_one_row(self, synced, trainer):
        if not is_postgres():
            pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")
        session = advance(open_session(trainer))
        guest = participant_join(session=session, name="Ana")
        barrier = threading.Barrier(8)
        outcomes, errors = [], []

        def post(option):
            try:
                barrier.wait()
                outcomes.append(
                    answer_submit(
                        session_id=session.pk, participant=guest, index=0, chosen=[option % 4]
                    )
                )
            except Exception as exc:  # reported below
                errors.append(exc)
            finally:
                close_old_connections()

        threads = [threading.Thread(target=post, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert LiveAnswer.objects.filter(session=session).count() == 1
        assert sum(1 for o in outcomes if not o.repeat) == 1
        assert len({o.answer.pk for o in outcomes}) == 1

    def test_notify_reaches_every_listening_process(self, synced, trainer):
        if not is_postgres():
            pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")
        session = open_session(trainer)
        hubs = [bus.Hub(), bus.Hub()]  # two server processes, each with its listener
        listeners = [bus.ThreadListener(hub, bus.conninfo()).start() for hub in hubs]
        try:
            for listener in listeners:
                assert listener.ready.wait(5)
            subs = [
                hub.subscribe(session.pk, frozenset({bus.STATE}), is_async=False) for hub in hubs
            ]
            for hub, sub in zip(hubs, subs, strict=True):
                hub.wait(sub, 0.3)  # the "resync" each listener sends on connecting
            with transaction.atomic():
                session = session_advance(session=session, action="next", version=None)
            assert all(hub.wait(sub, 5) for hub, sub in zip(hubs, subs, strict=True))
            assert [sub.version for sub in subs] == [session.version, session.version]
        finally:
            for listener in listeners:
                listener.stop()

    def test_in_process_bus_delivers_after_commit_only(self, synced, trainer):
        if is_postgres():
            pytest.skip("the in-process bus is SQLite's")
        session = open_session(trainer)
        sub = bus.HUB.subscribe(session.pk, frozenset({bus.STATE}), is_async=False)
        try:
            with transaction.atomic():
                session_advance(session=session, action="next", version=None)
                assert not bus.HUB.wait(sub, 0.05)  # not yet: still in the transaction
            assert bus.HUB.wait(sub, 1) and sub.version == 2
        finally:
            bus.HUB.unsubscribe(sub)
