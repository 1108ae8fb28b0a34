"""The mock exam's arithmetic, checked against numbers worked out by hand."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studysite.quiz.scoring import (
    MEETS,
    NEEDS,
    NO_ITEMS,
    UNSURE,
    Z,
    apportion,
    duration_text,
    judge,
    wilson,
)

WEIGHTS = {1: 30, 2: 26, 3: 24, 4: 20}


def test_z_is_the_90_percent_two_sided_quantile():
    assert abs(Z - 1.644854) < 1e-6


def test_a_full_bank_gives_the_real_exam_split():
    # 65 x (.30, .26, .24, .20) = 19.5, 16.9, 15.6, 13.0 -> floors 19+16+15+13 = 63; the two
    # largest remainders (.9 and .6) get the other two.
    assert apportion(65, WEIGHTS, dict.fromkeys(WEIGHTS, 500)) == {1: 19, 2: 17, 3: 16, 4: 13}


def test_a_small_bank_is_drawn_whole():
    # The sample bank: nine questions in domain 1, three in domain 3.
    assert apportion(65, WEIGHTS, {1: 9, 2: 0, 3: 3, 4: 0}) == {1: 9, 2: 0, 3: 3, 4: 0}


def test_a_short_domain_gives_its_share_to_the_others_by_weight():
    # Domain 4 stops at 5 (8 short): 8 x 30/80, 26/80, 24/80 = 3, 2.6, 2.4 -> 3, 3, 2.
    assert apportion(65, WEIGHTS, {1: 100, 2: 100, 3: 100, 4: 5}) == {1: 22, 2: 20, 3: 18, 4: 5}


def test_fewer_questions_than_an_exam_keep_the_proportions():
    # 20 questions: 6, 5.2, 4.8, 4 -> 6, 5, 5, 4.
    assert apportion(20, WEIGHTS, dict.fromkeys(WEIGHTS, 50)) == {1: 6, 2: 5, 3: 5, 4: 4}


@given(
    st.integers(min_value=0, max_value=80),
    st.fixed_dictionaries({d: st.integers(min_value=0, max_value=40) for d in WEIGHTS}),
)
def test_apportion_never_overdraws_and_draws_all_it_can(total, available):
    counts = apportion(total, WEIGHTS, available)
    assert all(0 <= counts[d] <= available[d] for d in WEIGHTS)
    assert sum(counts.values()) == min(total, sum(available.values()))


# Worked by hand with z = 1.6449, z^2 = 2.7055:
#   8/10:  centre = (0.8 + 0.13528) / 1.27055 = 0.73612;
#          half = 1.6449 * sqrt(0.016 + 0.0067638) / 1.27055 = 0.19533 -> 0.5408 .. 0.9315
#   19/19: centre = (1 + 0.07120) / 1.14239 = 0.93768; half = 1.6449 * 0.043285 / 1.14239
#          = 0.06233 -> 0.8754 .. 1.0
#   5/16:  centre = (0.3125 + 0.08455) / 1.16909 = 0.33962;
#          half = 1.6449 * sqrt(0.013428 + 0.002642) / 1.16909 = 0.17836 -> 0.1613 .. 0.5180
@pytest.mark.parametrize(
    ("correct", "total", "low", "high", "verdict"),
    [
        (8, 10, 0.5408, 0.9315, UNSURE),
        (19, 19, 0.8754, 1.0, MEETS),
        (5, 16, 0.1613, 0.5180, NEEDS),
        (0, 13, 0.0, 0.1723, NEEDS),
    ],
)
def test_wilson_interval_and_verdict(correct, total, low, high, verdict):
    got_low, got_high = wilson(correct, total)
    assert got_low == pytest.approx(low, abs=5e-4)
    assert got_high == pytest.approx(high, abs=5e-4)
    assert judge(correct, total).verdict == verdict


def test_zero_of_thirteen_by_hand():
    # p = 0: centre = (2.7055/26) / (1 + 2.7055/13) = 0.10406 / 1.20812 = 0.08613 = half.
    assert wilson(0, 13)[1] == pytest.approx(2 * 0.08613, abs=5e-4)


def test_no_items_is_no_verdict():
    j = judge(0, 0)
    assert j.verdict == NO_ITEMS and j.percent == 0


def test_percent_rounds_half_up():
    assert judge(13, 16).percent == 81  # 81.25
    assert judge(1, 8).percent == 13  # 12.5
    assert (judge(8, 10).low_percent, judge(8, 10).high_percent) == (54, 93)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (45, "45 s"),
        (60, "1 min"),
        (750, "12 min 30 s"),
        (7800, "2 h 10 min"),
        (-5, "0 s"),
    ],
)
def test_duration_text(seconds, text):
    assert duration_text(seconds) == text
