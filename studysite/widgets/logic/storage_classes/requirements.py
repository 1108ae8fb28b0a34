"""Which classes meet the requirements (retrieval time, AZ loss, latency) and why."""

from __future__ import annotations

from ..common import usd as _usd
from .constants import (
    DEEP_ARCHIVE,
    EXPRESS_ONEZONE,
    GLACIER,
    INTELLIGENT_TIERING,
    ONEZONE_IA,
    REDUCED_REDUNDANCY,
    RETRIEVAL_WITHIN,
    SINGLE_AZ_CLASSES,
)
from .inputs import Inputs
from .prices import ClassPrices
from .results import Breakdown


def check_requirements(cp: ClassPrices, inp: Inputs) -> tuple[bool, list[str]]:
    """(meets_requirements, reasons): each reason names the deciding property."""
    cid, name = cp.storage_class, cp.name
    meets = True
    reasons: list[str] = []

    if cid == REDUCED_REDUNDANCY:
        return False, [
            "Reduced Redundancy Storage is deprecated, not recommended, costs more than "
            "Standard: AWS advises against it because S3 Standard is more cost effective, "
            "and it is designed for only 99.99% durability (S3 Standard: 99.999999999%).",
            "No current price for it is on file, so no cost is shown.",
        ]

    # Latency.
    if inp.single_digit_ms_latency:
        if cid == EXPRESS_ONEZONE:
            reasons.append(
                "S3 Express One Zone is the only class designed for consistent "
                "single-digit-millisecond latency (up to 10 times faster than S3 Standard)."
            )
        else:
            meets = False
            reasons.append(
                f"{name} isn't designed for consistent single-digit-millisecond latency; "
                "only S3 Express One Zone is."
            )

    # Retrieval speed.
    speed = inp.slowest_acceptable_retrieval
    if cid == GLACIER:
        if speed == "milliseconds":
            meets = False
            reasons.append(
                "Glacier Flexible Retrieval needs minutes to hours to restore (Expedited "
                "typically 1-5 minutes, Standard 3-5 hours), so it can't serve reads in "
                "milliseconds."
            )
        elif speed == "minutes":
            reasons.append(
                "Glacier Flexible Retrieval restores in minutes only with Expedited "
                "retrieval (typically 1-5 minutes for objects under 250 MB); this estimate "
                f"prices reads at the Expedited rates ({_usd(cp.expedited_retrieval_per_gb or 0)}"
                f" per GB and {_usd(cp.expedited_restore_per_1000 or 0)} per 1,000 requests), "
                "far more than Standard retrieval."
            )
        else:
            reasons.append(
                "Glacier Flexible Retrieval needs minutes to hours to restore; Standard "
                "retrieval typically finishes within 3-5 hours, which fits "
                f"'{RETRIEVAL_WITHIN[speed]}'."
            )
    elif cid == DEEP_ARCHIVE:
        if speed in ("milliseconds", "minutes"):
            meets = False
            reasons.append(
                "Glacier Deep Archive needs hours to restore (Standard retrieval typically "
                "within 12 hours, Bulk within 48 hours) and has no Expedited option, so it "
                f"can't return data in {speed}."
            )
        elif speed == "hours":
            meets = False
            reasons.append(
                "Glacier Deep Archive restores too slowly for 'within 5 hours': Standard "
                "retrieval typically finishes within 12 hours and Bulk within 48 hours. "
                "Glacier Flexible Retrieval (Standard, 3-5 hours) meets it."
            )
        elif speed == "half-day":
            reasons.append(
                "Glacier Deep Archive's Standard retrieval typically finishes within 12 "
                "hours, which fits 'within 12 hours'."
            )
        else:
            reasons.append(
                "Glacier Deep Archive needs hours to restore (Standard retrieval typically "
                "within 12 hours, Bulk within 48 hours), which fits 'within 48 hours'."
            )
    elif not inp.single_digit_ms_latency:
        reasons.append(f"{name} serves reads in milliseconds, with no restore step.")

    # Availability Zones.
    if cid in SINGLE_AZ_CLASSES:
        short = "One Zone-IA" if cid == ONEZONE_IA else name
        if inp.survive_az_loss:
            meets = False
            reasons.append(
                f"{short} keeps data in a single Availability Zone, so it does not survive "
                "the loss of an AZ."
            )
        else:
            reasons.append(
                f"{short} keeps data in a single Availability Zone; that's acceptable "
                "because the data needn't survive the loss of an AZ (for example, it can be "
                "re-created)."
            )
    elif inp.survive_az_loss:
        reasons.append(
            f"{name} stores data across at least three Availability Zones, so it survives "
            "the loss of one."
        )

    # Access pattern.
    if cid == INTELLIGENT_TIERING:
        if inp.access_pattern == "unknown":
            reasons.append(
                "AWS recommends S3 Intelligent-Tiering for data with unknown or changing "
                "access patterns: it moves each object between access tiers for you, with "
                "no retrieval fees."
            )
        else:
            reasons.append(
                "You know the access pattern, so a fixed class (with a lifecycle rule if "
                "needed) avoids Intelligent-Tiering's per-object monitoring fee."
            )
    return meets, reasons


def cost_reasons(cp: ClassPrices, inp: Inputs, breakdown: Breakdown) -> list[str]:
    """Reasons about what drives the cost (penalties, overhead, retrieval fees)."""
    name = cp.name
    reasons: list[str] = []
    avg_kb = inp.average_object_kb
    if breakdown.minimum_duration_penalty > 0:
        reasons.append(
            f"{name} bills each object for at least {cp.min_storage_days} days; keeping the "
            f"data {inp.days:,.0f} days adds {_usd(breakdown.minimum_duration_penalty)} for "
            "the remaining days (minimum storage duration)."
        )
    if breakdown.minimum_size_penalty > 0:
        reasons.append(
            f"{name} bills every object as at least {cp.min_billable_kb:.0f} KB; your objects "
            f"average {avg_kb:,.1f} KB, which adds {_usd(breakdown.minimum_size_penalty)} "
            "(minimum billable object size)."
        )
    if breakdown.archive_overhead > 0:
        reasons.append(
            f"{name} adds {cp.overhead_standard_kb + cp.overhead_archive_kb:.0f} KB per object "
            f"for its index and metadata ({cp.overhead_standard_kb:.0f} KB at S3 Standard "
            f"rates, {cp.overhead_archive_kb:.0f} KB at the archive rate): "
            f"{_usd(breakdown.archive_overhead)} for your {inp.object_count:,} objects."
        )
    if cp.storage_class == INTELLIGENT_TIERING and avg_kb < cp.monitoring_min_object_kb:
        reasons.append(
            f"Your objects average {avg_kb:,.1f} KB; Intelligent-Tiering doesn't monitor or "
            f"move objects under {cp.monitoring_min_object_kb:.0f} KB, so they stay in the "
            "Frequent Access tier at S3 Standard's price (with no monitoring fee)."
        )
    if breakdown.retrieval > 0 and (cp.retrieval_per_gb or 0) > 0:
        reasons.append(
            f"{name} charges for each GB read or restored: {_usd(breakdown.retrieval)} in "
            "retrieval fees over the period."
        )
    return reasons
