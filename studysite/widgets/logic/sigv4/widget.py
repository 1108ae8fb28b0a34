"""The widget's entry: sign the request, then compare with AWS's text if pasted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..common import FieldError, InputError, get_str
from .compare import compare_canonical
from .constants import ALGORITHM, MAX_COMPARE_CHARS
from .parsing import parse_input
from .request import SigV4Input
from .results import SigV4Result
from .signing import sign_request


@dataclass(frozen=True)
class SigV4Request:
    """What the widget receives: a request to sign and, optionally, AWS's own version of
    the canonical request or string to sign (pasted from a SignatureDoesNotMatch error)."""

    request: SigV4Input
    aws_says: str = ""


@dataclass(frozen=True)
class SigV4Answer:
    result: SigV4Result
    compared_with: str | None  # "canonical_request" or "string_to_sign"
    comparison: tuple[dict[str, object], ...] = ()

    def to_dict(self) -> dict[str, object]:
        out = self.result.to_dict()
        if self.compared_with:
            out["comparison"] = {
                "compared_with": self.compared_with,
                "matches": all(row["status"] == "same" for row in self.comparison),
                "lines": list(self.comparison),
            }
        return out


def parse_widget_input(data: Mapping[str, object]) -> SigV4Request:
    """:func:`parse_input` plus the optional ``aws_says`` text of the debugging mode."""
    errors: list[FieldError] = []
    aws_says = get_str(data, "aws_says", errors, default="", max_length=MAX_COMPARE_CHARS)
    try:
        request = parse_input(data)
    except InputError as exc:
        raise InputError(errors + exc.errors) from None
    if errors:
        raise InputError(errors)
    return SigV4Request(request=request, aws_says=aws_says.strip())


def sign_and_compare(widget_input: SigV4Request) -> SigV4Answer:
    """Sign the request; when AWS's version was pasted, diff ours against it line by line."""
    result = sign_request(widget_input.request)
    if not widget_input.aws_says:
        return SigV4Answer(result=result, compared_with=None)
    first_line = widget_input.aws_says.lstrip().split("\n", 1)[0].strip()
    if first_line == ALGORITHM:
        compared_with, ours = "string_to_sign", result.string_to_sign
    else:
        compared_with, ours = "canonical_request", result.canonical_request
    rows = compare_canonical(ours, widget_input.aws_says)
    return SigV4Answer(result=result, compared_with=compared_with, comparison=tuple(rows))
