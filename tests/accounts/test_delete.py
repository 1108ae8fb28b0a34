"""/accounts/delete/: an account and everything it owns, or an anonymous visitor's data."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.test import Client

from studysite.progress.models import AnswerSource, ChapterRead, ReviewCard
from studysite.quiz.models import Answer, Exam, ExamAnswerEvent, ExamItem, Flag, Practice
from studysite.quiz.ownership import OWNED_MODELS, SESSION_FIELD

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
URL = "/accounts/delete/"
OPTIONS = {"s3-one": ["0"], "s3-two": ["0", "1"]}  # as many as each question asks for


def text(response) -> str:
    return response.content.decode()


def use_everything(client: Client) -> None:
    """Leave one of every owned kind of row: answers (chapter quiz, practice, exam), a
    review card, a flag, a practice set, a finished exam with items and events, a read."""
    data = {"question": "s3-two", "version": "1", "option": ["2", "3"], "confidence": "sure"}
    assert client.post("/quiz/chapter/s3-basics/", data).status_code == 200
    assert client.post("/quiz/flag/", {"question": "s3-one", "flag": "on"}).status_code in (
        200,
        302,
    )
    assert client.post("/quiz/practice/", {"count": "1"}).status_code == 302
    practice = Practice.objects.order_by("-pk").first()
    qid = practice.question_ids[0]
    response = client.post(
        f"/quiz/practice/{practice.pk}/", {"question": qid, "version": "1", "option": OPTIONS[qid]}
    )
    assert response.status_code == 200
    assert client.post("/quiz/exam/").status_code == 302
    exam = Exam.objects.order_by("-pk").first()
    item = exam.items.get(position=1)
    response = client.post(
        f"/quiz/exam/{exam.pk}/q/1/",
        {"question": item.question_id, "option": OPTIONS[item.question_id], "go": "next"},
    )
    assert response.status_code == 302
    assert client.post(f"/quiz/exam/{exam.pk}/review/", {"confirm": "submit"}).status_code == 302
    assert client.post("/progress/chapter/s3-basics/", {"read": "1"}).status_code == 302


def owned_rows(owner: Q) -> dict[str, int]:
    return {label: apps.get_model(label).objects.filter(owner).count() for label in OWNED_MODELS}


@pytest.fixture
def two_users(synced, user):
    alice = Client()
    alice.force_login(user)
    use_everything(alice)
    bob_user = get_user_model().objects.create_user("bob", password=PASSWORD)
    bob = Client()
    bob.force_login(bob_user)
    use_everything(bob)
    return alice, bob, bob_user


def test_every_owned_kind_is_covered(two_users, user):
    counts = owned_rows(Q(user=user))
    assert all(counts.values()), counts  # the fixture leaves a row of every kind
    assert AnswerSource.objects.filter(answer__user=user).exists()


def test_the_page_lists_what_goes(two_users):
    alice, _, _ = two_users
    response = alice.get(URL)
    html = text(response)
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    assert "<h1>Delete your account</h1>" in html and "3 answers" in html
    assert "1 chapter marked read" in html and "1 mock exam" in html
    assert 'autocomplete="current-password"' in html and 'for="id_password"' in html


def test_deletes_the_user_and_everything_they_own(two_users, user):
    alice, _bob, bob_user = two_users
    bob_before = owned_rows(Q(user=bob_user))
    events_before = ExamAnswerEvent.objects.count()
    AccessAttempt.objects.create(
        username="learner", ip_address="127.0.0.1", user_agent="x", failures_since_start=1
    )
    response = alice.post(URL, {"password": PASSWORD})
    assert (
        response.status_code == 302 and response["Location"] == "/accounts/delete/done/?who=account"
    )
    assert not get_user_model().objects.filter(username="learner").exists()
    assert owned_rows(Q(user_id=user.pk)) == dict.fromkeys(OWNED_MODELS, 0)
    assert not ExamItem.objects.filter(exam__user_id=user.pk).exists()
    assert ExamAnswerEvent.objects.count() < events_before
    assert not AnswerSource.objects.filter(answer__user_id=user.pk).exists()
    assert not AccessAttempt.objects.filter(username="learner").exists()
    # Bob's data is untouched; the questions (and their versions) stay.
    assert owned_rows(Q(user=bob_user)) == bob_before
    assert Answer.objects.filter(user=bob_user).count() == 3
    # Signed out, and told so.
    done = alice.get(response["Location"])
    assert "Your account was deleted" in text(done) and "Log in" in text(done)
    assert alice.get("/history/").context["user"].is_anonymous


@pytest.mark.parametrize(
    "password",
    ["wrong", "", PASSWORD + " ", "x" * 5000, "\x00" + PASSWORD, "ünï", PASSWORD.upper()],
)
def test_a_wrong_password_deletes_nothing(two_users, user, password):
    alice, _, _ = two_users
    before = owned_rows(Q(user=user))
    response = alice.post(URL, {"password": password})
    assert response.status_code == 400
    assert "errors" in text(response)
    assert get_user_model().objects.filter(pk=user.pk).exists()
    assert owned_rows(Q(user=user)) == before


def test_csrf_is_required(two_users, user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(URL, {"password": PASSWORD}).status_code == 403
    assert get_user_model().objects.filter(pk=user.pk).exists()
    forget = Client(enforce_csrf_checks=True)
    assert forget.post(URL, {"confirm": "forget"}).status_code == 403


def test_other_methods_are_refused(client, synced):
    assert client.put(URL).status_code == 405
    assert client.post("/accounts/delete/done/").status_code == 405


def test_forget_me_deletes_only_this_visitors_rows(synced, user):
    anon, other = Client(), Client()
    use_everything(anon)
    use_everything(other)
    token = anon.session[SESSION_FIELD]
    other_token = other.session[SESSION_FIELD]
    signed_in = Client()
    signed_in.force_login(user)
    use_everything(signed_in)
    html = text(anon.get(URL))
    assert "<h1>Forget me</h1>" in html and "3 answers" in html
    response = anon.post(URL, {"confirm": "forget"})
    assert response.status_code == 302 and response["Location"].endswith("?who=visitor")
    assert owned_rows(Q(user__isnull=True, session_key=token)) == dict.fromkeys(OWNED_MODELS, 0)
    assert SESSION_FIELD not in anon.session  # the session was flushed
    assert all(owned_rows(Q(user__isnull=True, session_key=other_token)).values())
    assert all(owned_rows(Q(user=user)).values())
    assert "Nothing is stored for this browser yet." in text(anon.get(URL))
    assert "Forgotten" in text(anon.get(response["Location"]))


@pytest.mark.parametrize("confirm", ["", "yes", "forget " * 1000, "\x00", "FORGET"])
def test_forget_me_needs_its_button(synced, confirm):
    anon = Client()
    use_everything(anon)
    before = Answer.objects.count()
    response = anon.post(URL, {"confirm": confirm})
    assert response.status_code == 400 and "Forget me" in text(response)
    assert Answer.objects.count() == before and SESSION_FIELD in anon.session


def test_forget_me_with_nothing_stored(client, synced):
    assert "Nothing is stored for this browser yet." in text(client.get(URL))
    response = client.post(URL, {"confirm": "forget"})
    assert response.status_code == 302


def test_an_odd_done_page_parameter(client):
    assert "Forgotten" in text(client.get("/accounts/delete/done/", {"who": "<script>"}))


def test_models_sanity():
    # Every owned model is in the list; answers are not protected from deletion.
    for label in ("quiz.Answer", "quiz.Flag", "quiz.Practice", "quiz.Exam"):
        assert label in OWNED_MODELS
    assert {"progress.ReviewCard", "progress.ChapterRead"} <= set(OWNED_MODELS)
    assert ReviewCard and ChapterRead and Flag  # imported for the reader
