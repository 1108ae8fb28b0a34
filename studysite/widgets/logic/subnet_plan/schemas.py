"""JSON schemas of the planner's input and output (for the OpenAPI document)."""

from __future__ import annotations

from .constants import MAX_AZS, MAX_HOSTS, MAX_NAME_LENGTH, MAX_TIERS, MAX_TIERS_TEXT, MIN_AZS
from .examples import EXAMPLE_TIERS

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
