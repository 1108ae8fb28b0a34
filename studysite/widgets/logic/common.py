"""Small shared pieces of the pure widget logic (no Django)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


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
