"""The request to sign (:class:`SigV4Input`) and its payload bytes."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .constants import (
    DEFAULT_EXPIRES,
    DEFAULT_REGION,
    EXAMPLE_ACCESS_KEY_ID,
    EXAMPLE_SECRET_ACCESS_KEY,
    MODE_HEADER,
    TIMESTAMP_FORMAT,
)


def now_timestamp() -> str:
    return datetime.now(UTC).strftime(TIMESTAMP_FORMAT)


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
    timestamp: str = field(default_factory=now_timestamp)
    mode: str = MODE_HEADER
    expires: int = DEFAULT_EXPIRES
    unsigned_payload: bool = False

    def payload(self) -> bytes:
        """The bytes sent as the body: base64-decoded, or the text body as UTF-8."""
        if self.body_base64:
            return decode_base64(self.body_base64) or b""
        return self.body.encode("utf-8", "surrogatepass")


def decode_base64(text: str) -> bytes | None:
    """Standard or URL-safe base64, whitespace and line breaks ignored; None if invalid."""
    compact = re.sub(r"\s+", "", text).replace("-", "+").replace("_", "/")
    compact += "=" * (-len(compact) % 4)
    try:
        return base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        return None
