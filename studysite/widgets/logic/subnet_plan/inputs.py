"""``parse_input``: the VPC block, the number of AZs and the tiers (from form text or
JSON), each problem in plain English, then whether the subnets fit in the block.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping

from ..common import FieldError, InputError, get_bool, get_str
from .constants import (
    DEFAULT_AZS,
    LARGEST_PREFIX,
    MAX_AZS,
    MAX_HOSTS,
    MAX_NAME_LENGTH,
    MAX_TIERS,
    MAX_TIERS_TEXT,
    MIN_AZS,
    NAME_RE,
    SMALLEST_PREFIX,
    SPECIAL_RANGES,
)
from .model import SubnetPlanInput, Tier


def _shown(text: str, limit: int = 40) -> str:
    """User text made safe to quote in a message: printable, and not too long."""
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _parse_vpc_cidr(
    data: Mapping[str, object], errors: list[FieldError]
) -> ipaddress.IPv4Network | None:
    field = "vpc_cidr"
    before = len(errors)
    text = get_str(data, field, errors, max_length=100).strip()
    if len(errors) > before:
        return None
    if not text:
        errors.append(FieldError(field, "Enter the VPC's IPv4 CIDR block, e.g. 10.0.0.0/16."))
        return None
    if "/" not in text and _is_address(text):
        errors.append(
            FieldError(
                field,
                f"Add the prefix length to {_shown(text)}: a VPC block is written like "
                "10.0.0.0/16 (the /16 says how many leading bits are fixed).",
            )
        )
        return None
    try:
        if "/" not in text:
            raise ValueError(text)
        loose = ipaddress.ip_network(text, strict=False)
    except ValueError:
        errors.append(
            FieldError(
                field,
                f"{_shown(text)} is not an IPv4 CIDR block: write four numbers from 0 to 255 "
                "and a prefix length, e.g. 10.0.0.0/16.",
            )
        )
        return None
    if not isinstance(loose, ipaddress.IPv4Network):
        errors.append(
            FieldError(
                field,
                "Enter the VPC's IPv4 block: every VPC has one, and IPv6 comes on top. Tick "
                "“IPv6” to add an Amazon-provided /56.",
            )
        )
        return None
    if ipaddress.ip_interface(text).ip != loose.network_address:
        # CreateVpc: "We modify the specified CIDR block to its canonical form".
        errors.append(
            FieldError(
                field,
                f"{_shown(text)} has host bits set: the block starts at {loose}. AWS would "
                f"quietly turn it into {loose}; write that instead.",
            )
        )
        return None
    if not LARGEST_PREFIX <= loose.prefixlen <= SMALLEST_PREFIX:
        size = "large" if loose.prefixlen < LARGEST_PREFIX else "small"
        errors.append(
            FieldError(
                field,
                f"A VPC block is between /{LARGEST_PREFIX} (65,536 addresses) and "
                f"/{SMALLEST_PREFIX} (16 addresses); /{loose.prefixlen} "
                f"({loose.num_addresses:,} addresses) is too {size}."
                + (
                    f" Use {next(loose.subnets(new_prefix=LARGEST_PREFIX))} and add secondary "
                    "blocks later if you need more."
                    if size == "large"
                    else ""
                ),
            )
        )
        return None
    for special, label in SPECIAL_RANGES:
        if loose.overlaps(special):
            errors.append(
                FieldError(
                    field,
                    f"{loose} is in the {label} range, which cannot number the hosts of a "
                    "network. Use a private RFC 1918 range such as 10.0.0.0/16.",
                )
            )
            return None
    return loose


def _parse_whole_number(value: object) -> int | None:
    """An int from JSON or from text ("1000", "1,000", "1_000"); None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("_", "")
        if text.isascii() and text.isdigit() and len(text) <= 12:
            return int(text)
    return None


