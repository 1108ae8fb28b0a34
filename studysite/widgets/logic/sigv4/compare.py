"""``compare_canonical``: ours against the canonical request AWS printed."""

from __future__ import annotations

import difflib
import html
import re
from urllib.parse import unquote

from .constants import ALGORITHM, MAX_COMPARE_CHARS, TOKEN_RE

_HEX_BYTES_RE = re.compile(r"(?:[0-9a-fA-F]{2}\s+)+[0-9a-fA-F]{2}")


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
        return name.lower() if colon and TOKEN_RE.fullmatch(name) else None

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
