"""The signer's result: every step, the notes, the signing-key chain."""

from __future__ import annotations

from dataclasses import dataclass

from .constants import ALGORITHM


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
