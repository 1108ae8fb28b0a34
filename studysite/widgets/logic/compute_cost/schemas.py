"""JSON schemas of the calculator's input and output (for the OpenAPI document)."""

from __future__ import annotations

from .constants import COMMITMENT_YEARS, HOURS_PER_DAY, MAX_MONTHS, OPTIONS
from .prices import load_prices

INPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": ["instance_type", "hours_per_day", "months", "commitment_years"],
    "properties": {
        "instance_type": {
            "type": "string",
            "enum": list(load_prices().instance_types),
            "description": "A Linux instance type from the prices file, e.g. m7i.large.",
        },
        "hours_per_day": {
            "type": ["number", "string"],
            "minimum": 0,
            "maximum": HOURS_PER_DAY,
            "description": "Average hours a day the instance runs, 0-24 (8 hours on "
            "weekdays only is about 5.7).",
        },
        "months": {
            "type": ["number", "string"],
            "exclusiveMinimum": 0,
            "maximum": MAX_MONTHS,
            "description": "How long the project needs the instance, in months.",
        },
        "interruptible": {
            "type": ["boolean", "string"],
            "default": False,
            "description": "Can the work be interrupted (and resumed) at two minutes' "
            "notice? A missing field (an unticked checkbox) means false.",
        },
        "commitment_years": {
            "type": ["integer", "string"],
            "enum": [*COMMITMENT_YEARS, *(str(y) for y in COMMITMENT_YEARS)],
            "description": "The longest commitment you would make: 0 (none), 1 or 3 years.",
        },
    },
}

_OPTION_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": [
        "option",
        "fits",
        "reasons",
        "monthly_cost_usd",
        "total_cost_usd",
        "break_even_hours_per_day",
    ],
    "properties": {
        "option": {"type": "string", "enum": list(OPTIONS)},
        "name": {"type": "string", "description": "Human name, e.g. 'Compute Savings Plan'."},
        "fits": {"type": "boolean"},
        "reasons": {"type": "array", "items": {"type": "string"}},
        "monthly_cost_usd": {
            "type": "number",
            "minimum": 0,
            "description": "total_cost_usd / months.",
        },
        "total_cost_usd": {"type": "number", "minimum": 0},
        "break_even_hours_per_day": {
            "type": ["number", "null"],
            "description": "For commitments: the hours a day above which the commitment "
            "costs less than On-Demand over the project; null when it never does (or for "
            "On-Demand and Spot).",
        },
        "hourly_rate_usd": {
            "type": "number",
            "description": "The rate used: On-Demand, the Spot estimate, or the "
            "commitment's hourly rate.",
        },
        "term_years": {"type": ["integer", "null"]},
        "billed_months": {
            "type": ["number", "null"],
            "description": "Months of commitment billed (whole terms), null without one.",
        },
        "monthly_cost_fixed_usd": {
            "type": "number",
            "description": "The part of the monthly cost that doesn't depend on hours used.",
        },
        "monthly_cost_per_daily_hour_usd": {
            "type": "number",
            "description": "What each hour a day adds to the monthly cost (0 for "
            "commitments): monthly cost = fixed + this x hours_per_day.",
        },
    },
}

OUTPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": ["region", "prices_as_of", "recommended", "options"],
    "properties": {
        "region": {"type": "string"},
        "prices_as_of": {"type": "string", "format": "date"},
        "prices_status": {
            "type": "string",
            "description": "'illustrative' while the figures aren't all AWS's published rates.",
        },
        "currency": {"type": "string"},
        "recommended": {
            "type": "string",
            "enum": list(OPTIONS),
            "description": "The cheapest option that fits (On-Demand always fits).",
        },
        "cheapest": {"type": "string", "enum": list(OPTIONS)},
        "instance": {"type": "object"},
        "options": {
            "type": "array",
            "description": "Every option once: those that fit first, each group by total cost.",
            "items": _OPTION_SCHEMA,
        },
        "note": {"type": ["string", "null"]},
        "notes": {"type": "array", "items": {"type": "string"}},
        "assumptions": {"type": "array", "items": {"type": "string"}},
        "disclaimer": {"type": "string"},
        "inputs": {"type": "object", "description": "The parsed input, echoed back."},
    },
}
