"""Reading the picker's input (JSON or form fields) into :class:`Inputs`."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from ..common import FieldError, InputError, get_bool, get_str, read_number
from .constants import (
    ACCESS_PATTERNS,
    DAYS_PER_MONTH,
    KB_PER_GB,
    MAX_DATA_GB,
    MAX_MONTHS,
    MAX_OBJECT_COUNT,
    MAX_OBJECT_GB,
    MAX_READ_FRACTION,
    RETRIEVAL_SPEEDS,
)


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


def _read_number(data: Mapping[str, object], name: str, errors: list[FieldError]) -> float | None:
    """A finite number from JSON or a form string; records an error and returns None."""
    example, hint = "500 or 0.5", "digits only, no commas"
    return read_number(data, name, errors, example=example, hint=hint, name_non_finite=True)


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
