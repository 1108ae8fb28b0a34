"""The headers actually sent and how they are canonicalised, with notes."""

from __future__ import annotations

from .canonical import canonical_header_value
from .request import SigV4Input
from .results import Note
from .validation import SplitUrl


def headers_to_send(
    inp: SigV4Input,
    split: SplitUrl,
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


def header_notes(
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
        (f"{n.lower()}:{v}", f"{n.lower()}:{canonical_header_value(v)}")
        for n, v in given
        if n.lower() in grouped and v != canonical_header_value(v)
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