def _parse_azs(data: Mapping[str, object], errors: list[FieldError]) -> int:
    value = data.get("azs", DEFAULT_AZS)
    number = _parse_whole_number(value)
    if number is None or not MIN_AZS <= number <= MAX_AZS:
        errors.append(
            FieldError(
                "azs",
                f"Choose {MIN_AZS} to {MAX_AZS} Availability Zones (a whole number; "
                "us-east-1, the largest Region, has six).",
            )
        )
        return DEFAULT_AZS
    return number


def _check_tier(
    where: str, name: object, public: object, hosts: object, problems: list[str]
) -> Tier | None:
    """One tier's values checked; problems get a message each (prefixed with ``where``)."""
    ok = True
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{where}: give the tier a name, e.g. web, app or data.")
        ok = False
    else:
        name = name.strip()
        if len(name) > MAX_NAME_LENGTH:
            problems.append(
                f"{where}: a tier name has at most {MAX_NAME_LENGTH} characters; "
                f"“{_shown(name)}” has {len(name)}."
            )
            ok = False
        elif not NAME_RE.fullmatch(name):
            problems.append(
                f"{where}: “{_shown(name)}” is not a usable tier name: use letters, digits, "
                "hyphens, underscores and periods, starting with a letter or digit."
            )
            ok = False
    if not isinstance(public, bool):
        problems.append(f"{where}: say whether the tier is public or private.")
        ok = False
    number = _parse_whole_number(hosts)
    if number is None:
        if isinstance(hosts, str | int | float) and not isinstance(hosts, bool):
            problems.append(
                f"{where}: “{_shown(str(hosts))}” is not a number of hosts; write a whole "
                "number such as 250."
            )
        else:
            problems.append(f"{where}: give the number of hosts as a whole number such as 250.")
        ok = False
    elif number < 1:
        problems.append(f"{where}: a tier needs at least 1 host.")
        ok = False
    elif number > MAX_HOSTS:
        problems.append(
            f"{where}: {number:,} hosts do not fit in one subnet. The largest subnet is a "
            f"/{LARGEST_PREFIX}: 65,536 addresses, {MAX_HOSTS:,} usable after the 5 AWS keeps. "
            "Split the tier into several, or spread it over more AZs."
        )
        ok = False
    if not (ok and isinstance(name, str) and isinstance(public, bool) and number is not None):
        return None
    return Tier(name=name, public=public, hosts=number)


def _tiers_from_text(text: str, problems: list[str]) -> list[Tier]:
    lines = [
        (number, line.strip())
        for number, chunk in enumerate(text.splitlines(), start=1)
        for line in chunk.split(";")
        if line.strip() and not line.strip().startswith("#")
    ]
    if len(lines) > MAX_TIERS:
        problems.append(
            f"At most {MAX_TIERS} tiers (you gave {len(lines)}): a real design has a handful, "
            "such as public, app and data."
        )
        return []
    tiers: list[Tier] = []
    for number, line in lines:
        where = f"Line {number} (“{_shown(line)}”)"
        words = line.split()
        if words and words[-1].lower() in {"host", "hosts"} and len(words) == 4:
            words = words[:-1]
        if len(words) != 3:
            problems.append(
                f"{where}: write a name, public or private, and the number of hosts, "
                "e.g. “app private 1000”."
            )
            continue
        name, kind, hosts = words
        kind = kind.lower()
        if kind not in {"public", "private"}:
            problems.append(f"{where}: “{_shown(kind)}” should be public or private.")
            continue
        tier = _check_tier(where, name, kind == "public", hosts, problems)
        if tier:
            tiers.append(tier)
    return tiers


def _tiers_from_json(items: list[object], problems: list[str]) -> list[Tier]:
    if len(items) > MAX_TIERS:
        problems.append(f"At most {MAX_TIERS} tiers (you gave {len(items)}).")
        return []
    tiers: list[Tier] = []
    for number, item in enumerate(items, start=1):
        where = f"Tier {number}"
        if not isinstance(item, Mapping):
            problems.append(
                f'{where}: must be an object such as {{"name": "web", "public": true, '
                '"hosts": 250}.'
            )
            continue
        public = item.get("public", False)
        tier = _check_tier(where, item.get("name"), public, item.get("hosts"), problems)
        if tier:
            tiers.append(tier)
    return tiers


