"""The form's starting values and the example plans behind its preset buttons."""

from __future__ import annotations

from collections.abc import Mapping

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
