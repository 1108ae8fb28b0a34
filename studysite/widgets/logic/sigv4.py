"""Signature Version 4 signed-request builder (pure Python, no Django, no botocore).

Given a request (method, URL, headers, body) and credentials, ``sign_request`` shows every
step of AWS Signature Version 4: the canonical request, the string to sign, the signing-key
chain, the signature, and either the ``Authorization`` header or a presigned URL, plus
notes on what canonicalisation changed, the headers actually sent and an equivalent
``curl`` command. ``compare_canonical`` diffs our canonical request (or string to sign)
against the one AWS prints in a ``SignatureDoesNotMatch`` error.

The secret access key is used only as an HMAC key. It is never part of any output, error
message or ``repr``. The signing-key chain *is* shown (the brief asks for it, and it is the
point of the lesson): those derived keys can sign requests for their day / Region / service,
so ``sign_request`` adds a warning whenever the secret is not one of AWS's published example
keys.

Behaviour, in short
-------------------
* Generic services: the path has ``.``/``..`` segments removed and repeated slashes
  collapsed, then every byte other than ``A-Z a-z 0-9 - _ . ~`` and ``/`` is
  percent-encoded. The path is taken *as sent*, so an escape already in the URL (``%20``)
  is encoded again (``%2520``) – the "double encoding" of the SigV4 test suite and botocore.
  The path is sent exactly as typed; a raw space or non-ASCII character there gets a warning,
  because HTTP clients percent-encode it (curl refuses a space) and the service would then
  encode that escape again.
* S3 signing names (``s3`` and, as in botocore's ``S3_SIGNING_NAMES``, ``s3-object-lambda``,
  ``s3-outposts``, ``s3express``): no normalisation and single encoding. Raw characters in
  the path are percent-encoded once for sending (escapes already there are kept, hex
  upper-cased), and the canonical URI is exactly the path sent. Header-signed S3 requests
  carry ``x-amz-content-sha256`` (the payload hash or ``UNSIGNED-PAYLOAD``); presigned S3
  URLs always sign ``UNSIGNED-PAYLOAD``.
* Query: each ``name=value`` pair is percent-decoded and re-encoded with the same rule
  (``+`` is a literal plus, written ``%2B``; write a space as ``%20``), then the pairs are
  sorted by encoded name and then value. The re-encoded form is also what is sent, so the
  server sees exactly the bytes that were signed. Leftover ``X-Amz-*`` authentication
  parameters from an earlier signature are removed.
* Headers: names lower-cased, values trimmed with inner runs of whitespace collapsed, a
  repeated header's values joined with commas in the order sent, lines sorted by name.
  ``Host`` and ``X-Amz-Date`` are always signed; headers that proxies and clients rewrite
  (``User-Agent``, ``Expect`` ...) are sent but not signed, the convention botocore uses.
* Session token: ``X-Amz-Security-Token`` header (header mode) or query parameter
  (presigned URL), signed in both cases.

Sources (AWS documentation, read for this module; the wording here is our own)
------------------------------------------------------------------------------
- The generic algorithm (canonical request, UriEncode rules, trimming header values,
  path normalisation and double encoding for services other than S3, credential scope,
  signing-key derivation, session token as ``X-Amz-Security-Token``):
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
- S3 header signing – payload hash in the canonical request *and* in the
  ``x-amz-content-sha256`` header, or the literal ``UNSIGNED-PAYLOAD`` in both; the S3 path
  is not normalised and is URI-encoded once:
  https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html and
  https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-auth-using-authorization-header.html
- S3 presigned URLs – the ``X-Amz-*`` query parameters, ``X-Amz-Credential`` with ``/``
  sent as ``%2F``, the payload of a presigned URL is ``UNSIGNED-PAYLOAD``, and
  ``X-Amz-Expires`` is a number of seconds from 1 up to 604800 (seven days):
  https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
  The AWS CLI states the same ceiling ("Maximum is 604800 seconds"):
  https://docs.aws.amazon.com/cli/latest/reference/s3/presign.html
- Presigned URLs in general (any HTTP method, valid until they expire):
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-presigned-url.html
- The SigV4 test suite's note that S3 paths are not normalised (``normalize-path.txt``) and
  its ``post-sts-token/readme.txt`` on signing the session token.
"""

from __future__ import annotations

import base64
import binascii
import difflib
import hashlib
import hmac
import html
import ipaddress
import re
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, unquote, unquote_to_bytes, urlsplit

from .common import FieldError, InputError, get_bool, get_str

# --------------------------------------------------------------------------- constants

ALGORITHM = "AWS4-HMAC-SHA256"
TIMESTAMP_FORMAT = "%Y%m%dT%H%M%SZ"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"

MODE_HEADER = "header"
MODE_PRESIGN = "presign"
MODES = (MODE_HEADER, MODE_PRESIGN)
METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")

# AWS's published example credentials (IAM and S3 documentation), the defaults.
EXAMPLE_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
EXAMPLE_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"  # noqa: S105 (public)
# Example secrets that are fine to show derived keys for (the second is the test suite's).
_EXAMPLE_SECRETS = frozenset(
    {EXAMPLE_SECRET_ACCESS_KEY, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}
)
DEFAULT_REGION = "us-east-1"
DEFAULT_EXPIRES = 3600
MIN_EXPIRES = 1
MAX_EXPIRES = 604_800  # seven days: the SigV4 presigned-URL ceiling (see module docstring)

