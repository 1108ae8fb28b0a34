"""A signed-in participant's page of one live session's answers (/history/attempt/live/ID/,
progress.attempt_review.live_attempt): linked from the history's Details cell, each answer
with the choice, the verdict, every option explained and the section to learn it, the
session's title composed in by teams' template tag; only the learner's own answers in that
session; 404 for everyone else and for any id that is not one of theirs."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from studysite.chapters.loader import chapter_url
from studysite.teams.live.models import LiveSession
from studysite.teams.live.services import answer_submit, participant_join, session_advance

from .live_helpers import open_session

pytestmark = pytest.mark.django_db

ARTICLE = '<article class="exam-review-item"'


def url(session) -> str:
    return f"/history/attempt/live/{session.pk}/"


def advance(session, times=1):
    for _ in range(times):
        session = session_advance(session=session, action="next", version=None)
    return session


def run(trainer, answers: dict, **options):
    """One session over s3-one then s3-two; ``answers`` maps each participant (a user, or a
    guest's name) to one list of chosen file indexes per question (None: no answer)."""
    session = advance(open_session(trainer, **options))
    people = {
        who: participant_join(
            session=session, **({"name": who} if isinstance(who, str) else {"user": who})
        )
        for who in answers
    }
    for index in range(2):
        if index:
            session = advance(session, 3)  # reveal, leaderboard, next question
        for who, chosen in answers.items():
            if index < len(chosen) and chosen[index] is not None:
                answer_submit(
                    session_id=session.pk,
                    participant=people[who],
                    index=index,
                    chosen=chosen[index],
                )
    return session


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


def unmasked(response, path: str) -> str:
    """The page with what differs per response or address blanked: the CSRF token's mask
    (64 characters), the CSP nonce, and the address echoed in the log-in links."""
    page = re.sub(r"\b[A-Za-z0-9]{64}\b", "TOKEN", text(response).replace(path, "PATH"))
    return re.sub(r'nonce="[^"]*"', 'nonce=""', page)


class TestTheLearnersPage:
    def test_history_links_a_live_attempt_to_its_page(self, synced, trainer, member):
        session = run(trainer, {member: [[0], [2, 3]]})
        html = text(signed_in(member).get("/history/"))
        attempts = html.split('<h2 id="attempts">Your attempts</h2>')[1]
        assert f'<a href="{url(session)}">Your answers</a>' in attempts

    def test_every_answer_with_choice_verdict_explanations_and_section(
        self, synced, trainer, member
    ):
        session = run(trainer, {member: [[0], [2, 3]]})  # s3-one right, s3-two wrong
        response = signed_in(member).get(url(session))
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        html = text(response)
        day = session.created.strftime("%-d %b %Y")
        assert f"<title>Live session: Friday quiz, {day} · " in html
        assert "<h1>Live session: Friday quiz, <time" in html
        assert "1 of 2 answers right (50 %)" in html
        assert "You said" not in html  # a live session never asks how sure one is
        answers = html.split(ARTICLE)[1:]
        assert len(answers) == 2
        assert "Which endpoint supports <strong>IPv6</strong>?" in answers[0]
        assert "✓</span> Correct" in answers[0] and answers[0].count("Your choice") == 1
        assert "Which two are true about dots" in answers[1]
        assert "✗</span> Not quite" in answers[1] and answers[1].count("Your choice") == 2
        assert answers[1].count("Correct answer") == 2
        for explanation in (
            "It answers over IPv6 and IPv4.",
            "HTTP only, IPv4.",
            "For FIPS 140 TLS.",
            "No Region, IPv4.",
        ):
            assert explanation in answers[0]
        for explanation in ("The wildcard covers one label.", "They are allowed.", "Unrelated."):
            assert explanation in answers[1]
        assert f'<a href="{chapter_url("s3-basics")}#endpoints">Endpoints</a>' in answers[0]
        assert f'<a href="{chapter_url("s3-basics")}#dots">Dots in names</a>' in answers[1]
        assert "style=" not in html and "<script>" not in html

    def test_another_learners_answers_in_the_same_session_do_not_show(
        self, synced, trainer, member, member2
    ):
        # Alice answers only the first question (right); Bob both, wrong.
        session = run(trainer, {member: [[0]], member2: [[3], [2, 4]]})
        html = text(signed_in(member).get(url(session)))
        answers = html.split(ARTICLE)[1:]
        assert len(answers) == 1 and "1 of 1 answer right (100 %)" in html
        assert "Which two are true about dots" not in html
        # Her choice only: Dual-stack (first in file order), not Bob's Legacy global.
        marks = answers[0].split('<li class="')[1:]
        assert [m.startswith("is-correct") and "Your choice" in m for m in marks] == [
            True,
            False,
            False,
            False,
        ]
        assert "is-wrong" not in answers[0]
        # Bob's own page of the same session has his two answers, not hers.
        bob = text(signed_in(member2).get(url(session)))
        assert bob.count(ARTICLE) == 2 and "0 of 2 answers right (0 %)" in bob

    def test_each_session_shows_only_its_own_answers(self, synced, trainer, member):
        first = run(trainer, {member: [[0]]})
        second = run(trainer, {member: [[1], [2, 4]]}, title="Monday quiz")
        client = signed_in(member)
        one, two = text(client.get(url(first))), text(client.get(url(second)))
        assert one.count(ARTICLE) == 1 and "Friday quiz" in one and "Monday quiz" not in one
        assert two.count(ARTICLE) == 2 and "Monday quiz" in two and "0 of 2" in two

    def test_the_page_outlives_the_session(self, synced, trainer, member):
        # The trainer may delete the session; the learner's answers (and this page) stay,
        # only without the session's title.
        session = run(trainer, {member: [[0]]})
        LiveSession.objects.filter(pk=session.pk).delete()
        response = signed_in(member).get(url(session))
        assert response.status_code == 200
        assert "<h1>Live session, <time" in text(response) and "Friday quiz" not in text(response)

    def test_queries_stay_the_same_whatever_the_answers(
        self, synced, trainer, member, member2, django_assert_num_queries
    ):
        one = run(trainer, {member: [[0]]})
        two = run(trainer, {member2: [[0], [0, 1]]})
        alice, bob = signed_in(member), signed_in(member2)
        alice.get(url(one))  # warm: the library and rendered markdown
        with CaptureQueriesContext(connection) as queries:
            assert alice.get(url(one)).status_code == 200
        # The session, the user, the answers, the Teams link, and the session's title.
        assert len(queries) == 5, [q["sql"] for q in queries.captured_queries]
        with django_assert_num_queries(len(queries)):
            html = text(bob.get(url(two)))
        assert html.count(ARTICLE) == 2


class TestEveryoneElseGets404:
    @pytest.fixture
    def session(self, synced, trainer, member):
        return run(trainer, {member: [[0], [2, 3]], "Ana": [[0], [0, 1]]})

    @pytest.mark.parametrize("who", ["outsider", "trainer", "signed-out", "guest"])
    def test_404_for_anyone_who_did_not_answer_in_it_as_that_user(self, request, session, who):
        if who == "signed-out":
            client = Client()
        elif who == "guest":
            # A guest who took part: a participant cookie, answers in the session, no account.
            client = Client()
            assert client.post("/live/", {"code": session.code, "name": "Ben"}).status_code == 302
        else:
            client = signed_in(request.getfixturevalue(who))
        response = client.get(url(session))
        assert response.status_code == 404
        assert ARTICLE not in text(response) and "IPv6" not in text(response)
        assert "Friday quiz" not in text(response)
        # The same 404 as for a session that does not exist.
        other = f"/history/attempt/live/{session.pk + 1000}/"
        unknown = client.get(other)
        assert unknown.status_code == 404
        assert unmasked(unknown, other) == unmasked(response, url(session))

    def test_a_signed_out_visitor_with_a_quiz_token_gets_404(self, session):
        client = Client()
        store = client.session
        store["quiz_owner"] = "a" * 32
        store.save()
        assert client.get(url(session)).status_code == 404

    @pytest.mark.parametrize(
        "raw",
        [
            "0",
            "-1",
            "01",
            "+1",
            "1.0",
            "1e3",
            "0x1",
            "abc",
            "%20" + "1",
            "1%20",
            "1%00",
            "9223372036854775807",  # the largest 64-bit id: 19 digits, more than any id
            "9223372036854775808",
            "99999999999999999999",
            "9" * 10_000,
            "%D9%A1",  # Arabic-Indic one
            "%EF%BC%91",  # full-width one
            "%C2%B9",  # superscript one
            "%FF%FE",
            "%F0%9F%98%80",
            "1%27%20OR%201=1",
        ],
    )
    def test_hostile_ids_are_404_not_500(self, session, member, raw):
        response = signed_in(member).get(f"/history/attempt/live/{raw}/")
        assert response.status_code == 404
        assert ARTICLE not in text(response)

    def test_only_get(self, session, member):
        assert signed_in(member).post(url(session)).status_code == 405
