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
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable

from .common import FieldError, InputError, get_bool, get_str
from .common import money as _money
from .common import usd as _usd

# --------------------------------------------------------------------------- constants

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
_WITHIN = {
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
MAX_NUMBER_CHARS = 100

# Lifecycle hint: move to an archive class only when at most this share is read monthly.
ARCHIVE_READ_FRACTION = 0.01

DEFAULT_REGION = "us-east-1"
_REGION_RE = re.compile(r"^[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}$")

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

# ------------------------------------------------------------------------ JSON schemas

_BREAKDOWN_SCHEMA: dict[str, object] = {
    "type": ["object", "null"],
    "description": "Costs over the whole period in USD; the parts add up to the total. "
    "Null when the class has no price on file.",
    "required": list(BREAKDOWN_KEYS),
    "properties": {key: {"type": "number", "minimum": 0} for key in BREAKDOWN_KEYS},
}

INPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": [
        "data_gb",
        "object_count",
        "months",
        "read_fraction_per_month",
        "slowest_acceptable_retrieval",
        "access_pattern",
    ],
    "properties": {
        "data_gb": {
            "type": ["number", "string"],
            "exclusiveMinimum": 0,
            "maximum": MAX_DATA_GB,
            "description": "How much data, in GB (a number, or a string a form sends).",
        },
        "object_count": {
            "type": ["integer", "string"],
            "minimum": 1,
            "maximum": MAX_OBJECT_COUNT,
            "description": "How many objects hold that data.",
        },
        "months": {
            "type": ["number", "string"],
            "exclusiveMinimum": 0,
            "maximum": MAX_MONTHS,
            "description": "How long the data is kept, in months of 30 days.",
        },
        "read_fraction_per_month": {
            "type": ["number", "string"],
            "minimum": 0,
            "maximum": MAX_READ_FRACTION,
            "description": "Share of the data read each month: 0 never, 0.1 a tenth, "
            "1 all of it once, 300 all of it three hundred times (hot data such as an ML "
            f"training set read every epoch); at most {MAX_READ_FRACTION:,}.",
        },
        "slowest_acceptable_retrieval": {
            "type": "string",
            "enum": list(RETRIEVAL_SPEEDS),
            "description": "The longest acceptable wait for the first byte: milliseconds "
            "(read at once), minutes (within 5 minutes), hours (within 5 hours), half-day "
            "(within 12 hours) or days (within 48 hours).",
        },
        "survive_az_loss": {
            "type": ["boolean", "string"],
            "default": False,
            "description": "Must the data survive the loss of an Availability Zone? "
            "A missing field (an unticked checkbox) means false.",
        },
        "access_pattern": {
            "type": "string",
            "enum": list(ACCESS_PATTERNS),
            "description": "Do you know how often the data will be read?",
        },
        "single_digit_ms_latency": {
            "type": ["boolean", "string"],
            "default": False,
            "description": "Is consistent single-digit-millisecond latency needed? "
            "A missing field means false.",
        },
    },
}

_OPTION_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": [
        "storage_class",
        "name",
        "meets_requirements",
        "reasons",
        "monthly_cost_usd",
        "total_cost_usd",
        "breakdown",
    ],
    "properties": {
        "storage_class": {"type": "string", "enum": list(CLASS_IDS)},
        "name": {"type": "string", "description": "Human name, e.g. 'S3 Standard-IA'."},
        "meets_requirements": {"type": "boolean"},
        "reasons": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Plain-English reasons, each naming the deciding property.",
        },
        "monthly_cost_usd": {
            "type": ["number", "null"],
            "description": "total_cost_usd / months; null when no price is on file "
            "(REDUCED_REDUNDANCY).",
        },
        "total_cost_usd": {"type": ["number", "null"]},
        "breakdown": _BREAKDOWN_SCHEMA,
    },
}

_LIFECYCLE_SCHEMA: dict[str, object] = {
    "type": ["object", "null"],
    "description": "A simple lifecycle rule priced for comparison, or null when one "
    "wouldn't help (short periods, data read often, small objects, S3 Express One Zone).",
    "required": ["steps", "summary", "reasons", "monthly_cost_usd", "total_cost_usd"],
    "properties": {
        "steps": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["storage_class", "from_day", "to_day"],
                "properties": {
                    "storage_class": {"type": "string", "enum": list(CLASS_IDS)},
                    "from_day": {"type": "number"},
                    "to_day": {"type": "number"},
                },
            },
        },
        "summary": {"type": "string"},
        "reasons": {"type": "array", "items": {"type": "string"}},
        "monthly_cost_usd": {"type": "number"},
        "total_cost_usd": {"type": "number"},
        "breakdown": _BREAKDOWN_SCHEMA,
    },
}

OUTPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": ["recommended", "region", "prices_as_of", "options"],
    "properties": {
        "recommended": {
            "type": ["string", "null"],
            "enum": [*CLASS_IDS[:-1], None],
            "description": "The recommended class; null only when no class meets every "
            "requirement (see notes). Never REDUCED_REDUNDANCY.",
        },
        "cheapest": {
            "type": ["string", "null"],
            "description": "The cheapest class overall, requirements or not.",
        },
        "region": {"type": "string"},
        "prices_as_of": {"type": "string", "format": "date"},
        "currency": {"type": "string"},
        "options": {
            "type": "array",
            "description": "Every class once: those meeting the requirements first, "
            "each group by total cost.",
            "items": _OPTION_SCHEMA,
        },
        "note": {
            "type": ["string", "null"],
            "description": "Set when the cheapest class isn't the recommended one.",
        },
        "notes": {"type": "array", "items": {"type": "string"}},
        "assumptions": {"type": "array", "items": {"type": "string"}},
        "lifecycle_hint": _LIFECYCLE_SCHEMA,
        "disclaimer": {"type": "string"},
        "inputs": {"type": "object", "description": "The parsed input, echoed back."},
    },
}

# ------------------------------------------------------------------------------ prices


@dataclass(frozen=True)
class ClassPrices:
    """One storage class's prices and properties, read from the prices file."""

    storage_class: str
    name: str
    storage_tiers: tuple[tuple[float | None, float], ...] | None  # (up_to_gb, usd)
    put_per_1000: float | None
    get_per_1000: float | None
    retrieval_per_gb: float | None
    min_storage_days: int
    min_billable_kb: float
    first_byte: str
    azs: str
    upload_per_gb: float = 0.0
    restore_per_1000: float = 0.0
    expedited_retrieval_per_gb: float | None = None
    expedited_restore_per_1000: float | None = None
    monitoring_per_1000_objects: float = 0.0
    monitoring_min_object_kb: float = 0.0
    overhead_standard_kb: float = 0.0
    overhead_archive_kb: float = 0.0
    access_tiers: tuple[tuple[str, float, float], ...] = ()  # (tier, after_days, usd)

    @property
    def priced(self) -> bool:
        return (
            self.storage_tiers is not None
            and self.put_per_1000 is not None
            and self.get_per_1000 is not None
            and self.retrieval_per_gb is not None
        )

    @property
    def flat_rate(self) -> float:
        """The first-tier storage price (used for overheads and minimum charges)."""
        return self.storage_tiers[0][1] if self.storage_tiers else 0.0


@dataclass(frozen=True)
class Prices:
    region: str
    as_of: str
    currency: str
    classes: tuple[tuple[str, ClassPrices], ...]
    notes: tuple[str, ...] = ()

    def get(self, storage_class: str) -> ClassPrices:
        for key, value in self.classes:
            if key == storage_class:
                return value
        raise KeyError(storage_class)


def _prices_dir() -> Traversable:
    return resources.files("studysite.widgets").joinpath("data", "prices")


def available_regions() -> tuple[str, ...]:
    """Regions with a prices file, sorted."""
    return tuple(
        sorted(
            entry.name[: -len(".json")]
            for entry in _prices_dir().iterdir()
            if entry.name.endswith(".json")
        )
    )