MAX_URL_CHARS = 8_192
MAX_BODY_BYTES = 64 * 1024
MAX_BODY_BASE64_CHARS = 4 * (MAX_BODY_BYTES // 3 + 1) + 4096  # room for line breaks
MAX_HEADERS = 50
MAX_HEADER_VALUE_CHARS = 8_192
MAX_HEADERS_TEXT_CHARS = 64 * 1024
MAX_SECRET_CHARS = 128
MAX_ACCESS_KEY_CHARS = 128
MAX_SESSION_TOKEN_CHARS = 8_192
MAX_COMPARE_CHARS = 256 * 1024

# Signing names that use S3's rules (botocore: handlers.S3_SIGNING_NAMES).
S3_SIGNING_NAMES = ("s3", "s3-object-lambda", "s3-outposts", "s3express")

# Sent but never signed: proxies, load balancers and HTTP clients add or rewrite them.
# The same list as botocore's SIGNED_HEADERS_BLACKLIST, so the two sign alike.
UNSIGNED_HEADER_NAMES = (
    "baggage",
    "connection",
    "expect",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "traceparent",
    "tracestate",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "x-amzn-trace-id",
)

# Query parameters the signer writes itself for a presigned URL.
AUTH_QUERY_PARAMS = (
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Security-Token",
    "X-Amz-Signature",
)
_AUTH_QUERY_LOWER = frozenset(p.lower() for p in AUTH_QUERY_PARAMS)

_TOKEN_RE = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")  # RFC 7230 "token" (header names)
_HEADER_VALUE_RE = re.compile(r"[\t\x20-\x7e]*")  # printable ASCII, space and tab
_REGION_RE = re.compile(r"[a-z]{2,4}(?:-[a-z]+)+-[0-9]{1,2}")
_SERVICE_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ACCESS_KEY_RE = re.compile(r"[A-Za-z0-9_]+")
_CREDENTIAL_CHARS_RE = re.compile(r"[\x21-\x7e]+")  # printable ASCII, no spaces
_TIMESTAMP_RE = re.compile(r"[0-9]{8}T[0-9]{6}Z")
_HOST_LABEL = r"[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?"
_HOST_RE = re.compile(rf"{_HOST_LABEL}(?:\.{_HOST_LABEL})*")
_S3_PATH_PIECE_RE = re.compile(r"(%[0-9A-Fa-f]{2})|([^A-Za-z0-9\-._~/%]+|%)")
_UNSAFE_RAW_PATH_RE = re.compile(r"[^\x21-\x7e]|[\"<>\\^`{|}]|%(?![0-9A-Fa-f]{2})")
_HEX_BYTES_RE = re.compile(r"(?:[0-9a-fA-F]{2}\s+)+[0-9a-fA-F]{2}")
_UNRESERVED = "-_.~"


def _now_timestamp() -> str:
    return datetime.now(UTC).strftime(TIMESTAMP_FORMAT)


# ------------------------------------------------------------------------- data classes


@dataclass(frozen=True)
class SigV4Input:
    """A request to sign. Build it with :func:`parse_input` (or directly, in tests)."""

    url: str
    service: str
    method: str = "GET"
    headers: tuple[tuple[str, str], ...] = ()
    body: str = ""
    # A binary payload (an image, a gzip file) as base64; used instead of ``body``.
    body_base64: str = ""
    region: str = DEFAULT_REGION
    access_key_id: str = EXAMPLE_ACCESS_KEY_ID
    secret_access_key: str = field(default=EXAMPLE_SECRET_ACCESS_KEY, repr=False)
    session_token: str | None = field(default=None, repr=False)
    timestamp: str = field(default_factory=_now_timestamp)
    mode: str = MODE_HEADER
    expires: int = DEFAULT_EXPIRES
    unsigned_payload: bool = False

    def payload(self) -> bytes:
        """The bytes sent as the body: base64-decoded, or the text body as UTF-8."""
        if self.body_base64:
            return _decode_base64(self.body_base64) or b""
        return self.body.encode("utf-8", "surrogatepass")


def _decode_base64(text: str) -> bytes | None:
    """Standard or URL-safe base64, whitespace and line breaks ignored; None if invalid."""
    compact = re.sub(r"\s+", "", text).replace("-", "+").replace("_", "/")
    compact += "=" * (-len(compact) % 4)
    try:
        return base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        return None


@dataclass(frozen=True)
class Note:
    """One thing canonicalisation changed or the learner should know."""

    part: str  # "method", "url", "path", "query", "headers", "payload", "credentials", ...
    message: str
    before: str | None = None
    after: str | None = None
    level: str = "info"  # "info" or "warning"

    def to_dict(self) -> dict[str, str | None]:
        return {
            "part": self.part,
            "level": self.level,
            "message": self.message,
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True)
class KeyStep:
    """One HMAC-SHA256 step of the signing-key chain (and the final signature)."""

    step: str
    key: str  # a description of the key, never the secret itself
    message: str
    hex: str

    def to_dict(self) -> dict[str, str]:
        return {"step": self.step, "key": self.key, "message": self.message, "hex": self.hex}


@dataclass(frozen=True)
class SigV4Result:
    """Everything ``sign_request`` worked out; ``to_dict`` is the JSON contract."""

    mode: str
    method: str
    service: str
    region: str
    s3_rules: bool
    timestamp: str
    url: str  # the request URL as sent, before any presign parameters
    canonical_uri: str
    canonical_query_string: str
    canonical_headers: str
    signed_headers: str
    payload_hash: str
    canonical_request: str
    canonical_request_hash: str
    credential_scope: str
    string_to_sign: str
    signing_key_chain: tuple[KeyStep, ...]
    signature: str
    authorization: str | None
    presigned_url: str | None
    expires: int | None
    expires_at: str | None
    headers_sent: tuple[tuple[str, str], ...]
    http_request: str
    curl: str
    notes: tuple[Note, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "mode": self.mode,
            "method": self.method,
            "service": self.service,
            "region": self.region,
            "s3_rules": self.s3_rules,
            "algorithm": ALGORITHM,
            "timestamp": self.timestamp,
            "date": self.timestamp[:8],
            "url": self.url,
            "canonical_uri": self.canonical_uri,
            "canonical_query_string": self.canonical_query_string,
            "canonical_headers": self.canonical_headers,
            "signed_headers": self.signed_headers,
            "payload_hash": self.payload_hash,
            "canonical_request": self.canonical_request,
            "canonical_request_hash": self.canonical_request_hash,
            "credential_scope": self.credential_scope,
            "string_to_sign": self.string_to_sign,
            "signing_key_chain": [s.to_dict() for s in self.signing_key_chain],
            "signature": self.signature,
            "authorization": self.authorization,
            "presigned_url": self.presigned_url,
            "expires": self.expires,
            "expires_at": self.expires_at,
            "headers_sent": [[n, v] for n, v in self.headers_sent],
            "http_request": self.http_request,
            "curl": self.curl,
            "normalisation_notes": [n.to_dict() for n in self.notes],
        }


# ------------------------------------------------------------------------ JSON schemas

_PAIR_SCHEMA = {
    "type": "array",
    "items": {"type": "string"},
    "minItems": 2,
    "maxItems": 2,
    "description": "[name, value]",
}
_NOTE_SCHEMA = {
    "type": "object",
    "required": ["part", "level", "message", "before", "after"],
    "properties": {
        "part": {"type": "string"},
        "level": {"type": "string", "enum": ["info", "warning"]},
        "message": {"type": "string"},
        "before": {"type": ["string", "null"]},
        "after": {"type": ["string", "null"]},
    },
}

INPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": ["url", "service"],
    "properties": {
        "method": {"type": "string", "enum": list(METHODS), "default": "GET"},
        "url": {
            "type": "string",
            "maxLength": MAX_URL_CHARS,
            "description": "http:// or https:// URL with a host, e.g. "
            "https://examplebucket.s3.amazonaws.com/photo.jpg?versionId=3",
        },
        "headers": {
            "description": "Extra request headers: a list of [name, value] pairs, or the "
            "text of a textarea with one 'Name: value' per line (a line starting with a "
            "space or tab continues the previous value).",
            "oneOf": [
                {"type": "array", "items": _PAIR_SCHEMA, "maxItems": MAX_HEADERS},
                {"type": "string", "maxLength": MAX_HEADERS_TEXT_CHARS},
            ],
            "default": [],
        },
        "body": {
            "type": "string",
            "default": "",
            "description": (
                f"Request body as text (any character, NUL included), hashed as UTF-8 "
                f"(at most {MAX_BODY_BYTES} bytes)."
            ),
        },
        "body_base64": {
            "type": "string",
            "default": "",
            "description": (
                "A binary request body as base64, instead of `body` "
                f"(at most {MAX_BODY_BYTES} bytes once decoded)."
            ),
        },
        "region": {"type": "string", "default": DEFAULT_REGION, "examples": ["eu-west-1"]},
        "service": {
            "type": "string",
            "description": "The signing name, e.g. s3, execute-api, sts, dynamodb.",
        },
        "access_key_id": {"type": "string", "default": EXAMPLE_ACCESS_KEY_ID},
        "secret_access_key": {
            "type": "string",
            "writeOnly": True,
            "default": EXAMPLE_SECRET_ACCESS_KEY,
            "description": "Never echoed back. Prefer AWS's example key: the response shows "
            "keys derived from it.",
        },
        "session_token": {"type": ["string", "null"], "default": None},
        "timestamp": {
            "type": "string",
            "pattern": "^[0-9]{8}T[0-9]{6}Z$",
            "description": "Signing time, UTC, YYYYMMDDTHHMMSSZ; default: now.",
        },
        "mode": {"type": "string", "enum": list(MODES), "default": MODE_HEADER},
        "expires": {
            "type": "integer",
            "minimum": MIN_EXPIRES,
            "maximum": MAX_EXPIRES,
            "default": DEFAULT_EXPIRES,
            "description": "Seconds a presigned URL stays valid (presign mode only).",
        },
        "unsigned_payload": {"type": "boolean", "default": False},
        "aws_says": {
            "type": "string",
            "maxLength": MAX_COMPARE_CHARS,
            "default": "",
            "description": "Debugging mode: the CanonicalRequest or StringToSign from AWS's "
            "SignatureDoesNotMatch error; the answer then compares ours line by line.",
        },
    },
}

OUTPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": [
        "mode",
        "method",
        "service",
        "region",
        "s3_rules",
        "algorithm",
        "timestamp",
        "date",
        "url",
        "canonical_uri",
        "canonical_query_string",
        "canonical_headers",
        "signed_headers",
        "payload_hash",
        "canonical_request",
        "canonical_request_hash",
        "credential_scope",
        "string_to_sign",
        "signing_key_chain",
        "signature",
        "authorization",
        "presigned_url",
        "expires",
        "expires_at",
        "headers_sent",
        "http_request",
        "curl",
        "normalisation_notes",
    ],
    "properties": {
        "mode": {"type": "string", "enum": list(MODES)},
        "method": {"type": "string"},
        "service": {"type": "string"},
        "region": {"type": "string"},
        "s3_rules": {"type": "boolean", "description": "S3's single-encoding rules applied."},
        "algorithm": {"type": "string", "const": ALGORITHM},
        "timestamp": {"type": "string"},
        "date": {"type": "string"},
        "url": {"type": "string", "description": "The request URL as sent (before presign)."},
        "canonical_uri": {"type": "string"},
        "canonical_query_string": {"type": "string"},
        "canonical_headers": {"type": "string"},
        "signed_headers": {"type": "string"},
        "payload_hash": {"type": "string"},
        "canonical_request": {"type": "string"},
        "canonical_request_hash": {"type": "string"},
        "credential_scope": {"type": "string"},
        "string_to_sign": {"type": "string"},
        "signing_key_chain": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["step", "key", "message", "hex"],
                "properties": {
                    "step": {
                        "type": "string",
                        "enum": ["kDate", "kRegion", "kService", "kSigning", "signature"],
                    },
                    "key": {"type": "string"},
                    "message": {"type": "string"},
                    "hex": {"type": "string"},
                },
            },
        },
        "signature": {"type": "string"},
        "authorization": {"type": ["string", "null"]},
        "presigned_url": {"type": ["string", "null"]},
        "expires": {"type": ["integer", "null"]},
        "expires_at": {"type": ["string", "null"]},
        "headers_sent": {"type": "array", "items": _PAIR_SCHEMA},
        "http_request": {"type": "string"},
        "curl": {"type": "string"},
        "normalisation_notes": {"type": "array", "items": _NOTE_SCHEMA},
        "comparison": {
            "type": "object",
            "description": "Only when aws_says was given.",
            "properties": {
                "compared_with": {"enum": ["canonical_request", "string_to_sign"]},
                "matches": {"type": "boolean"},
                "lines": {"type": "array"},
            },
        },
    },
}

