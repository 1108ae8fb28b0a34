"""Answers feed the schedule through post_save; sign-in adopts and merges cards."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from studysite.progress.models import ReviewCard
from studysite.progress.signals import merge_duplicates
from studysite.quiz.ownership import OWNED_MODELS

pytestmark = pytest.mark.django_db


def test_review_cards_are_owned_models():
    assert "progress.ReviewCard" in OWNED_MODELS


def test_right_and_sure_the_first_time_makes_no_card(give, make_user):
    user = make_user()
    give(user, correct=True, confidence="sure")
    give(user, "s3-two", correct=True)  # right, confidence not given: no card either
    assert not ReviewCard.objects.exists()


@pytest.mark.parametrize(
    ("correct", "confidence", "urgent"),
    [
        (False, None, False),
        (False, "unsure", False),
        (False, "sure", True),
        (True, "unsure", False),
    ],
)
def test_a_miss_or_a_lucky_guess_makes_a_card(give, make_user, correct, confidence, urgent):
    user = make_user()
    answer = give(user, correct=correct, confidence=confidence)
    card = ReviewCard.objects.get()
    assert (card.user, card.session_key, card.question_id) == (user, "", "s3-one")
    assert card.urgent is urgent and card.reviews == 1
    if urgent:
        assert card.due == answer.created
    else:
        assert answer.created < card.due <= answer.created + timedelta(minutes=10)
    assert card.fsrs["state"] in (1, 3) and card.fsrs["last_review"]


def test_later_answers_reschedule_the_card(give, make_user):
    user = make_user()
    t0 = timezone.now() - timedelta(days=10)
    give(user, correct=False, created=t0)
    give(user, correct=True, created=t0 + timedelta(minutes=2))
    give(user, correct=True, created=t0 + timedelta(minutes=15))
    card = ReviewCard.objects.get()
    assert card.reviews == 3 and card.fsrs["state"] == 2  # Review
    learnt_due = card.due
    assert learnt_due > t0 + timedelta(days=1)  # success: days ahead
    give(user, correct=True, confidence="sure", created=t0 + timedelta(days=3))
    card.refresh_from_db()
    assert card.due > learnt_due  # further forward
    forward = card.due
    missed_at = t0 + timedelta(days=4)
    give(user, correct=False, confidence="sure", created=missed_at)
    card.refresh_from_db()
    assert card.due == missed_at < forward and card.urgent  # back, to now, first in line
    give(user, correct=True, created=missed_at + timedelta(minutes=20))
    card.refresh_from_db()
    assert not card.urgent  # a right answer clears the alarm
    assert ReviewCard.objects.count() == 1


def test_anonymous_answers_get_anonymous_cards(give):
    give("a" * 32, correct=False)
    card = ReviewCard.objects.get()
    assert card.user is None and card.session_key == "a" * 32


def test_signing_in_adopts_review_cards(client, synced, make_user):
    from studysite.quiz.models import Answer

    client.post(
        "/quiz/chapter/s3-basics/",
        {"question": "s3-one", "version": "1", "option": ["1"], "confidence": "sure"},
    )
    assert ReviewCard.objects.filter(user__isnull=True).count() == 1
    stranger = Client()
    stranger.post("/quiz/chapter/s3-basics/", {"question": "s3-one", "version": "1", "option": "2"})
    user = make_user()
    client.force_login(user)
    card = ReviewCard.objects.get(user=user)
    assert card.session_key == "" and card.urgent
    assert Answer.objects.filter(user=user).count() == 1
    # The stranger's card stays theirs.
    assert ReviewCard.objects.filter(user__isnull=True).count() == 1


def test_sign_in_folds_an_accounts_duplicate_cards(client, synced, give, make_user):
    user = make_user()
    earlier = timezone.now() - timedelta(days=2)
    give(user, correct=False, created=earlier)  # the account already has a card
    client.post(
        "/quiz/chapter/s3-basics/",
        {"question": "s3-one", "version": "1", "option": ["1"], "confidence": "sure"},
    )
    client.force_login(user)
    card = ReviewCard.objects.get(user=user)  # one, not two
    assert card.urgent and card.reviews == 2
    assert not ReviewCard.objects.filter(user__isnull=True).exists()


def test_merge_keeps_the_latest_state(give, make_user):
    user = make_user()
    give(user, correct=False, confidence="sure")
    first = ReviewCard.objects.get()
    later = timezone.now() + timedelta(minutes=1)
    ReviewCard.objects.create(
        user=user, question_id="s3-one", fsrs=first.fsrs, due=later, updated=later, reviews=1
    )
    assert merge_duplicates(user) == 1
    card = ReviewCard.objects.get()
    assert card.urgent and card.due == first.due and card.reviews == 2
    assert merge_duplicates(user) == 0


def test_the_receiver_tolerates_duplicates(give, make_user):
    user = make_user()
    give(user, correct=False)
    card = ReviewCard.objects.get()
    ReviewCard.objects.create(user=user, question_id="s3-one", fsrs=card.fsrs, due=card.due)
    give(user, correct=True)
    assert ReviewCard.objects.count() == 1
