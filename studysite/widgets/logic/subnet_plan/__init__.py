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

Modules, by responsibility: ``constants`` (AWS's limits, the reserved addresses, the
special ranges), ``model`` (``Tier``, ``SubnetPlanInput`` and the result classes),
``inputs`` (``parse_input``: the VPC block, AZs, tiers from text or JSON, whether they
fit), ``plan`` (``plan_subnets``: allocation, route tables, gateways, free space and
notes; ``free_blocks``), ``examples`` (the form's starting values and example plans) and
``schemas``.
"""

from __future__ import annotations

from .constants import (
    AWS_SERVICES_RANGE,
    DEFAULT_AZS,
    DEFAULT_VPC_RANGE,
    EGRESS_ONLY_GATEWAY,
    INTERNET_GATEWAY,
    IPV6_PLACEHOLDER,
    IPV6_SUBNET_PREFIX,
    LARGEST_PREFIX,
    MAX_AZS,
    MAX_HOSTS,
    MAX_NAME_LENGTH,
    MAX_TIERS,
    MAX_TIERS_TEXT,
    MIN_AZS,
    NAME_RE,
    RESERVED_PER_SUBNET,
    RESERVED_ROLES,
    RFC1918,
    SHARED_ADDRESS_SPACE,
    SMALLEST_PREFIX,
    SPECIAL_RANGES,
)
from .examples import EXAMPLE_TIERS, EXAMPLES, INITIAL
from .inputs import parse_input
from .model import (
    Gateway,
    Route,
    RouteTable,
    Subnet,
    SubnetPlanInput,
    SubnetPlanResult,
    Tier,
    TierSizing,
)
from .plan import free_blocks, plan_subnets
from .schemas import INPUT_SCHEMA, OUTPUT_SCHEMA

__all__ = [
    "AWS_SERVICES_RANGE",
    "DEFAULT_AZS",
    "DEFAULT_VPC_RANGE",
    "EGRESS_ONLY_GATEWAY",
    "EXAMPLES",
    "EXAMPLE_TIERS",
    "INITIAL",
    "INPUT_SCHEMA",
    "INTERNET_GATEWAY",
    "IPV6_PLACEHOLDER",
    "IPV6_SUBNET_PREFIX",
    "LARGEST_PREFIX",
    "MAX_AZS",
    "MAX_HOSTS",
    "MAX_NAME_LENGTH",
    "MAX_TIERS",
    "MAX_TIERS_TEXT",
    "MIN_AZS",
    "NAME_RE",
    "OUTPUT_SCHEMA",
    "RESERVED_PER_SUBNET",
    "RESERVED_ROLES",
    "RFC1918",
    "SHARED_ADDRESS_SPACE",
    "SMALLEST_PREFIX",
    "SPECIAL_RANGES",
    "Gateway",
    "Route",
    "RouteTable",
    "Subnet",
    "SubnetPlanInput",
    "SubnetPlanResult",
    "Tier",
    "TierSizing",
    "free_blocks",
    "parse_input",
    "plan_subnets",
]