COMPARE_INPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": ["ours", "theirs"],
    "properties": {
        "ours": {"type": "string", "maxLength": MAX_COMPARE_CHARS},
        "theirs": {
            "type": "string",
            "maxLength": MAX_COMPARE_CHARS,
            "description": "CanonicalRequest or StringToSign from AWS's SignatureDoesNotMatch "
            "error (XML entities and the ...Bytes hex form are accepted).",
        },
    },
}

COMPARE_OUTPUT_SCHEMA: dict[str, object] = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["line", "their_line", "label", "status", "ours", "theirs", "explanation"],
        "properties": {
            "line": {"type": ["integer", "null"]},
            "their_line": {"type": ["integer", "null"]},
            "label": {"type": "string"},
            "status": {"type": "string", "enum": ["same", "different", "only_ours", "only_theirs"]},
            "ours": {"type": ["string", "null"]},
            "theirs": {"type": ["string", "null"]},
            "explanation": {"type": ["string", "null"]},
        },
    },
}

# --------------------------------------------------------------------------- parsing


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
    timestamp = timestamp or _now_timestamp()
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
    errors.extend(e for e in _validate(inp) if e.field not in already)
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


# ------------------------------------------------------------------------- validation


def _validate(inp: SigV4Input) -> list[FieldError]:
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
        decoded = _decode_base64(inp.body_base64)
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
        if not _TOKEN_RE.fullmatch(name):
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
class _Url:
    scheme: str
    host: str  # lower case; IPv6 in brackets
    port: int | None
    host_header: str
    path: str
    query: str | None
    fragment: str


def _url_problem(url: str) -> str | None:
    result = _split_url(url)
    return result if isinstance(result, str) else None


def _split_url(url: str) -> _Url | str:
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
    return _Url(scheme, host, port, host_header, parts.path, query or None, parts.fragment)


# ------------------------------------------------------------------ canonicalisation parts


def uri_encode(data: str | bytes, *, keep_slash: bool = False) -> str:
    """AWS's UriEncode: every byte except A-Z a-z 0-9 - _ . ~ (and / if asked) as %XX."""
    return quote(data, safe="/~" if keep_slash else "~")


def remove_dot_segments(path: str) -> str:
    """Drop '.' and '..' segments and empty segments (repeated slashes), keeping the
    leading slash and a trailing one – the same rule as botocore's ``remove_dot_segments``."""
    if not path:
        return "/"
    output: list[str] = []
    for segment in path.split("/"):
        if not segment or segment == ".":
            continue
        if segment == "..":
            if output:
                output.pop()
        else:
            output.append(segment)
    first = "/" if path.startswith("/") else ""
    last = "/" if path.endswith("/") and output else ""
    return first + "/".join(output) + last


def _encode_s3_path(path: str) -> str:
    """Percent-encode raw characters once; keep valid %XX escapes (hex upper-cased)."""

    def piece(match: re.Match[str]) -> str:
        if match.group(1):
            return match.group(1).upper()
        return uri_encode(match.group(2))

    return _S3_PATH_PIECE_RE.sub(piece, path)


@dataclass(frozen=True)
class _QueryParam:
    raw: str
    name: str  # encoded
    value: str | None  # encoded; None when the pair had no '='

    @property
    def wire(self) -> str:
        return self.name if self.value is None else f"{self.name}={self.value}"

    @property
    def canonical(self) -> tuple[str, str]:
        return (self.name, self.value or "")


def _query_params(query: str | None, notes: list[Note]) -> list[_QueryParam]:
    params: list[_QueryParam] = []
    if not query:
        return params
    segments = query.split("&")
    if any(not s for s in segments):
        notes.append(Note("query", "Empty parameters ('&&' or a trailing '&') are dropped."))
    dropped: list[str] = []
    for segment in segments:
        if not segment:
            continue
        raw_name, eq, raw_value = segment.partition("=")
        name = uri_encode(unquote_to_bytes(raw_name))
        if unquote(raw_name, errors="replace").lower() in _AUTH_QUERY_LOWER:
            dropped.append(segment)
            continue
        value = uri_encode(unquote_to_bytes(raw_value)) if eq else None
        params.append(_QueryParam(segment, name, value))
    if dropped:
        notes.append(
            Note(
                "query",
                "Authentication parameters from an earlier signature are removed; the signer "
                "writes its own.",
                before="&".join(dropped),
                after=None,
            )
        )
    return params


def _canonical_header_value(value: str) -> str:
    return " ".join(value.split())


# ------------------------------------------------------------------------------ signing


def _hmac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()


