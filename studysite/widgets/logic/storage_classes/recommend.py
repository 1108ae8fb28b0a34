"""``recommend``: every class costed and checked, the cheapest that fits first."""

from __future__ import annotations

from ..common import usd as _usd
from .constants import CLASS_IDS, INTELLIGENT_TIERING
from .cost import estimate
from .inputs import Inputs
from .lifecycle import lifecycle_hint
from .prices import Prices
from .requirements import check_requirements, cost_reasons
from .results import Option, Result


def recommend(inp: Inputs, prices: Prices) -> Result:
    """Rank every class for ``inp`` and pick one; see the module docstring for the rules."""
    order = {cid: index for index, cid in enumerate(CLASS_IDS)}
    options: list[Option] = []
    for cid in CLASS_IDS:
        cp = prices.get(cid)
        meets, reasons = check_requirements(cp, inp)
        breakdown = estimate(cp, inp, prices)
        if breakdown is not None:
            reasons.extend(cost_reasons(cp, inp, breakdown))
        options.append(Option(cid, cp.name, meets, tuple(reasons), breakdown, inp.months))

    def rank(opt: Option) -> tuple[bool, bool, float, int]:
        total = opt.total_cost_usd
        return (not opt.meets_requirements, total is None, total or 0.0, order[opt.storage_class])

    options.sort(key=rank)
    priced = [o for o in options if o.total_cost_usd is not None]
    cheapest = min(priced, key=lambda o: (o.total_cost_usd, order[o.storage_class]), default=None)
    fitting = [o for o in options if o.meets_requirements]

    notes: list[str] = []
    recommended: Option | None = None
    if inp.access_pattern == "unknown":
        recommended = next((o for o in fitting if o.storage_class == INTELLIGENT_TIERING), None)
        if recommended is None and fitting:
            notes.append(
                "AWS suggests S3 Intelligent-Tiering for unknown access patterns, but your "
                "requirements rule it out, so the cheapest class that fits is recommended."
            )
    if recommended is None and fitting:
        recommended = fitting[0]

    if inp.single_digit_ms_latency:
        if inp.survive_az_loss:
            notes.append(
                "No storage class meets every requirement: only S3 Express One Zone gives "
                "single-digit-millisecond latency, and it keeps data in one Availability "
                "Zone, so it can't survive the loss of an AZ. Relax one of the two."
            )
        else:
            notes.append(
                "Only S3 Express One Zone offers single-digit-millisecond latency, so it is "
                "the only class that fits."
            )
    elif not fitting:
        notes.append("No storage class meets every requirement.")

    note = None
    if recommended is not None and cheapest is not None and cheapest is not recommended:
        why = (
            "doesn't meet your requirements"
            if not cheapest.meets_requirements
            else "meets your requirements, but Intelligent-Tiering is safer when the access "
            "pattern is unknown"
        )
        note = (
            f"Cost and requirements pull apart: the cheapest class, {cheapest.name} "
            f"({_usd(cheapest.total_cost_usd or 0)} in total), {why}; the recommended "
            f"{recommended.name} costs {_usd(recommended.total_cost_usd or 0)}."
        )

    hint = lifecycle_hint(inp, prices)
    if (
        hint is not None
        and recommended is not None
        and recommended.total_cost_usd is not None
        and hint.total_cost_usd < recommended.total_cost_usd
    ):
        notes.append(
            f"A lifecycle rule would cost {_usd(hint.total_cost_usd)} instead of "
            f"{_usd(recommended.total_cost_usd)} (see lifecycle_hint)."
        )

    return Result(
        recommended=recommended.storage_class if recommended else None,
        cheapest=cheapest.storage_class if cheapest else None,
        region=prices.region,
        prices_as_of=prices.as_of,
        currency=prices.currency,
        options=tuple(options),
        note=note,
        notes=tuple(notes),
        lifecycle_hint=hint,
        inputs=inp,
        price_notes=prices.notes,
    )
