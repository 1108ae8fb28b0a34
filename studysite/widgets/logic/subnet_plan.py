"""The VPC subnet planner: tiers x Availability Zones carved out of one VPC CIDR block.

Input (JSON, or the strings an HTML form posts)::

    {"vpc_cidr": "10.0.0.0/16", "azs": 2, "ipv6": false,
     "tiers": [{"name": "web", "public": true, "hosts": 250}, ...]}

The form's ``tiers`` field is text, one tier a line (or ``;`` between tiers, for chapter
embeds)::

    web public 250
    app private 1,000
    data private 100

Every tier gets one subnet in each AZ, the smallest block that holds its hosts plus the
five addresses AWS keeps, allocated largest first so that every block is aligned, inside
the VPC block and overlapping no other. Then the route tables, the gateways they point
at, the space left over and notes on what the plan teaches.

Sources (AWS documentation):
- VPC and subnet IPv4 blocks are between /16 and /28; AWS keeps the first four and the
  last address of every subnet; subnets of one VPC may not overlap (CreateSubnet and
  CreateVpc API reference):
  https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSubnet.html
- What the five reserved addresses are for (network, VPC router, DNS, future use,
  broadcast), and that IPv6 subnets keep their first four and last addresses too:
  https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
- RFC 1918 ranges recommended, public ranges allowed but never advertised; "Some AWS
  services use the 172.17.0.0/16 CIDR range": don't use it for a VPC:
  https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
- An Amazon-provided IPv6 block is a /56 ("You cannot specify the range of IP addresses,
  or the size of the CIDR block"), and IPv6 subnets are /64s (CreateVpc, CreateSubnet).
- Routing: internet gateway, NAT gateway per AZ, egress-only internet gateway, the local
  route, gateway endpoints:
  https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html
  https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html
  https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html
  https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import islice

from .common import FieldError, InputError, get_bool, get_str

# CreateVpc / CreateSubnet: "between a /28 netmask (16 IP addresses) and a /16 netmask
# (65,536 IP addresses)", for the VPC block and for each subnet alike.
LARGEST_PREFIX = 16
SMALLEST_PREFIX = 28
# "AWS reserves both the first four and the last IPv4 address in each subnet's CIDR block."
RESERVED_PER_SUBNET = 5
RESERVED_ROLES = (
    "network address",
    "VPC router",
    "Amazon DNS (base + 2)",
    "reserved for future use",
    "broadcast (a VPC has none, so it is withheld)",
)
MAX_HOSTS = 2 ** (32 - LARGEST_PREFIX) - RESERVED_PER_SUBNET  # 65,531 in a /16
# us-east-1, the Region with the most AZs, has six.
MIN_AZS, MAX_AZS, DEFAULT_AZS = 1, 6, 2
MAX_TIERS = 10
MAX_NAME_LENGTH = 32
MAX_TIERS_TEXT = 2000
NAME_RE = re.compile(r"[^\W_][\w.-]*")

RFC1918 = tuple(
    ipaddress.IPv4Network(block) for block in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
)
# vpc-cidr-blocks.html: "Some AWS services use the 172.17.0.0/16 CIDR range. To avoid
# future conflicts, don't use this range when creating your VPC." (It is also Docker's
# default bridge network.)
AWS_SERVICES_RANGE = ipaddress.IPv4Network("172.17.0.0/16")
DEFAULT_VPC_RANGE = ipaddress.IPv4Network("172.31.0.0/16")
SHARED_ADDRESS_SPACE = ipaddress.IPv4Network("100.64.0.0/10")  # RFC 6598, carrier-grade NAT
# Ranges that cannot number hosts on a network at all.
SPECIAL_RANGES = (
    (ipaddress.IPv4Network("0.0.0.0/8"), "“this network” (0.0.0.0/8)"),
    (ipaddress.IPv4Network("127.0.0.0/8"), "loopback (127.0.0.0/8)"),
    (
        ipaddress.IPv4Network("169.254.0.0/16"),
        "link-local (169.254.0.0/16, where EC2 answers the instance metadata service)",
    ),
    (ipaddress.IPv4Network("224.0.0.0/4"), "multicast (224.0.0.0/4)"),
    (ipaddress.IPv4Network("240.0.0.0/4"), "reserved (240.0.0.0/4)"),
)
# The Amazon-provided /56 is chosen by AWS; the plan shows one from the IPv6
# documentation range (RFC 3849, 2001:db8::/32) in its place.
IPV6_PLACEHOLDER = ipaddress.IPv6Network("2001:db8:1234:1a00::/56")
IPV6_SUBNET_PREFIX = 64

INTERNET_GATEWAY = "internet gateway"
EGRESS_ONLY_GATEWAY = "egress-only internet gateway"


@dataclass(frozen=True)
class Tier:
    name: str
    public: bool
    hosts: int

    @property
    def prefix(self) -> int:
        """The smallest block (largest prefix) with room for the hosts and the 5 reserved."""
        bits = (self.hosts + RESERVED_PER_SUBNET - 1).bit_length()
        return min(SMALLEST_PREFIX, 32 - bits)

    @property
    def size(self) -> int:
        return 2 ** (32 - self.prefix)


@dataclass(frozen=True)
class SubnetPlanInput:
    vpc_cidr: ipaddress.IPv4Network
    azs: int
    tiers: tuple[Tier, ...]
    ipv6: bool


@dataclass(frozen=True)
class Subnet:
    tier: str
    az: str
    public: bool
    cidr: str
    prefix: int
    size: int
    usable: int
    hosts: int
    reserved: tuple[str, ...]
    first_usable: str
    last_usable: str
    route_table: str
    ipv6_cidr: str | None

    def to_dict(self) -> dict[str, object]:
        return {
            "tier": self.tier,
            "az": self.az,
            "public": self.public,
            "cidr": self.cidr,
            "prefix": self.prefix,
            "size": self.size,
            "usable": self.usable,
            "hosts": self.hosts,
            "reserved": list(self.reserved),
            "first_usable": self.first_usable,
            "last_usable": self.last_usable,
            "route_table": self.route_table,
            "ipv6_cidr": self.ipv6_cidr,
        }


@dataclass(frozen=True)
class Route:
    destination: str
    target: str

    def to_dict(self) -> dict[str, str]:
        return {"destination": self.destination, "target": self.target}


@dataclass(frozen=True)
class RouteTable:
    name: str
    main: bool
    subnets: tuple[str, ...]  # CIDR blocks of the associated subnets
    routes: tuple[Route, ...]
    note: str

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "main": self.main,
            "subnets": list(self.subnets),
            "routes": [route.to_dict() for route in self.routes],
            "note": self.note,
        }


@dataclass(frozen=True)
class Gateway:
    name: str
    kind: str  # internet-gateway, nat-gateway, egress-only-internet-gateway
    placement: str

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "kind": self.kind, "placement": self.placement}


@dataclass(frozen=True)
class TierSizing:
    name: str
    public: bool
    hosts: int
    prefix: int
    size: int
    usable: int
    explanation: str

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "public": self.public,
            "hosts": self.hosts,
            "prefix": self.prefix,
            "size": self.size,
            "usable": self.usable,
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class SubnetPlanResult:
    vpc_cidr: str
    vpc_size: int
    azs: int
    ipv6: bool
    ipv6_cidr: str | None
    tiers: tuple[TierSizing, ...]
    subnets: tuple[Subnet, ...]
    route_tables: tuple[RouteTable, ...]
    gateways: tuple[Gateway, ...]
    unused: tuple[str, ...]
    unused_addresses: int
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "vpc_cidr": self.vpc_cidr,
            "vpc_size": self.vpc_size,
            "azs": self.azs,
            "ipv6": self.ipv6,
            "ipv6_cidr": self.ipv6_cidr,
            "tiers": [tier.to_dict() for tier in self.tiers],
            "subnets": [subnet.to_dict() for subnet in self.subnets],
            "route_tables": [table.to_dict() for table in self.route_tables],
            "gateways": [gateway.to_dict() for gateway in self.gateways],
            "unused": list(self.unused),
            "unused_addresses": self.unused_addresses,
            "reserved_roles": list(RESERVED_ROLES),
            "notes": list(self.notes),
        }


# --- Input ------------------------------------------------------------------------------


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


# --- Plan ---------------------------------------------------------------------------------


def _az(index: int) -> str:
    return f"AZ {index + 1}"


def free_blocks(
    vpc: ipaddress.IPv4Network, used: list[ipaddress.IPv4Network]
) -> list[ipaddress.IPv4Network]:
    """The parts of ``vpc`` that no block in ``used`` covers, as the fewest CIDR blocks."""
    free: list[ipaddress.IPv4Network] = []
    cursor = int(vpc.network_address)
    end = int(vpc.broadcast_address)
    for block in sorted(used):
        start = int(block.network_address)
        if start > cursor:
            free.extend(
                ipaddress.summarize_address_range(
                    ipaddress.IPv4Address(cursor), ipaddress.IPv4Address(start - 1)
                )
            )
        cursor = max(cursor, int(block.broadcast_address) + 1)
    if cursor <= end:
        free.extend(
            ipaddress.summarize_address_range(
                ipaddress.IPv4Address(cursor), ipaddress.IPv4Address(end)
            )
        )
    return free


def _reserved(block: ipaddress.IPv4Network) -> tuple[str, ...]:
    base = block.network_address
    return (str(base), str(base + 1), str(base + 2), str(base + 3), str(block.broadcast_address))


def plan_subnets(inp: SubnetPlanInput) -> SubnetPlanResult:
    """Allocate every tier's subnet in every AZ and work out the routing around them."""
    vpc = inp.vpc_cidr
    has_public = any(tier.public for tier in inp.tiers)
    has_private = any(not tier.public for tier in inp.tiers)

    # Largest blocks first (ties in the order given): each block then starts on a multiple
    # of its own size, so it is a valid CIDR block, and none overlaps the one before.
    order = sorted(
        ((t, a) for t in range(len(inp.tiers)) for a in range(inp.azs)),
        key=lambda ta: (-inp.tiers[ta[0]].size, ta[0], ta[1]),
    )
    blocks: dict[tuple[int, int], ipaddress.IPv4Network] = {}
    cursor = int(vpc.network_address)
    for t, a in order:
        tier = inp.tiers[t]
        blocks[(t, a)] = ipaddress.IPv4Network((cursor, tier.prefix))
        cursor += tier.size

    ipv6_blocks = (
        list(islice(IPV6_PLACEHOLDER.subnets(new_prefix=IPV6_SUBNET_PREFIX), len(blocks)))
        if inp.ipv6
        else []
    )
    subnets: list[Subnet] = []
    for t, tier in enumerate(inp.tiers):
        for a in range(inp.azs):
            block = blocks[(t, a)]
            index = t * inp.azs + a
            subnets.append(
                Subnet(
                    tier=tier.name,
                    az=_az(a),
                    public=tier.public,
                    cidr=str(block),
                    prefix=block.prefixlen,
                    size=block.num_addresses,
                    usable=block.num_addresses - RESERVED_PER_SUBNET,
                    hosts=tier.hosts,
                    reserved=_reserved(block),
                    first_usable=str(block.network_address + 4),
                    last_usable=str(block.broadcast_address - 1),
                    route_table="public" if tier.public else f"private {_az(a)}",
                    ipv6_cidr=str(ipv6_blocks[index]) if inp.ipv6 else None,
                )
            )

    local = [Route(str(vpc), "local")]
    if inp.ipv6:
        local.append(Route(str(IPV6_PLACEHOLDER), "local"))
    tables: list[RouteTable] = []
    gateways: list[Gateway] = []
    if has_public:
        gateways.append(Gateway(INTERNET_GATEWAY, "internet-gateway", "attached to the VPC"))
        routes = [*local, Route("0.0.0.0/0", INTERNET_GATEWAY)]
        if inp.ipv6:
            routes.append(Route("::/0", INTERNET_GATEWAY))
        tables.append(
            RouteTable(
                name="public",
                main=False,
                subnets=tuple(s.cidr for s in subnets if s.public),
                routes=tuple(routes),
                note=(
                    "One table serves the public subnets of every AZ: a VPC has one internet "
                    "gateway, and it is redundant across AZs by itself."
                ),
            )
        )
    first_public = next((tier for tier in inp.tiers if tier.public), None)
    if has_private:
        for a in range(inp.azs):
            routes = list(local)
            if first_public is not None:
                nat = f"NAT gateway in {_az(a)}"
                routes.append(Route("0.0.0.0/0", nat))
                home = next(s for s in subnets if s.tier == first_public.name and s.az == _az(a))
                gateways.append(
                    Gateway(
                        nat, "nat-gateway", f"public subnet {home.tier} {home.az} ({home.cidr})"
                    )
                )
            if inp.ipv6:
                routes.append(Route("::/0", EGRESS_ONLY_GATEWAY))
            tables.append(
                RouteTable(
                    name=f"private {_az(a)}",
                    main=False,
                    subnets=tuple(s.cidr for s in subnets if not s.public and s.az == _az(a)),
                    routes=tuple(routes),
                    note=(
                        f"One table per AZ, so the private subnets of {_az(a)} use the NAT "
                        "gateway in their own AZ: losing another AZ does not cut them off, and "
                        "no traffic pays for crossing AZs."
                        if first_public is not None
                        else "No public tier, so no NAT gateway: these subnets reach only the "
                        "VPC (and AWS services through VPC endpoints)."
                    ),
                )
            )
        if inp.ipv6:
            gateways.append(
                Gateway(EGRESS_ONLY_GATEWAY, "egress-only-internet-gateway", "attached to the VPC")
            )
    tables.append(
        RouteTable(
            name="main",
            main=True,
            subnets=(),
            routes=tuple(local),
            note=(
                "Every VPC has a main route table, used by any subnet without an explicit "
                "association. Keep it private (local route only) and associate each subnet "
                "with one of the tables above."
            ),
        )
    )

    unused = free_blocks(vpc, list(blocks.values()))
    unused_addresses = sum(block.num_addresses for block in unused)
    sizing = tuple(
        TierSizing(
            name=tier.name,
            public=tier.public,
            hosts=tier.hosts,
            prefix=tier.prefix,
            size=tier.size,
            usable=tier.size - RESERVED_PER_SUBNET,
            explanation=(
                f"{tier.hosts:,} host{'s' if tier.hosts != 1 else ''} + 5 reserved = "
                f"{tier.hosts + RESERVED_PER_SUBNET:,} addresses: a /{tier.prefix} "
                f"({tier.size:,} addresses, {tier.size - RESERVED_PER_SUBNET:,} usable)"
                + (
                    f"; a /{tier.prefix + 1} would leave only "
                    f"{tier.size // 2 - RESERVED_PER_SUBNET:,}"
                    if tier.prefix < SMALLEST_PREFIX
                    else (
                        f"; /{SMALLEST_PREFIX} is the smallest subnet AWS allows"
                        if tier.hosts + RESERVED_PER_SUBNET < tier.size
                        else ""
                    )
                )
                + "."
            ),
        )
        for tier in inp.tiers
    )
    return SubnetPlanResult(
        vpc_cidr=str(vpc),
        vpc_size=vpc.num_addresses,
        azs=inp.azs,
        ipv6=inp.ipv6,
        ipv6_cidr=str(IPV6_PLACEHOLDER) if inp.ipv6 else None,
        tiers=sizing,
        subnets=tuple(subnets),
        route_tables=tuple(tables),
        gateways=tuple(gateways),
        unused=tuple(str(block) for block in unused),
        unused_addresses=unused_addresses,
        notes=tuple(_notes(inp, unused_addresses, has_public, has_private)),
    )


