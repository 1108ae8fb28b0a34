"""Reading the widget's input (JSON or form fields) into a :class:`SigV4Input`."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..common import FieldError, InputError, get_bool, get_str
from .constants import (
    DEFAULT_EXPIRES,
    DEFAULT_REGION,
    EXAMPLE_ACCESS_KEY_ID,
    EXAMPLE_SECRET_ACCESS_KEY,
    MAX_ACCESS_KEY_CHARS,
    MAX_BODY_BASE64_CHARS,
    MAX_HEADERS_TEXT_CHARS,
    MAX_SECRET_CHARS,
    MAX_SESSION_TOKEN_CHARS,
    MAX_URL_CHARS,
    MODE_HEADER,
)
from .request import SigV4Input, now_timestamp
from .validation import validate_request


def parse_input(data: Mapping[str, object]) -> SigV4Input:
    """Read and check the JSON / form input; raise :class:`InputError` listing every problem."""
    errors: list[FieldError] = []
    method = get_str(data, "method", errors, default="GET", max_length=32).strip()
    url = get_str(data, "url", errors, max_length=MAX_URL_CHARS).strip()
    headers = _read_headers(data.get("headers"), errors)
    body = data.get("body", "")
    if body is None:
        body = ""
    if not isinstance(body, str):
        errors.append(FieldError("body", "Must be text."))
        body = ""
    body_base64 = get_str(data, "body_base64", errors, default="", max_length=MAX_BODY_BASE64_CHARS)
    region = get_str(data, "region", errors, default=DEFAULT_REGION, max_length=64).strip()
    service = get_str(data, "service", errors, max_length=64).strip()
    access_key_id = get_str(
        data,
        "access_key_id",
        errors,
        default=EXAMPLE_ACCESS_KEY_ID,
        max_length=MAX_ACCESS_KEY_CHARS,
    ).strip()
    secret = get_str(
        data,
        "secret_access_key",
        errors,
        default=EXAMPLE_SECRET_ACCESS_KEY,
        max_length=MAX_SECRET_CHARS,
    ).strip()
    token_raw = data.get("session_token")
    session_token: str | None = None
    if token_raw is not None:
        token = get_str(data, "session_token", errors, max_length=MAX_SESSION_TOKEN_CHARS)
        session_token = token.strip() or None
    timestamp = get_str(data, "timestamp", errors, default="", max_length=64).strip()
    timestamp = timestamp or now_timestamp()
    mode = get_str(data, "mode", errors, default=MODE_HEADER, max_length=32).strip().lower()
    mode = mode or MODE_HEADER
    expires = _read_int(data, "expires", errors, default=DEFAULT_EXPIRES)
    unsigned_payload = get_bool(data, "unsigned_payload", errors, default=False)

    inp = SigV4Input(
        url=url,
        service=service,
        method=method.upper(),
        headers=headers,
        body=body,
        body_base64=body_base64.strip(),
        region=region,
        access_key_id=access_key_id,
        secret_access_key=secret,
        session_token=session_token,
        timestamp=timestamp,
        mode=mode,
        expires=expires,
        unsigned_payload=unsigned_payload,
    )
    already = {e.field for e in errors}
    errors.extend(e for e in validate_request(inp) if e.field not in already)
    if errors:
        raise InputError(errors)
    return inp


def _read_int(
    data: Mapping[str, object], name: str, errors: list[FieldError], *, default: int
) -> int:
    value = data.get(name, default)
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    if isinstance(value, bool):
        errors.append(FieldError(name, "Must be a whole number of seconds."))
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?[0-9]{1,12}\s*", value):
        return int(value)
    errors.append(FieldError(name, "Must be a whole number of seconds."))
    return default


def _read_headers(value: object, errors: list[FieldError]) -> tuple[tuple[str, str], ...]:
    """Headers as [[name, value], ...] (JSON) or 'Name: value' lines (textarea)."""
    if value is None:
        return ()
    if isinstance(value, str):
        if len(value) > MAX_HEADERS_TEXT_CHARS:
            errors.append(
                FieldError("headers", f"Must be at most {MAX_HEADERS_TEXT_CHARS:,} characters.")
            )
            return ()
        pairs, problem = _parse_header_text(value)
        if problem:
            errors.append(FieldError("headers", problem))
            return ()
        return pairs
    if isinstance(value, list | tuple):
        pairs_list: list[tuple[str, str]] = []
        for index, item in enumerate(value, start=1):
            if isinstance(item, Mapping) and set(item) >= {"name", "value"}:
                item = [item["name"], item["value"]]
            if (
                not isinstance(item, list | tuple)
                or len(item) != 2
                or not all(isinstance(part, str) for part in item)
            ):
                errors.append(
                    FieldError("headers", f"Header {index} must be a [name, value] pair of text.")
                )
                return ()
            pairs_list.append((item[0].strip(), item[1]))
        return tuple(pairs_list)
    errors.append(
        FieldError("headers", "Must be a list of [name, value] pairs or 'Name: value' lines.")
    )
    return ()


def _parse_header_text(text: str) -> tuple[tuple[tuple[str, str], ...], str | None]:
    pairs: list[list[str]] = []
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        if not line.strip():
            continue
        if line[0] in " \t":  # obsolete line folding: continues the previous value
            if not pairs:
                return (), f"Line {number} starts with a space but there is no header before it."
            pairs[-1][1] = f"{pairs[-1][1]} {line.strip()}"
            continue
        name, colon, rest = line.partition(":")
        if not colon:
            return (), f"Line {number} has no ':'; write one header per line as 'Name: value'."
        if name != name.rstrip():
            return (), f"Line {number}: no space is allowed between a header name and ':'."
        pairs.append([name, rest.strip(" \t")])
    return tuple((n, v) for n, v in pairs), None
