"""Canonicalisation of the path and the query string, with notes on each change."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, unquote_to_bytes

from .constants import AUTH_QUERY_PARAMS
from .results import Note

_AUTH_QUERY_LOWER = frozenset(p.lower() for p in AUTH_QUERY_PARAMS)


_S3_PATH_PIECE_RE = re.compile(r"(%[0-9A-Fa-f]{2})|([^A-Za-z0-9\-._~/%]+|%)")
_UNSAFE_RAW_PATH_RE = re.compile(r"[^\x21-\x7e]|[\"<>\\^`{|}]|%(?![0-9A-Fa-f]{2})")


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


def query_params(query: str | None, notes: list[Note]) -> list[_QueryParam]:
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


def canonical_header_value(value: str) -> str:
    return " ".join(value.split())


def canonical_path(raw: str, s3: bool, notes: list[Note]) -> tuple[str, str]:
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


def query_notes(params: list[_QueryParam], notes: list[Note]) -> None:
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
