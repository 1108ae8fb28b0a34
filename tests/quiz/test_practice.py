"""Custom practice and flags through Django's test client."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from studysite.quiz.cards import question_by_ref, question_ref
from studysite.quiz.models import Answer, Flag, Practice, Question

from .banks import make_bank

pytestmark = pytest.mark.django_db
URL = "/quiz/practice/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def bank(quiz_notes, db):
    return make_bank({1: 6, 2: 4, 3: 3, 4: 2})


def text(response) -> str:
    return response.content.decode()


def start(client, **data) -> Practice:
    data.setdefault("count", "10")
    response = client.post(URL, data)
    assert response.status_code == 302, text(response)[-2000:]
    practice = Practice.objects.order_by("-pk").first()
    assert response["Location"] == f"/quiz/practice/{practice.pk}/"
    return practice


def shown(client, practice) -> str:
    html = text(client.get(f"/quiz/practice/{practice.pk}/"))
    ref = re.search(r'name="question" value="([0-9a-f]{20})"', html).group(1)
    return question_by_ref(ref).pk  # pages carry an opaque reference, tests use ids


def answer(client, practice, qid, *options, **extra):
    data = {"question": qid, "version": "1", "option": [str(o) for o in options]}
    data.update({k: v for k, v in extra.items() if not k.startswith("HTTP_")})
    headers = {k: v for k, v in extra.items() if k.startswith("HTTP_")}
    return client.post(f"/quiz/practice/{practice.pk}/", data, **headers)


def ids(practice) -> set[str]:
    practice.refresh_from_db()
    return set(practice.question_ids)


def test_the_form_lists_domains_chapters_and_filters(client, bank):
    html = text(client.get(URL))
    assert 'name="domain" value="1"' in html and 'name="domain" value="4"' in html
    assert 'id="chapter-s3-basics" name="chapter" value="s3-basics"' in html
    assert "chapter-empty" not in html  # no questions there
    for value in ("unseen", "missed", "flagged"):
        assert f'name="filter" value="{value}"' in html
    assert '<label for="practice-count">' in html


def test_domains_chapters_and_count(client, bank):
    assert {q[:2] for q in ids(start(client, domain=["2", "4"]))} == {"d2", "d4"}
    assert len(ids(start(client, domain=["1"], count="3"))) == 3
    assert len(ids(start(client))) == 10
    assert len(ids(start(client, chapter=["s3-basics"], count="100"))) == 15


def test_a_whole_set_answered_like_the_chapter_quiz(client, bank):
    practice = start(client, domain=["4"])
    first = shown(client, practice)
    response = answer(client, practice, first, 0, confidence="sure")
    html = text(response)
    assert response.status_code == 200
    assert "verdict-ok" in html and f"Why option 1 of {first}." in html
    assert '<a href="/notes/s3-basics/#dots">Dots in names</a> in S3 basics' in html
    assert "Flag for later" in html
    saved = Answer.objects.get()
    assert (saved.question_id, saved.chosen, saved.correct, saved.confidence) == (
        first,
        [0],
        True,
        "sure",
    )
    second = shown(client, practice)
    assert second != first
    assert "Not quite" in text(answer(client, practice, second, 2, **HTMX))
    summary = text(client.get(f"/quiz/practice/{practice.pk}/"))
    assert "Practice set complete" in summary and ">1 of 2</span> correct" in summary
    practice.refresh_from_db()
    assert (practice.position, practice.correct, len(practice.answer_ids)) == (2, 1, 2)


def test_a_double_submit_is_recorded_once(client, bank):
    practice = start(client, domain=["4"])
    first = shown(client, practice)
    answer(client, practice, first, 0)
    # A resend (double click, retry after a lost response) shows the first answer again.
    again = answer(client, practice, first, 0)
    assert again.status_code == 200
    assert "This answer was already recorded" in text(again) and "verdict-ok" in text(again)
    assert Answer.objects.count() == 1


def test_feedback_can_be_seen_again_by_its_address(client, bank):
    practice = start(client, domain=["4"])
    first = shown(client, practice)
    answer(client, practice, first, 1)
    pk = Answer.objects.get().pk
    html = text(client.get(f"/quiz/practice/{practice.pk}/?answered={pk}"))
    assert "Not quite" in html and "Your choice" in html
    # Someone else's answer id, or nonsense, shows the current question instead.
    for bad in ("999", "x", "1" * 40, "٣"):
        html = text(client.get(f"/quiz/practice/{practice.pk}/?answered={bad}"))
        assert "Check my answer" in html


def test_filters_unseen_missed_flagged(client, bank):
    practice = start(client, domain=["3"])  # three questions
    asked = []
    for n in range(3):
        qid = shown(client, practice)
        asked.append(qid)
        answer(client, practice, qid, 0 if n == 0 else 1)  # right, wrong, wrong
    right, wrong1, wrong2 = asked
    client.post("/quiz/flag/", {"question": right, "flag": "on", "next": "/quiz/practice/"})
    # A later right answer does not undo "missed before".
    later = start(client, chapter=["s3-basics"], filter=["missed"], count="50")
    assert ids(later) == {wrong1, wrong2}
    assert ids(start(client, domain=["3"], filter=["flagged"])) == {right}
    assert ids(start(client, domain=["3"], filter=["flagged", "missed"])) == set(asked)
    unseen = ids(start(client, filter=["unseen"], count="100"))
    assert len(unseen) == 12 and not unseen & set(asked)
    nothing = client.post(URL, {"domain": ["3"], "filter": ["unseen"], "count": "5"})
    assert nothing.status_code == 200 and "No questions match" in text(nothing)


def test_a_new_visitor_has_everything_unseen_and_nothing_missed(client, bank):
    assert len(ids(start(client, filter=["unseen"], count="100"))) == 15
    response = Client().post(URL, {"filter": ["missed", "flagged"], "count": "5"})
    assert "No questions match" in text(response)
    assert Practice.objects.count() == 1


def test_filters_are_per_owner(client, bank):
    practice = start(client, domain=["4"])
    qid = shown(client, practice)
    answer(client, practice, qid, 3)
    client.post("/quiz/flag/", {"question": qid, "flag": "on", "next": URL})
    other = Client()
    user = get_user_model().objects.create_user("p", password="x-long-password-1")
    other.force_login(user)
    assert "No questions match" in text(other.post(URL, {"filter": ["missed"], "count": "5"}))
    assert "No questions match" in text(other.post(URL, {"filter": ["flagged"], "count": "5"}))
    # Nor can they open or answer the first visitor's set.
    assert other.get(f"/quiz/practice/{practice.pk}/").status_code == 404
    response = answer(other, practice, shown(client, practice), 0)
    assert response.status_code == 404 and "no such practice set among yours" in text(response)
    assert Answer.objects.count() == 1


BAD_FORMS = [
    ("unknown domain", {"domain": ["5"]}, "Choose domains from the list"),
    ("text domain", {"domain": ["one"]}, "Choose domains from the list"),
    ("unknown chapter", {"chapter": ["empty"]}, "Choose chapters from the list"),
    ("hostile chapter", {"chapter": ["<script>" * 50]}, "Choose chapters from the list"),
    ("unknown filter", {"filter": ["easy"]}, "Choose filters from the list"),
    ("zero count", {"count": "0"}, "a whole number from 1 to 100"),
    ("big count", {"count": "101"}, "a whole number from 1 to 100"),
    ("huge count", {"count": "9" * 500}, "a whole number from 1 to 100"),
    ("text count", {"count": "ten"}, "a whole number from 1 to 100"),
    ("unicode count", {"count": "١٠"}, "a whole number from 1 to 100"),
    ("negative count", {"count": "-3"}, "a whole number from 1 to 100"),
    ("binary count", {"count": "\x00"}, "a whole number from 1 to 100"),
]


@pytest.mark.parametrize(("what", "data", "message"), BAD_FORMS, ids=[b[0] for b in BAD_FORMS])
def test_a_bad_form_is_a_clear_message_and_stores_nothing(client, bank, what, data, message):
    data.setdefault("count", "5")
    response = client.post(URL, data)
    assert response.status_code == 400
    assert message in text(response)
    assert Practice.objects.count() == 0


def test_bad_answers_are_refused_like_the_chapter_quiz(client, bank):
    practice = start(client, domain=["1"])
    qid = shown(client, practice)
    for options, message in (
        ((), "Choose an answer first."),
        ((0, 1), "Choose only one answer; you chose 2."),
        ((9,), "That answer could not be read."),
    ):
        assert message in text(answer(client, practice, qid, *options))
    stale = client.post(
        f"/quiz/practice/{practice.pk}/", {"question": qid, "version": "7", "option": ["0"]}
    )
    assert stale.status_code == 400 and "updated since it was shown" in text(stale)
    htmx = answer(client, practice, qid, 9, **HTMX)
    assert htmx.status_code == 200 and "could not be read" in text(htmx)
    bad = answer(client, practice, qid, 0, confidence="totally")
    assert "Say whether you are sure" in text(bad)
    assert Answer.objects.count() == 0


def test_retired_questions_are_skipped(client, bank):
    practice = start(client, domain=["4"])
    first = shown(client, practice)
    Question.objects.filter(pk=first).update(active=False)
    assert shown(client, practice) != first


@pytest.mark.parametrize("pk", ["99999", "99999999999999999999999"])
def test_unknown_sets_are_404(client, bank, pk):
    start(client)
    response = client.get(f"/quiz/practice/{pk}/")
    assert response.status_code == 404 and "no such practice set" in text(response)


class TestFlags:
    def test_flag_and_unflag_without_javascript(self, client, bank):
        practice = start(client, domain=["4"])
        qid = shown(client, practice)
        answer(client, practice, qid, 0)
        back = f"/quiz/practice/{practice.pk}/?answered={Answer.objects.get().pk}"
        assert f'name="next" value="{back}"' in text(client.get(back))
        response = client.post("/quiz/flag/", {"question": qid, "flag": "on", "next": back})
        assert response.status_code == 302 and response["Location"] == back
        client.post("/quiz/flag/", {"question": qid, "flag": "on", "next": back})  # idempotent
        assert Flag.objects.count() == 1
        assert "Flagged for later" in text(client.get(back))
        client.post("/quiz/flag/", {"question": qid, "flag": "off", "next": back})
        assert Flag.objects.count() == 0

    def test_htmx_swaps_only_the_toggle(self, client, bank):
        response = client.post("/quiz/flag/", {"question": "d1-q000", "flag": "on"}, **HTMX)
        html = text(response)
        assert response.status_code == 200 and "<html" not in html
        assert "Flagged for later" in html and "Flag saved." in html
        assert 'value="off"' in html

    def test_the_chapter_quiz_feedback_has_the_toggle(self, client, synced):
        html = text(
            client.post(
                "/quiz/chapter/s3-basics/", {"question": "s3-one", "version": "1", "option": "0"}
            )
        )
        assert 'action="/quiz/flag/"' in html and f'value="{question_ref("s3-one")}"' in html
        assert 'name="next" value="/quiz/chapter/s3-basics/"' in html

    @pytest.mark.parametrize(
        "data",
        [
            {"question": "nope", "flag": "on"},
            {"question": "<b>" * 99, "flag": "on"},
            {"question": "d1-q000", "flag": "sideways"},
            {"flag": "on"},
        ],
    )
    def test_bad_flags_are_refused(self, client, bank, data):
        response = client.post("/quiz/flag/", data)
        assert response.status_code == 400 and "could not be changed" in text(response)
        assert client.post("/quiz/flag/", data, **HTMX).status_code == 200
        assert Flag.objects.count() == 0

    def test_only_same_site_addresses_are_followed(self, client, bank):
        for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
            response = client.post(
                "/quiz/flag/", {"question": "d1-q000", "flag": "on", "next": target}
            )
            assert response["Location"] == "/quiz/practice/"

    def test_flags_are_adopted_on_sign_in(self, client, bank):
        client.post("/quiz/flag/", {"question": "d1-q000", "flag": "on"})
        user = get_user_model().objects.create_user("f", password="x-long-password-1")
        client.force_login(user)
        assert Flag.objects.get().user == user

    def test_get_is_refused(self, client, bank):
        assert client.get("/quiz/flag/").status_code == 405
