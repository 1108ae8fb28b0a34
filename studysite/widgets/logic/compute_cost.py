"""The EC2 purchase-option calculator (pure Python, no Django).

Given one Linux instance type, how many hours a day it runs, for how many months,
whether the work may be interrupted and how long the learner would commit (0, 1 or 3
years), ``compare`` prices every way to buy it – On-Demand, a Compute Savings Plan, an
EC2 Instance Savings Plan, a Standard Reserved Instance and Spot – and ranks them: the
options that fit first, cheapest first, then the rest. Each option says why it fits or
not, what it would cost per month and in total, and for the commitments the break-even
hours per day against On-Demand.

The rules it teaches (each one a reason in the result):

- A commitment (Savings Plan or Reserved Instance) bills every hour of its term whether
  the instance runs or not, so it pays off only above a break-even number of hours a
  day: ``24 x commitment rate x billed months / (On-Demand rate x project months)``.
  A workload that runs 4 hours a day rarely reaches it.
- A term longer than the project is still billed in full; a project longer than one
  term renews for whole terms (a 4-year project on 3-year terms pays for 6 years).
- ``commitment_years`` 0 rules out Savings Plans and Reserved Instances (they are still
  priced, with a 1-year term, for comparison).
- Spot fits only work that can be interrupted: EC2 takes the capacity back with a
  two-minute interruption notice.
- Flexibility: a Compute Savings Plan follows the workload to any instance family,
  size, Region, OS or tenancy and to Fargate and Lambda; an EC2 Instance Savings Plan
  is locked to one family in one Region; a Standard Reserved Instance to one instance
  type's attributes.

``recommended`` is the cheapest option that fits (On-Demand always fits); on a tie the
more flexible option wins (the order of ``OPTIONS``).

Prices are data, not code: ``studysite/widgets/data/compute-prices/<region>.json``,
dated, with the source of each figure. Its commitment rates are illustrative (On-Demand
times a typical No Upfront discount), as the file says.

Sources (AWS documentation, read for this module; the wording below is our own):

- Spot interruption notice, two minutes:
  https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-instance-termination-notices.html
- Reservations are billed for every clock-hour of the term, whether or not an instance
  runs: https://docs.aws.amazon.com/whitepapers/latest/cost-optimization-reservation-models/usage-billing.html
- Reserved Instances, and AWS's advice to prefer Savings Plans over them:
  https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-reserved-instances.html
- Savings Plans types (Compute: any family, size, AZ, Region, OS, tenancy, Fargate and
  Lambda, up to 66%; EC2 Instance: one family in one Region, up to 72%):
  https://docs.aws.amazon.com/savingsplans/latest/userguide/plan-types.html
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable

from .common import FieldError, InputError, get_bool, get_str
from .common import money as _money
from .common import usd as _usd

# --------------------------------------------------------------------------- constants

ON_DEMAND = "on-demand"
COMPUTE_SP = "compute-savings-plan"
EC2_INSTANCE_SP = "ec2-instance-savings-plan"
RESERVED = "reserved-instance"
SPOT = "spot"

# Most flexible first: on equal cost the earlier option is recommended.
OPTIONS: tuple[str, ...] = (ON_DEMAND, COMPUTE_SP, EC2_INSTANCE_SP, RESERVED, SPOT)
COMMITMENTS: tuple[str, ...] = (COMPUTE_SP, EC2_INSTANCE_SP, RESERVED)
OPTION_NAMES: Mapping[str, str] = {
    ON_DEMAND: "On-Demand",
    COMPUTE_SP: "Compute Savings Plan",
    EC2_INSTANCE_SP: "EC2 Instance Savings Plan",
    RESERVED: "Standard Reserved Instance",
    SPOT: "Spot Instance",
}
# The keys of each commitment's rates in the prices file.
_RATE_KEYS: Mapping[str, str] = {
    COMPUTE_SP: "compute_savings_plan",
    EC2_INSTANCE_SP: "ec2_instance_savings_plan",
    RESERVED: "reserved_instance",
}

COMMITMENT_YEARS: tuple[int, ...] = (0, 1, 3)
COMMITMENT_LABELS: Mapping[str, str] = {
    "0": "No commitment",
    "1": "1 year",
    "3": "3 years",
}
# A learner who commits to nothing still sees what a 1-year term would have cost.
COMPARISON_YEARS = 1

HOURS_PER_DAY = 24
MAX_MONTHS = 120
MIN_MONTHS = 0.01  # about 7 hours: shorter is no project, and keeps every cost finite
MAX_NUMBER_CHARS = 100
HOURS_DECIMALS = 4

DEFAULT_REGION = "us-east-1"
_REGION_RE = re.compile(r"^[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}$")
_INSTANCE_RE = re.compile(r"^[a-z0-9][a-z0-9.\-]{0,29}$")

ASSUMPTIONS: tuple[str, ...] = (
    "One instance, Linux, shared tenancy, in the prices file's Region; commitments are "
    "bought No Upfront.",
    "A month is 730 hours (24 x 365 / 12). hours_per_day is the average over the month: "
    "8 hours on 5 weekdays is 8 x 5 / 7, about 5.7 hours a day.",
    "On-Demand and Spot bill only the hours the instance runs (per second on Linux, with "
    "a 60-second minimum; here in hours).",
    "A Savings Plan commitment (in $/hour) or a Reserved Instance covers exactly this one "
    "instance and bills every hour of its term, used or not. A term that outlasts the "
    "project is billed in full; a project longer than one term renews for whole terms.",
    "Spot is estimated at the low end of its typical discount; the real Spot price moves "
    "with supply and demand.",
    "Not included: EBS volumes, data transfer, public IPv4 addresses, taxes, the Free "
    "Tier, and upfront payment options.",
    "monthly_cost_usd is total_cost_usd divided by the project's months, so a term longer "
    "than the project raises the monthly figure.",
)

DISCLAIMER = (
    "Estimates from illustrative list prices, for learning. The Savings Plan and Reserved "
    "Instance rates here are the On-Demand rate minus a typical discount, not AWS's "
    "published rate for each instance: check the EC2 and Savings Plans pricing pages (or "
    "the AWS Pricing Calculator) before committing to anything."
)

# ------------------------------------------------------------------------------ prices


@dataclass(frozen=True)
class InstancePrices:
    """One instance type's rates in USD per hour, read from the prices file."""

    instance_type: str
    family: str
    vcpus: int
    memory_gib: float
    processor: str
    on_demand: float
    # option -> ((years, usd per hour), ...)
    commitments: tuple[tuple[str, tuple[tuple[int, float], ...]], ...]

    def rate(self, option: str, years: int) -> float:
        for key, terms in self.commitments:
            if key == option:
                for term, usd in terms:
                    if term == years:
                        return usd
        raise KeyError((option, years))

    @property
    def label(self) -> str:
        memory = f"{self.memory_gib:g}"
        return (
            f"{self.instance_type} ({self.vcpus} vCPU, {memory} GiB, "
            f"${self.on_demand:.4f}/hour On-Demand)"
        )


