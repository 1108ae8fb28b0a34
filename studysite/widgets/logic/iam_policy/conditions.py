"""Condition operators: compare request-context values with a statement's condition values.

Syntax: ``"Condition": {"[ForAnyValue:|ForAllValues:]Operator[IfExists]": {"key": value or
[values]}}``. Operators in one block, and keys under one operator, must all be true
(AND); the values listed for one key are alternatives (OR), except for the negated
operators (StringNotEquals, NotIpAddress, ArnNotLike ...), where the request's value must
match none of them (NOR).

A key missing from the request makes a positive operator false and a negated one true;
``...IfExists`` makes a missing key true; ``Null`` tests presence itself. For keys with
several values, ``ForAllValues:`` wants every request value to pass (true when the key is
missing or empty) and ``ForAnyValue:`` at least one (false when missing or empty).

Sources (AWS documentation):
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from .matching import (
    Context,
    compile_pattern,
    joined,
    match_arn,
    match_pattern,
    substitute,
)

# base operator (lower case) -> (name as AWS writes it, family, negated)
OPERATORS: dict[str, tuple[str, str, bool]] = {
    name.lower(): (name, family, negated)
    for name, family, negated in (
        ("StringEquals", "string", False),
        ("StringNotEquals", "string", True),
        ("StringEqualsIgnoreCase", "string-ignore-case", False),
        ("StringNotEqualsIgnoreCase", "string-ignore-case", True),
        ("StringLike", "string-like", False),
        ("StringNotLike", "string-like", True),
        ("NumericEquals", "numeric-eq", False),
        ("NumericNotEquals", "numeric-eq", True),
        ("NumericLessThan", "numeric-lt", False),
        ("NumericLessThanEquals", "numeric-le", False),
        ("NumericGreaterThan", "numeric-gt", False),
        ("NumericGreaterThanEquals", "numeric-ge", False),
        ("DateEquals", "date-eq", False),
        ("DateNotEquals", "date-eq", True),
        ("DateLessThan", "date-lt", False),
        ("DateLessThanEquals", "date-le", False),
        ("DateGreaterThan", "date-gt", False),
        ("DateGreaterThanEquals", "date-ge", False),
        ("Bool", "bool", False),
        ("BinaryEquals", "binary", False),
        ("IpAddress", "ip", False),
        ("NotIpAddress", "ip", True),
        ("ArnEquals", "arn", False),
        ("ArnLike", "arn", False),
        ("ArnNotEquals", "arn", True),
        ("ArnNotLike", "arn", True),
        ("Null", "null", False),
    )
}
# Policy variables are expanded only for these families (operators page, per family).
VARIABLE_FAMILIES = {"string", "string-ignore-case", "string-like", "arn", "bool"}
SET_OPERATORS = {"foranyvalue": "ForAnyValue", "forallvalues": "ForAllValues"}


@dataclass(frozen=True)
class Operator:
    base: str  # e.g. "StringLike"
    family: str
    negated: bool
    set_operator: str | None = None  # "ForAnyValue" | "ForAllValues"
    if_exists: bool = False

    @property
    def name(self) -> str:
        prefix = f"{self.set_operator}:" if self.set_operator else ""
        return f"{prefix}{self.base}{'IfExists' if self.if_exists else ''}"


@dataclass(frozen=True)
class Condition:
    operator: Operator
    key: str
    values: tuple[str, ...]


def parse_operator(text: str) -> Operator | str:
    """An Operator, or a message explaining why ``text`` is not one."""
    rest = text
    set_operator = None
    prefix, colon, remainder = text.partition(":")
    if colon:
        set_operator = SET_OPERATORS.get(prefix.lower())
        if set_operator is None:
            return (
                f'Unknown condition operator "{text[:80]}": only ForAnyValue: and '
                "ForAllValues: may come before a colon."
            )
        rest = remainder
    if_exists = False
    entry = OPERATORS.get(rest.lower())
    if entry is None and rest.lower().endswith("ifexists"):
        entry = OPERATORS.get(rest.lower()[: -len("ifexists")])
        if_exists = True
    if entry is None:
        return (
            f'Unknown condition operator "{text[:80]}". Use one of the String, Numeric, '
            "Date, Bool, BinaryEquals, IpAddress, Arn or Null operators, e.g. StringEquals."
        )
    base, family, negated = entry
    if family == "null" and (if_exists or set_operator):
        return (
            "Null tests whether a key is present; it takes neither IfExists nor "
            "ForAnyValue:/ForAllValues:."
        )
    return Operator(base, family, negated, set_operator, if_exists)


# --- Values ---------------------------------------------------------------------------

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,4})?$")
_EPOCH = re.compile(r"^-?\d{1,12}(\.\d+)?$")
_YEAR_MONTH = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


def parse_number(text: str) -> Decimal | None:
    text = text.strip()
    if len(text) > 100 or not _NUMBER.match(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def parse_date(text: str) -> datetime | None:
    """W3C ISO 8601 (2024, 2024-05, 2024-05-01, 2024-05-01T12:00:00Z ...) or epoch seconds."""
    text = text.strip()
    try:
        if _EPOCH.match(text):
            return datetime.fromtimestamp(float(text), tz=UTC)
        short = _YEAR_MONTH.match(text)
        if short:
            return datetime(int(short.group(1)), int(short.group(2) or 1), 1, tzinfo=UTC)
        if len(text) > 40:
            return None
        value = datetime.fromisoformat(text)
    except (ValueError, OverflowError, OSError):
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None


def validate_values(operator: Operator, values: tuple[str, ...]) -> str | None:
    """A message when a condition value cannot work with its operator, else None."""
    for value in values:
        if operator.family in VARIABLE_FAMILIES and "${" in value:
            continue
        if operator.family.startswith("numeric") and parse_number(value) is None:
            return f'{operator.base} compares numbers; "{value[:60]}" is not a number.'
        if operator.family.startswith("date") and parse_date(value) is None:
            return (
                f'{operator.base} compares dates; write "{value[:60]}" as ISO 8601 '
                "(2025-01-31T12:00:00Z) or epoch seconds."
            )
        if operator.family == "ip" and _network(value) is None:
            return (
                f"{operator.base} needs an IP address or CIDR range such as 203.0.113.0/24, "
                f'not "{value[:60]}".'
            )
        if operator.family in ("bool", "null") and value.lower() not in ("true", "false"):
            return f'{operator.base} takes "true" or "false", not "{value[:60]}".'
    return None


def _binary(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return text.encode("utf-8", "surrogatepass")


def _ordered(family: str, parse: Callable[[str], object]) -> Callable[[str, str], bool]:
    comparisons: dict[str, Callable[[object, object], bool]] = {
        "eq": lambda a, b: a == b,
        "lt": lambda a, b: a < b,  # type: ignore[operator]
        "le": lambda a, b: a <= b,  # type: ignore[operator]
        "gt": lambda a, b: a > b,  # type: ignore[operator]
        "ge": lambda a, b: a >= b,  # type: ignore[operator]
    }
    compare = comparisons[family.rsplit("-", 1)[1]]

    def check(request_value: str, policy_value: str) -> bool:
        left, right = parse(request_value), parse(policy_value)
        return left is not None and right is not None and compare(left, right)

    return check


def _positive_match(
    operator: Operator, request_value: str, policy_value: str, context: Context, variables: bool
) -> bool:
    """The non-negated comparison of one request value with one policy value."""
    family = operator.family
    expand = variables and family in VARIABLE_FAMILIES
    if family == "string":
        return request_value == joined(substitute(policy_value, context, enabled=expand))
    if family == "string-ignore-case":
        expected = joined(substitute(policy_value, context, enabled=expand))
        return request_value.casefold() == expected.casefold()
    if family == "string-like":
        pattern = compile_pattern(substitute(policy_value, context, enabled=expand))
        return match_pattern(pattern, request_value)
    if family == "bool":
        expected = joined(substitute(policy_value, context, enabled=expand))
        return request_value.strip().lower() == expected.strip().lower()
    if family == "binary":
        return _binary(request_value) == _binary(policy_value)
    if family == "ip":
        network = _network(policy_value)
        try:
            address = ipaddress.ip_address(request_value.strip())
        except ValueError:
            return False
        return network is not None and address.version == network.version and address in network
    if family == "arn":
        return match_arn(
            policy_value, request_value, context, variables=expand, resource_part_only=False
        )
    if family.startswith("numeric"):
        return _ordered(family, parse_number)(request_value, policy_value)
    return _ordered(family, parse_date)(request_value, policy_value)


def _shown(values: tuple[str, ...]) -> str:
    shown = ", ".join(v[:80] for v in values[:5])
    return shown + (f" and {len(values) - 5} more" if len(values) > 5 else "")


def evaluate_condition(
    condition: Condition, context: Context, *, variables: bool
) -> tuple[bool, str]:
    """(whether the condition holds, a sentence saying why). May raise Unresolved."""
    operator, key = condition.operator, condition.key
    entry = context.get(key.lower())
    present = entry is not None and len(entry[1]) > 0
    head = f"{operator.name} {{{key}: {_shown(condition.values)}}}"
    if operator.family == "null":
        wants_missing = condition.values[0].lower() == "true"
        holds = wants_missing != present
        state = "present" if present else "missing"
        return (
            holds,
            f"{head}: {key} is {state} in the request, so the condition is {_word(holds)}.",
        )
    if not present:
        if operator.if_exists:
            return (
                True,
                f"{head}: {key} is not in the request; ...IfExists counts a missing key as true.",
            )
        if operator.set_operator == "ForAllValues":
            return (
                True,
                f"{head}: {key} is not in the request, and ForAllValues is true for a missing key.",
            )
        if operator.set_operator == "ForAnyValue":
            return (
                False,
                f"{head}: {key} is not in the request, and ForAnyValue is false for a missing key.",
            )
        if operator.negated:
            return (
                True,
                f"{head}: {key} is not in the request, which a negated operator counts as true.",
            )
        return False, f"{head}: {key} is not in the request, and a missing key never matches."

    request_values = entry[1]  # type: ignore[index]

    def passes(value: str) -> bool:
        matched = any(
            _positive_match(operator, value, expected, context, variables)
            for expected in condition.values
        )
        return not matched if operator.negated else matched

    if operator.set_operator == "ForAllValues":
        holds = all(passes(v) for v in request_values)
    elif operator.set_operator == "ForAnyValue":
        holds = any(passes(v) for v in request_values)
    else:
        # A plain operator on a key sent with several values: any value may satisfy a
        # positive operator; a negated one must hold for all of them.
        results = [passes(v) for v in request_values]
        holds = all(results) if operator.negated else any(results)
    return (
        holds,
        f"{head}: the request has {key} = {_shown(request_values)}, "
        f"so the condition is {_word(holds)}.",
    )


def _word(value: bool) -> str:
    return "true" if value else "false"
