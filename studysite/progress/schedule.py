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


def review(
    state: dict[str, Any] | None,
    correct: bool,
    confidence: str | None,
    when: datetime,
    scheduler: Scheduler = SCHEDULER,
) -> Reviewed:
    """Apply one answer given at ``when`` to a card's state (None: a new card)."""
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
    rating = rating_for(correct, confidence, stable=is_stable(state))
    card, _log = scheduler.review_card(card, rating, review_datetime=when)
    urgent = is_urgent(correct, confidence)
    due = when if urgent else card.due
    return Reviewed(dict(card.to_dict()), due, urgent, rating)