@dataclass(frozen=True)
class SpotTerms:
    discount_min: float
    discount_max: float
    estimate_discount: float
    notice_minutes: int


@dataclass(frozen=True)
class Prices:
    region: str
    as_of: str
    currency: str
    hours_per_month: float
    instances: tuple[tuple[str, InstancePrices], ...]
    spot: SpotTerms
    status: str = "illustrative"
    pricing_pages: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def instance_types(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.instances)

    def get(self, instance_type: str) -> InstancePrices:
        for name, value in self.instances:
            if name == instance_type:
                return value
        raise KeyError(instance_type)


def _prices_dir() -> Traversable:
    return resources.files("studysite.widgets").joinpath("data", "compute-prices")


def available_regions() -> tuple[str, ...]:
    """Regions with a compute prices file, sorted."""
    return tuple(
        sorted(
            entry.name[: -len(".json")]
            for entry in _prices_dir().iterdir()
            if entry.name.endswith(".json")
        )
    )


def _instance(name: str, raw: Mapping[str, object]) -> InstancePrices:
    commitments = tuple(
        (
            option,
            tuple(
                sorted((int(years), float(usd)) for years, usd in raw[key].items())  # type: ignore[attr-defined]
            ),
        )
        for option, key in _RATE_KEYS.items()
    )
    return InstancePrices(
        instance_type=name,
        family=str(raw["family"]),
        vcpus=int(raw["vcpus"]),  # type: ignore[call-overload]
        memory_gib=float(raw["memory_gib"]),  # type: ignore[arg-type]
        processor=str(raw.get("processor", "")),
        on_demand=float(raw["on_demand"]),  # type: ignore[arg-type]
        commitments=commitments,
    )


