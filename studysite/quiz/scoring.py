"""The mock exam's arithmetic, with no Django: drawing by domain weight and judging scores.

Kept pure so that the numbers on the score report can be checked by hand in unit tests.

Why 72 %: AWS reports SAA-C03 results on a 100-1000 scale with 720 to pass, but the
scaling (which weights questions and equates exam forms) is not published. A raw
percentage can therefore not be turned into a scaled score honestly; 72 % correct is used
as a plain stand-in for the passing line and the report says so.

Why an interval: 16 questions from one domain are a small sample. A Wilson score interval
(90 %) shows how far the true share of questions one gets right could plausibly be from
what was measured; a verdict is only given when the whole interval is on one side of the
line. Reference: Wilson (1927), and e.g.
https://www.itl.nist.gov/div898/handbook/prc/section2/prc241.htm
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from statistics import NormalDist

PASS_LINE = 0.72
CONFIDENCE = 0.90
# Two-sided: 5 % in each tail, z = 1.6449.
Z = NormalDist().inv_cdf(1 - (1 - CONFIDENCE) / 2)

MEETS = "Meets competencies"
NEEDS = "Needs improvement"
UNSURE = "Too few questions to judge"
NO_ITEMS = "No questions from this domain"


def apportion(
    total: int, weights: Mapping[int, float], available: Mapping[int, int]
) -> dict[int, int]:
    """How many questions to draw per domain: ``total`` (or all there are, if fewer) split
    as close to ``weights`` as the bank allows.

    Largest-remainder rounding; a domain that runs out gives its shortfall to the others
    in proportion to their weights, so a small bank is drawn whole and a full one exactly
    (65 -> 19/17/16/13 for 30/26/24/20 %).
    """
    counts = dict.fromkeys(weights, 0)
    supply = {d: max(0, int(available.get(d, 0))) for d in weights}
    target = min(max(0, total), sum(supply.values()))
    open_ = [d for d in weights if supply[d] > 0 and weights[d] > 0]
    if not open_:  # weights of zero: fall back to equal shares of what exists
        open_ = [d for d in weights if supply[d] > 0]
    while target - sum(counts.values()) > 0 and open_:
        remaining = target - sum(counts.values())
        weight_sum = sum(weights[d] for d in open_) or len(open_)
        shares = {d: remaining * (weights[d] or 1) / weight_sum for d in open_}
        base = {d: math.floor(shares[d]) for d in open_}
        leftover = remaining - sum(base.values())
        by_remainder = sorted(open_, key=lambda d: (-(shares[d] - base[d]), -weights[d], d))
        for d in by_remainder[:leftover]:
            base[d] += 1
        for d in open_:
            counts[d] += min(base[d], supply[d] - counts[d])
        open_ = [d for d in open_ if counts[d] < supply[d]]
    return counts


@dataclass(frozen=True)
class Judgement:
    correct: int
    total: int
    low: float  # Wilson interval bounds, 0..1
    high: float
    verdict: str

    @property
    def share(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def percent(self) -> int:
        """Percent correct, rounded half up (as people do by hand).

        In whole numbers: in floats 23 / 40 is 0.57499999..., which would round to 57 %.
        """
        return (200 * self.correct + self.total) // (2 * self.total) if self.total else 0

    @property
    def low_percent(self) -> int:
        return math.floor(100 * self.low + 0.5)

    @property
    def high_percent(self) -> int:
        return math.floor(100 * self.high + 0.5)


def wilson(correct: int, total: int, z: float = Z) -> tuple[float, float]:
    """The Wilson score interval for ``correct`` successes out of ``total``."""
    if total <= 0:
        return 0.0, 1.0
    p = correct / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def judge(correct: int, total: int, line: float = PASS_LINE) -> Judgement:
    """AWS's section vocabulary, only when the interval lies wholly on one side of the line."""
    low, high = wilson(correct, total)
    if total <= 0:
        verdict = NO_ITEMS
    elif low >= line:
        verdict = MEETS
    elif high < line:
        verdict = NEEDS
    else:
        verdict = UNSURE
    return Judgement(correct, total, low, high, verdict)


def duration_text(seconds: float) -> str:
    """'1 h 5 min', '12 min 30 s', '45 s' (whole seconds, never negative)."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    return f"{secs} s"
