"""Small shared pieces of the pure widget logic (no Django)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable


@dataclass(frozen=True)
class FieldError:
    """One problem with one input field, in plain English."""

    field: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


class InputError(Exception):
    """Raised by ``parse_input`` when the input cannot be used; carries every problem."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors


def get_str(
    data: Mapping[str, object],
    field: str,
    errors: list[FieldError],
    *,
    default: str | None = None,
    max_length: int = 10_000,
) -> str:
    """Read a string field, recording a clear error when it is missing, not text or too long."""
    value = data.get(field, default)
    if value is None:
        errors.append(FieldError(field, "This field is required."))
        return ""
    if not isinstance(value, str):
        errors.append(FieldError(field, "Must be text."))
        return ""
    if len(value) > max_length:
        errors.append(FieldError(field, f"Must be at most {max_length:,} characters long."))
        return ""
    return value


def get_bool(
    data: Mapping[str, object], field: str, errors: list[FieldError], *, default: bool | None = None
) -> bool:
    """Read a boolean: JSON true/false, or the strings an HTML form sends."""
    value = data.get(field, default)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "on", "1", "yes"}:
        return True
    if isinstance(value, str) and value.strip().lower() in {"false", "off", "0", "no", ""}:
        return False
    if value is None:
        errors.append(FieldError(field, "This field is required."))
    else:
        errors.append(FieldError(field, "Must be true or false."))
    return False


# Numbers typed into a form are at most this long (a JSON number may be any size).
MAX_NUMBER_CHARS = 100
_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NON_FINITE_RE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.IGNORECASE)
_MISSING = object()


def read_number(
    data: Mapping[str, object],
    field: str,
    errors: list[FieldError],
    *,
    example: str,
    hint: str,
    name_non_finite: bool = False,
) -> float | None:
    """Read a finite number from JSON or a form string; record an error and return None.

    ``example`` ("500 or 0.5") and ``hint`` ("digits only, no commas") go into the message
    for text that is not a number. With ``name_non_finite``, NaN and infinity (typed as
    "nan", "inf" or sent as JSON floats) each get a message of their own; without it, typed
    ones are just not numbers and every non-finite float gets one message. An integer too
    large for a float comes back as +-inf, for the caller's range check to refuse.
    """
    value = data.get(field, _MISSING)
    if value is _MISSING or value is None or (isinstance(value, str) and not value.strip()):
        errors.append(FieldError(field, "This field is required."))
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        errors.append(FieldError(field, f"Must be a number, such as {example}."))
        return None
    non_finite = False
    if isinstance(value, str):
        text = value.strip()
        named = name_non_finite and _NON_FINITE_RE.fullmatch(text) is not None
        if len(text) > MAX_NUMBER_CHARS or not (named or _NUMBER_RE.fullmatch(text)):
            errors.append(FieldError(field, f"Must be a number, such as {example} ({hint})."))
            return None
        non_finite = named
        value = text
    elif isinstance(value, float):
        non_finite = not math.isfinite(value)
    try:
        number = float(value)
    except OverflowError:  # an integer too large for a float: out of range for the caller
        number = math.inf if value > 0 else -math.inf  # type: ignore[operator]
    if not name_non_finite and non_finite:
        errors.append(FieldError(field, "Must be an ordinary finite number."))
        return None
    if math.isnan(number):
        errors.append(FieldError(field, "Must be an ordinary number, not NaN (not a number)."))
        return None
    if non_finite:
        errors.append(FieldError(field, "Must be an ordinary finite number, not infinity."))
        return None
    return number  # may be +-inf for numbers too large to represent: out of range


# Money, shared by the cost widgets (storage-class picker, compute calculator).
MONEY_DECIMALS = 6


def money(value: float) -> float:
    """A cost rounded to a millionth of a dollar, never a negative zero."""
    rounded = round(value, MONEY_DECIMALS)
    return 0.0 if rounded == 0 else rounded


def usd(value: float) -> str:
    """Dollars for prose: cents for sums of a dollar or more, else 4 significant digits."""
    if value >= 1:
        return f"${value:,.2f}"
    if value == 0:
        return "$0"
    return f"${value:.4g}"


def data_folder(name: str) -> Traversable:
    """A folder of dated data files under studysite/widgets/data (the price files)."""
    return resources.files("studysite.widgets").joinpath("data", name)


def json_stems(folder: Traversable) -> tuple[str, ...]:
    """The names of the folder's ``.json`` files without the suffix, sorted (a price
    folder's Regions)."""
    names = (entry.name for entry in folder.iterdir())
    return tuple(sorted(name[: -len(".json")] for name in names if name.endswith(".json")))
