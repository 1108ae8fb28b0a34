"""``plan_subnets``: every tier's subnet in every AZ placed largest first, the route
tables and gateways around them, the space left over and the notes on what the plan
teaches; ``free_blocks`` for the space left over.
"""

from __future__ import annotations

import ipaddress
from itertools import islice

from .constants import (
    AWS_SERVICES_RANGE,
    DEFAULT_VPC_RANGE,
    EGRESS_ONLY_GATEWAY,
    INTERNET_GATEWAY,
    IPV6_PLACEHOLDER,
    IPV6_SUBNET_PREFIX,
    RESERVED_PER_SUBNET,
    RFC1918,
    SHARED_ADDRESS_SPACE,
    SMALLEST_PREFIX,
)
from .model import Gateway, Route, RouteTable, Subnet, SubnetPlanInput, SubnetPlanResult, TierSizing


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
