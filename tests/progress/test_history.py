"""/history/: numbers against a hand-computed fixture, constant queries, owners apart."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from studysite.progress.charts import Day, Tally, accuracy_chart, daily_chart, nice_max, percent
from studysite.progress.history import build_history
from studysite.quiz.models import Answer, Question

pytestmark = pytest.mark.django_db
URL = "/history/"


@pytest.fixture
def learner(give, make_user):
    """Seven answers, counted by hand in the assertions below.

    A1 now       s3-one (domain 3) right sure     A5 -2 days  s3-one right sure
    A2 now       s3-one            wrong sure     A6 -40 days s3-one right (none)
    A3 now       s3-two (domain 1) wrong unsure   A7 -3 days  s3-two wrong (none)
    A4 -2 days   s3-two            right (none)
    """
    user = make_user()
    now = timezone.now()
    day = timedelta(days=1)
    give(user, "s3-one", True, "sure", now - timedelta(seconds=3))
    give(user, "s3-one", False, "sure", now - timedelta(seconds=2))
    give(user, "s3-two", False, "unsure", now - timedelta(seconds=1))
    give(user, "s3-two", True, None, now - 2 * day)
    give(user, "s3-one", True, "sure", now - 2 * day)
    give(user, "s3-one", True, None, now - 40 * day)
    give(user, "s3-two", False, None, now - 3 * day)
    return user


def test_numbers_match_the_hand_count(learner):
    from django.db.models import Q

    today = timezone.now().date()
    h = build_history(Q(user=learner), today)
    assert (h.total, h.correct, h.wrong) == (7, 4, 3)
    assert len(h.days) == 30 and h.days[-1].day == today
    per_day = {d.day: (d.total, d.correct) for d in h.days if d.total}
    assert per_day == {
        today: (3, 1),
        today - timedelta(days=2): (2, 2),
        today - timedelta(days=3): (1, 0),
    }
    domains = {t.key: (t.total, t.correct, t.percent) for t in h.domains}
    assert domains == {1: (3, 1, 33), 2: (0, 0, 0), 3: (4, 3, 75), 4: (0, 0, 0)}
    assert [(t.key, t.total, t.correct, t.percent) for t in h.chapters] == [("s3-basics", 7, 4, 57)]
    assert h.chapters[0].label == "S3 basics" and h.chapters[0].url == "/notes/s3-basics/"
    calibration = {t.key: (t.total, t.correct, t.percent) for t in h.calibration}
    assert calibration == {"sure": (3, 2, 67), "unsure": (1, 0, 0), None: (3, 2, 67)}
    assert [(m.question_id, m.misses, m.total) for m in h.missed] == [
        ("s3-two", 2, 3),
        ("s3-one", 1, 4),
    ]
    assert h.missed[0].url == "/notes/s3-basics/#dots"
    assert h.missed[0].section == "Dots in names"
    assert h.missed[0].text.startswith("Which two are true about dots in bucket names?")
    assert h.page.paginator.count == 7
    assert [r.answer.question_id for r in h.page.object_list][:3] == ["s3-two", "s3-one", "s3-one"]


def test_the_page_shows_the_numbers(client, learner):
    client.force_login(learner)
    response = client.get(URL)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "7 answers, 57 % right; 6 in the last 30 days." in html
    assert "When you were sure, you were right 67 % of the time (2 of 3)" in html
    assert "when unsure, 0 % (0 of 1)" in html
    assert (
        'Missed 2 of 3 times. Learn it: <a href="/notes/s3-basics/#dots">Dots in names</a>' in html
    )
    # Charts that reflow (issue 21): each bar's name and value are text beside it.
    assert '<span class="bar-label">Domain 3: Design High-Performing Architectures</span>' in html
    assert '<span class="bar-value">75 % (3/4)</span>' in html
    # Every chart is labelled and has a table; no inline style anywhere.
    # (The daily chart is a plot with its own title and description; the bar charts are
    # lists named by their caption.)
    assert html.count('<svg class="plot-area"') == 1 == html.count("<desc id=")
    assert html.count('<ol class="bar-chart" aria-labelledby=') == 3
    assert html.count('<details class="history-table">') == 4
    assert "style=" not in html and "<script>" not in html
    assert re.search(r'<th scope="col">When \(UTC\)</th>', html)
    # The daily chart: the three days with answers have bars.
    assert html.count('class="d-box-ok" x=') >= 2


def test_nothing_yet(client, synced):
    response = client.get(URL)
    assert response.status_code == 200
    assert "No answers yet." in response.content.decode()


def test_owners_see_only_their_own(client, learner, give, make_user):
    other = make_user("other")
    give(other, "s3-one", False, "sure")
    give("a" * 32, "s3-two", True, "sure")
    client.force_login(other)
    html = client.get(URL).content.decode()
    assert "1 answer, 0 % right" in html
    assert "No answers yet." in Client().get(URL).content.decode()
    anon = Client()
    anon.post("/quiz/chapter/s3-basics/", {"question": "s3-one", "version": "1", "option": "0"})
    assert "1 answer, 100 % right" in anon.get(URL).content.decode()


def add_answers(user, count: int) -> None:
    questions = list(Question.objects.select_related("current"))
    now = timezone.now()
    Answer.objects.bulk_create(
        Answer(
            user=user,
            question=questions[i % len(questions)],
            question_version=questions[i % len(questions)].current,
            chosen=[0],
            correct=i % 3 != 0,
            confidence=(None, "sure", "unsure")[i % 3],
            created=now - timedelta(hours=i % 900),
        )
        for i in range(count)
    )


def test_query_count_is_the_same_for_10_and_1000_answers(
    client, synced, make_user, django_assert_num_queries
):
    small, big = make_user("small"), make_user("big")
    add_answers(small, 10)
    add_answers(big, 1000)
    client.force_login(small)
    client.get(URL)  # warm: the library and bank are built once per process
    with CaptureQueriesContext(connection) as ten:
        assert client.get(URL).status_code == 200
    queries = len(ten)  # now: every request empties the connection's query log
    client.force_login(big)
    client.get(URL)
    with django_assert_num_queries(queries):
        html = client.get(URL).content.decode()
    assert "1000 answers" in html
    with django_assert_num_queries(queries):
        assert client.get(URL, {"page": "7"}).status_code == 200
    # Session, user, per day, per question and confidence, the page's count and rows;
    # the attempts: exams, practice sets, answers grouped by kind, chapter and day; and the
    # header's one "in a team?" query for a signed-in user.
    assert queries == 10


@pytest.mark.parametrize(
    "page", ["0", "-1", "2", "99999999999999999999999", "x" * 10_000, "\x00", "1.5", "ünï"]
)
def test_any_page_number_is_a_page(client, learner, page):
    client.force_login(learner)
    response = client.get(URL, {"page": page})
    assert response.status_code == 200 and "Recent answers" in response.content.decode()


def test_pages_of_recent_answers(client, synced, make_user):
    user = make_user()
    add_answers(user, 45)
    client.force_login(user)
    html = client.get(URL).content.decode()
    assert "Page 1 of 3" in html and 'rel="next"' in html and 'rel="prev"' not in html
    html = client.get(URL, {"page": "3"}).content.decode()
    assert "Page 3 of 3" in html and html.count("<tr>") - html.count("<thead>") >= 5


def test_post_is_refused(client, synced):
    assert client.post(URL).status_code == 405


class TestCharts:
    def test_percent_rounds_half_up(self):
        assert (percent(1, 8), percent(1, 3), percent(2, 3), percent(0, 0)) == (13, 33, 67, 0)

    def test_nice_max(self):
        values = (0, 1, 2, 3, 7, 10, 11, 180, 501)
        assert [nice_max(v) for v in values] == [1, 1, 2, 5, 10, 10, 20, 200, 1000]

    def test_daily_columns_stack_right_under_wrong(self):
        from datetime import date

        chart = daily_chart([Day(date(2026, 1, 1), 10, 4), Day(date(2026, 1, 2), 0, 0)])
        first, second = chart["bars"]
        assert chart["top"] == 10
        assert first["ok_h"] == pytest.approx(64.0) and first["bad_h"] == pytest.approx(96.0)
        assert first["bad_y"] + first["bad_h"] == pytest.approx(first["ok_y"])
        assert first["ok_y"] + first["ok_h"] == pytest.approx(chart["bottom"])
        assert second["ok_h"] == second["bad_h"] == 0
        assert first["label"] == "1 Jan" and second["label"] == ""

    def test_accuracy_bars_fill_the_share_right(self):
        chart = accuracy_chart([Tally(1, "a", 4, 3), Tally(2, "b", 0, 0)])
        assert chart["rows"][0]["fill"] == pytest.approx(chart["track"] * 0.75)
        assert chart["rows"][1]["fill"] == 0