def _notes(
    inp: SubnetPlanInput, unused_addresses: int, has_public: bool, has_private: bool
) -> list[str]:
    vpc = inp.vpc_cidr
    notes: list[str] = []
    if any(vpc.subnet_of(block) for block in RFC1918):
        notes.append(f"{vpc} is in a private RFC 1918 range, as AWS recommends.")
    elif vpc.subnet_of(SHARED_ADDRESS_SPACE):
        notes.append(
            f"{vpc} is in 100.64.0.0/10, the shared address space of RFC 6598 (carrier-grade "
            "NAT): allowed, but not one of the RFC 1918 ranges AWS recommends."
        )
    else:
        notes.append(
            f"{vpc} is a publicly routable range, not RFC 1918. AWS allows it but never "
            "advertises it to the internet, and your VPC can no longer reach the real owners "
            "of those addresses. AWS recommends 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16."
        )
    if vpc.overlaps(AWS_SERVICES_RANGE):
        opening = "This is" if vpc == AWS_SERVICES_RANGE else f"{vpc} overlaps"
        notes.append(
            f"{opening} 172.17.0.0/16, which some AWS services use (as does Docker's default "
            "bridge network): AWS advises against it for a VPC, to avoid conflicts."
        )
    if vpc.overlaps(DEFAULT_VPC_RANGE):
        notes.append(
            f"{vpc} overlaps 172.31.0.0/16, the range of every default VPC: you could never "
            "peer this VPC with a default VPC, because peered ranges may not overlap."
        )
    notes.append(
        "Subnets are placed largest first from the start of the VPC block: each block then "
        "starts on a multiple of its own size, as a CIDR block must, and no addresses are "
        "wasted in gaps between them."
    )
    notes.append(
        f"The Amazon DNS server answers at the VPC's base address + 2 ({vpc.network_address + 2}); "
        "AWS keeps base + 2 reserved in every subnet as well."
    )
    if inp.azs == 1:
        notes.append(
            "One AZ means no high availability: if that AZ fails, so does everything in the "
            "VPC. Use at least two AZs for anything in production (and for an ALB, which "
            "needs subnets in two AZs)."
        )
    if unused_addresses == 0:
        notes.append(
            "The subnets fill the VPC exactly: nothing is left for another tier or AZ. A VPC "
            "block cannot be resized, so leave headroom, or add a secondary CIDR block later."
        )
    else:
        share = 100 * unused_addresses // vpc.num_addresses
        shown = f"{share} %" if share >= 1 else "under 1 %"
        notes.append(
            f"{unused_addresses:,} addresses ({shown} of the VPC) stay free for later "
            "tiers or another AZ; subnets cannot be resized either, only added."
        )
    if has_private and not has_public:
        notes.append(
            "There is no public tier, so there is nowhere to put a (zonal) NAT gateway: the "
            "private subnets have no route to the internet. That suits isolated workloads; "
            "otherwise add a public tier (or use a regional NAT gateway)."
        )
    if has_private:
        notes.append(
            "Optional: gateway endpoints for S3 and DynamoDB add a route to each private "
            "table (destination: the service's prefix list, target: the endpoint). They are "
            "free and keep that traffic off the NAT gateway, which charges per GB."
        )
    if inp.ipv6:
        notes.append(
            f"IPv6: AWS assigns the VPC an Amazon-provided /56 (you choose neither its range "
            f"nor its size); {IPV6_PLACEHOLDER} stands in for it here (2001:db8::/32 is the "
            "documentation range). Each subnet gets a /64 of it, 256 in all; AWS keeps the "
            "first four and the last address of each IPv6 subnet too. IPv6 addresses are "
            "public: private subnets send ::/0 to an egress-only internet gateway, which lets "
            "connections out but none in (NAT gateways are for IPv4)."
        )
    return notes