def _opt_float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def _class_prices(storage_class: str, raw: Mapping[str, object]) -> ClassPrices:
    tiers_raw = raw.get("storage_gb_month")
    tiers = (
        None
        if tiers_raw is None
        else tuple(
            (_opt_float(t.get("up_to_gb")), float(t["usd"]))
            for t in tiers_raw  # type: ignore[union-attr]
        )
    )
    overhead = raw.get("per_object_overhead") or {}
    access = tuple(
        (str(t["tier"]), float(t["after_days"]), float(t["usd"]))
        for t in raw.get("access_tiers", [])  # type: ignore[union-attr]
    )
    return ClassPrices(
        storage_class=storage_class,
        name=str(raw["name"]),
        storage_tiers=tiers,
        put_per_1000=_opt_float(raw.get("put_per_1000")),
        get_per_1000=_opt_float(raw.get("get_per_1000")),
        retrieval_per_gb=_opt_float(raw.get("retrieval_per_gb")),
        min_storage_days=int(raw.get("min_storage_days") or 0),  # type: ignore[arg-type]
        min_billable_kb=float(raw.get("min_billable_kb") or 0),  # type: ignore[arg-type]
        first_byte=str(raw.get("first_byte", "")),
        azs=str(raw.get("azs", "")),
        upload_per_gb=float(raw.get("upload_per_gb") or 0),  # type: ignore[arg-type]
        restore_per_1000=float(raw.get("restore_per_1000") or 0),  # type: ignore[arg-type]
        expedited_retrieval_per_gb=_opt_float(raw.get("expedited_retrieval_per_gb")),
        expedited_restore_per_1000=_opt_float(raw.get("expedited_restore_per_1000")),
        monitoring_per_1000_objects=float(raw.get("monitoring_per_1000_objects") or 0),  # type: ignore[arg-type]
        monitoring_min_object_kb=float(raw.get("monitoring_min_object_kb") or 0),  # type: ignore[arg-type]
        overhead_standard_kb=float(overhead.get("standard_kb", 0)),  # type: ignore[union-attr]
        overhead_archive_kb=float(overhead.get("archive_kb", 0)),  # type: ignore[union-attr]
        access_tiers=access,
    )


@lru_cache(maxsize=32)
def _load(region: str) -> Prices:
    raw = json.loads(_prices_dir().joinpath(f"{region}.json").read_text(encoding="utf-8"))
    classes = raw["classes"]
    return Prices(
        region=str(raw["region"]),
        as_of=str(raw["as_of"]),
        currency=str(raw.get("currency", "USD")),
        classes=tuple((cid, _class_prices(cid, classes[cid])) for cid in CLASS_IDS),
        notes=tuple(raw.get("notes", ())),
    )


def load_prices(region: str = DEFAULT_REGION) -> Prices:
    """Read ``data/prices/<region>.json``; raise InputError for a Region without a file."""
    region = region.strip().lower() if isinstance(region, str) else ""
    if not _REGION_RE.fullmatch(region) or region not in available_regions():
        known = ", ".join(available_regions())
        raise InputError(
            [FieldError("region", f"No prices on file for that Region. Available: {known}.")]
        )
    return _load(region)


# ------------------------------------------------------------------------------ inputs


@dataclass(frozen=True)
class Inputs:
    data_gb: float
    object_count: int
    months: float
    read_fraction_per_month: float
    slowest_acceptable_retrieval: str
    survive_az_loss: bool
    access_pattern: str
    single_digit_ms_latency: bool

    @property
    def average_object_kb(self) -> float:
        return self.data_gb * KB_PER_GB / self.object_count

    @property
    def days(self) -> float:
        return self.months * DAYS_PER_MONTH

    def to_dict(self) -> dict[str, object]:
        return {
            "data_gb": self.data_gb,
            "object_count": self.object_count,
            "months": self.months,
            "read_fraction_per_month": self.read_fraction_per_month,
            "slowest_acceptable_retrieval": self.slowest_acceptable_retrieval,
            "survive_az_loss": self.survive_az_loss,
            "access_pattern": self.access_pattern,
            "single_digit_ms_latency": self.single_digit_ms_latency,
        }


_MISSING = object()


def _read_number(data: Mapping[str, object], name: str, errors: list[FieldError]) -> float | None:
    """A finite number from JSON or a form string; records an error and returns None."""
    value = data.get(name, _MISSING)
    if value is _MISSING or value is None or (isinstance(value, str) and not value.strip()):
        errors.append(FieldError(name, "This field is required."))
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        errors.append(FieldError(name, "Must be a number, such as 500 or 0.5."))
        return None
    special = False
    if isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_NUMBER_CHARS or not re.fullmatch(
            r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?(?:nan|inf|infinity)",
            text,
            flags=re.IGNORECASE,
        ):
            errors.append(
                FieldError(name, "Must be a number, such as 500 or 0.5 (digits only, no commas).")
            )
            return None
        special = text.lstrip("+-").lower() in {"nan", "inf", "infinity"}
        value = text
    elif isinstance(value, float):
        special = not math.isfinite(value)
    try:
        number = float(value)
    except OverflowError:  # an integer too large for a float: out of range below
        number = math.inf if value > 0 else -math.inf  # type: ignore[operator]
    if math.isnan(number):
        errors.append(FieldError(name, "Must be an ordinary number, not NaN (not a number)."))
        return None
    if special:
        errors.append(FieldError(name, "Must be an ordinary finite number, not infinity."))
        return None
    return number  # may be +-inf for numbers too large to represent: out of range


