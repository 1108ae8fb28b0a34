"""Validating a request before signing, and splitting its URL."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from ..common import FieldError
from .constants import (
    MAX_ACCESS_KEY_CHARS,
    MAX_BODY_BYTES,
    MAX_EXPIRES,
    MAX_HEADER_VALUE_CHARS,
    MAX_HEADERS,
    MAX_SECRET_CHARS,
    MAX_SESSION_TOKEN_CHARS,
    MAX_URL_CHARS,
    METHODS,
    MIN_EXPIRES,
    MODES,
    TIMESTAMP_FORMAT,
    TOKEN_RE,
)
from .request import SigV4Input, decode_base64

_HEADER_VALUE_RE = re.compile(r"[\t\x20-\x7e]*")  # printable ASCII, space and tab
_REGION_RE = re.compile(r"[a-z]{2,4}(?:-[a-z]+)+-[0-9]{1,2}")
_SERVICE_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ACCESS_KEY_RE = re.compile(r"[A-Za-z0-9_]+")
_CREDENTIAL_CHARS_RE = re.compile(r"[\x21-\x7e]+")  # printable ASCII, no spaces
_TIMESTAMP_RE = re.compile(r"[0-9]{8}T[0-9]{6}Z")
_HOST_LABEL = r"[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?"
_HOST_RE = re.compile(rf"{_HOST_LABEL}(?:\.{_HOST_LABEL})*")


def validate_request(inp: SigV4Input) -> list[FieldError]:
    """One error per bad field (used by parse_input and again by sign_request)."""
    errors: list[FieldError] = []

    def bad(name: str, message: str) -> None:
        errors.append(FieldError(name, message))

    if inp.method not in METHODS:
        bad("method", "Must be one of " + ", ".join(METHODS) + ".")
    url_problem = _url_problem(inp.url)
    if url_problem:
        bad("url", url_problem)
    headers_problem = _headers_problem(inp.headers)
    if headers_problem:
        bad("headers", headers_problem)
    if not _utf8_ok(inp.body):
        bad("body", "Contains characters that cannot be encoded as UTF-8.")
    elif len(inp.body.encode("utf-8")) > MAX_BODY_BYTES:
        bad("body", f"Must be at most {MAX_BODY_BYTES:,} bytes (64 KiB) as UTF-8.")
    if inp.body_base64:
        decoded = decode_base64(inp.body_base64)
        if inp.body:
            bad("body_base64", "Give the body either as text or as base64, not both.")
        elif decoded is None:
            bad("body_base64", "Is not valid base64 (letters, digits, + and /, = padding).")
        elif len(decoded) > MAX_BODY_BYTES:
            bad("body_base64", f"Must decode to at most {MAX_BODY_BYTES:,} bytes (64 KiB).")
    if not _REGION_RE.fullmatch(inp.region):
        bad("region", "Must be a Region code such as us-east-1, eu-central-2 or us-gov-west-1.")
    if not inp.service:
        bad("service", "This field is required.")
    elif len(inp.service) > 64 or not _SERVICE_RE.fullmatch(inp.service):
        bad(
            "service",
            "Must be the service's signing name in lower case, e.g. s3, execute-api or sts.",
        )
    if not inp.access_key_id:
        bad("access_key_id", "This field is required.")
    elif len(inp.access_key_id) > MAX_ACCESS_KEY_CHARS or not _ACCESS_KEY_RE.fullmatch(
        inp.access_key_id
    ):
        bad("access_key_id", "Must be ASCII letters and digits only, e.g. AKIAIOSFODNN7EXAMPLE.")
    # Never echo the secret (or anything derived from it) in a message.
    if not inp.secret_access_key:
        bad("secret_access_key", "This field is required.")
    elif len(inp.secret_access_key) > MAX_SECRET_CHARS or not _CREDENTIAL_CHARS_RE.fullmatch(
        inp.secret_access_key
    ):
        bad(
            "secret_access_key",
            f"Must be 1 to {MAX_SECRET_CHARS} printable ASCII characters without spaces.",
        )
    if inp.session_token is not None and (
        len(inp.session_token) > MAX_SESSION_TOKEN_CHARS
        or not _CREDENTIAL_CHARS_RE.fullmatch(inp.session_token)
    ):
        bad(
            "session_token",
            f"Must be up to {MAX_SESSION_TOKEN_CHARS:,} printable ASCII characters without "
            "spaces (leave it empty for long-term keys).",
        )
    if not _timestamp_ok(inp.timestamp):
        bad("timestamp", "Must be a real UTC time written YYYYMMDDTHHMMSSZ, e.g. 20150830T123600Z.")
    if inp.mode not in MODES:
        bad("mode", "Must be 'header' (Authorization header) or 'presign' (presigned URL).")
    if isinstance(inp.expires, bool) or not isinstance(inp.expires, int):
        bad("expires", "Must be a whole number of seconds.")
    elif inp.expires < MIN_EXPIRES:
        bad("expires", "Must be at least 1 second.")
    elif inp.expires > MAX_EXPIRES:
        bad(
            "expires",
            f"Must be at most {MAX_EXPIRES:,} seconds (7 days): a SigV4 presigned URL cannot "
            f"be valid for longer. You asked for {inp.expires:,} seconds "
            f"(about {inp.expires / 86_400:.1f} days).",
        )
    return errors


def _utf8_ok(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _timestamp_ok(value: str) -> bool:
    if not isinstance(value, str) or not _TIMESTAMP_RE.fullmatch(value):
        return False
    try:
        datetime.strptime(value, TIMESTAMP_FORMAT)
    except ValueError:
        return False
    return True


def _headers_problem(headers: tuple[tuple[str, str], ...]) -> str | None:
    if len(headers) > MAX_HEADERS:
        return f"At most {MAX_HEADERS} headers, please."
    for name, value in headers:
        if not name:
            return "A header name is empty."
        if not TOKEN_RE.fullmatch(name):
            shown = name if len(name) <= 40 else name[:40] + "…"
            return (
                f"{shown!r} is not a valid header name: use letters, digits and "
                "!#$%&'*+-.^_`|~ only (no spaces, colons or non-ASCII letters)."
            )
        if len(value) > MAX_HEADER_VALUE_CHARS:
            return f"The value of {name} is longer than {MAX_HEADER_VALUE_CHARS:,} characters."
        if not _HEADER_VALUE_RE.fullmatch(value):
            return (
                f"The value of {name} must be printable ASCII on one line (no line breaks or "
                "non-ASCII characters; encode them, e.g. percent-encode, first)."
            )
    return None


@dataclass(frozen=True)
class SplitUrl:
    scheme: str
    host: str  # lower case; IPv6 in brackets
    port: int | None
    host_header: str
    path: str
    query: str | None
    fragment: str


def _url_problem(url: str) -> str | None:
    result = split_url(url)
    return result if isinstance(result, str) else None


def split_url(url: str) -> SplitUrl | str:
    """The URL's parts, or a plain-English reason it cannot be used."""
    if not isinstance(url, str) or not url:
        return "This field is required."
    if len(url) > MAX_URL_CHARS:
        return f"Must be at most {MAX_URL_CHARS:,} characters long."
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        return "Must not contain control characters such as tabs or line breaks."
    if not _utf8_ok(url):
        return "Contains characters that cannot be encoded as UTF-8."
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "Is not a valid URL (check the host and the port number)."
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return "Must start with https:// or http://."
    if not parts.netloc or not parts.hostname:
        return "Must include a host, e.g. https://examplebucket.s3.amazonaws.com/photo.jpg."
    if "@" in parts.netloc:
        return "Must not contain a user name or password before the host (user@host)."
    if port == 0:
        return "Has an invalid port number."
    host = parts.hostname
    if ":" in host:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return "Has an invalid IPv6 address."
        host = f"[{host}]"
    elif not _HOST_RE.fullmatch(host) or len(host) > 253:
        return (
            "The host must be ASCII letters, digits, hyphens and dots (write an "
            "internationalised domain name in its xn-- form)."
        )
    default_port = 443 if scheme == "https" else 80
    host_header = host if port in (None, default_port) else f"{host}:{port}"
    query = parts.query if "?" in url.split("#", 1)[0] else None
    return SplitUrl(scheme, host, port, host_header, parts.path, query or None, parts.fragment)
