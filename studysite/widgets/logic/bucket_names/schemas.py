"""JSON schemas of the validator's and the key checker's input and output (for the
OpenAPI document).
"""

from __future__ import annotations

from .constants import KIND_GENERAL, KINDS, MAX_INPUT_CHARS, MAX_KEY_BYTES

_RULE_ITEM_SCHEMA = {
    "type": "object",
    "required": ["rule", "message"],
    "properties": {
        "rule": {"type": "string", "description": "Short stable rule id, e.g. 'length'."},
        "message": {"type": "string", "description": "Plain-English explanation."},
    },
}

INPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {
            "type": "string",
            "maxLength": MAX_INPUT_CHARS,
            "description": "The proposed bucket name, exactly as typed (an empty or "
            "whitespace-only name is accepted and judged invalid).",
        },
        "kind": {
            "type": "string",
            "enum": list(KINDS),
            "default": KIND_GENERAL,
            "description": "Which naming rules to apply.",
        },
    },
}

OUTPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": ["name", "kind", "valid", "violations", "suggestion"],
    "properties": {
        "name": {"type": "string"},
        "kind": {"type": "string", "enum": list(KINDS)},
        "valid": {"type": "boolean", "description": "True when every check passes."},
        "violations": {
            "type": "array",
            "description": "The failed checks, in checklist order.",
            "items": _RULE_ITEM_SCHEMA,
        },
        "suggestion": {
            "type": ["string", "null"],
            "description": "A corrected name that passes every check, or null when the "
            "name is already valid or nothing sensible can be made from it.",
        },
        "checks": {
            "type": "array",
            "description": "Every rule for this kind, in a fixed order, for a live checklist.",
            "items": {
                "type": "object",
                "required": ["rule", "label", "passed"],
                "properties": {
                    "rule": {"type": "string"},
                    "label": {"type": "string"},
                    "passed": {"type": "boolean"},
                },
            },
        },
        "notes": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Consequences that are not errors (HTTPS, Transfer "
            "Acceleration, legacy names, uniqueness ...).",
        },
        "highlights": {
            "type": "array",
            "description": "Offending character ranges [start, end) counted in Unicode "
            "code points (use Array.from(name) in JavaScript, not UTF-16 indexes).",
            "items": {
                "type": "object",
                "required": ["start", "end", "rule"],
                "properties": {
                    "start": {"type": "integer", "minimum": 0},
                    "end": {"type": "integer", "minimum": 0},
                    "rule": {"type": "string"},
                },
            },
        },
        "length": {"type": "integer", "description": "Length in characters."},
        "directory_parts": {
            "type": ["object", "null"],
            "description": "For directory buckets: the parsed base name and zone ID.",
            "properties": {
                "base_name": {"type": ["string", "null"]},
                "zone_id": {"type": ["string", "null"]},
                "zone_type": {
                    "type": ["string", "null"],
                    "enum": ["availability-zone", "local-zone", None],
                },
            },
        },
    },
}

KEY_INPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": ["key"],
    "properties": {
        "key": {
            "type": "string",
            "maxLength": MAX_INPUT_CHARS,
            "description": "The object key, exactly as it would be sent.",
        }
    },
}

KEY_OUTPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": [
        "key",
        "valid",
        "byte_length",
        "char_length",
        "max_bytes",
        "within_limit",
        "problems",
        "characters",
        "counts",
        "highlights",
        "is_folder_marker",
        "url_encoded",
        "notes",
    ],
    "properties": {
        "key": {"type": "string"},
        "valid": {"type": "boolean"},
        "byte_length": {"type": "integer", "description": "UTF-8 bytes."},
        "char_length": {"type": "integer"},
        "max_bytes": {"type": "integer", "const": MAX_KEY_BYTES},
        "within_limit": {"type": "boolean"},
        "problems": {"type": "array", "items": _RULE_ITEM_SCHEMA},
        "characters": {
            "type": "array",
            "description": "Each distinct character in order of first appearance.",
            "items": {
                "type": "object",
                "properties": {
                    "char": {"type": "string"},
                    "codepoint": {"type": "string"},
                    "name": {"type": "string"},
                    "category": {"type": "string", "enum": ["safe", "special", "avoid"]},
                    "reason": {"type": "string"},
                    "count": {"type": "integer"},
                    "first_index": {"type": "integer"},
                    "utf8_bytes": {"type": "integer"},
                    "url_encoded": {"type": "string"},
                },
            },
        },
        "characters_truncated": {"type": "boolean"},
        "counts": {
            "type": "object",
            "properties": {
                "safe": {"type": "integer"},
                "special": {"type": "integer"},
                "avoid": {"type": "integer"},
            },
        },
        "highlights": {
            "type": "array",
            "description": "Runs of non-safe characters [start, end) in code points.",
            "items": {
                "type": "object",
                "properties": {
                    "start": {"type": "integer"},
                    "end": {"type": "integer"},
                    "category": {"type": "string", "enum": ["special", "avoid"]},
                },
            },
        },
        "is_folder_marker": {"type": "boolean"},
        "prefix": {"type": "string", "description": "Everything up to the last '/'."},
        "leaf": {"type": "string", "description": "Everything after the last '/'."},
        "url_encoded": {"type": "string", "description": "Percent-encoded, '/' kept."},
        "notes": {"type": "array", "items": {"type": "string"}},
    },
}