EXAMPLE_TIERS = "web public 250\napp private 1000\ndata private 100"
INITIAL: dict[str, str] = {
    "vpc_cidr": "10.0.0.0/16",
    "azs": "2",
    "ipv6": "false",
    "tiers": EXAMPLE_TIERS,
}
EXAMPLES: tuple[tuple[str, Mapping[str, str]], ...] = (
    (
        "A /24 VPC that barely fits",
        {
            "vpc_cidr": "192.168.10.0/24",
            "azs": "2",
            "ipv6": "false",
            "tiers": "web public 27\napp private 59\ndata private 27",
        },
    ),
    (
        "Three AZs, three tiers",
        {
            "vpc_cidr": "10.20.0.0/16",
            "azs": "3",
            "ipv6": "false",
            "tiers": "web public 100\napp private 4000\ndata private 500",
        },
    ),
    (
        "A plan that does not fit",
        {
            "vpc_cidr": "10.0.0.0/20",
            "azs": "2",
            "ipv6": "false",
            "tiers": "web public 5000\napp private 5000\ndata private 5000",
        },
    ),
    (
        "IPv6 dual stack",
        {
            "vpc_cidr": "10.1.0.0/16",
            "azs": "2",
            "ipv6": "true",
            "tiers": EXAMPLE_TIERS,
        },
    ),
)

