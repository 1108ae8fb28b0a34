"""``validate_bucket_name``: the rules' verdict, the notes on consequences that are not
errors (HTTPS, Transfer Acceleration, legacy names, uniqueness) and
``suggest_bucket_name``, a corrected name that passes every rule.
"""

from __future__ import annotations

import re
import unicodedata

from .constants import (
    ACCOUNT_REGIONAL_SUFFIX,
    ACCOUNT_REGIONAL_SUFFIX_RE,
    DIRECTORY_SUFFIX,
    EXAMPLE_ZONE_ID,
    GENERAL_RESERVED_SUFFIXES,
    IPV4_SHAPE_RE,
    KIND_DIRECTORY,
    KIND_GENERAL,
    LEGACY_CHARS_RE,
    LEGACY_MAX_LENGTH,
    MAX_INPUT_CHARS,
    MAX_LENGTH,
    MIN_LENGTH,
    RESERVED_PREFIXES,
    ZONE_SUFFIX_RE,
)
from .model import BucketNameInput, BucketNameResult, DirectoryParts
from .rules import collect_checks, is_valid_bucket_name


def _general_notes(name: str) -> list[str]:
    notes: list[str] = []
    if "." in name:
        notes.append(
            "The name contains periods. Virtual-hosted-style HTTPS URLs "
            "(https://bucket.s3.region.amazonaws.com) are covered by a wildcard "
            "certificate that matches only one label, so a dotted name fails certificate "
            "checks; use path-style URLs or avoid periods. Periods are fine for buckets "
            "used only for static website hosting over HTTP."
        )
        notes.append("A bucket with periods in its name can't use S3 Transfer Acceleration.")
    legacy_hint = any("A" <= ch <= "Z" or ch == "_" for ch in name) or (
        MAX_LENGTH < len(name) <= LEGACY_MAX_LENGTH
    )
    if legacy_hint and LEGACY_CHARS_RE.fullmatch(name) and len(name) <= LEGACY_MAX_LENGTH:
        notes.append(
            "Legacy names: buckets created in US East (N. Virginia) before 1 March 2018 "
            "could have up to 255 characters, uppercase letters and underscores. Such old "
            "buckets may still exist, but no new bucket can be created with this name."
        )
    if ACCOUNT_REGIONAL_SUFFIX_RE.search(name):
        notes.append(
            "Account regional namespace: names ending in -<account ID>-<Region>-an belong "
            "to that account's own namespace, so no other account can take them."
        )
    notes.append(
        "Uniqueness can't be checked here: a general purpose bucket name in the global "
        "namespace must be unique across all AWS accounts in all Regions of a partition "
        "(aws, aws-cn, aws-us-gov, aws-eusc), and S3 answers BucketAlreadyExists if "
        "someone else has it. A deleted bucket's name can be taken by anyone."
    )
    return notes


def _directory_notes(parts: DirectoryParts) -> list[str]:
    notes: list[str] = []
    if parts.zone_type == "local-zone":
        notes.append(
            f"{parts.zone_id} has the shape of a Local Zone ID: your account must opt in "
            "to that Local Zone before creating a directory bucket there."
        )
    if parts.zone_type is not None:
        notes.append(
            "The zone ID is checked for shape only: whether that zone exists and offers "
            "S3 Express One Zone can't be checked offline."
        )
    notes.append(
        "Uniqueness can't be checked here: a directory bucket name must be unique within "
        "its Availability Zone or Local Zone."
    )
    return notes


