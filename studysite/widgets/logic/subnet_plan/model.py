"""The planner's input (``Tier``, ``SubnetPlanInput``) and result classes: subnets,
routes, route tables, gateways and each tier's sizing.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from .constants import RESERVED_PER_SUBNET, RESERVED_ROLES, SMALLEST_PREFIX


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