_TIER_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": ["name", "hosts"],
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": MAX_NAME_LENGTH},
        "public": {"type": "boolean", "default": False},
        "hosts": {"type": "integer", "minimum": 1, "maximum": MAX_HOSTS},
    },
}
INPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": ["vpc_cidr", "tiers"],
    "properties": {
        "vpc_cidr": {
            "type": "string",
            "example": "10.0.0.0/16",
            "description": "The VPC's IPv4 CIDR block, /16 to /28, with no host bits set.",
        },
        "azs": {"type": "integer", "minimum": MIN_AZS, "maximum": MAX_AZS, "default": 2},
        "tiers": {
            "oneOf": [
                {"type": "array", "minItems": 1, "maxItems": MAX_TIERS, "items": _TIER_SCHEMA},
                {
                    "type": "string",
                    "maxLength": MAX_TIERS_TEXT,
                    "description": "One tier a line: name public|private hosts.",
                    "example": EXAMPLE_TIERS,
                },
            ]
        },
        "ipv6": {"type": "boolean", "default": False},
    },
}
_ROUTE_SCHEMA: dict[str, object] = {
    "type": "object",
    "properties": {"destination": {"type": "string"}, "target": {"type": "string"}},
}
OUTPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "properties": {
        "vpc_cidr": {"type": "string"},
        "vpc_size": {"type": "integer"},
        "azs": {"type": "integer"},
        "ipv6": {"type": "boolean"},
        "ipv6_cidr": {"type": ["string", "null"]},
        "tiers": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "public": {"type": "boolean"},
                    "hosts": {"type": "integer"},
                    "prefix": {"type": "integer"},
                    "size": {"type": "integer"},
                    "usable": {"type": "integer"},
                    "explanation": {"type": "string"},
                },
            },
        },
        "subnets": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "tier": {"type": "string"},
                    "az": {"type": "string", "example": "AZ 1"},
                    "public": {"type": "boolean"},
                    "cidr": {"type": "string"},
                    "prefix": {"type": "integer"},
                    "size": {"type": "integer"},
                    "usable": {"type": "integer", "description": "size - 5"},
                    "hosts": {"type": "integer"},
                    "reserved": {
                        "type": "array",
                        "items": {"type": "string"},
                        "minItems": 5,
                        "maxItems": 5,
                    },
                    "first_usable": {"type": "string"},
                    "last_usable": {"type": "string"},
                    "route_table": {"type": "string"},
                    "ipv6_cidr": {"type": ["string", "null"]},
                },
            },
        },
        "route_tables": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "main": {"type": "boolean"},
                    "subnets": {"type": "array", "items": {"type": "string"}},
                    "routes": {"type": "array", "items": _ROUTE_SCHEMA},
                    "note": {"type": "string"},
                },
            },
        },
        "gateways": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "kind": {
                        "type": "string",
                        "enum": [
                            "internet-gateway",
                            "nat-gateway",
                            "egress-only-internet-gateway",
                        ],
                    },
                    "placement": {"type": "string"},
                },
            },
        },
        "unused": {"type": "array", "items": {"type": "string"}},
        "unused_addresses": {"type": "integer"},
        "reserved_roles": {"type": "array", "items": {"type": "string"}},
        "notes": {"type": "array", "items": {"type": "string"}},
    },
}