@lru_cache(maxsize=32)
def _load(region: str) -> Prices:
    raw = json.loads(_prices_dir().joinpath(f"{region}.json").read_text(encoding="utf-8"))
    spot = raw["spot"]
    instances = raw["instances"]
    return Prices(
        region=str(raw["region"]),
        as_of=str(raw["prices_as_of"]),
        currency=str(raw.get("currency", "USD")),
        hours_per_month=float(raw.get("hours_per_month", 730)),
        instances=tuple((name, _instance(name, instances[name])) for name in sorted(instances)),
        spot=SpotTerms(
            discount_min=float(spot["typical_discount_min"]),
            discount_max=float(spot["typical_discount_max"]),
            estimate_discount=float(spot["estimate_discount"]),
            notice_minutes=int(spot.get("interruption_notice_minutes", 2)),
        ),
        status=str(raw.get("status", "illustrative")),
        pricing_pages=tuple((str(k), str(v)) for k, v in raw.get("pricing_pages", {}).items()),
        notes=tuple(raw.get("notes", ())),
    )


def load_prices(region: str = DEFAULT_REGION) -> Prices:
    """Read ``data/compute-prices/<region>.json``; InputError for a Region without a file."""
    region = region.strip().lower() if isinstance(region, str) else ""
    if not _REGION_RE.fullmatch(region) or region not in available_regions():
        known = ", ".join(available_regions())
        message = f"No compute prices on file for that Region. Available: {known}."
        raise InputError([FieldError("region", message)])
    return _load(region)


def instance_choices(region: str = DEFAULT_REGION) -> tuple[tuple[str, str], ...]:
    """(value, label) pairs for the form's instance type select."""
    prices = load_prices(region)
    return tuple((name, value.label) for name, value in prices.instances)


# ------------------------------------------------------------------------ JSON schemas

INPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": ["instance_type", "hours_per_day", "months", "commitment_years"],
    "properties": {
        "instance_type": {
            "type": "string",
            "enum": list(load_prices().instance_types),
            "description": "A Linux instance type from the prices file, e.g. m7i.large.",
        },
        "hours_per_day": {
            "type": ["number", "string"],
            "minimum": 0,
            "maximum": HOURS_PER_DAY,
            "description": "Average hours a day the instance runs, 0-24 (8 hours on "
            "weekdays only is about 5.7).",
        },
        "months": {
            "type": ["number", "string"],
            "exclusiveMinimum": 0,
            "maximum": MAX_MONTHS,
            "description": "How long the project needs the instance, in months.",
        },
        "interruptible": {
            "type": ["boolean", "string"],
            "default": False,
            "description": "Can the work be interrupted (and resumed) at two minutes' "
            "notice? A missing field (an unticked checkbox) means false.",
        },
        "commitment_years": {
            "type": ["integer", "string"],
            "enum": [*COMMITMENT_YEARS, *(str(y) for y in COMMITMENT_YEARS)],
            "description": "The longest commitment you would make: 0 (none), 1 or 3 years.",
        },
    },
}

