"""JSON schemas of the signer's and the comparison's input and output."""

from __future__ import annotations

from .constants import (
    ALGORITHM,
    DEFAULT_EXPIRES,
    DEFAULT_REGION,
    EXAMPLE_ACCESS_KEY_ID,
    EXAMPLE_SECRET_ACCESS_KEY,
    MAX_BODY_BYTES,
    MAX_COMPARE_CHARS,
    MAX_EXPIRES,
    MAX_HEADERS,
    MAX_HEADERS_TEXT_CHARS,
    MAX_URL_CHARS,
    METHODS,
    MIN_EXPIRES,
    MODE_HEADER,
    MODES,
)

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