def _parse_tiers(data: Mapping[str, object], errors: list[FieldError]) -> tuple[Tier, ...]:
    field = "tiers"
    value = data.get(field)
    problems: list[str] = []
    if value is None:
        errors.append(FieldError(field, "Add at least one tier, e.g. “web public 250”."))
        return ()
    if isinstance(value, str):
        if len(value) > MAX_TIERS_TEXT:
            errors.append(
                FieldError(field, f"The tiers are at most {MAX_TIERS_TEXT:,} characters long.")
            )
            return ()
        tiers = _tiers_from_text(value, problems)
    elif isinstance(value, list):
        tiers = _tiers_from_json(value, problems)
    else:
        errors.append(
            FieldError(
                field,
                "Give the tiers as a list of objects with name, public and hosts (or as text, "
                "one “name public|private hosts” a line).",
            )
        )
        return ()
    seen: set[str] = set()
    for tier in tiers:
        if tier.name.lower() in seen:
            problems.append(f"Two tiers are named “{tier.name}”: give each tier its own name.")
        seen.add(tier.name.lower())
    if not tiers and not problems:
        problems.append("Add at least one tier, e.g. “web public 250”.")
    # One message per problem (the first few): each names its line or tier.
    errors.extend(FieldError(field, problem) for problem in problems[:5])
    return tuple(tiers)


def _fit_problem(vpc: ipaddress.IPv4Network, azs: int, tiers: tuple[Tier, ...]) -> str | None:
    """Why the subnets cannot fit in the VPC block, or None when they fit.

    Blocks that are powers of two, placed largest first from the start of a block that is
    itself a power of two, always land aligned and leave no gaps, so they fit exactly when
    their total is at most the VPC's size.
    """
    needed = sum(tier.size for tier in tiers) * azs
    if needed <= vpc.num_addresses:
        return None
    prefixes = {tier.prefix for tier in tiers}
    if len(prefixes) == 1:
        prefix = prefixes.pop()
        detail = (
            f"a /{prefix} per tier per AZ: {len(tiers)} tier{'s' if len(tiers) != 1 else ''} "
            f"× {azs} AZ{'s' if azs != 1 else ''} × {2 ** (32 - prefix):,} = {needed:,} addresses"
        )
    else:
        parts = ", ".join(f"{azs} × /{tier.prefix} for {tier.name}" for tier in tiers)
        detail = f"{parts}: {needed:,} addresses in all"
    bits = (needed - 1).bit_length()
    if 32 - bits >= LARGEST_PREFIX:
        advice = f"A /{32 - bits} VPC would hold it; or plan fewer hosts, tiers or AZs."
    else:
        advice = (
            f"That is more than even a /{LARGEST_PREFIX} holds: plan fewer hosts, tiers or "
            "AZs, or add secondary CIDR blocks to the VPC."
        )
    return (
        f"It does not fit: this plan needs {detail}, more than the "
        f"{vpc.num_addresses:,} of the /{vpc.prefixlen} VPC. {advice}"
    )


def parse_input(data: Mapping[str, object]) -> SubnetPlanInput:
    """Check every field, then whether the subnets fit; raise InputError listing problems."""
    errors: list[FieldError] = []
    vpc = _parse_vpc_cidr(data, errors)
    azs = _parse_azs(data, errors)
    ipv6 = get_bool(data, "ipv6", errors, default=False)
    tiers = _parse_tiers(data, errors)
    if not errors and vpc is not None:
        problem = _fit_problem(vpc, azs, tiers)
        if problem:
            errors.append(FieldError("vpc_cidr", problem))
    if errors or vpc is None:
        raise InputError(errors)
    return SubnetPlanInput(vpc_cidr=vpc, azs=azs, tiers=tiers, ipv6=ipv6)
