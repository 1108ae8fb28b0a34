"""A signed-in participant's live answers in their history: labelled as a live session (not
a chapter quiz) and named by its title (escaped) on /history/, in the export, one attempt
per session, still feeding spaced review; and the migration that labels the answers stored
before the label."""

from __future__ import annotations

import importlib
import json

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from studysite.progress.models import AnswerSource, Mode, ReviewCard
from studysite.quiz.models import Answer
from studysite.teams.live.models import LiveSession
from studysite.teams.live.services import answer_submit, participant_join

from .live_helpers import advance, open_session, signed_in

pytestmark = pytest.mark.django_db


def play(trainer, user, *answers, **options):
    """One session over s3-one and s3-two in which ``user`` gives ``answers`` (one list of
    file indexes per question, in order); ``options`` as for ``open_session``."""
    session = advance(open_session(trainer, **options))
    me = participant_join(session=session, user=user)
    for index, chosen in enumerate(answers):
        if index:
            session = advance(session, 3)  # reveal, leaderboard, next question
        answer_submit(session_id=session.pk, participant=me, index=index, chosen=chosen)
    # The last one revealed: a live answer reaches the history when its question closes.
    return advance(session)


def test_live_answers_are_labelled_with_their_session(synced, trainer, member):
    session = play(trainer, member, [0], [2, 3])  # s3-one right, s3-two wrong
    sources = list(AnswerSource.objects.values_list("answer__question_id", "mode", "ref"))
    assert sorted(sources) == [("s3-one", "live", session.pk), ("s3-two", "live", session.pk)]


def test_history_shows_a_live_session_not_a_chapter_quiz(synced, trainer, member):
    play(trainer, member, [0], [2, 3])
    html = signed_in(member).get("/history/").content.decode()
    attempts = html.split('<h2 id="attempts">Your attempts</h2>')[1]
    assert "<td>Live session: Friday quiz</td>" in attempts  # which one: teams' title
    assert "1 of 2 (50 %)" in attempts
    assert "Chapter quiz" not in attempts
    # The answers still count in the totals and per chapter like any other.
    assert "2 answers, 50 % right" in html


def test_two_sessions_are_two_attempts(synced, trainer, member):
    play(trainer, member, [0])
    play(trainer, member, [1])
    html = signed_in(member).get("/history/").content.decode()
    assert html.count("<td>Live session: Friday quiz</td>") == 2


def rows(html: str) -> list[str]:
    """The cells of the attempts table's Mode column, newest attempt first."""
    table = html.split('<table class="compare-table attempts">')[1].split("</table>")[0]
    return [row.split("<td>")[1].split("</td>")[0] for row in table.split("<tr>")[2:]]


class TestTheSessionsTitle:
    def test_each_row_names_its_own_session(self, synced, trainer, member):
        friday = play(trainer, member, [0], title="Friday quiz")
        monday = play(trainer, member, [1], [0, 1], title="Monday quiz")
        html = signed_in(member).get("/history/").content.decode()
        assert rows(html) == ["Live session: Monday quiz", "Live session: Friday quiz"]
        # Each next to the link to its own page.
        for session in (friday, monday):
            assert f'<a href="/history/attempt/live/{session.pk}/">Your answers</a>' in html

    def test_a_title_with_html_in_it_is_escaped(self, synced, trainer, member):
        play(trainer, member, [0], title='<b onclick="x()">Quiz</b> & co')
        html = signed_in(member).get("/history/").content.decode()
        assert rows(html) == [
            "Live session: &lt;b onclick=&quot;x()&quot;&gt;Quiz&lt;/b&gt; &amp; co"
        ]
        assert "<b onclick" not in html

    def test_a_deleted_session_keeps_its_row_without_a_title(self, synced, trainer, member):
        session = play(trainer, member, [0])
        LiveSession.objects.filter(pk=session.pk).delete()
        html = signed_in(member).get("/history/").content.decode()
        assert rows(html) == ["Live session"]
        assert f'<a href="/history/attempt/live/{session.pk}/">Your answers</a>' in html

    def test_other_kinds_of_attempt_are_unchanged(self, synced, trainer, member, give):
        give(member, "s3-one", correct=True)  # a chapter quiz
        play(trainer, member, [0])
        html = signed_in(member).get("/history/").content.decode()
        assert sorted(rows(html)) == ["Chapter quiz: S3 basics", "Live session: Friday quiz"]

    def test_one_query_for_the_titles_however_many_sessions(
        self, synced, trainer, member, member2, django_assert_num_queries
    ):
        alice, bob = signed_in(member), signed_in(member2)
        play(trainer, member, [0])
        for n in range(4):
            play(trainer, member2, [n % 4], title=f"Quiz {n}")
        alice.get("/history/")  # warm: the library and rendered markdown
        with CaptureQueriesContext(connection) as queries:
            assert alice.get("/history/").status_code == 200
        count = len(queries)  # now: the next request empties the connection's query log
        with django_assert_num_queries(count):
            html = bob.get("/history/").content.decode()
        assert rows(html) == [f"Live session: Quiz {n}" for n in (3, 2, 1, 0)]


def test_live_answers_still_feed_spaced_review(synced, trainer, member):
    play(trainer, member, [2])  # a wrong answer puts the question into review
    card = ReviewCard.objects.get(user=member, question_id="s3-one")
    assert card.reviews == 1
    play(trainer, member, [0])  # and the next live answer to it reschedules the card
    card = ReviewCard.objects.get(user=member, question_id="s3-one")
    assert card.reviews == 2


def test_the_export_says_live(synced, trainer, member):
    play(trainer, member, [0])
    body = b"".join(signed_in(member).get("/history/export.json").streaming_content)
    assert [r["mode"] for r in json.loads(body)] == [Mode.LIVE.value]
    csv = b"".join(signed_in(member).get("/history/export.csv").streaming_content).decode()
    assert ",live," in csv.splitlines()[1]


def test_the_migration_labels_earlier_live_answers(synced, trainer, member, member2, give):
    session = play(trainer, member, [0], [2, 3])
    other = play(trainer, member2, [1])
    give(member, "s3-one", correct=True)  # a chapter-quiz answer of the same user stays one
    recorded = set(AnswerSource.objects.values_list("answer_id", "mode", "ref"))
    assert {ref for _, _, ref in recorded} == {session.pk, other.pk}
    AnswerSource.objects.all().delete()
    backfill = importlib.import_module(
        "studysite.teams.migrations.0004_live_answer_sources"
    ).backfill
    backfill(apps, None)
    assert set(AnswerSource.objects.values_list("answer_id", "mode", "ref")) == recorded
    assert Answer.objects.filter(source__isnull=True).count() == 1
    backfill(apps, None)  # run twice: nothing doubled
    assert AnswerSource.objects.count() == 3
