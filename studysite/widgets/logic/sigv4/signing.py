"""``sign_request``: the canonical request, string to sign, signing key and signature."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

from ..common import FieldError, InputError
from .canonical import canonical_header_value, canonical_path, query_notes, query_params, uri_encode
from .constants import (
    ALGORITHM,
    EXAMPLE_SECRETS,
    MODE_PRESIGN,
    S3_SIGNING_NAMES,
    TIMESTAMP_FORMAT,
    UNSIGNED_HEADER_NAMES,
    UNSIGNED_PAYLOAD,
)
from .headers import header_notes, headers_to_send
from .request import SigV4Input
from .results import KeyStep, Note, SigV4Result
from .validation import split_url, validate_request
from .wire import curl_command, http_request_text


def _hmac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()


def sign_request(inp: SigV4Input) -> SigV4Result:
    """Sign ``inp`` with SigV4 (Authorization header or presigned URL) and explain it."""
    errors = validate_request(inp)
    if errors:
        raise InputError(errors)
    split = split_url(inp.url)
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
    path_sent, canonical_uri = canonical_path(split.path, s3, notes)

    # --- query
    params = query_params(split.query, notes)
    query_notes(params, notes)
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
    sent = headers_to_send(inp, split, s3, presign, payload_hash, notes)
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
        grouped.setdefault(name, []).append(canonical_header_value(value))
    signed_names = sorted(grouped)
    canonical_headers = "".join(f"{n}:{','.join(grouped[n])}\n" for n in signed_names)
    signed_headers = ";".join(signed_names)
    header_notes(inp.headers, grouped, notes)

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
    http_request = http_request_text(inp.method, target, headers_out, inp.payload())
    curl = curl_command(inp.method, target_url, headers_out, inp.payload())

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


def _credential_notes(inp: SigV4Input, notes: list[Note]) -> None:
    if inp.secret_access_key not in EXAMPLE_SECRETS:
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
