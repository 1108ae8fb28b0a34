"""A signed-in participant's page of one live session's answers (/history/attempt/live/ID/,
progress.attempt_review.live_attempt): linked from the history's Details cell, each answer
with the choice, the verdict, every option explained and the section to learn it, the
session's title composed in by teams' template tags; the questions the learner did not
answer listed too, in the session's order, marked and explained (never one still being
asked); only the learner's own answers in that session; 404 for everyone else and for any
id that is not one of theirs."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Q
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from studysite.chapters.loader import chapter_url
from studysite.progress.attempt_review import live_attempt
from studysite.teams.live.models import LiveSession, Phase
from studysite.teams.live.selectors import live_question
from studysite.teams.live.services import answer_submit, participant_join, session_advance

from .live_helpers import (
    ARTICLE,
    RECORDED,
    advance,
    open_session,
    options_shown,
    play,
    signed_in,
    text,
    url,
)

pytestmark = pytest.mark.django_db


def run(trainer, answers: dict, *, reveal: bool = False, **options):
    """One session over s3-one then s3-two; ``answers`` maps each participant (a user, or a
    guest's name) to one list of chosen file indexes per question (None: no answer). It
    stays on s3-two, answers open, unless ``reveal`` (then its answer is shown: only then
    do its answers reach the histories)."""
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
    return advance(session) if reveal else session


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
        session = run(trainer, {member: [[0], [2, 3]]}, reveal=True)  # right, then wrong
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
        session = run(trainer, {member: [[0]], member2: [[3], [2, 4]]}, reveal=True)
        html = text(signed_in(member).get(url(session)))
        answers = html.split(ARTICLE)[1:]
        assert len(answers) == 2 and "1 of 1 answer right (100 %)" in html
        # The second is hers to learn, not answered: none of Bob's choices on it.
        assert "Not answered" in answers[1] and "Your choice" not in answers[1]
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
        second = run(trainer, {member: [[1], [2, 4]]}, reveal=True, title="Monday quiz")
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
        # Nor can it list the questions not answered: it says so instead.
        assert text(response).count(ARTICLE) == 1 and "Not answered" not in text(response)
        assert "the session has been deleted, so only the questions you answered" in text(response)

    def test_queries_stay_the_same_whatever_the_answers(
        self, synced, trainer, member, member2, django_assert_num_queries
    ):
        one = run(trainer, {member: [[0]]})
        two = run(trainer, {member2: [[0], [0, 1]]})
        alice, bob = signed_in(member), signed_in(member2)
        alice.get(url(one))  # warm: the library and rendered markdown
        with CaptureQueriesContext(connection) as queries:
            assert alice.get(url(one)).status_code == 200
        # The session, the user, the answers, the Teams link, the live session (its title
        # and questions), and her answer to the second, still being asked (she gave none;
        # Bob's is shown as recorded, without its verdict).
        assert len(queries) == 6, [q["sql"] for q in queries.captured_queries]
        with django_assert_num_queries(len(queries)):
            html = text(bob.get(url(two)))
        assert html.count(ARTICLE) == 2


MISSED = '<span class="badge badge-warn">Not answered</span>'


class TestQuestionsNotAnswered:
    def test_listed_in_the_sessions_order_marked_with_answer_and_explanations(
        self, three, trainer, member
    ):
        # Alice joined late, answered question 2 (right), and time ran out on question 3.
        session = play(trainer, {member: {1: [0, 1]}})
        html = text(signed_in(member).get(url(session)))
        assert "1 of 1 answer right (100 %)" in html
        assert (
            "You did not answer 2 of the session's 3 questions: they are marked "
            "“Not answered” below, in their place." in html
        )
        assert '<h2 id="answers-heading">Every question of the session</h2>' in html
        first, second, third = html.split(ARTICLE)[1:]
        # The session's order, numbered as the session numbered them.
        assert "Which endpoint supports <strong>IPv6</strong>?" in first
        assert "Which two are true about dots" in second
        assert "Which storage class charges <strong>no</strong> retrieval fee?" in third
        assert f'<h3 id="answer-1-title">Question 1 {MISSED}</h3>' in first
        assert '<h3 id="answer-2-title">Question 2</h3>' in second
        assert f'<h3 id="answer-3-title">Question 3 {MISSED}</h3>' in third
        # Marked as not answered (heading, verdict, hint), never as a choice of theirs ...
        for missed in (first, third):
            assert "–</span> Not answered</p>" in missed
            assert "You did not answer this question in the session" in missed
            assert "Answered at" not in missed
            assert "Your choice" not in missed and "is-wrong" not in missed
        assert MISSED not in second and "✓</span> Correct" in second
        assert "Answered at" in second and second.count("Your choice") == 2
        # ... with the correct answer and every option explained, like the answered ones.
        assert options_shown(first)[0] == "Dual-stack" and first.count("Correct answer") == 1
        assert first.split('<li class="')[1].startswith("is-correct")
        for explanation in (
            "It answers over IPv6 and IPv4.",
            "HTTP only, IPv4.",
            "For FIPS 140 TLS.",
            "No Region, IPv4.",
        ):
            assert explanation in first
        assert third.count("Correct answer") == 1
        for explanation in (
            "Standard bills storage and requests, never retrieval.",
            "It bills every GB retrieved.",
            "It bills retrieval per GB and per request.",
            "It bills retrieval too, and takes hours.",
        ):
            assert explanation in third
        assert f'<a href="{chapter_url("s3-basics")}#endpoints">Endpoints</a>' in first
        assert "userguide/storage-class-intro.html" in third
        assert "style=" not in html and "<script>" not in html

    def test_one_missed_question_in_the_middle(self, three, trainer, member):
        session = play(trainer, {member: {0: [0], 2: [1]}})
        html = text(signed_in(member).get(url(session)))
        assert "1 of 2 answers right (50 %)" in html
        assert (
            "You did not answer 1 of the session's 3 questions: it is marked "
            "“Not answered” below, in its place." in html
        )
        answers = html.split(ARTICLE)[1:]
        assert [MISSED in a for a in answers] == [False, True, False]
        assert "Which two are true about dots" in answers[1]
        assert answers[1].count("Correct answer") == 2

    def test_a_question_still_being_asked_is_never_given_away(self, three, trainer, member):
        # The session is on question 2, answers open: Alice has not answered it yet.
        session = play(trainer, {member: {0: [0]}}, upto=1, end=False)
        client = signed_in(member)
        html = text(client.get(url(session)))
        assert html.count(ARTICLE) == 1 and "Not answered" not in html
        assert "Which two are true about dots" not in html
        assert "retrieval fee" not in html  # nor one the session has not reached
        # Once answers close, it is listed as not answered; the third never was asked.
        session = advance(session)
        assert session.phase == Phase.REVEAL
        html = text(client.get(url(session)))
        assert html.count(ARTICLE) == 2 and html.count(MISSED) == 1
        assert "Which two are true about dots" in html
        session = session_advance(session=session, action="end", version=None)
        html = text(client.get(url(session)))
        assert "You did not answer 1 of the session's 2 questions" in html
        assert "retrieval fee" not in html

    def test_the_current_question_once_answered_shows_in_its_place_as_recorded(
        self, three, trainer, member
    ):
        session = play(trainer, {member: {0: [0], 1: [0, 1]}}, upto=1, end=False)
        html = text(signed_in(member).get(url(session)))
        first, second = html.split(ARTICLE)[1:]
        assert MISSED not in first and "Which endpoint supports" in first
        assert MISSED not in second and "Which two are true about dots" in second
        assert RECORDED in second and "Correct answer" not in second

    def test_someone_elses_answers_never_show_on_a_question_not_answered(
        self, three, trainer, member, member2
    ):
        session = play(trainer, {member: {0: [0]}, member2: {0: [3], 1: [2, 4], 2: [1]}})
        alice = text(signed_in(member).get(url(session)))
        first, second, third = alice.split(ARTICLE)[1:]
        assert MISSED not in first and first.count("Your choice") == 1
        for missed in (second, third):
            assert MISSED in missed
            assert "Your choice" not in missed and "is-wrong" not in missed
        bob = text(signed_in(member2).get(url(session)))
        assert bob.count(ARTICLE) == 3 and "Not answered" not in bob
        assert "You did not answer" not in bob and "0 of 3 answers right (0 %)" in bob

    @pytest.mark.shuffled
    def test_options_come_in_the_order_the_session_showed_them(self, three, trainer, member):
        session = play(trainer, {member: {0: [0]}})
        html = text(signed_in(member).get(url(session)))
        answers = html.split(ARTICLE)[1:]
        for index in (1, 2):
            shown, _ = live_question(session, index)
            assert options_shown(answers[index]) == [o["text"] for o in shown["options"]]

    def test_queries_stay_the_same_however_many_are_missed(
        self, three, trainer, member, member2, django_assert_num_queries
    ):
        one = play(trainer, {member: {1: [0, 1]}})  # two missed
        two = play(trainer, {member2: {0: [0], 2: [0]}})  # one missed
        alice, bob = signed_in(member), signed_in(member2)
        alice.get(url(one))  # warm: the library and rendered markdown
        with CaptureQueriesContext(connection) as queries:
            assert alice.get(url(one)).status_code == 200
        # As for a page with nothing missed, plus one for the versions of the missed ones.
        count = len(queries)  # now: the next request empties the connection's query log
        assert count == 6, [q["sql"] for q in queries.captured_queries]
        bob.get(url(two))
        with django_assert_num_queries(count):
            html = text(bob.get(url(two)))
        assert html.count(ARTICLE) == 3 and html.count(MISSED) == 1

    def test_a_title_with_html_in_it_is_escaped(self, three, trainer, member):
        title = '<img src=x onerror=alert(1)> & "Q"'
        session = play(trainer, {member: {0: [0]}}, title=title)
        html = text(signed_in(member).get(url(session)))
        escaped = "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Q&quot;"
        assert f"<title>Live session: {escaped}, " in html
        assert f"<h1>Live session: {escaped}, <time" in html
        assert "<img src=x" not in html


class TestTheTemplateTags:
    """The tags check by themselves that the user joined the session: a template handing
    them someone else's attempt or ids still gets nothing."""

    PAGE = Template(
        "{% load teams %}{% live_session_questions attempt as live %}"
        "[{% if live is None %}none{% else %}{{ live.missed }}|{{ live.items|length }}{% endif %}"
        "|{% live_session_title attempt.ref %}]"
    )
    ROWS = Template(
        "{% load teams %}{% live_session_titles attempts as rows %}"
        "{% for a, title in rows %}[{{ title }}]{% endfor %}"
    )

    def render(self, template, user, **context) -> str:
        request = RequestFactory().get("/")
        request.user = user
        return template.render(Context({"request": request, **context}))

    def test_the_learner_gets_their_session(self, three, trainer, member):
        session = play(trainer, {member: {1: [0, 1]}})
        attempt = live_attempt(Q(user=member), str(session.pk))
        assert self.render(self.PAGE, member, attempt=attempt) == "[2|3|Friday quiz]"
        assert self.render(self.ROWS, member, attempts=[attempt]) == "[Friday quiz]"

    @pytest.mark.parametrize("who", ["outsider", "trainer"])
    def test_anyone_who_did_not_join_gets_nothing(self, request, three, trainer, member, who):
        session = play(trainer, {member: {1: [0, 1]}})
        attempt = live_attempt(Q(user=member), str(session.pk))
        user = request.getfixturevalue(who)
        assert self.render(self.PAGE, user, attempt=attempt) == "[none|]"
        assert self.render(self.ROWS, user, attempts=[attempt]) == "[]"

    def test_anonymous_visitors_cost_no_query(
        self, three, trainer, member, django_assert_num_queries
    ):
        session = play(trainer, {member: {0: [0]}})
        attempt = live_attempt(Q(user=member), str(session.pk))
        with django_assert_num_queries(0):
            assert self.render(self.PAGE, AnonymousUser(), attempt=attempt) == "[none|]"
            assert self.render(self.ROWS, AnonymousUser(), attempts=[attempt]) == "[]"


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
