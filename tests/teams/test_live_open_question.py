"""A question the live session is still asking, on every page of the learner's: their
answer to it shows on their page of the session (/history/attempt/live/ID/) as recorded,
with the choice but no verdict, key, explanation or section link; the history's score, the
exports, the review queue and a reloaded phone hear of it only when the trainer reveals it
(or ends the session on it), and it reaches the history once."""

from __future__ import annotations

import json

import pytest

from studysite.chapters.loader import chapter_url
from studysite.progress.models import Mode, ReviewCard
from studysite.progress.sources import answering
from studysite.quiz.models import Answer, QuestionVersion
from studysite.quiz.services import answer_record
from studysite.teams.live.models import Phase
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

PENDING = "Answer recorded – the result shows once the trainer reveals it."

DOTS_EXPLANATIONS = (
    "The wildcard covers one label.",
    "Accelerated bucket names have no dots.",
    "They are allowed.",
    "Names do not change access.",
    "Unrelated.",
)


def attempts_rows(html: str) -> str:
    return html.split('<h2 id="attempts">Your attempts</h2>')[1].split("</tbody>")[0]


class TestAQuestionStillBeingAsked:
    """An answer to the question the session is asking is the learner's to see as given,
    but its verdict, the key and the explanations wait for the trainer's reveal on every
    page of theirs: a second tab must not read the answer out to the room."""

    def asked(self, trainer, member, second=(2, 4)):
        """Alice answered s3-one (right, revealed) and s3-two (wrong: C and E), which the
        session is still asking."""
        session = play(trainer, {member: {0: [0], 1: list(second)}}, upto=1, end=False)
        assert session.phase == Phase.QUESTION and session.index == 1
        return session

    def test_shows_the_choice_recorded_and_nothing_of_the_answer_until_the_reveal(
        self, three, trainer, member
    ):
        session = self.asked(trainer, member)
        client = signed_in(member)
        response = client.get(url(session))
        assert response.status_code == 200
        html = text(response)
        first, second = html.split(ARTICLE)[1:]
        # Only the revealed answer is scored; the open one is said to be recorded.
        assert "1 of 1 answer right (100 %)" in html
        assert "its result shows once the trainer reveals it" in html
        assert "✓</span> Correct" in first and "It answers over IPv6 and IPv4." in first
        # The choice, in text (a badge and a sentence, not a colour) ...
        assert RECORDED in second and PENDING in second
        assert "Which two are true about dots" in second
        assert options_shown(second) == [
            "HTTPS virtual-hosted requests fail the certificate check",
            "Transfer Acceleration refuses them",
            "They are not allowed at all",
            "They make buckets private",
            "They need a dual-stack endpoint",
        ]
        marks = second.split("<li>")[1:]
        assert ["Your choice" in m for m in marks] == [False, False, True, False, True]
        # ... and no verdict, no correct-option mark, no explanation, no way to look it up.
        for verdict in ("Correct", "Not quite", "Incorrect", "Not answered"):
            assert verdict not in second
        assert "is-correct" not in second and "is-wrong" not in second
        assert "quiz-explanation" not in second
        for explanation in DOTS_EXPLANATIONS:
            assert explanation not in html
        assert "#dots" not in html and "VirtualHosting.html" not in html
        assert "retrieval fee" not in html  # nor the question after it
        # The trainer reveals it: the same page now shows all of it.
        session = session_advance(session=session, action="next", version=None)
        assert session.phase == Phase.REVEAL
        html = text(client.get(url(session)))
        first, second = html.split(ARTICLE)[1:]
        assert "1 of 2 answers right (50 %)" in html and PENDING not in html
        assert RECORDED not in second and "✗</span> Not quite" in second
        assert second.count("Your choice") == 2 and second.count("Correct answer") == 2
        assert second.split('<li class="')[1].startswith("is-correct")
        for explanation in DOTS_EXPLANATIONS:
            assert explanation in second
        assert f'<a href="{chapter_url("s3-basics")}#dots">Dots in names</a>' in second

    def test_a_right_answer_is_not_given_away_either(self, three, trainer, member):
        session = self.asked(trainer, member, second=(0, 1))
        html = text(signed_in(member).get(url(session)))
        second = html.split(ARTICLE)[2]
        assert PENDING in second and second.count("Your choice") == 2
        assert "Correct" not in second and "1 of 1 answer right" in html
        for explanation in DOTS_EXPLANATIONS:
            assert explanation not in html

    def test_ending_the_session_on_it_shows_it(self, three, trainer, member):
        session = self.asked(trainer, member)
        session = session_advance(session=session, action="end", version=None)
        html = text(signed_in(member).get(url(session)))
        assert "1 of 2 answers right (50 %)" in html and PENDING not in html
        assert "The wildcard covers one label." in html

    def test_the_first_question_answered_and_open_has_no_page_yet(self, synced, trainer, member):
        session = advance(open_session(trainer))
        me = participant_join(session=session, user=member)
        answer_submit(session_id=session.pk, participant=me, index=0, chosen=[2])
        client = signed_in(member)
        # Nothing of it is in the history yet, so no page and no row (never a 500).
        assert client.get(url(session)).status_code == 404
        history = text(client.get("/history/"))
        assert history.count("Your answers") == 0 and url(session) not in history
        advance(session)
        html = text(client.get(url(session)))
        assert "0 of 1 answer right (0 %)" in html and "No Region, IPv4." in html

    def test_the_history_scores_only_revealed_answers(self, three, trainer, member):
        session = self.asked(trainer, member)
        client = signed_in(member)
        rows = attempts_rows(text(client.get("/history/")))
        assert "Live session: Friday quiz" in rows and "1 of 1 (100 %)" in rows
        session_advance(session=session, action="next", version=None)
        rows = attempts_rows(text(client.get("/history/")))
        assert "1 of 2 (50 %)" in rows

    def test_the_exports_leave_it_out_until_the_reveal(self, three, trainer, member):
        session = self.asked(trainer, member)
        client = signed_in(member)

        def exported():
            body = b"".join(client.get("/history/export.json").streaming_content)
            csv = b"".join(client.get("/history/export.csv").streaming_content).decode()
            return [(r["question_id"], r["correct"]) for r in json.loads(body)], csv

        records, csv = exported()
        assert records == [("s3-one", True)] and "s3-two" not in csv
        session_advance(session=session, action="next", version=None)
        records, csv = exported()
        assert records == [("s3-one", True), ("s3-two", False)] and "s3-two" in csv

    def test_the_review_queue_hears_of_it_only_at_the_reveal(self, three, trainer, member):
        session = self.asked(trainer, member)  # wrong: a miss would enter the review queue
        client = signed_in(member)
        # No card: not due now, nor later today (which the review page would count).
        assert not ReviewCard.objects.filter(user=member).exists()
        before = text(client.get("/review/"))
        assert "Which two are true about dots" not in before
        session_advance(session=session, action="next", version=None)
        card = ReviewCard.objects.get(user=member)
        assert card.question_id == "s3-two"

    def test_a_reloaded_phone_says_recorded_without_the_verdict(self, synced, trainer, member):
        session = advance(open_session(trainer))
        client = signed_in(member)
        assert client.post("/live/", {"code": session.code}).status_code == 302
        answered = client.post(f"/live/{session.code}/answer/", {"index": "0", "option": "2"})
        assert answered.status_code == 200
        for path in (f"/live/{session.code}/", f"/live/{session.code}/state/"):
            page = text(client.get(path))
            assert "Your answer: <strong>C</strong>. Wait for the reveal." in page
            for given_away in ("Right!", "Not this time", "is right", "No Region, IPv4."):
                assert given_away not in page
        advance(session)
        page = text(client.get(f"/live/{session.code}/"))
        assert "Not this time" in page and "It answers over IPv6 and IPv4." in page

    def test_an_answer_stored_when_given_is_shown_recorded_and_not_stored_twice(
        self, three, trainer, member
    ):
        # Answers given before this rule reached the history at once: the page still holds
        # back their verdict while the question is asked, and the reveal adds no second.
        session = self.asked(trainer, member)
        version = QuestionVersion.objects.get(pk=session.version_ids[1])
        with answering(Mode.LIVE, ref=session.pk):
            answer_record(user=member, version=version, chosen=[2, 4])
        html = text(signed_in(member).get(url(session)))
        second = html.split(ARTICLE)[2]
        assert html.count(ARTICLE) == 3 - 1 and PENDING in second
        assert "Not quite" not in second and "The wildcard covers one label." not in html
        session_advance(session=session, action="next", version=None)
        assert Answer.objects.filter(user=member, question_id="s3-two").count() == 1
