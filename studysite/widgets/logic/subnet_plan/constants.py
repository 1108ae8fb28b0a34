"""The planner's limits and address ranges: /16 to /28 blocks, AWS's five reserved
addresses per subnet, the AZ and tier limits, RFC 1918 and the ranges that cannot
number hosts, the IPv6 placeholder and the gateways' names.
"""

from __future__ import annotations

import ipaddress
import re

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