_OPTION_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": [
        "option",
        "fits",
        "reasons",
        "monthly_cost_usd",
        "total_cost_usd",
        "break_even_hours_per_day",
    ],
    "properties": {
        "option": {"type": "string", "enum": list(OPTIONS)},
        "name": {"type": "string", "description": "Human name, e.g. 'Compute Savings Plan'."},
        "fits": {"type": "boolean"},
        "reasons": {"type": "array", "items": {"type": "string"}},
        "monthly_cost_usd": {
            "type": "number",
            "minimum": 0,
            "description": "total_cost_usd / months.",
        },
        "total_cost_usd": {"type": "number", "minimum": 0},
        "break_even_hours_per_day": {
            "type": ["number", "null"],
            "description": "For commitments: the hours a day above which the commitment "
            "costs less than On-Demand over the project; null when it never does (or for "
            "On-Demand and Spot).",
        },
        "hourly_rate_usd": {
            "type": "number",
            "description": "The rate used: On-Demand, the Spot estimate, or the "
            "commitment's hourly rate.",
        },
        "term_years": {"type": ["integer", "null"]},
        "billed_months": {
            "type": ["number", "null"],
            "description": "Months of commitment billed (whole terms), null without one.",
        },
        "monthly_cost_fixed_usd": {
            "type": "number",
            "description": "The part of the monthly cost that doesn't depend on hours used.",
        },
        "monthly_cost_per_daily_hour_usd": {
            "type": "number",
            "description": "What each hour a day adds to the monthly cost (0 for "
            "commitments): monthly cost = fixed + this x hours_per_day.",
        },
    },
}

OUTPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": ["region", "prices_as_of", "recommended", "options"],
    "properties": {
        "region": {"type": "string"},
        "prices_as_of": {"type": "string", "format": "date"},
        "prices_status": {
            "type": "string",
            "description": "'illustrative' while the figures aren't all AWS's published rates.",
        },
        "currency": {"type": "string"},
        "recommended": {
            "type": "string",
            "enum": list(OPTIONS),
            "description": "The cheapest option that fits (On-Demand always fits).",
        },
        "cheapest": {"type": "string", "enum": list(OPTIONS)},
        "instance": {"type": "object"},
        "options": {
            "type": "array",
            "description": "Every option once: those that fit first, each group by total cost.",
            "items": _OPTION_SCHEMA,
        },
        "note": {"type": ["string", "null"]},
        "notes": {"type": "array", "items": {"type": "string"}},
        "assumptions": {"type": "array", "items": {"type": "string"}},
        "disclaimer": {"type": "string"},
        "inputs": {"type": "object", "description": "The parsed input, echoed back."},
    },
}

# ------------------------------------------------------------------------------ inputs


@dataclass(frozen=True)
class Inputs:
    instance_type: str
    hours_per_day: float
    months: float
    interruptible: bool
    commitment_years: int

    def to_dict(self) -> dict[str, object]:
        return {
            "instance_type": self.instance_type,
            "hours_per_day": self.hours_per_day,
            "months": self.months,
            "interruptible": self.interruptible,
            "commitment_years": self.commitment_years,
        }


_MISSING = object()
_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _read_number(data: Mapping[str, object], name: str, errors: list[FieldError]) -> float | None:
    """A finite number from JSON or a form string; records an error and returns None."""
    value = data.get(name, _MISSING)
    if value is _MISSING or value is None or (isinstance(value, str) and not value.strip()):
        errors.append(FieldError(name, "This field is required."))
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        errors.append(FieldError(name, "Must be a number, such as 8 or 5.7."))
        return None
    if isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_NUMBER_CHARS or not _NUMBER_RE.fullmatch(text):
            errors.append(
                FieldError(name, "Must be a number, such as 8 or 5.7 (digits only, no units).")
            )
            return None
        value = text
    try:
        number = float(value)
    except OverflowError:  # an integer too large for a float: out of range below
        number = math.inf if value > 0 else -math.inf  # type: ignore[operator]
    if math.isnan(number) or (isinstance(value, float) and math.isinf(value)):
        errors.append(FieldError(name, "Must be an ordinary finite number."))
        return None
    return number  # may be +-inf for numbers too large to represent: out of range


