"""Each naming rule checked in turn: its checklist label, its message to the learner
and the highlighted characters; ``is_valid_bucket_name`` runs them all.
"""

from __future__ import annotations

from .chars import describe_char, distinct_chars, list_chars
from .constants import (
    ACCOUNT_REGIONAL_SUFFIX,
    ACCOUNT_REGIONAL_SUFFIX_RE,
    AZ_ID_RE,
    DIRECTORY_CHAR_RE,
    DIRECTORY_RESERVED_SUFFIXES,
    DIRECTORY_SUFFIX,
    EXAMPLE_ZONE_ID,
    GENERAL_CHAR_RE,
    GENERAL_RESERVED_SUFFIXES,
    IPV4_SHAPE_RE,
    KIND_DIRECTORY,
    KIND_GENERAL,
    LOCAL_ZONE_ID_RE,
    MAX_HIGHLIGHTS,
    MAX_LENGTH,
    MIN_LENGTH,
    RESERVED_PREFIXES,
)
from .model import Check, DirectoryParts, Highlight, Violation


def _runs(indexes: list[int], rule: str) -> list[Highlight]:
    """Merge sorted indexes into [start, end) ranges."""
    out: list[Highlight] = []
    for i in indexes:
        if out and out[-1].end == i:
            out[-1] = Highlight(out[-1].start, i + 1, rule)
        else:
            out.append(Highlight(i, i + 1, rule))
    return out


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
        bad = distinct_chars(name[i] for i in bad_indexes)
        message = (
            f"The name contains characters a bucket name can't have: {list_chars(bad)}. "
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
            problems.append(f"it begins with {describe_char(name[0])}")
            highlights.append(Highlight(0, 1, "start-end"))
        if not ok(name[-1]):
            problems.append(f"it ends with {describe_char(name[-1])}")
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
        # Only a zone ID of the right shape is worth repeating in the example name.
        f"my-data--{parts.zone_id if parts.zone_type else EXAMPLE_ZONE_ID}--x-s3.",
        [],
    )


def collect_checks(name: str, kind: str) -> tuple[_Collector, DirectoryParts | None]:
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
    c, _ = collect_checks(name, kind)
    return not c.violations
