"""From one answer to the next review date, with FSRS (no Django import: testable alone).

An answer becomes an FSRS rating by what it tells us about the learner's memory:

=========  ==========  ==========================================================
correct    confidence  rating
=========  ==========  ==========================================================
yes        sure        Good, or Easy once the card is stable (FSRS Review state)
yes        unsure      Again: a lucky guess is not knowledge
yes        (none)      Good
no         sure        Again, and *urgent*: a confident miss is a misconception,
                       due at once and shown before everything else
no         unsure      Again
no         (none)      Again
=========  ==========  ==========================================================

Who enters the schedule: only an answer rated Again creates a card (a miss, or a right
answer given while unsure). A question answered right without doubt needs no reviewing
until it is missed, so most of the bank never gets a card and the review queue stays
about what the learner actually struggles with. Once a card exists, every later answer
to that question (chapter quiz, review, mock exam) reviews it, including correct ones.

"Stable" means FSRS has moved the card to its Review state: it was recalled again after
its short learning steps. Only then does a sure, right answer count as Easy.

On the review page the learner rates each answer, as in Anki: Again, Hard, Good or Easy,
each button showing the interval FSRS gives it (:func:`preview`). A miss allows only
Again; the table above only suggests which button fits. Those reviews use FSRS without
fuzz (:data:`RATED_SCHEDULER`), so the interval on a button is exactly the one the card
gets; answers given elsewhere keep the fuzz that spreads cards learnt together.

The card's state is stored as FSRS's own ``Card.to_dict()`` JSON, so upgrading the
package keeps the scheduler's own reading of it. Reference:
https://github.com/open-spaced-repetition/py-fsrs (README: "Usage").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fsrs import Card, Rating, Scheduler, State

SURE = "sure"
UNSURE = "unsure"

# Default FSRS-6 parameters, 90 % desired retention, learning steps of 1 and 10 minutes.
# Fuzzing spreads reviews of cards learnt together over neighbouring days.
SCHEDULER = Scheduler()
RATED_SCHEDULER = Scheduler(enable_fuzzing=False)
# The review page's buttons, in the order shown.
RATINGS = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}


def rating_for(correct: bool, confidence: str | None, *, stable: bool = False) -> Rating:
    """The FSRS rating for an answer (see the table in this module's docstring)."""
    if not correct or confidence == UNSURE:
        return Rating.Again
    if confidence == SURE and stable:
        return Rating.Easy
    return Rating.Good


def is_urgent(correct: bool, confidence: str | None) -> bool:
    """A confident miss: wrong while sure."""
    return not correct and confidence == SURE


def enters_schedule(correct: bool, confidence: str | None) -> bool:
    """Whether an answer to a question without a card should create one."""
    return rating_for(correct, confidence) == Rating.Again


def is_stable(state: dict[str, Any] | None) -> bool:
    return bool(state) and state.get("state") == State.Review.value


@dataclass(frozen=True)
class Reviewed:
    state: dict[str, Any]  # fsrs Card.to_dict()
    due: datetime  # when the card is next due (now, for an urgent card)
    urgent: bool
    rating: Rating


def _card(state: dict[str, Any] | None, when: datetime) -> tuple[Card, datetime]:
    when = when.astimezone(UTC)
    if state:
        card = Card.from_dict(state)  # type: ignore[arg-type]
        # Answers can arrive out of order (a mock exam hands in its answers when it
        # ends): never review a card before its last review.
        if card.last_review is not None and when < card.last_review:
            when = card.last_review
    else:
        # An explicit id: FSRS's default id sleeps a millisecond to stay unique.
        card = Card(card_id=int(when.timestamp() * 1000), due=when)
    return card, when


def review(
    state: dict[str, Any] | None,
    correct: bool,
    confidence: str | None,
    when: datetime,
    scheduler: Scheduler = SCHEDULER,
) -> Reviewed:
    """Apply one answer given at ``when`` to a card's state (None: a new card)."""
    card, when = _card(state, when)
    rating = rating_for(correct, confidence, stable=is_stable(state))
    card, _log = scheduler.review_card(card, rating, review_datetime=when)
    urgent = is_urgent(correct, confidence)
    due = when if urgent else card.due
    return Reviewed(dict(card.to_dict()), due, urgent, rating)


def allowed_ratings(correct: bool) -> tuple[Rating, ...]:
    """The buttons a rated answer offers: a miss is always Again."""
    return tuple(RATINGS.values()) if correct else (Rating.Again,)


def preview(
    state: dict[str, Any] | None, when: datetime, ratings: tuple[Rating, ...]
) -> dict[Rating, datetime]:
    """When the card would next be due after each of ``ratings`` given at ``when``."""
    card, when = _card(state, when)
    return {
        rating: RATED_SCHEDULER.review_card(card, rating, review_datetime=when)[0].due
        for rating in ratings
    }


def rate(
    state: dict[str, Any] | None,
    correct: bool,
    confidence: str | None,
    when: datetime,
    rating: Rating,
) -> Reviewed:
    """Apply an answer given at ``when`` with the learner's own ``rating``: the card is due
    exactly when :func:`preview` said (a confident miss is still marked urgent, so it is
    shown first once due)."""
    if rating not in allowed_ratings(correct):
        raise ValueError(f"{rating.name} is not a rating for this answer")
    card, when = _card(state, when)
    card, _log = RATED_SCHEDULER.review_card(card, rating, review_datetime=when)
    return Reviewed(dict(card.to_dict()), card.due, is_urgent(correct, confidence), rating)


def interval_text(seconds: float) -> str:
    """'1 min', '10 min', '5 h', '1 day', '12 days', '3 months', '1.4 years'."""
    seconds = max(0.0, seconds)
    minutes = seconds / 60
    if minutes < 59.5:
        return f"{max(1, round(minutes))} min"
    hours = minutes / 60
    if hours < 23.5:
        return f"{round(hours)} h"
    days = round(hours / 24)
    if days < 31:
        return f"{days} day{'s' if days != 1 else ''}"
    if days < 365:
        months = round(days / 30.44)
        return f"{months} month{'s' if months != 1 else ''}"
    return f"{days / 365.25:.1f} years"