def _read_instance_type(
    data: Mapping[str, object], prices: Prices, errors: list[FieldError]
) -> str:
    before = len(errors)
    text = get_str(data, "instance_type", errors, max_length=100).strip().lower()
    if len(errors) > before:
        return ""
    known = prices.instance_types
    if text in known:
        return text
    listed = ", ".join(known)
    if not text:
        errors.append(FieldError("instance_type", f"This field is required. Known: {listed}."))
        return ""
    # Echo the typed name only when it looks like one (never arbitrary text).
    shown = f" '{text}'" if _INSTANCE_RE.fullmatch(text) else ""
    message = f"Unknown instance type{shown}. Known instance types: {listed}."
    close = difflib.get_close_matches(text, known, n=1, cutoff=0.7)
    if close:
        message += f" Did you mean {close[0]}?"
    errors.append(FieldError("instance_type", message))
    return ""


def _read_years(data: Mapping[str, object], errors: list[FieldError]) -> int:
    value = data.get("commitment_years", _MISSING)
    if value is _MISSING or value is None or (isinstance(value, str) and not value.strip()):
        errors.append(FieldError("commitment_years", "This field is required."))
        return 0
    years: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        years = float(value)
    elif isinstance(value, str) and value.strip() in {"0", "1", "3"}:
        years = float(value.strip())
    if years is None or years not in COMMITMENT_YEARS:
        errors.append(
            FieldError(
                "commitment_years",
                "Choose 0 (no commitment), 1 or 3 years: Savings Plans and Reserved "
                "Instances are sold only for 1-year or 3-year terms.",
            )
        )
        return 0
    return int(years)


def parse_input(data: Mapping[str, object], prices: Prices | None = None) -> Inputs:
    """Read and check every field; raise InputError listing every problem at once.

    Numbers may be JSON numbers or the strings an HTML form posts; ``interruptible``
    defaults to false when missing, as an unticked checkbox is simply not posted.
    """
    prices = prices or load_prices()
    errors: list[FieldError] = []

    instance_type = _read_instance_type(data, prices, errors)

    hours = _read_number(data, "hours_per_day", errors)
    if hours is not None:
        if hours < 0:
            errors.append(
                FieldError(
                    "hours_per_day",
                    "Hours per day can't be negative; use 0 for an instance that never runs.",
                )
            )
        elif hours > HOURS_PER_DAY:
            errors.append(
                FieldError(
                    "hours_per_day",
                    "A day has only 24 hours: enter 0 to 24. This prices one instance; for "
                    "two instances running all day, price each one.",
                )
            )

    months = _read_number(data, "months", errors)
    if months is not None:
        if months <= 0:
            errors.append(FieldError("months", "The project must last more than 0 months."))
        elif months < MIN_MONTHS:
            errors.append(
                FieldError("months", f"At least {MIN_MONTHS} month (about 7 hours), please.")
            )
        elif months > MAX_MONTHS:
            errors.append(
                FieldError(
                    "months",
                    f"At most {MAX_MONTHS} months (10 years); prices change long before that.",
                )
            )

    interruptible = get_bool(data, "interruptible", errors, default=False)
    years = _read_years(data, errors)

    if errors:
        raise InputError(errors)
    return Inputs(
        instance_type=instance_type,
        hours_per_day=float(hours),  # type: ignore[arg-type]
        months=float(months),  # type: ignore[arg-type]
        interruptible=interruptible,
        commitment_years=years,
    )


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Option:
    option: str
    fits: bool
    reasons: tuple[str, ...]
    hourly_rate: float
    fixed_monthly: float  # the monthly cost that doesn't depend on hours used
    per_daily_hour: float  # what each hour a day adds to the monthly cost
    hours_per_day: float
    months: float
    term_years: int | None = None
    billed_months: float | None = None
    break_even: float | None = None

    @property
    def name(self) -> str:
        return OPTION_NAMES[self.option]

    @property
    def monthly_cost(self) -> float:
        return self.fixed_monthly + self.per_daily_hour * self.hours_per_day

    @property
    def total_cost(self) -> float:
        return self.monthly_cost * self.months

    def to_dict(self) -> dict[str, object]:
        return {
            "option": self.option,
            "name": self.name,
            "fits": self.fits,
            "reasons": list(self.reasons),
            "monthly_cost_usd": _money(self.monthly_cost),
            "total_cost_usd": _money(self.total_cost),
            "break_even_hours_per_day": None
            if self.break_even is None
            else round(self.break_even, HOURS_DECIMALS),
            "hourly_rate_usd": self.hourly_rate,
            "term_years": self.term_years,
            "billed_months": self.billed_months,
            "monthly_cost_fixed_usd": _money(self.fixed_monthly),
            "monthly_cost_per_daily_hour_usd": _money(self.per_daily_hour),
        }


