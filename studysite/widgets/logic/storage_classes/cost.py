"""The cost model: storage, requests, retrievals, minimums and overheads per class."""

from __future__ import annotations

import math

from .constants import DAYS_PER_MONTH, GLACIER, INTELLIGENT_TIERING, KB_PER_GB, STANDARD
from .inputs import Inputs
from .prices import ClassPrices, Prices
from .results import Breakdown


def _tiered(gb: float, tiers: tuple[tuple[float | None, float], ...]) -> float:
    """Monthly cost of ``gb`` under tiered per-GB prices (each tier priced separately)."""
    cost, lower = 0.0, 0.0
    for up_to, usd in tiers:
        if up_to is None or gb <= up_to:
            return cost + (gb - lower) * usd
        cost += (up_to - lower) * usd
        lower = up_to
    return cost


def _it_storage(cp: ClassPrices, inp: Inputs, months: float) -> float:
    """Intelligent-Tiering storage over ``months`` under the documented assumption.

    The share of the data read each month (at most all of it) stays in the Frequent
    Access tier; the rest spends month 1 in Frequent Access, months 2-3 in Infrequent
    Access and the remaining time in Archive Instant Access (tiers from the prices file).
    Objects smaller than the monitoring threshold are never moved.
    """
    tiers = sorted(cp.access_tiers, key=lambda t: t[1])
    frequent = tiers[0][2] if tiers else cp.flat_rate
    if inp.average_object_kb < cp.monitoring_min_object_kb or not tiers:
        return inp.data_gb * frequent * months
    hot_gb = min(inp.read_fraction_per_month, 1.0) * inp.data_gb
    cold_gb = inp.data_gb - hot_gb
    cold_cost = 0.0
    for index, (_tier, after_days, usd) in enumerate(tiers):
        start = after_days / DAYS_PER_MONTH
        end = tiers[index + 1][1] / DAYS_PER_MONTH if index + 1 < len(tiers) else math.inf
        cold_cost += max(0.0, min(months, end) - start) * usd
    return hot_gb * frequent * months + cold_gb * cold_cost


def period_cost(
    cp: ClassPrices,
    inp: Inputs,
    months: float,
    standard_rate: float,
    *,
    expedited: bool = False,
) -> Breakdown:
    """Cost of keeping the data in one class for ``months`` (no upload, no transition)."""
    n = inp.object_count
    avg_kb = inp.average_object_kb
    rate = cp.flat_rate
    if cp.storage_class == INTELLIGENT_TIERING:
        storage = _it_storage(cp, inp, months)
    else:
        storage = _tiered(inp.data_gb, cp.storage_tiers or ()) * months
    billable_extra_gb = max(0.0, cp.min_billable_kb - avg_kb) * n / KB_PER_GB
    size_penalty_month = billable_extra_gb * rate
    overhead_month = (
        n * (cp.overhead_standard_kb * standard_rate + cp.overhead_archive_kb * rate) / KB_PER_GB
    )
    read_gb = inp.read_fraction_per_month * inp.data_gb
    read_objects = inp.read_fraction_per_month * n
    retrieval_rate = cp.retrieval_per_gb or 0.0
    restore_rate = cp.restore_per_1000
    if expedited and cp.expedited_retrieval_per_gb is not None:
        retrieval_rate = cp.expedited_retrieval_per_gb
        restore_rate = cp.expedited_restore_per_1000 or restore_rate
    requests = read_objects * ((cp.get_per_1000 or 0.0) + restore_rate) / 1000 * months
    monitoring = 0.0
    if cp.monitoring_per_1000_objects and avg_kb >= cp.monitoring_min_object_kb:
        monitoring = n * cp.monitoring_per_1000_objects / 1000 * months
    duration_penalty = 0.0
    shortfall_days = cp.min_storage_days - months * DAYS_PER_MONTH
    if shortfall_days > 0:
        storage_month = storage / months if months else 0.0
        duration_penalty = shortfall_days / DAYS_PER_MONTH * (storage_month + size_penalty_month)
    return Breakdown(
        storage=storage,
        requests=requests,
        retrieval=read_gb * retrieval_rate * months,
        monitoring=monitoring,
        minimum_duration_penalty=duration_penalty,
        minimum_size_penalty=size_penalty_month * months,
        archive_overhead=overhead_month * months,
    )


def upload_cost(cp: ClassPrices, inp: Inputs) -> Breakdown:
    """One PUT per object (plus S3 Express One Zone's per-GB upload charge)."""
    return Breakdown(
        requests=inp.object_count * (cp.put_per_1000 or 0.0) / 1000 + inp.data_gb * cp.upload_per_gb
    )


def estimate(cp: ClassPrices, inp: Inputs, prices: Prices) -> Breakdown | None:
    """The whole-period cost of one class, or None when the class has no prices on file."""
    if not cp.priced:
        return None
    standard_rate = prices.get(STANDARD).flat_rate
    expedited = cp.storage_class == GLACIER and inp.slowest_acceptable_retrieval == "minutes"
    period = period_cost(cp, inp, inp.months, standard_rate, expedited=expedited)
    return upload_cost(cp, inp).plus(period)