def sign_request(inp: SigV4Input) -> SigV4Result:
    """Sign ``inp`` with SigV4 (Authorization header or presigned URL) and explain it."""
    errors = _validate(inp)
    if errors:
        raise InputError(errors)
    split = _split_url(inp.url)
    if isinstance(split, str):  # already reported by _validate; keeps type checkers happy
        raise InputError([FieldError("url", split)])
    notes: list[Note] = []
    s3 = inp.service in S3_SIGNING_NAMES
    presign = inp.mode == MODE_PRESIGN
    date = inp.timestamp[:8]
    scope = f"{date}/{inp.region}/{inp.service}/aws4_request"

    if split.fragment:
        notes.append(
            Note(
                "url",
                "The #fragment is never sent to the server, so it is dropped.",
                before="#" + split.fragment,
            )
        )

    # --- path
    path_sent, canonical_uri = _path(split.path, s3, notes)

    # --- query
    params = _query_params(split.query, notes)
    _query_notes(params, notes)
    query_sent = "&".join(p.wire for p in params)
    base_url = f"{split.scheme}://{split.host_header}{path_sent}"
    url_sent = f"{base_url}?{query_sent}" if query_sent else base_url

    # --- payload
    if s3 and presign:
        payload_hash = UNSIGNED_PAYLOAD
        notes.append(
            Note(
                "payload",
                "A presigned S3 URL signs the literal UNSIGNED-PAYLOAD: "
                "whoever uses the URL chooses the body.",
            )
        )
    elif inp.unsigned_payload:
        payload_hash = UNSIGNED_PAYLOAD
        notes.append(
            Note(
                "payload",
                "Unsigned payload: the literal UNSIGNED-PAYLOAD replaces "
                "the body's SHA-256 hash, so the body is not protected by the "
                "signature.",
            )
        )
    else:
        payload = inp.payload()
        payload_hash = hashlib.sha256(payload).hexdigest()
        if inp.body_base64 and payload:
            notes.append(
                Note(
                    "payload",
                    f"Binary body: the payload hash is the SHA-256 of the {len(payload):,} "
                    "decoded bytes, not of the base64 text.",
                    after=payload_hash,
                )
            )
        elif payload:
            notes.append(
                Note(
                    "payload",
                    "The payload hash is the lower-case hex SHA-256 of "
                    "the body's UTF-8 bytes, sent exactly as hashed.",
                    after=payload_hash,
                )
            )
        else:
            notes.append(
                Note(
                    "payload",
                    "Empty body: its SHA-256 is always e3b0c442…b855.",
                    after=payload_hash,
                )
            )

    # --- headers
    sent = _headers_to_send(inp, split, s3, presign, payload_hash, notes)
    signed = [(n.lower(), v) for n, v in sent if n.lower() not in UNSIGNED_HEADER_NAMES]
    skipped = sorted({n.lower() for n, _ in sent if n.lower() in UNSIGNED_HEADER_NAMES})
    if skipped:
        notes.append(
            Note(
                "headers",
                "Sent but not signed (proxies and HTTP clients may change "
                "them): " + ", ".join(skipped) + ".",
            )
        )
    grouped: dict[str, list[str]] = {}
    for name, value in signed:
        grouped.setdefault(name, []).append(_canonical_header_value(value))
    signed_names = sorted(grouped)
    canonical_headers = "".join(f"{n}:{','.join(grouped[n])}\n" for n in signed_names)
    signed_headers = ";".join(signed_names)
    _header_notes(inp.headers, grouped, notes)

    # --- query string (presign adds the authentication parameters, all but the signature)
    auth_params: list[tuple[str, str]] = []
    if presign:
        auth_params = [
            ("X-Amz-Algorithm", ALGORITHM),
            ("X-Amz-Credential", f"{inp.access_key_id}/{scope}"),
            ("X-Amz-Date", inp.timestamp),
            ("X-Amz-Expires", str(inp.expires)),
            ("X-Amz-SignedHeaders", signed_headers),
        ]
        if inp.session_token:
            auth_params.append(("X-Amz-Security-Token", inp.session_token))
        notes.append(
            Note(
                "presign",
                "The X-Amz-Algorithm, -Credential, -Date, -Expires, "
                "-SignedHeaders"
                + (" and -Security-Token" if inp.session_token else "")
                + " parameters are added to the query and signed; X-Amz-Signature "
                "is appended afterwards and is not part of what is signed.",
            )
        )
    encoded_auth = [(uri_encode(k), uri_encode(v)) for k, v in auth_params]
    canonical_pairs = sorted([p.canonical for p in params] + encoded_auth)
    canonical_query = "&".join(f"{k}={v}" for k, v in canonical_pairs)

    canonical_request = "\n".join(
        [
            inp.method,
            canonical_uri,
            canonical_query,
            canonical_headers,
            signed_headers,
            payload_hash,
        ]
    )
    canonical_request_hash = hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()
    string_to_sign = "\n".join([ALGORITHM, inp.timestamp, scope, canonical_request_hash])

    k_date = _hmac(f"AWS4{inp.secret_access_key}".encode(), date)
    k_region = _hmac(k_date, inp.region)
    k_service = _hmac(k_region, inp.service)
    k_signing = _hmac(k_service, "aws4_request")
    signature = hmac.new(k_signing, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    chain = (
        KeyStep("kDate", '"AWS4" + secret access key', date, k_date.hex()),
        KeyStep("kRegion", "kDate", inp.region, k_region.hex()),
        KeyStep("kService", "kRegion", inp.service, k_service.hex()),
        KeyStep("kSigning", "kService", "aws4_request", k_signing.hex()),
        KeyStep("signature", "kSigning", "the string to sign", signature),
    )

    authorization: str | None = None
    presigned_url: str | None = None
    expires: int | None = None
    expires_at: str | None = None
    if presign:
        auth_query = "&".join(f"{k}={v}" for k, v in encoded_auth)
        joined = f"{query_sent}&{auth_query}" if query_sent else auth_query
        presigned_url = f"{base_url}?{joined}&X-Amz-Signature={signature}"
        expires = inp.expires
        start = datetime.strptime(inp.timestamp, TIMESTAMP_FORMAT).replace(tzinfo=UTC)
        try:
            expires_at = (start + timedelta(seconds=inp.expires)).strftime(TIMESTAMP_FORMAT)
        except OverflowError:
            expires_at = None
        if expires_at:
            notes.append(
                Note(
                    "presign",
                    f"Valid from {inp.timestamp} until {expires_at} "
                    f"({inp.expires:,} seconds); SigV4 allows at most 7 days.",
                )
            )
    else:
        authorization = (
            f"{ALGORITHM} Credential={inp.access_key_id}/{scope}, "
            f"SignedHeaders={signed_headers}, Signature={signature}"
        )

    _credential_notes(inp, notes)
    headers_out = list(sent)
    if authorization:
        headers_out.append(("Authorization", authorization))
    target_url = presigned_url or url_sent
    target = target_url.split(split.host_header, 1)[1]
    http_request = _http_request_text(inp.method, target, headers_out, inp.payload())
    curl = _curl_command(inp.method, target_url, headers_out, inp.payload())

    return SigV4Result(
        mode=inp.mode,
        method=inp.method,
        service=inp.service,
        region=inp.region,
        s3_rules=s3,
        timestamp=inp.timestamp,
        url=url_sent,
        canonical_uri=canonical_uri,
        canonical_query_string=canonical_query,
        canonical_headers=canonical_headers,
        signed_headers=signed_headers,
        payload_hash=payload_hash,
        canonical_request=canonical_request,
        canonical_request_hash=canonical_request_hash,
        credential_scope=scope,
        string_to_sign=string_to_sign,
        signing_key_chain=chain,
        signature=signature,
        authorization=authorization,
        presigned_url=presigned_url,
        expires=expires,
        expires_at=expires_at,
        headers_sent=tuple(headers_out),
        http_request=http_request,
        curl=curl,
        notes=tuple(notes),
    )


def _path(raw: str, s3: bool, notes: list[Note]) -> tuple[str, str]:
    """(path as sent, canonical URI)."""
    path = raw or "/"
    if not raw:
        notes.append(Note("path", "An empty path is sent and signed as '/'."))
    if s3:
        sent = _encode_s3_path(path)
        if sent != path:
            notes.append(
                Note(
                    "path",
                    "S3: raw characters are percent-encoded once for sending "
                    "(escapes already in the URL are kept).",
                    before=path,
                    after=sent,
                )
            )
        notes.append(
            Note(
                "path",
                "S3: the path is neither normalised nor encoded a second "
                "time; the canonical URI is the path exactly as sent.",
                after=sent,
            )
        )
        if re.search(r"(^|/)\.{1,2}(/|$)|//", sent):
            notes.append(
                Note(
                    "path",
                    "Browsers and most HTTP libraries rewrite '.', '..' and "
                    "'//' in paths, which breaks this signature; the curl command "
                    "uses --path-as-is.",
                    level="warning",
                )
            )
        return sent, sent
    normalised = remove_dot_segments(path)
    canonical = uri_encode(normalised, keep_slash=True)
    if normalised != path:
        notes.append(
            Note(
                "path",
                "Dot segments are removed and repeated slashes collapsed "
                "(every service except S3).",
                before=path,
                after=normalised,
            )
        )
    if canonical != normalised:
        message = "Each path segment is URI-encoded (only A-Z a-z 0-9 - _ . ~ stay as they are)."
        if "%" in normalised:
            message += (
                " The path is taken as sent, so an escape already in it is encoded "
                "again (%20 becomes %2520): the double encoding non-S3 services expect."
            )
        notes.append(Note("path", message, before=normalised, after=canonical))
    if _UNSAFE_RAW_PATH_RE.search(path):
        notes.append(
            Note(
                "path",
                "The path holds characters that are not valid raw in an HTTP request line (a "
                'space, non-ASCII, or one of "<>\\^`{|}). The SigV4 test suite signs them as raw '
                "bytes, and so does this tool, but HTTP clients percent-encode them first (curl "
                "refuses a space) and the service then encodes that escape again, so the "
                "signature will not match. Percent-encode the path yourself to sign what is "
                "really sent.",
                before=path,
                after=_encode_s3_path(path),
                level="warning",
            )
        )
    return path, canonical


def _query_notes(params: list[_QueryParam], notes: list[Note]) -> None:
    changed = [(p.raw, p.wire) for p in params if p.raw != p.wire]
    if changed:
        notes.append(
            Note(
                "query",
                "Names and values are percent-decoded and re-encoded with UriEncode (only "
                "A-Z a-z 0-9 - _ . ~ stay as they are; hex digits upper case). The re-encoded form "
                "is also what is sent.",
                before="&".join(r for r, _ in changed),
                after="&".join(w for _, w in changed),
            )
        )
    if any("+" in p.raw for p in params):
        notes.append(
            Note(
                "query",
                "'+' is a literal plus sign in SigV4 (signed as %2B), not a "
                "space; write a space as %20.",
                level="warning",
            )
        )
    valueless = [p.name for p in params if p.value is None]
    if valueless:
        notes.append(
            Note(
                "query",
                "A parameter without '=' is signed with an empty value.",
                before="&".join(valueless),
                after="&".join(f"{n}=" for n in valueless),
            )
        )
    in_order = [p.canonical for p in params]
    if in_order != sorted(in_order):
        notes.append(
            Note(
                "query",
                "Parameters are sorted by encoded name, then by value "
                "(byte order, so upper case sorts before lower case).",
                before="&".join(p.wire for p in params),
                after="&".join(f"{n}={v}" for n, v in sorted(in_order)),
            )
        )


def _headers_to_send(
    inp: SigV4Input,
    split: _Url,
    s3: bool,
    presign: bool,
    payload_hash: str,
    notes: list[Note],
) -> list[tuple[str, str]]:
    sent: list[tuple[str, str]] = []
    for name, value in inp.headers:
        lname = name.lower()
        value = value.strip(" \t")
        if lname == "authorization":
            notes.append(
                Note(
                    "headers",
                    "The Authorization header you gave is dropped; the signer writes a new one."
                    if not presign
                    else "The Authorization header you gave is dropped: a presigned URL "
                    "carries the signature in its query string.",
                )
            )
            continue
        if lname == "x-amz-date":
            if value != inp.timestamp or presign:
                notes.append(
                    Note(
                        "headers",
                        "Your X-Amz-Date header is replaced by the "
                        "timestamp being signed"
                        + (" (a presigned URL carries it as a query parameter)" if presign else "")
                        + ".",
                        before=value,
                        after=inp.timestamp,
                    )
                )
            continue
        if lname == "x-amz-security-token" and inp.session_token:
            notes.append(
                Note(
                    "headers",
                    "Your X-Amz-Security-Token header is replaced by the session_token field.",
                )
            )
            continue
        if lname == "x-amz-content-sha256":
            notes.append(
                Note(
                    "headers",
                    "Your X-Amz-Content-SHA256 header is replaced by the "
                    "payload hash the signer uses."
                    if not presign
                    else "Your X-Amz-Content-SHA256 header is dropped for a presigned URL.",
                )
            )
            continue
        sent.append((name, value))
    names = {n.lower() for n, _ in sent}
    if "host" not in names:
        sent.insert(0, ("Host", split.host_header))
        notes.append(
            Note(
                "headers",
                "Host is always signed; it is taken from the URL (lower "
                "case, port only when it is not the scheme's default).",
                after=split.host_header,
            )
        )
    else:
        given = next(v for n, v in sent if n.lower() == "host")
        if given.lower() != split.host_header:
            notes.append(
                Note(
                    "headers",
                    "Your Host header differs from the URL's host; the "
                    "server checks the Host it receives.",
                    before=split.host_header,
                    after=given,
                    level="warning",
                )
            )
    if "date" in names:
        notes.append(
            Note(
                "headers",
                "A Date header is signed like any other, but X-Amz-Date "
                "takes precedence as the signing time.",
            )
        )
    if not presign:
        sent.append(("X-Amz-Date", inp.timestamp))
        if inp.session_token:
            sent.append(("X-Amz-Security-Token", inp.session_token))
        if s3 or inp.unsigned_payload:
            sent.append(("X-Amz-Content-SHA256", payload_hash))
        added = ["X-Amz-Date"]
        if inp.session_token:
            added.append("X-Amz-Security-Token (the session token)")
        if s3 or inp.unsigned_payload:
            added.append(
                "X-Amz-Content-SHA256 ("
                + ("S3 requires it" if s3 else "announces UNSIGNED-PAYLOAD")
                + ")"
            )
        notes.append(Note("headers", "Added and signed: " + ", ".join(added) + "."))
    return sent


def _header_notes(
    given: tuple[tuple[str, str], ...], grouped: dict[str, list[str]], notes: list[Note]
) -> None:
    renamed = [n for n, _ in given if n != n.lower()]
    message = "Header names are lower-cased and the lines sorted by name; SignedHeaders lists "
    message += "the same names joined with ';'."
    notes.append(
        Note(
            "headers",
            message,
            before=", ".join(renamed) if renamed else None,
            after=", ".join(n.lower() for n in renamed) if renamed else None,
        )
    )
    changed = [
        (f"{n.lower()}:{v}", f"{n.lower()}:{_canonical_header_value(v)}")
        for n, v in given
        if n.lower() in grouped and v != _canonical_header_value(v)
    ]
    if changed:
        notes.append(
            Note(
                "headers",
                "Values are trimmed and each run of spaces or tabs inside becomes one space.",
                before="\n".join(b for b, _ in changed),
                after="\n".join(a for _, a in changed),
            )
        )
    for name, values in grouped.items():
        if len(values) > 1:
            notes.append(
                Note(
                    "headers",
                    f"{name} appears {len(values)} times: its values are "
                    "joined with commas in the order sent (not sorted).",
                    after=f"{name}:{','.join(values)}",
                )
            )


def _credential_notes(inp: SigV4Input, notes: list[Note]) -> None:
    if inp.secret_access_key not in _EXAMPLE_SECRETS:
        notes.append(
            Note(
                "credentials",
                "This is not one of AWS's example secret keys. The "
                "signing-key chain shown here lets anyone sign requests as you "
                "(kDate for the whole day, kSigning for this Region and service): do "
                "not share it.",
                level="warning",
            )
        )
    if inp.access_key_id.startswith("ASIA") and not inp.session_token:
        notes.append(
            Note(
                "credentials",
                "Access key IDs starting ASIA are temporary; AWS "
                "rejects them without their session token.",
                level="warning",
            )
        )
    if inp.session_token and inp.access_key_id.startswith("AKIA"):
        notes.append(
            Note(
                "credentials",
                "Access key IDs starting AKIA are long-term keys; a "
                "session token normally comes with an ASIA key.",
            )
        )


def _printable_text(body: bytes) -> str | None:
    """The body as text when it is UTF-8 without control characters (tab, CR, LF aside)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any((ord(ch) < 32 and ch not in "\t\r\n") or ch == "\x7f" for ch in text):
        return None
    return text


def _http_request_text(
    method: str, target: str, headers: Iterable[tuple[str, str]], body: bytes
) -> str:
    lines = [f"{method} {target} HTTP/1.1", *(f"{n}: {v}" for n, v in headers)]
    text = "\n".join(lines) + "\n"
    if not body:
        return text
    shown = _printable_text(body)
    if shown is None:
        shown = f"[{len(body):,} bytes of binary data]"
    return text + "\n" + shown


def _curl_command(method: str, url: str, headers: Iterable[tuple[str, str]], body: bytes) -> str:
    headers = list(headers)
    args = ["curl", "--path-as-is", "--globoff"]
    if method == "HEAD" and not body:
        args.append("--head")
    elif not ((method == "GET" and not body) or (method == "POST" and body)):
        args += ["--request", method]
    for name, value in headers:
        args += ["--header", f"{name}: {value}" if value else f"{name};"]
    if body:
        if not any(n.lower() == "content-type" for n, _ in headers):
            args += ["--header", "Content-Type:"]  # stop curl adding a form content type
        args += ["--data-binary", "@-"]
    args.append(url)
    command = " ".join(shlex.quote(a) for a in args)
    if body:
        text = _printable_text(body)
        if text is None:
            # A shell argument cannot carry NUL or raw bytes: send base64 and decode it.
            encoded = base64.b64encode(body).decode("ascii")
            command = f"printf '%s' {encoded} | base64 --decode | {command}"
        else:
            command = f"printf '%s' {shlex.quote(text)} | {command}"
    return command


# ----------------------------------------------------------------- compare_canonical


def compare_canonical(ours: str, theirs: str) -> list[dict[str, object]]:
    """Diff our canonical request (or string to sign) against AWS's, line by line.

    ``theirs`` may be pasted straight from a ``SignatureDoesNotMatch`` error: Windows line
    endings, XML entities (``&amp;``) and the ``CanonicalRequestBytes`` hex form are undone
    first. Lines are aligned with :mod:`difflib`, so one missing header shifts nothing.
    Each item says which line, its role, whether it matches and how it differs.
    """
    ours_lines = _clean_pasted(ours[:MAX_COMPARE_CHARS], unescape=False)
    theirs_lines = _clean_pasted(theirs[:MAX_COMPARE_CHARS], unescape="&amp;" not in ours)
    ours_labels = _line_labels(ours_lines)
    theirs_labels = _line_labels(theirs_lines)
    rows: list[dict[str, object]] = []

    def row(i: int | None, j: int | None) -> None:
        a = ours_lines[i] if i is not None else None
        b = theirs_lines[j] if j is not None else None
        label = ours_labels[i] if i is not None else theirs_labels[j]  # type: ignore[index]
        if a is not None and b is not None:
            status = "same" if a == b else "different"
            explanation = None if a == b else _explain(label, a, b)
        elif a is not None:
            status, explanation = "only_ours", "This line is missing from AWS's version."
        else:
            status, explanation = "only_theirs", "AWS's version has this line and ours does not."
        rows.append(
            {
                "line": None if i is None else i + 1,
                "their_line": None if j is None else j + 1,
                "label": label,
                "status": status,
                "ours": a,
                "theirs": b,
                "explanation": explanation,
            }
        )

    matcher = difflib.SequenceMatcher(None, ours_lines, theirs_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                row(i1 + k, j1 + k)
        elif tag == "delete":
            for i in range(i1, i2):
                row(i, None)
        elif tag == "insert":
            for j in range(j1, j2):
                row(None, j)
        else:
            for i, j in _pair_lines(ours_lines, range(i1, i2), theirs_lines, range(j1, j2)):
                row(i, j)
    return rows


def _clean_pasted(text: str, *, unescape: bool) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    compact = text.strip()
    if _HEX_BYTES_RE.fullmatch(compact):
        text = bytes.fromhex(compact).decode("utf-8", errors="replace")
    if unescape and re.search(r"&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);", text):
        text = html.unescape(text)
    return text.strip("\n").split("\n")


def _line_labels(lines: list[str]) -> list[str]:
    if lines and lines[0] == ALGORITHM:
        names = [
            "algorithm",
            "request timestamp",
            "credential scope",
            "hash of the canonical request",
        ]
        return [names[i] if i < len(names) else "extra line" for i in range(len(lines))]
    labels: list[str] = []
    fixed = ["HTTP method", "canonical URI (path)", "canonical query string"]
    index = 0
    while index < len(lines) and index < 3:
        labels.append(fixed[index])
        index += 1
    while index < len(lines) and lines[index] != "":
        labels.append(f"canonical header {lines[index].partition(':')[0]}")
        index += 1
    tail = ["blank line ending the headers", "signed headers", "payload hash"]
    for k in range(len(lines) - index):
        labels.append(tail[k] if k < len(tail) else "extra line")
    return labels


def _pair_lines(
    ours: list[str], ours_range: range, theirs: list[str], theirs_range: range
) -> list[tuple[int | None, int | None]]:
    """Pair replaced lines: same header name first, then in order; leftovers stand alone."""
    left = list(ours_range)
    right = list(theirs_range)
    pairs: list[tuple[int | None, int | None]] = []

    def key(line: str) -> str | None:
        name, colon, _ = line.partition(":")
        return name.lower() if colon and _TOKEN_RE.fullmatch(name) else None

    for i in list(left):
        k = key(ours[i])
        if k is None:
            continue
        match = next((j for j in right if key(theirs[j]) == k), None)
        if match is not None:
            pairs.append((i, match))
            left.remove(i)
            right.remove(match)
    while left and right:
        pairs.append((left.pop(0), right.pop(0)))
    pairs.extend((i, None) for i in left)
    pairs.extend((None, j) for j in right)
    pairs.sort(key=lambda p: (p[0] if p[0] is not None else 10**9, p[1] or 0))
    return pairs


def _explain(label: str, a: str, b: str) -> str:
    if a.strip() == b.strip():
        return (
            "Only leading or trailing whitespace differs "
            f"(ours {a!r}, AWS's {b!r}); SigV4 trims header values."
        )
    if " ".join(a.split()) == " ".join(b.split()):
        return (
            "Only whitespace inside the line differs (runs of spaces or tabs); SigV4 "
            "collapses them to one space in header values."
        )
    if a.lower() == b.lower():
        return (
            "Only letter case differs. Method upper case, header names lower case, "
            "percent-encoding hex digits upper case (%2F, not %2f)."
        )
    if "%" in a + b and unquote(a) == unquote(b):
        return "Same text, different percent-encoding (for example %7E against ~)."
    if "%" in a and unquote(a) == b:
        return (
            "Ours is encoded one more time than AWS's: S3 encodes the path once, other "
            "services twice, so check the service name and how the path was sent."
        )
    if "%" in b and unquote(b) == a:
        return (
            "AWS's is encoded one more time than ours: S3 encodes the path once, other "
            "services twice, so check the service name and how the path was sent."
        )
    if label == "canonical query string" and sorted(a.split("&")) == sorted(b.split("&")):
        return "Same parameters in a different order: sort by encoded name, then by value."
    if label == "signed headers":
        mine, their = set(a.split(";")), set(b.split(";"))
        parts = []
        if their - mine:
            parts.append("AWS also signed: " + ", ".join(sorted(their - mine)))
        if mine - their:
            parts.append("AWS did not sign: " + ", ".join(sorted(mine - their)))
        if parts:
            return "; ".join(parts) + "."
    if label.startswith("canonical header"):
        name_a, _, value_a = a.partition(":")
        name_b, _, value_b = b.partition(":")
        if name_a == name_b:
            return f"Header {name_a} has a different value: ours {value_a!r}, AWS's {value_b!r}."
        return f"Different headers here: ours {name_a!r}, AWS's {name_b!r}."
    if label == "payload hash":
        return (
            "Different payload hash: the body sent is not the body hashed, or one side "
            "used UNSIGNED-PAYLOAD."
        )
    position = next(
        (k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    return (
        f"The lines differ from character {position + 1}: ours has "
        f"{a[position : position + 12]!r}, AWS's has {b[position : position + 12]!r}."
    )


# ------------------------------------------------------------------- the widget's entry


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