def _read_enum(
    data: Mapping[str, object], name: str, allowed: tuple[str, ...], errors: list[FieldError]
) -> str:
    before = len(errors)
    text = get_str(data, name, errors, max_length=100).strip().lower()
    if len(errors) > before:
        return allowed[0]
    if text not in allowed:
        choices = ", ".join(allowed)
        errors.append(FieldError(name, f"Choose one of: {choices}."))
        return allowed[0]
    return text


def parse_input(data: Mapping[str, object]) -> Inputs:
    """Read and check every field; raise InputError listing every problem at once.

    Numbers may be JSON numbers or the strings an HTML form posts. The two booleans
    default to false when missing, as an unticked checkbox is simply not posted.
    """
    errors: list[FieldError] = []

    data_gb = _read_number(data, "data_gb", errors)
    if data_gb is not None:
        if data_gb <= 0:
            errors.append(FieldError("data_gb", "The amount of data must be more than 0 GB."))
        elif data_gb > MAX_DATA_GB:
            errors.append(
                FieldError(
                    "data_gb",
                    "That is more than an exabyte (10^12 GB), which is unrealistically large "
                    "for this estimate. Enter at most 1,000,000,000,000 GB.",
                )
            )

    count = _read_number(data, "object_count", errors)
    object_count = 1
    if count is not None:
        if math.isfinite(count) and not float(count).is_integer():
            errors.append(
                FieldError("object_count", "The number of objects must be a whole number.")
            )
        elif count < 1:
            errors.append(FieldError("object_count", "There must be at least 1 object."))
        elif count > MAX_OBJECT_COUNT:
            errors.append(
                FieldError(
                    "object_count",
                    "More than 10^15 (a quadrillion) objects is unrealistically large for "
                    "this estimate.",
                )
            )
        else:
            object_count = int(count)
            if (
                data_gb is not None
                and 0 < data_gb <= MAX_DATA_GB
                and data_gb / object_count > MAX_OBJECT_GB
            ):
                errors.append(
                    FieldError(
                        "object_count",
                        "Too few objects for that much data: the average object would be "
                        "larger than 5 TB, the largest object S3 stores. Use more objects.",
                    )
                )

    months = _read_number(data, "months", errors)
    if months is not None:
        if months <= 0:
            errors.append(FieldError("months", "The storage period must be more than 0 months."))
        elif months > MAX_MONTHS:
            errors.append(
                FieldError(
                    "months",
                    f"At most {MAX_MONTHS:,} months (100 years); longer is unrealistic for "
                    "this estimate.",
                )
            )

    read = _read_number(data, "read_fraction_per_month", errors)
    if read is not None:
        if read < 0:
            errors.append(
                FieldError(
                    "read_fraction_per_month",
                    "The share read each month can't be negative; use 0 for data never read.",
                )
            )
        elif read > MAX_READ_FRACTION:
            errors.append(
                FieldError(
                    "read_fraction_per_month",
                    f"At most {MAX_READ_FRACTION:,}: that is reading all the data a million "
                    "times a month. The number is how many times the whole data set is read "
                    "each month (0.1 = a tenth of it, 300 = all of it 300 times).",
                )
            )

    speed = _read_enum(data, "slowest_acceptable_retrieval", RETRIEVAL_SPEEDS, errors)
    pattern = _read_enum(data, "access_pattern", ACCESS_PATTERNS, errors)
    survive = get_bool(data, "survive_az_loss", errors, default=False)
    single_digit = get_bool(data, "single_digit_ms_latency", errors, default=False)

    if errors:
        raise InputError(errors)
    return Inputs(
        data_gb=float(data_gb),  # type: ignore[arg-type]
        object_count=object_count,
        months=float(months),  # type: ignore[arg-type]
        read_fraction_per_month=float(read),  # type: ignore[arg-type]
        slowest_acceptable_retrieval=speed,
        survive_az_loss=survive,
        access_pattern=pattern,
        single_digit_ms_latency=single_digit,
    )


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Breakdown:
    """Costs over the whole period, in USD."""

    storage: float = 0.0
    requests: float = 0.0
    retrieval: float = 0.0
    monitoring: float = 0.0
    minimum_duration_penalty: float = 0.0
    minimum_size_penalty: float = 0.0
    archive_overhead: float = 0.0

    @property
    def total(self) -> float:
        return sum(getattr(self, key) for key in BREAKDOWN_KEYS)

    def plus(self, other: Breakdown) -> Breakdown:
        return Breakdown(**{k: getattr(self, k) + getattr(other, k) for k in BREAKDOWN_KEYS})

    def to_dict(self) -> dict[str, float]:
        return {key: _money(getattr(self, key)) for key in BREAKDOWN_KEYS}


