"""The signer's constants and limits.

The algorithm, modes and methods, AWS's example credentials, input limits, S3's signing
names, the headers left out of signing and the query parameters of a presigned URL.
"""

from __future__ import annotations

import hashlib
import re

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
EXAMPLE_SECRETS = frozenset({EXAMPLE_SECRET_ACCESS_KEY, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"})
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


TOKEN_RE = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")  # RFC 7230 "token" (header names)
