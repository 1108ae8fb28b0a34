"""The storage classes, retrieval speeds, input limits and the stated assumptions."""

from __future__ import annotations

from collections.abc import Mapping

STANDARD = "STANDARD"
INTELLIGENT_TIERING = "INTELLIGENT_TIERING"
STANDARD_IA = "STANDARD_IA"
ONEZONE_IA = "ONEZONE_IA"
EXPRESS_ONEZONE = "EXPRESS_ONEZONE"
GLACIER_IR = "GLACIER_IR"
GLACIER = "GLACIER"
DEEP_ARCHIVE = "DEEP_ARCHIVE"
REDUCED_REDUNDANCY = "REDUCED_REDUNDANCY"

CLASS_IDS: tuple[str, ...] = (
    STANDARD,
    INTELLIGENT_TIERING,
    STANDARD_IA,
    ONEZONE_IA,
    EXPRESS_ONEZONE,
    GLACIER_IR,
    GLACIER,
    DEEP_ARCHIVE,
    REDUCED_REDUNDANCY,
)
SINGLE_AZ_CLASSES = frozenset({ONEZONE_IA, EXPRESS_ONEZONE})
RESTORE_CLASSES = frozenset({GLACIER, DEEP_ARCHIVE})

RETRIEVAL_SPEEDS: tuple[str, ...] = ("milliseconds", "minutes", "hours", "half-day", "days")
# What each tier means to the learner (the form's labels and the reasons' wording).
RETRIEVAL_LABELS: Mapping[str, str] = {
    "milliseconds": "Milliseconds (read at once)",
    "minutes": "Within 5 minutes",
    "hours": "Within 5 hours",
    "half-day": "Within 12 hours",
    "days": "Within 48 hours",
}
RETRIEVAL_WITHIN = {
    "minutes": "within 5 minutes",
    "hours": "within 5 hours",
    "half-day": "within 12 hours",
    "days": "within 48 hours",
}
ACCESS_PATTERNS: tuple[str, ...] = ("known", "unknown")

KB_PER_GB = 1024 * 1024  # AWS bills in binary units: 1 GB = 2^30 bytes = 1,048,576 KB
DAYS_PER_MONTH = 30
MAX_DATA_GB = 10**12  # 10^12 GB is an exabyte
MAX_OBJECT_COUNT = 10**15
MAX_MONTHS = 1200
# Hot data is read many times a month (an ML training set read each epoch): allow a
# million full reads a month, far beyond any real workload, and refuse only nonsense.
MAX_READ_FRACTION = 10**6
MAX_OBJECT_GB = 5 * 1024  # the largest S3 object is 5 TB


# Lifecycle hint: move to an archive class only when at most this share is read monthly.
ARCHIVE_READ_FRACTION = 0.01

DEFAULT_REGION = "us-east-1"


BREAKDOWN_KEYS: tuple[str, ...] = (
    "storage",
    "requests",
    "retrieval",
    "monitoring",
    "minimum_duration_penalty",
    "minimum_size_penalty",
    "archive_overhead",
)

ASSUMPTIONS: tuple[str, ...] = (
    "A month is 30 days and a GB is 2^30 bytes (1,048,576 KB), as AWS bills storage.",
    "Every object has the average size: data_gb divided by object_count.",
    "Each object is uploaded once with one PUT request; deletes are free.",
    "Each month, read_fraction_per_month of the data is read, as the same share of the "
    "objects (one GET each); archived objects are restored first (one restore request "
    "each) with the Standard retrieval tier, or Expedited for Glacier Flexible Retrieval "
    "when you need data back within minutes.",
    "Minimum storage duration: if the whole period is shorter than a class's minimum, "
    "the remaining days are charged once, at that class's storage rate.",
    "Intelligent-Tiering: the share of the data read each month (up to all of it) is "
    "read within every 30 days and stays in the Frequent Access tier; the rest moves to "
    "the Infrequent Access tier after its first month and to the Archive Instant Access "
    "tier after three months. The optional archive tiers are not used. Objects under "
    "128 KB stay in Frequent Access and pay no monitoring fee.",
    "S3 Express One Zone's per-GB upload and retrieval charges are applied to every byte "
    "transferred.",
    "Not included: data transfer out of AWS, taxes, the Free Tier, replication, "
    "versioning, inventory and other features.",
    "monthly_cost_usd is total_cost_usd divided by the number of months, so one-off "
    "charges (uploads, minimum-duration charges) are spread over the period.",
)

DISCLAIMER = (
    "These are estimates from list prices, for learning. Your AWS bill may differ: prices "
    "change, and taxes, the Free Tier, data transfer, discounts and usage details we "
    "don't model all count. Check the AWS Pricing Calculator before deciding."
)
