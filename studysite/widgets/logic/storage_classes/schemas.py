"""JSON schemas of the picker's input and output (for the OpenAPI document)."""

from __future__ import annotations

from .constants import (
    ACCESS_PATTERNS,
    BREAKDOWN_KEYS,
    CLASS_IDS,
    MAX_DATA_GB,
    MAX_MONTHS,
    MAX_OBJECT_COUNT,
    MAX_READ_FRACTION,
    RETRIEVAL_SPEEDS,
)

_BREAKDOWN_SCHEMA: dict[str, object] = {
    "type": ["object", "null"],
    "description": "Costs over the whole period in USD; the parts add up to the total. "
    "Null when the class has no price on file.",
    "required": list(BREAKDOWN_KEYS),
    "properties": {key: {"type": "number", "minimum": 0} for key in BREAKDOWN_KEYS},
}

INPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": [
        "data_gb",
        "object_count",
        "months",
        "read_fraction_per_month",
        "slowest_acceptable_retrieval",
        "access_pattern",
    ],
    "properties": {
        "data_gb": {
            "type": ["number", "string"],
            "exclusiveMinimum": 0,
            "maximum": MAX_DATA_GB,
            "description": "How much data, in GB (a number, or a string a form sends).",
        },
        "object_count": {
            "type": ["integer", "string"],
            "minimum": 1,
            "maximum": MAX_OBJECT_COUNT,
            "description": "How many objects hold that data.",
        },
        "months": {
            "type": ["number", "string"],
            "exclusiveMinimum": 0,
            "maximum": MAX_MONTHS,
            "description": "How long the data is kept, in months of 30 days.",
        },
        "read_fraction_per_month": {
            "type": ["number", "string"],
            "minimum": 0,
            "maximum": MAX_READ_FRACTION,
            "description": "Share of the data read each month: 0 never, 0.1 a tenth, "
            "1 all of it once, 300 all of it three hundred times (hot data such as an ML "
            f"training set read every epoch); at most {MAX_READ_FRACTION:,}.",
        },
        "slowest_acceptable_retrieval": {
            "type": "string",
            "enum": list(RETRIEVAL_SPEEDS),
            "description": "The longest acceptable wait for the first byte: milliseconds "
            "(read at once), minutes (within 5 minutes), hours (within 5 hours), half-day "
            "(within 12 hours) or days (within 48 hours).",
        },
        "survive_az_loss": {
            "type": ["boolean", "string"],
            "default": False,
            "description": "Must the data survive the loss of an Availability Zone? "
            "A missing field (an unticked checkbox) means false.",
        },
        "access_pattern": {
            "type": "string",
            "enum": list(ACCESS_PATTERNS),
            "description": "Do you know how often the data will be read?",
        },
        "single_digit_ms_latency": {
            "type": ["boolean", "string"],
            "default": False,
            "description": "Is consistent single-digit-millisecond latency needed? "
            "A missing field means false.",
        },
    },
}

_OPTION_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": [
        "storage_class",
        "name",
        "meets_requirements",
        "reasons",
        "monthly_cost_usd",
        "total_cost_usd",
        "breakdown",
    ],
    "properties": {
        "storage_class": {"type": "string", "enum": list(CLASS_IDS)},
        "name": {"type": "string", "description": "Human name, e.g. 'S3 Standard-IA'."},
        "meets_requirements": {"type": "boolean"},
        "reasons": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Plain-English reasons, each naming the deciding property.",
        },
        "monthly_cost_usd": {
            "type": ["number", "null"],
            "description": "total_cost_usd / months; null when no price is on file "
            "(REDUCED_REDUNDANCY).",
        },
        "total_cost_usd": {"type": ["number", "null"]},
        "breakdown": _BREAKDOWN_SCHEMA,
    },
}

_LIFECYCLE_SCHEMA: dict[str, object] = {
    "type": ["object", "null"],
    "description": "A simple lifecycle rule priced for comparison, or null when one "
    "wouldn't help (short periods, data read often, small objects, S3 Express One Zone).",
    "required": ["steps", "summary", "reasons", "monthly_cost_usd", "total_cost_usd"],
    "properties": {
        "steps": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["storage_class", "from_day", "to_day"],
                "properties": {
                    "storage_class": {"type": "string", "enum": list(CLASS_IDS)},
                    "from_day": {"type": "number"},
                    "to_day": {"type": "number"},
                },
            },
        },
        "summary": {"type": "string"},
        "reasons": {"type": "array", "items": {"type": "string"}},
        "monthly_cost_usd": {"type": "number"},
        "total_cost_usd": {"type": "number"},
        "breakdown": _BREAKDOWN_SCHEMA,
    },
}

OUTPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": ["recommended", "region", "prices_as_of", "options"],
    "properties": {
        "recommended": {
            "type": ["string", "null"],
            "enum": [*CLASS_IDS[:-1], None],
            "description": "The recommended class; null only when no class meets every "
            "requirement (see notes). Never REDUCED_REDUNDANCY.",
        },
        "cheapest": {
            "type": ["string", "null"],
            "description": "The cheapest class overall, requirements or not.",
        },
        "region": {"type": "string"},
        "prices_as_of": {"type": "string", "format": "date"},
        "currency": {"type": "string"},
        "options": {
            "type": "array",
            "description": "Every class once: those meeting the requirements first, "
            "each group by total cost.",
            "items": _OPTION_SCHEMA,
        },
        "note": {
            "type": ["string", "null"],
            "description": "Set when the cheapest class isn't the recommended one.",
        },
        "notes": {"type": "array", "items": {"type": "string"}},
        "assumptions": {"type": "array", "items": {"type": "string"}},
        "lifecycle_hint": _LIFECYCLE_SCHEMA,
        "disclaimer": {"type": "string"},
        "inputs": {"type": "object", "description": "The parsed input, echoed back."},
    },
}