@dataclass(frozen=True)
class Option:
    storage_class: str
    name: str
    meets_requirements: bool
    reasons: tuple[str, ...]
    breakdown: Breakdown | None
    months: float

    @property
    def total_cost_usd(self) -> float | None:
        return None if self.breakdown is None else _money(self.breakdown.total)

    @property
    def monthly_cost_usd(self) -> float | None:
        if self.breakdown is None:
            return None
        return _money(self.breakdown.total / self.months)

    def to_dict(self) -> dict[str, object]:
        return {
            "storage_class": self.storage_class,
            "name": self.name,
            "meets_requirements": self.meets_requirements,
            "reasons": list(self.reasons),
            "monthly_cost_usd": self.monthly_cost_usd,
            "total_cost_usd": self.total_cost_usd,
            "breakdown": None if self.breakdown is None else self.breakdown.to_dict(),
        }


@dataclass(frozen=True)
class LifecycleStep:
    storage_class: str
    from_day: float
    to_day: float

    def to_dict(self) -> dict[str, object]:
        return {
            "storage_class": self.storage_class,
            "from_day": _money(self.from_day),
            "to_day": _money(self.to_day),
        }


@dataclass(frozen=True)
class LifecycleHint:
    steps: tuple[LifecycleStep, ...]
    summary: str
    reasons: tuple[str, ...]
    breakdown: Breakdown
    months: float

    @property
    def total_cost_usd(self) -> float:
        return _money(self.breakdown.total)

    @property
    def monthly_cost_usd(self) -> float:
        return _money(self.breakdown.total / self.months)

    def to_dict(self) -> dict[str, object]:
        return {
            "steps": [s.to_dict() for s in self.steps],
            "summary": self.summary,
            "reasons": list(self.reasons),
            "monthly_cost_usd": self.monthly_cost_usd,
            "total_cost_usd": self.total_cost_usd,
            "breakdown": self.breakdown.to_dict(),
        }


@dataclass(frozen=True)
class Result:
    recommended: str | None
    cheapest: str | None
    region: str
    prices_as_of: str
    currency: str
    options: tuple[Option, ...]
    note: str | None
    notes: tuple[str, ...]
    lifecycle_hint: LifecycleHint | None
    inputs: Inputs
    assumptions: tuple[str, ...] = ASSUMPTIONS
    disclaimer: str = DISCLAIMER
    price_notes: tuple[str, ...] = field(default=(), repr=False)

    def option(self, storage_class: str) -> Option:
        for opt in self.options:
            if opt.storage_class == storage_class:
                return opt
        raise KeyError(storage_class)

    def to_dict(self) -> dict[str, object]:
        return {
            "recommended": self.recommended,
            "cheapest": self.cheapest,
            "region": self.region,
            "prices_as_of": self.prices_as_of,
            "currency": self.currency,
            "options": [o.to_dict() for o in self.options],
            "note": self.note,
            "notes": list(self.notes),
            "assumptions": list(self.assumptions),
            "lifecycle_hint": None
            if self.lifecycle_hint is None
            else self.lifecycle_hint.to_dict(),
            "disclaimer": self.disclaimer,
            "inputs": self.inputs.to_dict(),
        }


# ------------------------------------------------------------------------- cost model


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


