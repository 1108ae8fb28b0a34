"""``parse_input``: the instance type, hours a day, months, whether the work may be
interrupted and the commitment term, every problem in plain English at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass

from ..common import FieldError, InputError, get_bool, get_str, read_number
from .constants import (
    COMMITMENT_YEARS,
    HOURS_PER_DAY,
    INSTANCE_RE,
    MAX_MONTHS,
    MIN_MONTHS,
)
from .prices import Prices, load_prices


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


def _read_number(data: Mapping[str, object], name: str, errors: list[FieldError]) -> float | None:
    """A finite number from JSON or a form string; records an error and returns None."""
    example, hint = "8 or 5.7", "digits only, no units"
    return read_number(data, name, errors, example=example, hint=hint)


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
    shown = f" '{text}'" if INSTANCE_RE.fullmatch(text) else ""
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
