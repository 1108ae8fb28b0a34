"""The S3 bucket-name validator and object-key checker (pure Python, no Django).

Two small tools for learners:

* ``validate_bucket_name`` checks a proposed bucket name against every naming rule for
  general purpose buckets or for directory buckets (S3 Express One Zone), explains each
  broken rule in plain English, lists consequences that are not errors (periods and
  HTTPS, Transfer Acceleration, legacy names, uniqueness) and suggests a corrected name.
* ``check_object_key`` measures an object key in UTF-8 bytes against the 1,024-byte
  limit, sorts each character into AWS's "safe", "might need special handling" and
  "avoid" groups, and shows the key URL-encoded as it appears in a URL path.

Sources (AWS documentation, read for this module; the wording below is our own):

- General purpose bucket naming rules (length, characters, first/last character,
  adjacent periods, IP-address shape, reserved prefixes ``xn--``, ``sthree-``,
  ``amzn-s3-demo-`` and suffixes ``-s3alias``, ``--ol-s3``, ``.mrap``, ``--x-s3``,
  ``--table-s3``; no periods with Transfer Acceleration; uniqueness per partition):
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
  (older versions of that page also name the prefix ``sthree-configurator``; it starts
  with ``sthree-`` so the shorter rule already covers it).
- Account regional namespaces (names shaped ``prefix-<12-digit account ID>-<Region>-an``
  are only for buckets created in the owner's account regional namespace; launched
  March 2026): https://docs.aws.amazon.com/AmazonS3/latest/userguide/gpbucketnamespaces.html
- Directory bucket naming rules (``base-name--zone-id--x-s3``, 3-63 characters including
  the suffix, lowercase letters, digits and hyphens only, same reserved prefixes):
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/directory-bucket-naming-rules.html
- Zone ID shapes: Availability Zone IDs such as ``usw2-az1`` / ``use1-az4``
  (https://docs.aws.amazon.com/AmazonS3/latest/userguide/endpoint-directory-buckets-AZ.html)
  and Local Zone IDs such as ``use1-atl2-az1``
  (https://docs.aws.amazon.com/local-zones/latest/ug/available-local-zones.html and
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-lzs-for-directory-buckets.html).
- Periods break virtual-hosted-style HTTPS certificate matching:
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
- Transfer Acceleration needs a name without periods:
  https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketAccelerateConfiguration.html
- Legacy us-east-1 names (before 1 March 2018: up to 255 characters, uppercase letters
  and underscores allowed) – from the earlier edition of the naming-rules page, kept in
  the archived GitHub repository awsdocs/amazon-s3-userguide, doc_source/bucketnamingrules.md
- Object key naming guidelines (UTF-8, 1,024 bytes, safe / special-handling / avoid
  character lists, keys ending in "." in the console, the key "soap", XML entities):
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html

"IP-address shape" follows the AWS SDKs' own test (botocore's ``IPV4_RE``): four groups
of one to three digits separated by periods, so ``999.1.1.1`` counts but ``192.168.5``
and ``1.2.3.4.5`` do not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote

from .common import FieldError, InputError, get_str

# --------------------------------------------------------------------------- constants

KIND_GENERAL = "general-purpose"
KIND_DIRECTORY = "directory"
KINDS = (KIND_GENERAL, KIND_DIRECTORY)

MIN_LENGTH = 3
MAX_LENGTH = 63
LEGACY_MAX_LENGTH = 255
MAX_INPUT_CHARS = 10_000
MAX_KEY_BYTES = 1024

RESERVED_PREFIXES: tuple[tuple[str, str], ...] = (
    ("xn--", "it marks internationalised (Punycode) domain names"),
    ("sthree-", "Amazon S3 keeps it for its own use"),
    ("amzn-s3-demo-", "AWS keeps it for example names in its documentation"),
)
GENERAL_RESERVED_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("-s3alias", "access point aliases use it"),
    ("--ol-s3", "Object Lambda Access Point aliases use it"),
    (".mrap", "Multi-Region Access Point names use it"),
    ("--x-s3", "directory buckets (S3 Express One Zone) use it"),
    ("--table-s3", "S3 Tables table buckets use it"),
)
# The directory-bucket page lists these three suffixes; a valid directory bucket name
# ends with --x-s3, so they can only fail together with the directory-suffix rule.
DIRECTORY_RESERVED_SUFFIXES: tuple[tuple[str, str], ...] = GENERAL_RESERVED_SUFFIXES[:3]

DIRECTORY_SUFFIX = "--x-s3"
EXAMPLE_ZONE_ID = "usw2-az1"

IPV4_SHAPE_RE = re.compile(r"^(?:[0-9]{1,3}\.){3}[0-9]{1,3}$")
GENERAL_CHAR_RE = re.compile(r"[a-z0-9.-]")
DIRECTORY_CHAR_RE = re.compile(r"[a-z0-9-]")
LEGACY_CHARS_RE = re.compile(r"^[A-Za-z0-9._-]+$")
# Availability Zone ID: short Region code + "-az" + number (usw2-az1, apne1-az4).
AZ_ID_RE = re.compile(r"^[a-z]{2,6}[0-9]{1,2}-az[0-9]{1,2}$")
# Local Zone ID: short Region code, location code, "-az" + number (use1-atl2-az1).
LOCAL_ZONE_ID_RE = re.compile(r"^[a-z]{2,6}[0-9]{1,2}-[a-z]{2,8}[0-9]{0,2}[a-z]?-az[0-9]{1,2}$")
ZONE_SUFFIX_RE = re.compile(
    r"--((?:[a-z]{2,6}[0-9]{1,2}-[a-z]{2,8}[0-9]{0,2}[a-z]?|[a-z]{2,6}[0-9]{1,2})-az[0-9]{1,2})"
    + re.escape(DIRECTORY_SUFFIX)
    + r"\Z"
)
# prefix-<12-digit account ID>-<Region code>-an, e.g. logs-111122223333-us-west-2-an
ACCOUNT_REGIONAL_SUFFIX = "-an"
ACCOUNT_REGIONAL_SUFFIX_RE = re.compile(r"-[0-9]{12}-[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}-an\Z")

MAX_HIGHLIGHTS = 200
MAX_CHARS_LISTED = 8
MAX_KEY_CHARACTERS = 256

# Object key character groups (object-keys.html, "Object key naming guidelines").
KEY_SAFE_SPECIALS = frozenset("/!-_.*'()")
KEY_SPECIAL_HANDLING = frozenset("&$@=;:+ ,?")
KEY_AVOID = frozenset('\\{^}%`]">[~<#|')

# ------------------------------------------------------------------------ JSON schemas

_RULE_ITEM_SCHEMA = {
    "type": "object",
    "required": ["rule", "message"],
    "properties": {
        "rule": {"type": "string", "description": "Short stable rule id, e.g. 'length'."},
        "message": {"type": "string", "description": "Plain-English explanation."},
    },
}

INPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {
            "type": "string",
            "maxLength": MAX_INPUT_CHARS,
            "description": "The proposed bucket name, exactly as typed (an empty or "
            "whitespace-only name is accepted and judged invalid).",
        },
        "kind": {
            "type": "string",
            "enum": list(KINDS),
            "default": KIND_GENERAL,
            "description": "Which naming rules to apply.",
        },
    },
}

OUTPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": ["name", "kind", "valid", "violations", "suggestion"],
    "properties": {
        "name": {"type": "string"},
        "kind": {"type": "string", "enum": list(KINDS)},
        "valid": {"type": "boolean", "description": "True when every check passes."},
        "violations": {
            "type": "array",
            "description": "The failed checks, in checklist order.",
            "items": _RULE_ITEM_SCHEMA,
        },
        "suggestion": {
            "type": ["string", "null"],
            "description": "A corrected name that passes every check, or null when the "
            "name is already valid or nothing sensible can be made from it.",
        },
        "checks": {
            "type": "array",
            "description": "Every rule for this kind, in a fixed order, for a live checklist.",
            "items": {
                "type": "object",
                "required": ["rule", "label", "passed"],
                "properties": {
                    "rule": {"type": "string"},
                    "label": {"type": "string"},
                    "passed": {"type": "boolean"},
                },
            },
        },
        "notes": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Consequences that are not errors (HTTPS, Transfer "
            "Acceleration, legacy names, uniqueness ...).",
        },
        "highlights": {
            "type": "array",
            "description": "Offending character ranges [start, end) counted in Unicode "
            "code points (use Array.from(name) in JavaScript, not UTF-16 indexes).",
            "items": {
                "type": "object",
                "required": ["start", "end", "rule"],
                "properties": {
                    "start": {"type": "integer", "minimum": 0},
                    "end": {"type": "integer", "minimum": 0},
                    "rule": {"type": "string"},
                },
            },
        },
        "length": {"type": "integer", "description": "Length in characters."},
        "directory_parts": {
            "type": ["object", "null"],
            "description": "For directory buckets: the parsed base name and zone ID.",
            "properties": {
                "base_name": {"type": ["string", "null"]},
                "zone_id": {"type": ["string", "null"]},
                "zone_type": {
                    "type": ["string", "null"],
                    "enum": ["availability-zone", "local-zone", None],
                },
            },
        },
    },
}

KEY_INPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": ["key"],
    "properties": {
        "key": {
            "type": "string",
            "maxLength": MAX_INPUT_CHARS,
            "description": "The object key, exactly as it would be sent.",
        }
    },
}

KEY_OUTPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": [
        "key",
        "valid",
        "byte_length",
        "char_length",
        "max_bytes",
        "within_limit",
        "problems",
        "characters",
        "counts",
        "highlights",
        "is_folder_marker",
        "url_encoded",
        "notes",
    ],
    "properties": {
        "key": {"type": "string"},
        "valid": {"type": "boolean"},
        "byte_length": {"type": "integer", "description": "UTF-8 bytes."},
        "char_length": {"type": "integer"},
        "max_bytes": {"type": "integer", "const": MAX_KEY_BYTES},
        "within_limit": {"type": "boolean"},
        "problems": {"type": "array", "items": _RULE_ITEM_SCHEMA},
        "characters": {
            "type": "array",
            "description": "Each distinct character in order of first appearance.",
            "items": {
                "type": "object",
                "properties": {
                    "char": {"type": "string"},
                    "codepoint": {"type": "string"},
                    "name": {"type": "string"},
                    "category": {"type": "string", "enum": ["safe", "special", "avoid"]},
                    "reason": {"type": "string"},
                    "count": {"type": "integer"},
                    "first_index": {"type": "integer"},
                    "utf8_bytes": {"type": "integer"},
                    "url_encoded": {"type": "string"},
                },
            },
        },
        "characters_truncated": {"type": "boolean"},
        "counts": {
            "type": "object",
            "properties": {
                "safe": {"type": "integer"},
                "special": {"type": "integer"},
                "avoid": {"type": "integer"},
            },
        },
        "highlights": {
            "type": "array",
            "description": "Runs of non-safe characters [start, end) in code points.",
            "items": {
                "type": "object",
                "properties": {
                    "start": {"type": "integer"},
                    "end": {"type": "integer"},
                    "category": {"type": "string", "enum": ["special", "avoid"]},
                },
            },
        },
        "is_folder_marker": {"type": "boolean"},
        "prefix": {"type": "string", "description": "Everything up to the last '/'."},
        "leaf": {"type": "string", "description": "Everything after the last '/'."},
        "url_encoded": {"type": "string", "description": "Percent-encoded, '/' kept."},
        "notes": {"type": "array", "items": {"type": "string"}},
    },
}

# ----------------------------------------------------------------------- data classes


@dataclass(frozen=True)
class BucketNameInput:
    name: str
    kind: str = KIND_GENERAL


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "message": self.message}


@dataclass(frozen=True)
class Check:
    rule: str
    label: str
    passed: bool

    def to_dict(self) -> dict[str, object]:
        return {"rule": self.rule, "label": self.label, "passed": self.passed}


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    rule: str

    def to_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "rule": self.rule}


@dataclass(frozen=True)
class DirectoryParts:
    base_name: str | None
    zone_id: str | None
    zone_type: str | None

    def to_dict(self) -> dict[str, object]:
        return {"base_name": self.base_name, "zone_id": self.zone_id, "zone_type": self.zone_type}


@dataclass(frozen=True)
class BucketNameResult:
    name: str
    kind: str
    valid: bool
    violations: tuple[Violation, ...]
    suggestion: str | None
    checks: tuple[Check, ...]
    notes: tuple[str, ...]
    highlights: tuple[Highlight, ...]
    directory_parts: DirectoryParts | None

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "kind": self.kind,
            "valid": self.valid,
            "violations": [v.to_dict() for v in self.violations],
            "suggestion": self.suggestion,
            "checks": [c.to_dict() for c in self.checks],
            "notes": list(self.notes),
            "highlights": [h.to_dict() for h in self.highlights],
            "length": len(self.name),
            "directory_parts": self.directory_parts.to_dict() if self.directory_parts else None,
        }


# ------------------------------------------------------------------------ input parsing


def parse_input(data: Mapping[str, object]) -> BucketNameInput:
    """Read ``name`` and ``kind``; raise InputError for input that cannot be judged.

    An empty or whitespace-only name is *not* an input error: it is judged (invalid).
    """
    errors: list[FieldError] = []
    name = get_str(data, "name", errors, max_length=MAX_INPUT_CHARS)
    kind = KIND_GENERAL
    if data.get("kind") is not None:  # missing or JSON null: the default kind
        kind = get_str(data, "kind", errors, max_length=100)
    kind = kind.strip().lower() or KIND_GENERAL
    if not any(e.field == "kind" for e in errors) and kind not in KINDS:
        errors.append(FieldError("kind", f"Choose {KIND_GENERAL!r} or {KIND_DIRECTORY!r}."))
    if errors:
        raise InputError(errors)
    return BucketNameInput(name=name, kind=kind)


# -------------------------------------------------------------------- char descriptions


def _codepoint(char: str) -> str:
    return f"U+{ord(char):04X}"


def _describe_char(char: str) -> str:
    """A learner-readable name for one character, e.g. 'underscore "_"'."""
    code = ord(char)
    if char == " ":
        return "space"
    if char == "\t":
        return "tab"
    if char in "\r\n":
        return "line break"
    if code < 32 or code == 127 or 0x80 <= code <= 0x9F:
        return f"control character {_codepoint(char)}"
    if "A" <= char <= "Z":
        return f'uppercase "{char}"'
    if char == "_":
        return 'underscore "_"'
    if 0xD800 <= code <= 0xDFFF:
        return f"broken character {_codepoint(char)} (half of a surrogate pair)"
    name = unicodedata.name(char, "")
    category = unicodedata.category(char)
    if category in {"Zs", "Zl", "Zp"}:
        return f"{name.lower() or 'space'} {_codepoint(char)}"
    if category in {"Cf", "Cn", "Co", "Cc"}:
        label = name.lower() if name else "invisible or unassigned character"
        return f"{label} {_codepoint(char)}"
    if code < 128:
        return f'"{char}"'
    return f'"{char}" ({name.lower() if name else _codepoint(char)})'


def _list_chars(chars: list[str]) -> str:
    shown = [_describe_char(c) for c in chars[:MAX_CHARS_LISTED]]
    text = ", ".join(shown)
    if len(chars) > MAX_CHARS_LISTED:
        text += f" and {len(chars) - MAX_CHARS_LISTED} more"
    return text


def _distinct(chars: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(chars))


def _runs(indexes: list[int], rule: str) -> list[Highlight]:
    """Merge sorted indexes into [start, end) ranges."""
    out: list[Highlight] = []
    for i in indexes:
        if out and out[-1].end == i:
            out[-1] = Highlight(out[-1].start, i + 1, rule)
        else:
            out.append(Highlight(i, i + 1, rule))
    return out


# ------------------------------------------------------------------------ rule checks


class _Collector:
    """Builds the checklist, violations and highlights in one fixed order."""

    def __init__(self) -> None:
        self.checks: list[Check] = []
        self.violations: list[Violation] = []
        self.highlights: list[Highlight] = []

    def add(
        self,
        rule: str,
        label: str,
        passed: bool,
        message: str = "",
        highlights: list[Highlight] | None = None,
    ) -> None:
        self.checks.append(Check(rule, label, passed))
        if not passed:
            self.violations.append(Violation(rule, message))
            if highlights and len(self.highlights) < MAX_HIGHLIGHTS:
                room = MAX_HIGHLIGHTS - len(self.highlights)
                self.highlights.extend(highlights[:room])


def _check_length(c: _Collector, name: str, *, directory: bool) -> None:
    n = len(name)
    scope = " counting the --zone-id--x-s3 suffix" if directory else ""
    label = f"Between {MIN_LENGTH} and {MAX_LENGTH} characters long{scope}"
    if n == 0:
        message = f"The name is empty. A bucket name needs {MIN_LENGTH} to {MAX_LENGTH} characters."
    elif n < MIN_LENGTH:
        message = (
            f"Too short: a bucket name needs at least {MIN_LENGTH} characters and this one has {n}."
        )
    else:
        message = (
            f"Too long: a bucket name can have at most {MAX_LENGTH} characters{scope} and "
            f"this one has {n:,}. Everything from character {MAX_LENGTH + 1} on is over."
        )
    highlights = [Highlight(MAX_LENGTH, n, "length")] if n > MAX_LENGTH else []
    c.add("length", label, MIN_LENGTH <= n <= MAX_LENGTH, message, highlights)


def _check_charset(c: _Collector, name: str, *, directory: bool) -> None:
    allowed = DIRECTORY_CHAR_RE if directory else GENERAL_CHAR_RE
    bad_indexes = [i for i, ch in enumerate(name) if not allowed.fullmatch(ch)]
    if directory:
        label = "Only lowercase letters, digits and hyphens (-), no periods"
        allowed_text = "lowercase letters a-z, digits 0-9 and hyphens (-)"
    else:
        label = "Only lowercase letters, digits, periods (.) and hyphens (-)"
        allowed_text = "lowercase letters a-z, digits 0-9, periods (.) and hyphens (-)"
    message = ""
    if bad_indexes:
        bad = _distinct(name[i] for i in bad_indexes)
        message = (
            f"The name contains characters a bucket name can't have: {_list_chars(bad)}. "
            f"Use only {allowed_text}."
        )
        if any("A" <= ch <= "Z" for ch in bad):
            message += " Bucket names are all lowercase."
        if directory and "." in bad:
            message += " Directory bucket names can't contain periods."
    c.add("charset", label, not bad_indexes, message, _runs(bad_indexes, "charset"))


def _check_start_end(c: _Collector, name: str) -> None:
    label = "Begins and ends with a lowercase letter or digit"

    def ok(ch: str) -> bool:
        return ch.isascii() and (ch.islower() or ch.isdigit())

    problems: list[str] = []
    highlights: list[Highlight] = []
    if not name:
        problems.append("there is no first or last character")
    else:
        if not ok(name[0]):
            problems.append(f"it begins with {_describe_char(name[0])}")
            highlights.append(Highlight(0, 1, "start-end"))
        if not ok(name[-1]):
            problems.append(f"it ends with {_describe_char(name[-1])}")
            if len(name) > 1:
                highlights.append(Highlight(len(name) - 1, len(name), "start-end"))
    message = ""
    if problems:
        message = (
            "A bucket name must begin and end with a lowercase letter or a digit, but "
            + " and ".join(problems)
            + "."
        )
    c.add("start-end", label, not problems, message, highlights)


def _check_adjacent_periods(c: _Collector, name: str) -> None:
    indexes = [i for i in range(len(name) - 1) if name[i] == "." and name[i + 1] == "."]
    highlights: list[Highlight] = []
    for i in indexes:
        if highlights and highlights[-1].end >= i + 1:
            highlights[-1] = Highlight(highlights[-1].start, i + 2, "adjacent-periods")
        else:
            highlights.append(Highlight(i, i + 2, "adjacent-periods"))
    message = (
        f"Two periods sit next to each other ({len(indexes)} time"
        f"{'s' if len(indexes) != 1 else ''}). Periods separate parts of the name and "
        'each part needs at least one character, so ".." is not allowed.'
    )
    c.add("adjacent-periods", "No two periods next to each other", not indexes, message, highlights)


def _check_ip(c: _Collector, name: str) -> None:
    is_ip = bool(IPV4_SHAPE_RE.fullmatch(name))
    message = (
        f'"{name}" is shaped like an IPv4 address (four groups of digits separated by '
        "periods). S3 refuses such names so they can't be mistaken for server addresses."
    )
    c.add(
        "ip-address",
        "Not shaped like an IP address (such as 192.168.5.4)",
        not is_ip,
        message,
        [Highlight(0, len(name), "ip-address")],
    )


def _check_prefixes(c: _Collector, name: str) -> None:
    for prefix, why in RESERVED_PREFIXES:
        hit = name.startswith(prefix)
        c.add(
            f"prefix-{prefix}",
            f"Doesn't start with {prefix}",
            not hit,
            f'The name starts with "{prefix}", which is reserved: {why}.',
            [Highlight(0, len(prefix), f"prefix-{prefix}")],
        )


def _check_suffixes(c: _Collector, name: str, suffixes: tuple[tuple[str, str], ...]) -> None:
    for suffix, why in suffixes:
        hit = name.endswith(suffix)
        c.add(
            f"suffix-{suffix}",
            f"Doesn't end with {suffix}",
            not hit,
            f'The name ends with "{suffix}", which is reserved: {why}.',
            [Highlight(len(name) - len(suffix), len(name), f"suffix-{suffix}")],
        )


def _check_account_regional(c: _Collector, name: str) -> None:
    """Any name ending in -an is reserved for account regional namespaces.

    "Bucket names can only end with the suffix -an when you create a bucket in your
    account regional namespace" (bucketnamingrules.html): in the default global
    namespace the suffix alone is refused, whatever comes before it.
    """
    match = ACCOUNT_REGIONAL_SUFFIX_RE.search(name)
    if match:
        message = (
            f'The name ends with "{match.group(0)}", the shape of an account regional '
            "namespace suffix (-<12-digit account ID>-<Region>-an). Such names are "
            "accepted only when the account with that ID creates the bucket in its own "
            "account regional namespace in that Region; in the shared global namespace S3 "
            "rejects them."
        )
        start = match.start()
    else:
        message = (
            'The name ends with "-an", a suffix reserved for buckets in an account regional '
            "namespace (prefix-<12-digit account ID>-<Region>-an). In the shared global "
            "namespace S3 rejects every name that ends with -an."
        )
        start = len(name) - len(ACCOUNT_REGIONAL_SUFFIX)
    hit = name.endswith(ACCOUNT_REGIONAL_SUFFIX)
    c.add(
        "account-regional-suffix",
        "Doesn't end with -an (reserved for account regional namespaces)",
        not hit,
        message,
        [Highlight(start, len(name), "account-regional-suffix")] if hit else [],
    )


def _zone_type(zone_id: str) -> str | None:
    if AZ_ID_RE.fullmatch(zone_id):
        return "availability-zone"
    if LOCAL_ZONE_ID_RE.fullmatch(zone_id):
        return "local-zone"
    return None


def _split_directory(name: str) -> DirectoryParts:
    """Split base-name--zone-id--x-s3; the zone ID never contains '--'."""
    if not name.endswith(DIRECTORY_SUFFIX):
        return DirectoryParts(base_name=name, zone_id=None, zone_type=None)
    rest = name[: -len(DIRECTORY_SUFFIX)]
    cut = rest.rfind("--")
    if cut < 0:
        base, zone = "", rest
    else:
        base, zone = rest[:cut], rest[cut + 2 :]
    return DirectoryParts(base_name=base, zone_id=zone, zone_type=_zone_type(zone))


def _check_directory_structure(c: _Collector, name: str, parts: DirectoryParts) -> None:
    has_suffix = name.endswith(DIRECTORY_SUFFIX) and "--" in name[: -len(DIRECTORY_SUFFIX)]
    c.add(
        "directory-suffix",
        "Ends with --<zone-id>--x-s3",
        has_suffix,
        "A directory bucket name must end with --<zone-id>--x-s3, where zone-id names the "
        f"Availability Zone or Local Zone, for example my-data--{EXAMPLE_ZONE_ID}--x-s3.",
    )
    if parts.zone_id is None or not has_suffix:
        zone_message = (
            "No zone ID found: it belongs between two double hyphens just before x-s3, "
            f"as in --{EXAMPLE_ZONE_ID}--x-s3."
        )
        zone_highlights: list[Highlight] = []
    else:
        start = len(name) - len(DIRECTORY_SUFFIX) - len(parts.zone_id)
        zone_message = (
            f'"{parts.zone_id}" doesn\'t look like a zone ID. Availability Zone IDs look '
            f"like {EXAMPLE_ZONE_ID} or use1-az4; Local Zone IDs look like use1-atl2-az1."
        )
        zone_highlights = [Highlight(start, start + len(parts.zone_id), "zone-id")]
    c.add(
        "zone-id",
        "Zone ID shaped like usw2-az1 (Availability Zone) or use1-atl2-az1 (Local Zone)",
        has_suffix and parts.zone_type is not None,
        zone_message,
        zone_highlights,
    )
    c.add(
        "base-name",
        "Has a base name before the zone suffix",
        bool(parts.base_name),
        "There is no base name: put your own name in front, as in "
        f"my-data--{parts.zone_id or EXAMPLE_ZONE_ID}--x-s3.",
        [],
    )


# -------------------------------------------------------------------------- the verdict


def _collect(name: str, kind: str) -> tuple[_Collector, DirectoryParts | None]:
    c = _Collector()
    if kind == KIND_DIRECTORY:
        parts = _split_directory(name)
        _check_length(c, name, directory=True)
        _check_charset(c, name, directory=True)
        _check_start_end(c, name)
        _check_directory_structure(c, name, parts)
        _check_prefixes(c, name)
        _check_suffixes(c, name, DIRECTORY_RESERVED_SUFFIXES)
        return c, parts
    _check_length(c, name, directory=False)
    _check_charset(c, name, directory=False)
    _check_start_end(c, name)
    _check_adjacent_periods(c, name)
    _check_ip(c, name)
    _check_prefixes(c, name)
    _check_suffixes(c, name, GENERAL_RESERVED_SUFFIXES)
    _check_account_regional(c, name)
    return c, None


def is_valid_bucket_name(name: str, kind: str = KIND_GENERAL) -> bool:
    """True when ``name`` passes every rule for ``kind``."""
    c, _ = _collect(name, kind)
    return not c.violations


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
    c, parts = _collect(name, kind)
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


# --------------------------------------------------------------------------- suggestions


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


# ------------------------------------------------------------------------- object keys


@dataclass(frozen=True)
class ObjectKeyInput:
    key: str


@dataclass(frozen=True)
class KeyCharacter:
    char: str
    codepoint: str
    name: str
    category: str
    reason: str
    count: int
    first_index: int
    utf8_bytes: int
    url_encoded: str

    def to_dict(self) -> dict[str, object]:
        return {
            "char": self.char,
            "codepoint": self.codepoint,
            "name": self.name,
            "category": self.category,
            "reason": self.reason,
            "count": self.count,
            "first_index": self.first_index,
            "utf8_bytes": self.utf8_bytes,
            "url_encoded": self.url_encoded,
        }


@dataclass(frozen=True)
class KeyHighlight:
    start: int
    end: int
    category: str

    def to_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "category": self.category}


@dataclass(frozen=True)
class ObjectKeyResult:
    key: str
    valid: bool
    byte_length: int
    char_length: int
    problems: tuple[Violation, ...]
    characters: tuple[KeyCharacter, ...]
    characters_truncated: bool
    counts: tuple[tuple[str, int], ...]
    highlights: tuple[KeyHighlight, ...]
    is_folder_marker: bool
    prefix: str
    leaf: str
    url_encoded: str
    notes: tuple[str, ...]

    @property
    def within_limit(self) -> bool:
        return self.byte_length <= MAX_KEY_BYTES

    def to_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "valid": self.valid,
            "byte_length": self.byte_length,
            "char_length": self.char_length,
            "max_bytes": MAX_KEY_BYTES,
            "within_limit": self.within_limit,
            "problems": [p.to_dict() for p in self.problems],
            "characters": [ch.to_dict() for ch in self.characters],
            "characters_truncated": self.characters_truncated,
            "counts": dict(self.counts),
            "highlights": [h.to_dict() for h in self.highlights],
            "is_folder_marker": self.is_folder_marker,
            "prefix": self.prefix,
            "leaf": self.leaf,
            "url_encoded": self.url_encoded,
            "notes": list(self.notes),
        }


def parse_key_input(data: Mapping[str, object]) -> ObjectKeyInput:
    """Read ``key``; an empty key is judged (invalid), not an input error."""
    errors: list[FieldError] = []
    key = get_str(data, "key", errors, max_length=MAX_INPUT_CHARS)
    if errors:
        raise InputError(errors)
    return ObjectKeyInput(key=key)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def classify_key_char(char: str) -> tuple[str, str]:
    """Return (category, reason) for one key character per AWS's guidelines."""
    code = ord(char)
    if char.isascii() and char.isalnum():
        return "safe", "Letters and digits are safe in keys."
    if char in KEY_SAFE_SPECIALS:
        return "safe", "AWS lists this punctuation as generally safe."
    if 0xD800 <= code <= 0xDFFF:
        return "avoid", "Half of a surrogate pair: not valid Unicode, so it has no UTF-8 form."
    if code < 32 or code == 127:
        return (
            "special",
            "A non-printing control character: it must be URL-encoded, browsers may not "
            "handle it, and in XML requests it needs an entity such as &#13; or &#10;.",
        )
    if char == " ":
        return (
            "special",
            "A space must be URL-encoded (%20), and runs of spaces can be lost by some tools.",
        )
    if char in KEY_SPECIAL_HANDLING:
        return "special", "AWS says this character may need URL encoding or extra handling."
    if char in KEY_AVOID:
        return "avoid", "AWS recommends avoiding this character: tools treat it inconsistently."
    if 128 <= code <= 255:
        return (
            "avoid",
            "AWS's guidelines list code points 128-255 among the characters to avoid.",
        )
    if unicodedata.category(char) in {"Cf", "Cc", "Zl", "Zp", "Zs"}:
        return (
            "special",
            "An invisible or formatting character: allowed, but easy to miss and it must "
            "be URL-encoded.",
        )
    size = len(_utf8(char))
    return (
        "special",
        f"Any UTF-8 character is allowed, but this one takes {size} bytes and must be "
        "URL-encoded in a URL.",
    )