@dataclass(frozen=True)
class Result:
    recommended: str
    cheapest: str
    region: str
    prices_as_of: str
    prices_status: str
    currency: str
    instance: InstancePrices
    options: tuple[Option, ...]
    note: str | None
    notes: tuple[str, ...]
    inputs: Inputs
    assumptions: tuple[str, ...] = ASSUMPTIONS
    disclaimer: str = DISCLAIMER

    def option(self, option: str) -> Option:
        for opt in self.options:
            if opt.option == option:
                return opt
        raise KeyError(option)

    def to_dict(self) -> dict[str, object]:
        return {
            "region": self.region,
            "prices_as_of": self.prices_as_of,
            "prices_status": self.prices_status,
            "currency": self.currency,
            "recommended": self.recommended,
            "cheapest": self.cheapest,
            "instance": {
                "instance_type": self.instance.instance_type,
                "family": self.instance.family,
                "vcpus": self.instance.vcpus,
                "memory_gib": self.instance.memory_gib,
                "processor": self.instance.processor,
                "on_demand_usd_per_hour": self.instance.on_demand,
            },
            "options": [o.to_dict() for o in self.options],
            "note": self.note,
            "notes": list(self.notes),
            "assumptions": list(self.assumptions),
            "disclaimer": self.disclaimer,
            "inputs": self.inputs.to_dict(),
        }


# ------------------------------------------------------------------------- cost model


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


# ---------------------------------------------------------------------------- compare


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


# ------------------------------------------------------------------------------ presets

PRESETS: tuple[tuple[str, str, dict[str, str]], ...] = (
    (
        "steady-web",
        "Steady 24/7 web tier for 3 years",
        {
            "instance_type": "m7i.large",
            "hours_per_day": "24",
            "months": "36",
            "interruptible": "false",
            "commitment_years": "3",
        },
    ),
    (
        "batch-spot",
        "Nightly batch job, 6 hours a day, that can be interrupted and retried",
        {
            "instance_type": "c7i.xlarge",
            "hours_per_day": "6",
            "months": "12",
            "interruptible": "true",
            "commitment_years": "1",
        },
    ),
    (
        "dev-box",
        "Developer box used 8 hours on weekdays (8 x 5 / 7, about 5.7 hours a day)",
        {
            "instance_type": "t3.medium",
            "hours_per_day": "5.7",
            "months": "12",
            "interruptible": "false",
            "commitment_years": "1",
        },
    ),
    (
        "short-project",
        "Six-month project running 24/7, tempted by a 1-year commitment",
        {
            "instance_type": "r7i.large",
            "hours_per_day": "24",
            "months": "6",
            "interruptible": "false",
            "commitment_years": "1",
        },
    ),
)
