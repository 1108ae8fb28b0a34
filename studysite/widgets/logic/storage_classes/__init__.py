"""The S3 storage-class picker with a cost estimate (pure Python, no Django).

Given how much data a learner stores, in how many objects, for how long, how much of it
is read each month and what the data needs (retrieval speed, surviving the loss of an
Availability Zone, single-digit-millisecond latency, known or unknown access pattern),
``recommend`` ranks every S3 storage class: first the classes that meet the
requirements, cheapest first, then the rest. Each option says why it fits or not and
what it would cost, split into storage, requests, retrieval, monitoring, the
minimum-duration and minimum-size charges and the Glacier per-object overhead.
``lifecycle_hint`` prices a simple lifecycle rule (S3 Standard for 30 days, then
Standard-IA, then an archive class) for comparison.

Prices are data, not code: ``studysite/widgets/data/prices/<region>.json`` holds each
figure with the page it was checked against; adding a Region means adding a file.

Sources for the storage-class properties (AWS documentation, read for this module; the
wording below is our own):

- Durability, Availability Zones, minimum storage duration and minimum billable object
  size of each class; Reduced Redundancy "not recommended, S3 Standard is more cost
  effective"; Intelligent-Tiering for "unknown or changing access patterns":
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-class-intro.html
- Restore times: Expedited typically 1-5 minutes (objects under 250 MB, Glacier Flexible
  Retrieval only), Standard typically 3-5 hours (Glacier Flexible Retrieval) or within
  12 hours (Deep Archive), Bulk 5-12 hours or within 48 hours:
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/restoring-objects-retrieval-options.html
- S3 Express One Zone: single Availability Zone, consistent single-digit-millisecond
  first-byte latency:
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-express-performance.html
- Intelligent-Tiering: objects smaller than 128 KB are not monitored or auto-tiered and
  pay no monitoring charge; no minimum storage duration:
  https://aws.amazon.com/blogs/aws/amazon-s3-intelligent-tiering-further-automating-cost-savings-for-short-lived-and-small-objects/

Decision on ``slowest_acceptable_retrieval`` (documented in each option's reasons), the
tiers following AWS's published restore times:
``milliseconds`` allows only the classes read directly (not Glacier Flexible Retrieval
or Deep Archive); ``minutes`` (within 5 minutes) also allows Glacier Flexible Retrieval,
priced with Expedited retrievals, the only tier that restores in minutes; ``hours``
(within 5 hours) allows Glacier Flexible Retrieval with Standard retrievals (3-5 hours)
but not Deep Archive; ``half-day`` (within 12 hours) also allows Deep Archive with
Standard retrievals (within 12 hours); ``days`` (within 48 hours) allows everything,
Deep Archive's Bulk tier included.

Modules, by responsibility: ``inputs`` (``parse_input``), ``prices`` (the prices files),
``cost`` (the cost model, ``estimate``), ``requirements`` (which classes fit and why),
``lifecycle`` (``lifecycle_hint``), ``recommend`` (``recommend``, the whole comparison),
``results`` (the result classes), ``constants``, ``schemas`` and ``presets``.
"""

from __future__ import annotations

from ..common import MAX_NUMBER_CHARS
from .constants import (
    ACCESS_PATTERNS,
    ARCHIVE_READ_FRACTION,
    ASSUMPTIONS,
    BREAKDOWN_KEYS,
    CLASS_IDS,
    DAYS_PER_MONTH,
    DEEP_ARCHIVE,
    DEFAULT_REGION,
    DISCLAIMER,
    EXPRESS_ONEZONE,
    GLACIER,
    GLACIER_IR,
    INTELLIGENT_TIERING,
    KB_PER_GB,
    MAX_DATA_GB,
    MAX_MONTHS,
    MAX_OBJECT_COUNT,
    MAX_OBJECT_GB,
    MAX_READ_FRACTION,
    ONEZONE_IA,
    REDUCED_REDUNDANCY,
    RESTORE_CLASSES,
    RETRIEVAL_LABELS,
    RETRIEVAL_SPEEDS,
    SINGLE_AZ_CLASSES,
    STANDARD,
    STANDARD_IA,
)
from .cost import estimate
from .inputs import Inputs, parse_input
from .lifecycle import lifecycle_hint
from .presets import PRESETS
from .prices import ClassPrices, Prices, available_regions, load_prices
from .recommend import recommend
from .results import Breakdown, LifecycleHint, LifecycleStep, Option, Result
from .schemas import INPUT_SCHEMA, OUTPUT_SCHEMA

__all__ = [
    "ACCESS_PATTERNS",
    "ARCHIVE_READ_FRACTION",
    "ASSUMPTIONS",
    "BREAKDOWN_KEYS",
    "CLASS_IDS",
    "DAYS_PER_MONTH",
    "DEEP_ARCHIVE",
    "DEFAULT_REGION",
    "DISCLAIMER",
    "EXPRESS_ONEZONE",
    "GLACIER",
    "GLACIER_IR",
    "INPUT_SCHEMA",
    "INTELLIGENT_TIERING",
    "KB_PER_GB",
    "MAX_DATA_GB",
    "MAX_MONTHS",
    "MAX_NUMBER_CHARS",
    "MAX_OBJECT_COUNT",
    "MAX_OBJECT_GB",
    "MAX_READ_FRACTION",
    "ONEZONE_IA",
    "OUTPUT_SCHEMA",
    "PRESETS",
    "REDUCED_REDUNDANCY",
    "RESTORE_CLASSES",
    "RETRIEVAL_LABELS",
    "RETRIEVAL_SPEEDS",
    "SINGLE_AZ_CLASSES",
    "STANDARD",
    "STANDARD_IA",
    "Breakdown",
    "ClassPrices",
    "Inputs",
    "LifecycleHint",
    "LifecycleStep",
    "Option",
    "Prices",
    "Result",
    "available_regions",
    "estimate",
    "lifecycle_hint",
    "load_prices",
    "parse_input",
    "recommend",
]