def check_object_key(inp: ObjectKeyInput) -> ObjectKeyResult:
    """Measure and classify an object key; never raises for any text."""
    key = inp.key
    encoded = _utf8(key)
    byte_length = len(encoded)
    problems: list[Violation] = []
    if not key:
        problems.append(Violation("empty", "An object key needs at least one character."))
    if byte_length > MAX_KEY_BYTES:
        problems.append(
            Violation(
                "length",
                f"An object key is at most {MAX_KEY_BYTES:,} bytes of UTF-8 and this one is "
                f"{byte_length:,} bytes ({len(key):,} characters); everything past byte "
                f"{MAX_KEY_BYTES:,} is over.",
            )
        )
    surrogates = [c for c in key if 0xD800 <= ord(c) <= 0xDFFF]
    if surrogates:
        problems.append(
            Violation(
                "invalid-unicode",
                "The key contains broken characters (unpaired surrogates) that have no "
                "UTF-8 form, so S3 can't store it.",
            )
        )

    first_seen: dict[str, int] = {}
    char_counts: dict[str, int] = {}
    categories: dict[str, tuple[str, str]] = {}
    counts = {"safe": 0, "special": 0, "avoid": 0}
    highlights: list[KeyHighlight] = []
    for index, char in enumerate(key):
        if char not in categories:
            categories[char] = classify_key_char(char)
            first_seen[char] = index
            char_counts[char] = 0
        category = categories[char][0]
        char_counts[char] += 1
        counts[category] += 1
        if category == "safe":
            continue
        last = highlights[-1] if highlights else None
        if last and last.end == index and last.category == category:
            highlights[-1] = KeyHighlight(last.start, index + 1, category)
        elif len(highlights) < MAX_HIGHLIGHTS:
            highlights.append(KeyHighlight(index, index + 1, category))

    characters = tuple(
        KeyCharacter(
            char=char,
            codepoint=_codepoint(char),
            name=unicodedata.name(char, "") or _describe_char(char),
            category=category,
            reason=reason,
            count=char_counts[char],
            first_index=first_seen[char],
            utf8_bytes=len(_utf8(char)),
            url_encoded=quote(_utf8(char), safe="/"),
        )
        for char, (category, reason) in list(categories.items())[:MAX_KEY_CHARACTERS]
    )

    notes: list[str] = []
    is_folder = key.endswith("/")
    if is_folder:
        notes.append(
            "The key ends with a slash: a zero-byte object with such a key is how the S3 "
            "console shows a folder. S3 itself has no folders, only keys sharing a prefix."
        )
    if "/" in key:
        notes.append(
            "Slashes only group keys into prefixes (shown as folders); the whole key, "
            "prefixes and slashes included, counts towards the 1,024-byte limit."
        )
    if byte_length > len(key):
        notes.append(
            f"The key has {len(key):,} characters but {byte_length:,} bytes: characters "
            "outside ASCII take 2 to 4 bytes in UTF-8, and the limit counts bytes."
        )
    if key.endswith("."):
        notes.append(
            'The key ends with "." – the S3 console can\'t download such an object; use '
            "the AWS CLI, an SDK or the REST API."
        )
    if key == "soap":
        notes.append(
            'The key "soap" doesn\'t work with virtual-hosted-style requests; use a '
            "path-style URL for it."
        )
    if "\r" in key or "\n" in key:
        notes.append(
            "The key contains a line break: in XML requests (such as DeleteObjects) write "
            "a carriage return as &#13; and a line feed as &#10;, or XML parsing changes it."
        )
    cut = key.rfind("/")
    return ObjectKeyResult(
        key=key,
        valid=not problems,
        byte_length=byte_length,
        char_length=len(key),
        problems=tuple(problems),
        characters=characters,
        characters_truncated=len(categories) > MAX_KEY_CHARACTERS,
        counts=tuple(counts.items()),
        highlights=tuple(highlights),
        is_folder_marker=is_folder,
        prefix=key[: cut + 1],
        leaf=key[cut + 1 :],
        url_encoded=quote(encoded, safe="/"),
        notes=tuple(notes),
    )
