"""The rating rules and FSRS scheduling, without Django."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Rating, State

from studysite.progress import schedule

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("correct", "confidence", "stable", "rating", "urgent", "enters"),
    [
        (True, "sure", False, Rating.Good, False, False),
        (True, "sure", True, Rating.Easy, False, False),
        (True, "unsure", False, Rating.Again, False, True),  # a lucky guess
        (True, "unsure", True, Rating.Again, False, True),
        (True, None, False, Rating.Good, False, False),
        (True, None, True, Rating.Good, False, False),
        (False, "sure", False, Rating.Again, True, True),  # a confident miss
        (False, "sure", True, Rating.Again, True, True),
        (False, "unsure", False, Rating.Again, False, True),
        (False, None, False, Rating.Again, False, True),
        (False, None, True, Rating.Again, False, True),
    ],
)
def test_rating_table(correct, confidence, stable, rating, urgent, enters):
    assert schedule.rating_for(correct, confidence, stable=stable) == rating
    assert schedule.is_urgent(correct, confidence) is urgent
    assert schedule.enters_schedule(correct, confidence) is enters


def test_a_new_card_missed_is_due_within_minutes():
    result = schedule.review(None, False, None, T0)
    assert result.rating == Rating.Again
    assert T0 < result.due <= T0 + timedelta(minutes=10)
    assert result.state["state"] == State.Learning.value
    assert not result.urgent


def test_a_confident_miss_is_due_at_once_and_urgent():
    result = schedule.review(None, False, "sure", T0)
    assert result.urgent and result.due == T0


def learnt(at: datetime = T0) -> dict:
    """A card taken through its learning steps to the Review state."""
    state = schedule.review(None, False, None, at).state
    state = schedule.review(state, True, None, at + timedelta(minutes=2)).state
    state = schedule.review(state, True, None, at + timedelta(minutes=15)).state
    assert schedule.is_stable(state)
    return state


def test_success_moves_the_due_date_forward_and_further_each_time():
    state = learnt()
    first = schedule.review(state, True, "sure", T0 + timedelta(days=3))
    assert first.rating == Rating.Easy  # stable, right and sure
    assert first.due > T0 + timedelta(days=4)
    second = schedule.review(first.state, True, "sure", first.due)
    assert second.due - first.due > first.due - (T0 + timedelta(days=3))


def test_failure_moves_the_due_date_back():
    state = learnt()
    reviewed_at = T0 + timedelta(days=3)
    ok = schedule.review(state, True, None, reviewed_at)
    assert ok.due > reviewed_at + timedelta(days=1)
    missed = schedule.review(ok.state, False, None, reviewed_at + timedelta(days=1))
    assert missed.due < ok.due
    assert missed.due <= reviewed_at + timedelta(days=1, minutes=10)
    assert missed.state["state"] == State.Relearning.value


def test_an_unsure_right_answer_counts_as_a_miss():
    state = learnt()
    at = T0 + timedelta(days=5)
    assert schedule.review(state, True, "unsure", at).due <= at + timedelta(minutes=10)


def test_answers_arriving_out_of_order_never_review_before_the_last_review():
    state = schedule.review(None, False, None, T0).state
    late = schedule.review(state, True, None, T0 - timedelta(hours=1))
    assert late.due >= T0


def test_state_is_fsrs_json_and_round_trips():
    from fsrs import Card

    state = learnt()
    assert Card.from_dict(state).to_dict() == state
