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

Modules, by responsibility
--------------------------
- ``parsing``: ``parse_input``, the widget's fields read into a ``SigV4Input`` (``request``);
- ``validation``: what is checked before signing, and the URL split into its parts;
- ``canonical``: the canonical URI and query string (UriEncode, S3's single encoding);
- ``headers``: the headers sent, the ones signed, and how they are canonicalised;
- ``signing``: ``sign_request``, from the canonical request to the signature;
- ``wire``: the HTTP request text and the curl command;
- ``compare``: ``compare_canonical``, ours against AWS's ``SignatureDoesNotMatch`` text;
- ``widget``: the widget's entry (sign, then compare); ``results``: the result classes;
- ``constants``, ``schemas``: limits and names; the JSON schemas.
"""

from __future__ import annotations

from .canonical import remove_dot_segments, uri_encode
from .compare import compare_canonical
from .constants import (
    ALGORITHM,
    AUTH_QUERY_PARAMS,
    DEFAULT_EXPIRES,
    DEFAULT_REGION,
    EMPTY_SHA256,
    EXAMPLE_ACCESS_KEY_ID,
    EXAMPLE_SECRET_ACCESS_KEY,
    MAX_ACCESS_KEY_CHARS,
    MAX_BODY_BASE64_CHARS,
    MAX_BODY_BYTES,
    MAX_COMPARE_CHARS,
    MAX_EXPIRES,
    MAX_HEADER_VALUE_CHARS,
    MAX_HEADERS,
    MAX_HEADERS_TEXT_CHARS,
    MAX_SECRET_CHARS,
    MAX_SESSION_TOKEN_CHARS,
    MAX_URL_CHARS,
    METHODS,
    MIN_EXPIRES,
    MODE_HEADER,
    MODE_PRESIGN,
    MODES,
    S3_SIGNING_NAMES,
    TIMESTAMP_FORMAT,
    UNSIGNED_HEADER_NAMES,
    UNSIGNED_PAYLOAD,
)
from .parsing import parse_input
from .request import SigV4Input
from .results import KeyStep, Note, SigV4Result
from .schemas import COMPARE_INPUT_SCHEMA, COMPARE_OUTPUT_SCHEMA, INPUT_SCHEMA, OUTPUT_SCHEMA
from .signing import sign_request
from .widget import SigV4Answer, SigV4Request, parse_widget_input, sign_and_compare

__all__ = [
    "ALGORITHM",
    "AUTH_QUERY_PARAMS",
    "COMPARE_INPUT_SCHEMA",
    "COMPARE_OUTPUT_SCHEMA",
    "DEFAULT_EXPIRES",
    "DEFAULT_REGION",
    "EMPTY_SHA256",
    "EXAMPLE_ACCESS_KEY_ID",
    "EXAMPLE_SECRET_ACCESS_KEY",
    "INPUT_SCHEMA",
    "MAX_ACCESS_KEY_CHARS",
    "MAX_BODY_BASE64_CHARS",
    "MAX_BODY_BYTES",
    "MAX_COMPARE_CHARS",
    "MAX_EXPIRES",
    "MAX_HEADERS",
    "MAX_HEADERS_TEXT_CHARS",
    "MAX_HEADER_VALUE_CHARS",
    "MAX_SECRET_CHARS",
    "MAX_SESSION_TOKEN_CHARS",
    "MAX_URL_CHARS",
    "METHODS",
    "MIN_EXPIRES",
    "MODES",
    "MODE_HEADER",
    "MODE_PRESIGN",
    "OUTPUT_SCHEMA",
    "S3_SIGNING_NAMES",
    "TIMESTAMP_FORMAT",
    "UNSIGNED_HEADER_NAMES",
    "UNSIGNED_PAYLOAD",
    "KeyStep",
    "Note",
    "SigV4Answer",
    "SigV4Input",
    "SigV4Request",
    "SigV4Result",
    "compare_canonical",
    "parse_input",
    "parse_widget_input",
    "remove_dot_segments",
    "sign_and_compare",
    "sign_request",
    "uri_encode",
]