def _period_cost(
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


def _upload_cost(cp: ClassPrices, inp: Inputs) -> Breakdown:
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
    period = _period_cost(cp, inp, inp.months, standard_rate, expedited=expedited)
    return _upload_cost(cp, inp).plus(period)


# ------------------------------------------------------------------------ requirements


def _requirements(cp: ClassPrices, inp: Inputs) -> tuple[bool, list[str]]:
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
                f"retrieval typically finishes within 3-5 hours, which fits '{_WITHIN[speed]}'."
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


def _cost_reasons(cp: ClassPrices, inp: Inputs, breakdown: Breakdown) -> list[str]:
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


# ------------------------------------------------------------------------- lifecycle


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
    total = _upload_cost(prices.get(STANDARD), inp)
    for index, (cid, start, end) in enumerate(plan):
        cp = prices.get(cid)
        total = total.plus(_period_cost(cp, inp, (end - start) / DAYS_PER_MONTH, standard_rate))
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


# ---------------------------------------------------------------------------- recommend


def recommend(inp: Inputs, prices: Prices) -> Result:
    """Rank every class for ``inp`` and pick one; see the module docstring for the rules."""
    order = {cid: index for index, cid in enumerate(CLASS_IDS)}
    options: list[Option] = []
    for cid in CLASS_IDS:
        cp = prices.get(cid)
        meets, reasons = _requirements(cp, inp)
        breakdown = estimate(cp, inp, prices)
        if breakdown is not None:
            reasons.extend(_cost_reasons(cp, inp, breakdown))
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


# ------------------------------------------------------------------------------ presets

PRESETS: tuple[tuple[str, str, dict[str, str]], ...] = (
    (
        "backups",
        "Backups, kept a year, sometimes needed back within minutes",
        {
            "data_gb": "2000",
            "object_count": "20000",
            "months": "12",
            "read_fraction_per_month": "0.01",
            "slowest_acceptable_retrieval": "minutes",
            "survive_az_loss": "true",
            "access_pattern": "known",
            "single_digit_ms_latency": "false",
        },
    ),
    (
        "media-archive",
        "Media archive: rarely watched, but played at once when asked for",
        {
            "data_gb": "50000",
            "object_count": "100000",
            "months": "36",
            "read_fraction_per_month": "0.005",
            "slowest_acceptable_retrieval": "milliseconds",
            "survive_az_loss": "true",
            "access_pattern": "known",
            "single_digit_ms_latency": "false",
        },
    ),
    (
        "logs",
        "Application logs: many small files, searched often, kept three months",
        {
            "data_gb": "500",
            "object_count": "10000000",
            "months": "3",
            "read_fraction_per_month": "0.5",
            "slowest_acceptable_retrieval": "milliseconds",
            "survive_az_loss": "true",
            "access_pattern": "known",
            "single_digit_ms_latency": "false",
        },
    ),
    (
        "compliance-archive",
        "Compliance archive: kept seven years, almost never read, days to restore is fine",
        {
            "data_gb": "10000",
            "object_count": "100000",
            "months": "84",
            "read_fraction_per_month": "0",
            "slowest_acceptable_retrieval": "days",
            "survive_az_loss": "true",
            "access_pattern": "known",
            "single_digit_ms_latency": "false",
        },
    ),
    (
        "audit-records",
        "Audit records: kept five years, read about once a year, restores within 5 hours",
        {
            "data_gb": "5000",
            "object_count": "50000",
            "months": "60",
            "read_fraction_per_month": "0.001",
            "slowest_acceptable_retrieval": "hours",
            "survive_az_loss": "true",
            "access_pattern": "known",
            "single_digit_ms_latency": "false",
        },
    ),
    (
        "data-lake",
        "Data lake: many teams, nobody knows which data will be queried",
        {
            "data_gb": "100000",
            "object_count": "1000000",
            "months": "24",
            "read_fraction_per_month": "0.2",
            "slowest_acceptable_retrieval": "milliseconds",
            "survive_az_loss": "true",
            "access_pattern": "unknown",
            "single_digit_ms_latency": "false",
        },
    ),
    (
        "ml-training",
        "ML training data: read hundreds of times a month, latency-critical, re-creatable",
        {
            "data_gb": "1000",
            "object_count": "500000",
            "months": "2",
            "read_fraction_per_month": "300",
            "slowest_acceptable_retrieval": "milliseconds",
            "survive_az_loss": "false",
            "access_pattern": "known",
            "single_digit_ms_latency": "true",
        },
    ),
)