def validate_bucket_name(inp: BucketNameInput) -> BucketNameResult:
    """Judge a bucket name; never raises for any text."""
    name, kind = inp.name, inp.kind
    c, parts = collect_checks(name, kind)
    notes = _directory_notes(parts) if parts is not None else _general_notes(name)
    valid = not c.violations
    suggestion: str | None = None
    if not valid:
        suggestion = suggest_bucket_name(name, kind)
        if (
            suggestion is not None
            and kind == KIND_DIRECTORY
            and ZONE_SUFFIX_RE.search(_fold(name)) is None
        ):
            notes.append(
                f"The suggestion uses the example zone ID {EXAMPLE_ZONE_ID}: replace it "
                "with the ID of the Availability Zone or Local Zone you want."
            )
    return BucketNameResult(
        name=name,
        kind=kind,
        valid=valid,
        violations=tuple(c.violations),
        suggestion=suggestion,
        checks=tuple(c.checks),
        notes=tuple(notes),
        highlights=tuple(c.highlights),
        directory_parts=parts,
    )


def _fold(text: str) -> str:
    """Lowercase and drop accents (é -> e); other characters are kept for later steps."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


_RUNS_OF_HYPHENS = re.compile(r"-{2,}")
_RUNS_OF_PERIODS = re.compile(r"\.{2,}")
_EDGE_JUNK = re.compile(r"^[^a-z0-9]+|[^a-z0-9]+$")


def _strip_reserved(text: str, suffixes: tuple[tuple[str, str], ...]) -> str:
    changed = True
    while changed and text:
        changed = False
        for prefix, _ in RESERVED_PREFIXES:
            if text.startswith(prefix):
                text, changed = text[len(prefix) :], True
        for suffix, _ in suffixes:
            if text.endswith(suffix):
                text, changed = text[: -len(suffix)], True
        match = ACCOUNT_REGIONAL_SUFFIX_RE.search(text)
        if match:
            text, changed = text[: match.start()], True
        elif text.endswith(ACCOUNT_REGIONAL_SUFFIX):
            text, changed = text[: -len(ACCOUNT_REGIONAL_SUFFIX)], True
        stripped = _EDGE_JUNK.sub("", text)
        if stripped != text:
            text, changed = stripped, True
    return text


def _clean(text: str, *, periods: bool, max_length: int) -> str:
    allowed = re.compile(r"[^a-z0-9.-]" if periods else r"[^a-z0-9-]")
    text = allowed.sub("-", text)
    for _ in range(20):
        before = text
        text = _strip_reserved(text, GENERAL_RESERVED_SUFFIXES)
        text = _RUNS_OF_HYPHENS.sub("-", text)
        text = _RUNS_OF_PERIODS.sub(".", text)
        if IPV4_SHAPE_RE.fullmatch(text):
            text = text.replace(".", "-")
        text = _EDGE_JUNK.sub("", text[:max_length])
        if text == before:
            break
    return text


def suggest_bucket_name(name: str, kind: str = KIND_GENERAL) -> str | None:
    """A corrected name that passes every check, or None if nothing sensible remains.

    Steps: drop accents and lowercase; replace other characters with hyphens; collapse
    runs of hyphens and periods; remove reserved prefixes and suffixes; trim non
    alphanumerics from the ends; break IP shapes; truncate; pad names under 3 characters
    with "-bucket". Directory names keep (or gain) a --zone-id--x-s3 suffix.
    """
    folded = _fold(name[:MAX_INPUT_CHARS])
    if kind == KIND_DIRECTORY:
        match = ZONE_SUFFIX_RE.search(folded)
        if match:
            zone, raw_base = match.group(1), folded[: match.start()]
        else:
            zone = EXAMPLE_ZONE_ID
            raw_base = (
                folded[: -len(DIRECTORY_SUFFIX)] if folded.endswith(DIRECTORY_SUFFIX) else folded
            )
        suffix = f"--{zone}{DIRECTORY_SUFFIX}"
        base = _clean(raw_base, periods=False, max_length=MAX_LENGTH - len(suffix))
        if not base:
            return None
        candidate = base + suffix
    else:
        candidate = _clean(folded, periods=True, max_length=MAX_LENGTH)
        if not candidate:
            return None
        if len(candidate) < MIN_LENGTH:
            candidate += "-bucket"
    return candidate if is_valid_bucket_name(candidate, kind) else None
