"""The chapter quiz through Django's test client: plain forms and htmx, every bad input."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from studysite.quiz.cards import question_by_ref
from studysite.quiz.models import Answer, Question

from .conftest import MULTIPLE, SINGLE

pytestmark = pytest.mark.django_db
URL = "/quiz/chapter/s3-basics/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def shown_id(response) -> str:
    # Pages carry an opaque reference; the tests name questions by id.
    match = re.search(r'name="question" value="([0-9a-f]{20})"', response.content.decode())
    assert match, response.content.decode()[:2000]
    return question_by_ref(match.group(1)).pk


def answer(client, qid: str, *options, version: str = "1", **extra):
    data = {"question": qid, "version": version, "option": [str(o) for o in options]}
    data.update(extra)
    return client.post(URL, data, **{k: v for k, v in extra.items() if k.startswith("HTTP_")})


class TestShowingQuestions:
    def test_first_question_as_a_radio_form(self, client, synced):
        response = client.get(URL)
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        html = response.content.decode()
        assert shown_id(response) == "s3-one"
        assert "Which endpoint supports <strong>IPv6</strong>?" in html
        assert html.count('type="radio" id="option-') == 4
        assert "Choose one answer." in html
        assert 'hx-post="/quiz/chapter/s3-basics/"' in html
        assert "csrfmiddlewaretoken" in html
        # The form never gives the answer away.
        assert "It answers over IPv6" not in html and "is-correct" not in html

    def test_multiple_response_uses_checkboxes_and_states_how_many(self, client, synced):
        synced("bank.yaml", MULTIPLE)
        from studysite.quiz.bank import build_bank
        from studysite.quiz.sync import sync_bank

        sync_bank(build_bank())  # s3-one retired, s3-two stays
        response = client.get(URL)
        html = response.content.decode()
        assert shown_id(response) == "s3-two"
        assert html.count('type="checkbox" id="option-') == 5
        assert "Choose 2 answers." in html

    def test_least_recently_answered_first(self, client, synced):
        assert shown_id(client.get(URL)) == "s3-one"
        answer(client, "s3-one", 1)
        assert shown_id(client.get(URL)) == "s3-two"  # never answered comes first
        answer(client, "s3-two", 0, 1)
        # A new round asks the one answered longest ago first.
        assert shown_id(client.get(URL + "?round=new")) == "s3-one"
        answer(client, "s3-one", 0, round="new")
        assert shown_id(client.get(URL)) == "s3-two"

    def test_each_visitor_has_their_own_order(self, client, synced):
        answer(client, "s3-one", 0)
        other = Client()
        assert shown_id(other.get(URL)) == "s3-one"

    def test_a_chapter_without_questions_is_a_friendly_page(self, client, synced):
        response = client.get("/quiz/chapter/empty/")
        assert response.status_code == 200
        assert "There are no practice questions for this chapter yet." in response.content.decode()

    def test_an_unknown_chapter_is_404(self, client, synced):
        assert client.get("/quiz/chapter/nope/").status_code == 404

    def test_htmx_get_returns_only_the_card(self, client, synced):
        response = client.get(URL, **HTMX)
        html = response.content.decode()
        assert shown_id(response) == "s3-one"
        assert "<html" not in html and 'id="quiz-card"' not in html

    def test_the_page_passes_csp_no_inline_script_or_style(self, client, synced):
        html = client.get(URL).content.decode()
        assert "<script>" not in html and "style=" not in html and "<style" not in html


class TestAnswering:
    def test_anonymous_correct_answer_creates_a_session_and_stores_it(self, client, synced):
        assert "sessionid" not in client.cookies
        response = answer(client, "s3-one", 0, confidence="sure")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Correct" in html and "verdict-ok" in html
        assert "sessionid" in response.cookies
        saved = Answer.objects.get()
        assert saved.user is None
        assert saved.session_key == client.session["quiz_owner"]
        assert len(saved.session_key) == 32
        assert (saved.chosen, saved.correct, saved.confidence) == ([0], True, "sure")
        assert saved.question_version == Question.objects.get(pk="s3-one").current

    def test_feedback_explains_every_option_and_links_to_the_section(self, client, synced):
        html = answer(client, "s3-one", 1).content.decode()
        assert "Not quite" in html and "verdict-bad" in html
        for explanation in (
            "It answers over IPv6 and IPv4.",
            "HTTP only, IPv4.",
            "For FIPS 140 TLS.",
            "No Region, IPv4.",
        ):
            assert explanation in html
        assert html.count("Correct answer") == 1
        assert html.count("Your choice") == 1
        assert '<a href="/notes/s3-basics/#endpoints">Endpoints</a>' in html
        assert (
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/dual-stack-endpoints.html"
            in html
        )
        assert 'href="/quiz/chapter/s3-basics/"' in html and "Next question" in html
        saved = Answer.objects.get()
        assert (saved.chosen, saved.correct, saved.confidence) == ([1], False, None)

    def test_multiple_response_must_match_exactly(self, client, synced):
        assert "Correct" in answer(client, "s3-two", 1, 0).content.decode()
        assert "Not quite" in answer(client, "s3-two", 0, 2).content.decode()
        assert [a.correct for a in Answer.objects.order_by("created", "pk")] == [True, False]
        assert Answer.objects.order_by("created", "pk").first().chosen == [0, 1]

    def test_the_same_session_keeps_its_key(self, client, synced):
        answer(client, "s3-one", 0)
        answer(client, "s3-two", 0, 1)
        assert Answer.objects.values("session_key").distinct().count() == 1

    def test_signed_in_users_answers_are_theirs(self, client, synced):
        user = get_user_model().objects.create_user("learner", password="x-long-password-1")
        client.force_login(user)
        answer(client, "s3-one", 0)
        assert Answer.objects.get().user == user
        assert shown_id(client.get(URL)) == "s3-two"

    def test_htmx_post_swaps_only_the_feedback(self, client, synced):
        response = answer(client, "s3-one", 0, **HTMX)
        html = response.content.decode()
        assert response.status_code == 200
        assert "Correct" in html and "<html" not in html


BAD = [
    ("nothing chosen", {"question": "s3-one", "version": "1"}, "Choose an answer first."),
    (
        "two for single",
        {"question": "s3-one", "version": "1", "option": ["0", "1"]},
        "Choose only one answer; you chose 2.",
    ),
    (
        "one for choose two",
        {"question": "s3-two", "version": "1", "option": ["0"]},
        "Choose exactly 2 answers; you chose 1.",
    ),
    (
        "three for choose two",
        {"question": "s3-two", "version": "1", "option": ["0", "1", "2"]},
        "Choose exactly 2 answers; you chose 3.",
    ),
    (
        "unknown index",
        {"question": "s3-one", "version": "1", "option": ["7"]},
        "That answer could not be read.",
    ),
    (
        "negative index",
        {"question": "s3-one", "version": "1", "option": ["-1"]},
        "That answer could not be read.",
    ),
    (
        "text index",
        {"question": "s3-one", "version": "1", "option": ["zero"]},
        "That answer could not be read.",
    ),
    (
        "duplicate index",
        {"question": "s3-two", "version": "1", "option": ["0", "0"]},
        "That answer could not be read.",
    ),
    (
        "huge index",
        {"question": "s3-one", "version": "1", "option": ["9" * 400]},
        "That answer could not be read.",
    ),
    (
        "too many values",
        {"question": "s3-two", "version": "1", "option": ["0"] * 50},
        "That answer could not be read.",
    ),
    (
        "bad confidence",
        {"question": "s3-one", "version": "1", "option": ["0"], "confidence": "very"},
        "Say whether you are sure or unsure",
    ),
    (
        "unknown question",
        {"question": "s3-nope", "version": "1", "option": ["0"]},
        "That question is not part of this chapter&#x27;s quiz.",
    ),
    ("no question", {"option": ["0"]}, "That question is not part of this chapter&#x27;s quiz."),
    (
        "hostile question id",
        {"question": "<script>" * 100, "option": ["0"]},
        "That question is not part of this chapter&#x27;s quiz.",
    ),
    (
        "stale version",
        {"question": "s3-one", "version": "0", "option": ["0"]},
        "This question was updated since it was shown",
    ),
    (
        "tampered version",
        {"question": "s3-one", "version": "' OR 1=1", "option": ["0"]},
        "This question was updated since it was shown",
    ),
]


@pytest.mark.parametrize(("what", "data", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_a_clear_message_and_stores_nothing(client, synced, what, data, message):
    response = client.post(URL, data)
    assert response.status_code == 400, what
    assert message in response.content.decode(), response.content.decode()[-3000:]
    assert Answer.objects.count() == 0
    htmx = client.post(URL, data, **HTMX)
    assert htmx.status_code == 200  # htmx swaps only 2xx responses
    assert message in htmx.content.decode()
    assert Answer.objects.count() == 0


def test_a_bad_choice_keeps_what_was_ticked(client, synced):
    html = client.post(
        URL, {"question": "s3-two", "version": "1", "option": ["0", "1", "2"]}
    ).content.decode()
    assert re.findall(r'name="option" value="(\d)" checked', html) == ["0", "1", "2"]


def test_a_question_of_another_chapter_is_unknown_here(client, synced):
    Question.objects.filter(pk="s3-one").update(chapter="empty")
    response = answer(client, "s3-one", 0)
    assert response.status_code == 400
    assert Answer.objects.count() == 0


def test_a_retired_question_is_refused(client, synced):
    synced("bank.yaml", MULTIPLE)
    from studysite.quiz.bank import build_bank
    from studysite.quiz.sync import sync_bank

    sync_bank(build_bank())
    response = answer(client, "s3-one", 0)
    assert response.status_code == 400
    assert "That question has been retired" in response.content.decode()
    assert Answer.objects.count() == 0


def test_other_methods_are_refused(client, synced):
    assert client.put(URL).status_code == 405


class TestCsrf:
    def test_a_post_without_the_token_is_refused(self, synced):
        client = Client(enforce_csrf_checks=True)
        response = client.post(URL, {"question": "s3-one", "version": "1", "option": ["0"]})
        assert response.status_code == 403
        assert Answer.objects.count() == 0

    def test_a_post_with_the_token_from_the_form_works(self, synced):
        client = Client(enforce_csrf_checks=True)
        html = client.get(URL).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        response = client.post(
            URL,
            {"question": "s3-one", "version": "1", "option": ["0"], "csrfmiddlewaretoken": token},
        )
        assert response.status_code == 200
        assert Answer.objects.count() == 1

    def test_htmx_sends_the_token_in_a_header(self, synced):
        client = Client(enforce_csrf_checks=True)
        html = client.get(URL).content.decode()
        token = re.search(r'"X-CSRFToken": "([^"]+)"', html).group(1)
        response = client.post(
            URL,
            {"question": "s3-one", "version": "1", "option": ["0"]},
            HTTP_X_CSRFTOKEN=token,
            **HTMX,
        )
        assert response.status_code == 200
        assert Answer.objects.count() == 1


def test_sample_questions_render_and_grade(client, settings):
    """The real bank, synced, answered right through the views once per question."""
    from studysite.chapters.loader import build_library
    from studysite.quiz.bank import build_bank
    from studysite.quiz.sync import sync_bank

    bank = build_bank(build_library(settings.NOTES_DIR), settings.NOTES_DIR)
    sync_bank(bank)
    for question in bank.questions:
        url = f"/quiz/chapter/{question.chapter}/"
        right = [str(i) for i, o in enumerate(question.options) if o.correct]
        response = client.post(url, {"question": question.id, "version": "1", "option": right})
        assert response.status_code == 200, question.id
        assert "verdict-ok" in response.content.decode(), question.id
    assert Answer.objects.filter(correct=True).count() == len(bank.questions)
    assert SINGLE and MULTIPLE  # the fixtures' questions are separate from the real bank


def test_signing_in_adopts_what_the_visitor_did_anonymously(client, synced):
    answer(client, "s3-one", 0)
    answer(client, "s3-two", 0, 1)
    stranger = Client()
    answer(stranger, "s3-one", 1)
    user = get_user_model().objects.create_user("learner2", password="x-long-password-1")
    client.force_login(user)  # sends user_logged_in, like the login and sign-up views
    assert Answer.objects.filter(user=user).count() == 2
    assert Answer.objects.filter(user__isnull=True).count() == 1  # the stranger's stays
    assert "quiz_owner" not in client.session


def test_a_double_submit_or_a_second_tab_records_one_answer(client, synced):
    form = client.get(URL).content.decode()
    after = re.search(r'name="after" value="(\d+)"', form).group(1)
    first = answer(client, "s3-one", 0, after=after)
    second = answer(client, "s3-one", 1, after=after)  # the other tab, a different choice
    assert first.status_code == second.status_code == 200
    assert "the first answer stands" in second.content.decode()
    assert "Correct" in second.content.decode()
    assert list(Answer.objects.values_list("chosen", flat=True)) == [[0]]
    # Answering the same question again later, from a fresh form, is a new answer.
    again = client.get(URL)
    while shown_id(again) != "s3-one":
        answer(client, shown_id(again), 0, 1)
        again = client.get(URL + "?round=new")
    after = re.search(r'name="after" value="(\d+)"', again.content.decode()).group(1)
    answer(client, "s3-one", 1, after=after)
    assert Answer.objects.filter(question_id="s3-one").count() == 2
