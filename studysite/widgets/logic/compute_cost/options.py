"""Each purchase option priced and explained (On-Demand, Spot, the Savings Plans and
the Reserved Instance: billed months, break-even hours, flexibility), and ``compare``,
which ranks them and recommends the cheapest that fits.
"""

from __future__ import annotations

import math

from ..common import money as _money
from ..common import usd as _usd
from .constants import (
    COMMITMENTS,
    COMPARISON_YEARS,
    COMPUTE_SP,
    EC2_INSTANCE_SP,
    HOURS_PER_DAY,
    ON_DEMAND,
    OPTIONS,
    RESERVED,
    SPOT,
)
from .inputs import Inputs
from .prices import InstancePrices, Prices, load_prices
from .results import Option, Result


def _hours(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"


def _months(value: float) -> str:
    text = _hours(value)
    return f"{text} month" if text == "1" else f"{text} months"


def billed_months(months: float, years: int) -> float:
    """Months of commitment billed: whole terms covering the project."""
    term = 12 * years
    # round() keeps 12.000000000001 months from buying a second term.
    return math.ceil(round(months / term, 9)) * term


def break_even_hours(rate: float, on_demand: float, months: float, years: int) -> float | None:
    """Hours a day at which a commitment costs the same as On-Demand over the project.

    On-Demand over the project: on_demand x hours/day x (730 / 24) x months.
    The commitment: rate x 730 x billed months. Equal when
    hours/day = 24 x rate x billed months / (on_demand x months). Above 24 it never pays.
    """
    hours = HOURS_PER_DAY * rate * billed_months(months, years) / (on_demand * months)
    return hours if hours <= HOURS_PER_DAY + 1e-9 else None


def _pay_per_use(
    option: str, rate: float, inp: Inputs, prices: Prices, fits: bool, reasons: list[str]
) -> Option:
    return Option(
        option=option,
        fits=fits,
        reasons=tuple(reasons),
        hourly_rate=rate,
        fixed_monthly=0.0,
        per_daily_hour=rate * prices.hours_per_month / HOURS_PER_DAY,
        hours_per_day=inp.hours_per_day,
        months=inp.months,
    )


def _on_demand(inst: InstancePrices, inp: Inputs, prices: Prices) -> Option:
    days = prices.hours_per_month / HOURS_PER_DAY
    monthly = inst.on_demand * inp.hours_per_day * days
    reasons = [
        "No commitment and no upfront payment: you pay only for the hours the instance "
        "runs (per second on Linux, 60-second minimum) and can stop at any time: "
        f"${inst.on_demand:.4f}/hour x {_hours(inp.hours_per_day)} hours a day x "
        f"{days:.2f} days = {_usd(monthly)} a month.",
    ]
    if inp.hours_per_day == HOURS_PER_DAY and inp.months >= 12:
        reasons.append(
            "Running 24/7 for a year or more is the steady baseline that commitments are "
            "made for: On-Demand is the most expensive way to pay for it."
        )
    elif inp.hours_per_day < HOURS_PER_DAY / 2:
        reasons.append(
            "Part-time, spiky or short-lived work is what On-Demand suits: idle hours cost nothing."
        )
    return _pay_per_use(ON_DEMAND, inst.on_demand, inp, prices, True, reasons)


def _spot(inst: InstancePrices, inp: Inputs, prices: Prices) -> Option:
    spot = prices.spot
    rate = round(inst.on_demand * (1 - spot.estimate_discount), 6)
    days = prices.hours_per_month / HOURS_PER_DAY
    low = inst.on_demand * (1 - spot.discount_max) * inp.hours_per_day * days
    high = inst.on_demand * (1 - spot.discount_min) * inp.hours_per_day * days
    notice = "two-minute" if spot.notice_minutes == 2 else f"{spot.notice_minutes}-minute"
    if inp.interruptible:
        reasons = [
            f"Fits: your work can be interrupted. EC2 can take a Spot Instance back "
            f"whenever it needs the capacity, with a {notice} interruption notice, so the "
            "job must checkpoint or simply be retried.",
        ]
    else:
        reasons = [
            f"Excluded: EC2 can interrupt a Spot Instance with only a {notice} notice "
            "when it needs the capacity back, and your work can't be interrupted.",
        ]
    reasons.append(
        "Spare EC2 capacity at a price that moves with supply and demand: typically "
        f"{spot.discount_min:.0%}-{spot.discount_max:.0%} off On-Demand "
        f"({_usd(low)}-{_usd(high)} a month here), estimated at {spot.estimate_discount:.0%} "
        f"off: ${rate:.4f}/hour. No commitment: only the hours it runs are billed."
    )
    return _pay_per_use(SPOT, rate, inp, prices, inp.interruptible, reasons)


def _flexibility(option: str, inst: InstancePrices, prices: Prices, years: int) -> str:
    region = prices.region
    if option == COMPUTE_SP:
        return (
            "The most flexible commitment: it applies automatically to EC2 in any instance "
            "family, size, Availability Zone, Region, OS or tenancy, and to Fargate and "
            f"Lambda: you could move from {inst.instance_type} to Graviton, another Region "
            "or containers and keep the discount."
        )
    if option == EC2_INSTANCE_SP:
        return (
            f"Locked to one instance family in one Region ({inst.family} in {region}), "
            "with any size, OS, tenancy or Availability Zone within it; that narrower "
            "scope buys a deeper discount than the Compute Savings Plan. Moving to another "
            "family (say Graviton) or Region loses it."
        )
    ri, sp = inst.rate(RESERVED, years), inst.rate(EC2_INSTANCE_SP, years)
    if math.isclose(ri, sp):
        versus = "the same here as"
    else:
        versus = "a little less here than" if ri < sp else "a little more here than"
    return (
        f"A discount for one instance type's attributes ({inst.instance_type}, Linux, "
        f"shared tenancy, {region}; a regional Linux RI also covers other {inst.family} "
        "sizes). It can't change family (a Convertible RI can, for a smaller discount) but "
        "can be sold on the Reserved Instance Marketplace, and only a zonal RI reserves "
        f"capacity. It costs {versus} the EC2 Instance Savings Plan, which is more "
        "flexible: AWS recommends Savings Plans over Reserved Instances."
    )


def _commitment(option: str, inst: InstancePrices, inp: Inputs, prices: Prices) -> Option:
    committed = inp.commitment_years > 0
    years = inp.commitment_years if committed else COMPARISON_YEARS
    rate = inst.rate(option, years)
    billed = billed_months(inp.months, years)
    per_month = rate * prices.hours_per_month  # every hour of the term, used or not
    total = per_month * billed
    break_even = break_even_hours(rate, inst.on_demand, inp.months, years)
    term = "1-year" if years == 1 else f"{years}-year"
    kind = "A Reserved Instance" if option == RESERVED else "A Savings Plan"
    reasons: list[str] = []
    if not committed:
        reasons.append(
            "Excluded: you chose no commitment (0 years), and Savings Plans and Reserved "
            "Instances need a 1-year or 3-year term. Priced with a 1-year term for "
            "comparison."
        )
    reasons.append(
        f"{kind} bills every hour of its {term} term whether or not the instance runs: "
        f"${rate:.4f}/hour x {prices.hours_per_month:g} hours = {_usd(per_month)} a month."
    )
    term_months = 12 * years
    if inp.months < term_months:
        reasons.append(
            f"The {term} term is longer than your {_months(inp.months)}: all "
            f"{term_months} months are still billed ({_usd(total)}), "
            f"{_usd(total / inp.months)} for each month you use."
        )
    elif billed > inp.months + 1e-9:
        reasons.append(
            f"Your {_months(inp.months)} need {round(billed / term_months)} {term} terms: "
            f"the last one is billed in full, {_months(billed)} in all ({_usd(total)})."
        )
    on_demand_total = (
        inst.on_demand * inp.hours_per_day * prices.hours_per_month / HOURS_PER_DAY * inp.months
    )
    if break_even is None:
        reasons.append(
            "It never pays off here: even running 24 hours a day, On-Demand would cost "
            f"less over your {_months(inp.months)}."
        )
    else:
        reasons.append(
            f"Break-even: {break_even:.1f} hours a day. Below that On-Demand is cheaper; "
            "a workload that runs a few hours a day rarely gets there."
        )
        saving = on_demand_total - total
        if saving > 1e-9:
            reasons.append(
                f"At your {_hours(inp.hours_per_day)} hours a day it saves "
                f"{_usd(saving)} ({saving / on_demand_total:.0%}) against On-Demand."
            )
        elif saving < -1e-9:
            reasons.append(
                f"At your {_hours(inp.hours_per_day)} hours a day it costs "
                f"{_usd(-saving)} more than On-Demand: idle hours of the term are paid too."
            )
    reasons.append(_flexibility(option, inst, prices, years))
    return Option(
        option=option,
        fits=committed,
        reasons=tuple(reasons),
        hourly_rate=rate,
        fixed_monthly=total / inp.months,
        per_daily_hour=0.0,
        hours_per_day=inp.hours_per_day,
        months=inp.months,
        term_years=years,
        billed_months=billed,
        break_even=break_even,
    )


def compare(inp: Inputs, prices: Prices) -> Result:
    """Price and rank every purchase option for ``inp``; see the module docstring."""
    inst = prices.get(inp.instance_type)
    options = [
        _on_demand(inst, inp, prices),
        *(_commitment(option, inst, inp, prices) for option in COMMITMENTS),
        _spot(inst, inp, prices),
    ]
    order = {option: index for index, option in enumerate(OPTIONS)}

    def cost(opt: Option) -> float:
        # Rounded like the output, so float noise never breaks a tie.
        return _money(opt.total_cost)

    options.sort(key=lambda o: (not o.fits, cost(o), order[o.option]))
    recommended = options[0]  # On-Demand always fits, so the first option does
    cheapest = min(options, key=lambda o: (cost(o), order[o.option]))

    note = None
    if cheapest is not recommended:
        why = (
            "your work can't be interrupted"
            if cheapest.option == SPOT
            else "you chose no commitment"
        )
        note = (
            f"The cheapest option, {cheapest.name} ({_usd(cost(cheapest))} in total), is "
            f"ruled out because {why}; the recommended {recommended.name} costs "
            f"{_usd(cost(recommended))}."
        )

    notes: list[str] = []
    if recommended.option == ON_DEMAND:
        evens = [o.break_even for o in options if o.option in COMMITMENTS and o.break_even]
        if inp.commitment_years and evens:
            notes.append(
                f"At {_hours(inp.hours_per_day)} hours a day no commitment pays off: the "
                f"lowest break-even is {min(evens):.1f} hours a day."
            )
        elif inp.commitment_years and not evens:
            notes.append(
                f"No commitment pays off over {_months(inp.months)}, even at 24 hours a "
                "day: the term would be mostly paid for nothing."
            )

    return Result(
        recommended=recommended.option,
        cheapest=cheapest.option,
        region=prices.region,
        prices_as_of=prices.as_of,
        prices_status=prices.status,
        currency=prices.currency,
        instance=inst,
        options=tuple(options),
        note=note,
        notes=tuple(notes),
        inputs=inp,
    )


def compare_purchase_options(inp: Inputs) -> Result:
    """``compare`` with the default Region's prices (what the widget and API use)."""
    return compare(inp, load_prices())
