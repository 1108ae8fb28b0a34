"""A past chapter-quiz or review attempt, answer by answer: as answered (the version then),
linked from /history/, only the owner's answers, hostile URLs a 404, constant queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from studysite.chapters.loader import chapter_url
from studysite.progress.models import Mode
from studysite.progress.sources import answering
from studysite.quiz.models import Answer, Question, QuestionVersion

pytestmark = pytest.mark.django_db
NOON = datetime(2025, 3, 5, 12, 0, tzinfo=UTC)
CHAPTER_URL = "/history/attempt/chapter/s3-basics/2025-03-05/"
REVIEW_URL = "/history/attempt/review/2025-03-05/"


def text(response) -> str:
    return response.content.decode()


def answer(owner, qid: str, chosen: list[int], *, at: datetime, confidence=None) -> Answer:
    """An answer as the quiz stores it (post_save fires, so its source is recorded)."""
    question = Question.objects.select_related("current").get(pk=qid)
    fields = {"session_key": owner, "user": None} if isinstance(owner, str) else {"user": owner}
    right = {i for i, o in enumerate(question.current.content["options"]) if o["correct"]}
    return Answer.objects.create(
        **fields,
        question=question,
        question_version=question.current,
        chosen=chosen,
        correct=set(chosen) == right,
        confidence=confidence,
        created=at,
    )


def signed_in(make_user, name: str) -> tuple[Client, object]:
    client = Client()
    user = make_user(name)
    client.force_login(user)
    return client, user


def anonymous(token: str = "a" * 32) -> Client:
    client = Client()
    session = client.session
    session["quiz_owner"] = token
    session.save()
    return client


def test_a_chapter_attempt_shows_every_answer_in_order(synced, make_user):
    alice, user = signed_in(make_user, "alice")
    answer(user, "s3-two", [2, 3], at=NOON, confidence="sure")
    answer(user, "s3-one", [0], at=NOON + timedelta(minutes=3), confidence="unsure")
    answer(user, "s3-one", [1], at=NOON + timedelta(minutes=5))
    answer(user, "s3-one", [0], at=NOON + timedelta(days=1))  # another day: another attempt
    with answering(Mode.REVIEW):  # a review on the same day: not this attempt
        answer(user, "s3-two", [0, 1], at=NOON + timedelta(minutes=1))

    response = alice.get(CHAPTER_URL)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = text(response)
    assert "<h1>Chapter quiz: S3 basics, " in html
    assert "1 of 3 answers right (33 %)" in html and "from <time" in html
    questions = html.split('<article class="exam-review-item"')[1:]
    assert len(questions) == 3
    assert "Which two are true about dots" in questions[0] and "You said: Sure" in questions[0]
    assert "✗</span> Not quite" in questions[0]
    assert "Which endpoint supports <strong>IPv6</strong>?" in questions[1]
    assert "✓</span> Correct" in questions[1] and "You said: Unsure" in questions[1]
    assert "You said: not given" in questions[2] and "Not quite" in questions[2]
    # Every option explained, what was chosen, and where to learn it.
    for explanation in ("It answers over IPv6 and IPv4.", "HTTP only, IPv4.", "No Region, IPv4."):
        assert explanation in questions[1]
    assert questions[0].count("Your choice") == 2 and questions[2].count("Your choice") == 1
    assert f'<a href="{chapter_url("s3-basics")}#dots">Dots in names</a>' in html
    assert f'<a href="{chapter_url("s3-basics")}#endpoints">Endpoints</a>' in html
    assert "Transfer Acceleration refuses them" in questions[0]
    assert "style=" not in html and "<script>" not in html


def test_a_review_attempt_shows_only_review_answers(synced, make_user):
    alice, user = signed_in(make_user, "alice")
    answer(user, "s3-one", [1], at=NOON)  # a chapter quiz answer
    with answering(Mode.REVIEW):
        answer(user, "s3-one", [0], at=NOON + timedelta(minutes=2), confidence="sure")
    html = text(alice.get(REVIEW_URL))
    assert "<h1>Review, " in html and "1 of 1 answer right (100 %)" in html
    assert html.count('<article class="exam-review-item"') == 1
    assert "You said: Sure" in html and "✓</span> Correct" in html
    assert '<a href="/review/">What is due for review now</a>' in html


def test_the_question_is_shown_as_it_was_answered(synced, make_user):
    alice, user = signed_in(make_user, "alice")
    answer(user, "s3-one", [0], at=NOON)
    question = Question.objects.get(pk="s3-one")
    content = dict(question.current.content, stem="A **reworded** stem?")
    question.current = QuestionVersion.objects.create(
        question=question, number=2, content=content, content_hash="b" * 64
    )
    question.save()
    html = text(alice.get(CHAPTER_URL))
    assert "Which endpoint supports <strong>IPv6</strong>?" in html
    assert "reworded" in html and "A <strong>reworded</strong> stem?" not in html
    assert "This question has been reworded since" in html


def test_history_links_to_the_attempt_pages(synced, make_user):
    alice, user = signed_in(make_user, "alice")
    answer(user, "s3-one", [0], at=NOON)
    with answering(Mode.REVIEW):
        answer(user, "s3-two", [0, 1], at=NOON + timedelta(days=1, minutes=1))
    html = text(alice.get("/history/"))
    assert f'<a href="{CHAPTER_URL}">Your answers</a>' in html
    assert '<a href="/history/attempt/review/2025-03-06/">Your answers</a>' in html
    attempts = html.split('<h2 id="attempts">')[1]
    assert ">The chapter</a>" not in attempts and ">Review</a>" not in attempts
    for url in (CHAPTER_URL, "/history/attempt/review/2025-03-06/"):
        assert alice.get(url).status_code == 200


def test_anonymous_visitors_have_their_own_attempt_pages(synced):
    visitor = anonymous()
    answer("a" * 32, "s3-one", [0], at=NOON)
    html = text(visitor.get("/history/"))
    assert f'<a href="{CHAPTER_URL}">Your answers</a>' in html
    assert visitor.get(CHAPTER_URL).status_code == 200


def test_nobody_else_sees_an_attempt(synced, make_user):
    alice, alice_user = signed_in(make_user, "alice")
    bob, bob_user = signed_in(make_user, "bob")
    answer(alice_user, "s3-one", [0], at=NOON, confidence="sure")
    with answering(Mode.REVIEW):
        answer(alice_user, "s3-two", [0, 1], at=NOON)
    answer("b" * 32, "s3-two", [2], at=NOON)  # another anonymous visitor's answer, same day
    answer(bob_user, "s3-two", [4], at=NOON - timedelta(days=1))  # bob answered another day
    strangers = {"bob": bob, "no token": Client(), "other token": anonymous("c" * 32)}
    for url in (CHAPTER_URL, REVIEW_URL):
        assert alice.get(url).status_code == 200
        for who, client in strangers.items():
            response = client.get(url)
            assert response.status_code == 404, (who, url)
            assert "exam-review-item" not in text(response) and "IPv6" not in text(response)
    # Alice's chapter page holds only her own answer, not the other visitor's of that day.
    html = text(alice.get(CHAPTER_URL))
    assert html.count('<article class="exam-review-item"') == 1
    # Bob's own day shows only his answer; Alice's day is not his.
    assert bob.get("/history/attempt/chapter/s3-basics/2025-03-04/").status_code == 200
    assert alice.get("/history/attempt/chapter/s3-basics/2025-03-04/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/history/attempt/chapter/s3-basics/2025-03-06/",  # a day without answers
        "/history/attempt/chapter/empty/2025-03-05/",  # a chapter without answers that day
        "/history/attempt/chapter/no-such-chapter/2025-03-05/",
        "/history/attempt/review/2025-03-04/",
        "/history/attempt/chapter/s3-basics/2025-02-30/",
        "/history/attempt/chapter/s3-basics/0000-01-01/",
        "/history/attempt/chapter/s3-basics/0001-01-01/",
        "/history/attempt/chapter/s3-basics/9999-12-31/",
        "/history/attempt/chapter/s3-basics/2025-3-5/",
        "/history/attempt/chapter/s3-basics/20250305/",
        "/history/attempt/chapter/s3-basics/2025-03-05T00:00/",
        "/history/attempt/chapter/s3-basics/%EF%BC%92025-03-05/",  # a full-width digit
        "/history/attempt/chapter/s3-basics/2025-03-05%00/",
        "/history/attempt/chapter/s3-basics/" + "9" * 10_000 + "/",
        "/history/attempt/chapter/" + "s" * 10_000 + "/2025-03-05/",
        "/history/attempt/chapter/%C3%BCn%C3%AF/2025-03-05/",
        "/history/attempt/chapter/%00/2025-03-05/",
        "/history/attempt/chapter/s3-basics%27%20OR%201=1/2025-03-05/",
        "/history/attempt/review/2025-13-01/",
        "/history/attempt/review/-001-01-01/",
        "/history/attempt/review/%FF%FE/",
        "/history/attempt/review/2025-03-05/../",
    ],
)
def test_hostile_or_wrong_urls_are_404(synced, make_user, url):
    client, user = signed_in(make_user, "alice")
    answer(user, "s3-one", [0], at=NOON)
    with answering(Mode.REVIEW):
        answer(user, "s3-one", [0], at=NOON)
    response = client.get(url)
    assert response.status_code == 404
    assert "exam-review-item" not in text(response)


def test_only_get(synced, make_user):
    client, user = signed_in(make_user, "alice")
    answer(user, "s3-one", [0], at=NOON)
    assert client.post(CHAPTER_URL).status_code == 405
    assert client.post(REVIEW_URL).status_code == 405


def test_queries_stay_the_same_for_one_answer_or_many(synced, make_user, django_assert_num_queries):
    small, small_user = signed_in(make_user, "small")
    big, big_user = signed_in(make_user, "big")
    answer(small_user, "s3-one", [0], at=NOON)
    with answering(Mode.REVIEW):
        answer(small_user, "s3-two", [0, 1], at=NOON)
    for i in range(60):
        qid = ("s3-one", "s3-two")[i % 2]
        answer(big_user, qid, [0] if i % 2 == 0 else [0, 1], at=NOON + timedelta(seconds=i))
        with answering(Mode.REVIEW):
            answer(big_user, qid, [1], at=NOON + timedelta(minutes=5, seconds=i))
    for url in (CHAPTER_URL, REVIEW_URL):
        small.get(url)  # warm: the library and rendered markdown are built once per process
        with CaptureQueriesContext(connection) as one:
            assert small.get(url).status_code == 200
        # The session, the user, the attempt's answers, and whether the header shows the
        # Teams link (one query for a signed-in user, remembered on the request).
        assert len(one) == 4, [q["sql"] for q in one.captured_queries]
        with django_assert_num_queries(len(one)):
            html = text(big.get(url))
        assert html.count('<article class="exam-review-item"') == 60
