"""The lifecycle hint: when a transition to a colder class pays off."""

from __future__ import annotations

from .constants import (
    ARCHIVE_READ_FRACTION,
    DAYS_PER_MONTH,
    DEEP_ARCHIVE,
    GLACIER,
    GLACIER_IR,
    STANDARD,
    STANDARD_IA,
)
from .cost import period_cost, upload_cost
from .inputs import Inputs
from .prices import Prices
from .results import Breakdown, LifecycleHint, LifecycleStep


def lifecycle_hint(inp: Inputs, prices: Prices) -> LifecycleHint | None:
    """Price a simple lifecycle rule, or return None when one wouldn't help.

    The rule: S3 Standard for the first 30 days, then S3 Standard-IA; if at most 1% of
    the data is read a month, an archive class from day 90 – Glacier Instant Retrieval
    when data must come back in milliseconds or minutes, else Deep Archive when at least
    its 180-day minimum remains, else Glacier Flexible Retrieval. Transitions are priced
    at the target class's PUT price. No rule when the period is 30 days or less, the
    data is all read every month, objects average under 128 KB (lifecycle rules don't
    move such small objects by default and IA would bill them as 128 KB), or S3 Express
    One Zone is needed (it has no lifecycle transitions).
    """
    days = inp.days
    if (
        inp.single_digit_ms_latency
        or days <= DAYS_PER_MONTH
        or inp.read_fraction_per_month >= 1
        or inp.average_object_kb < 128
    ):
        return None
    plan: list[tuple[str, float, float]] = []
    archive: str | None = None
    if inp.read_fraction_per_month <= ARCHIVE_READ_FRACTION and days > 90:
        if inp.slowest_acceptable_retrieval in ("milliseconds", "minutes"):
            archive = GLACIER_IR
        elif inp.slowest_acceptable_retrieval == "hours":
            if days - 90 >= prices.get(GLACIER).min_storage_days:
                archive = GLACIER
        elif days - 90 >= prices.get(DEEP_ARCHIVE).min_storage_days:
            archive = DEEP_ARCHIVE
        elif days - 90 >= prices.get(GLACIER).min_storage_days:
            archive = GLACIER
    plan.append((STANDARD, 0.0, 30.0))
    if archive:
        plan.append((STANDARD_IA, 30.0, 90.0))
        plan.append((archive, 90.0, days))
    else:
        plan.append((STANDARD_IA, 30.0, days))
    if not all(prices.get(cid).priced for cid, _, _ in plan):
        return None

    standard_rate = prices.get(STANDARD).flat_rate
    total = upload_cost(prices.get(STANDARD), inp)
    for index, (cid, start, end) in enumerate(plan):
        cp = prices.get(cid)
        total = total.plus(period_cost(cp, inp, (end - start) / DAYS_PER_MONTH, standard_rate))
        if index:
            total = total.plus(Breakdown(requests=inp.object_count * cp.put_per_1000 / 1000))  # type: ignore[operator]
    names = " -> ".join(
        f"{prices.get(cid).name} from day {start:,.0f}" for cid, start, _end in plan
    )
    reasons = [
        "S3 Standard first: new data is often read most, and Standard-IA needs objects to "
        "be at least 30 days old before a lifecycle rule can move them.",
        "Each transition is a request priced like a PUT into the target class.",
    ]
    if archive:
        reasons.append(
            f"At most {ARCHIVE_READ_FRACTION:.0%} of the data is read a month, so from day 90 "
            f"it moves to {prices.get(archive).name}."
        )
    else:
        reasons.append(
            "The data stays in Standard-IA: it's read too often, or kept too briefly, for an "
            "archive class to pay off."
        )
    return LifecycleHint(
        steps=tuple(LifecycleStep(cid, start, end) for cid, start, end in plan),
        summary=f"Lifecycle rule: {names}.",
        reasons=tuple(reasons),
        breakdown=total,
        months=inp.months,
    )
