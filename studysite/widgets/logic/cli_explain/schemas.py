"""The JSON schemas of the widget's input and output (for the OpenAPI document)."""

from __future__ import annotations

from .explain import MAX_COMMAND_LENGTH

TOKEN_KINDS = ("program", "global-option", "service", "operation", "option", "value", "shell")


_PROBLEM_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": ["message", "token", "suggestion"],
    "properties": {
        "message": {"type": "string"},
        "token": {"type": ["string", "null"], "description": "The input text concerned."},
        "suggestion": {
            "type": ["string", "null"],
            "description": "What to write instead of the token (or the missing option).",
        },
        "corrected_command": {
            "type": ["string", "null"],
            "description": "The whole command with the suggestion applied, when it applies "
            "to one place in the input.",
        },
    },
}
_OPTION_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": ["option", "value", "description", "required", "type"],
    "properties": {
        "option": {"type": "string", "description": "As written, e.g. --bucket."},
        "name": {"type": "string", "description": "The full option name (after abbreviation)."},
        "value": {"type": ["string", "null"], "description": "null for a flag."},
        "values": {"type": "array", "items": {"type": "string"}},
        "description": {"type": "string"},
        "required": {"type": "boolean"},
        "type": {
            "type": "string",
            "description": "CLI type: string, integer, long, double, boolean, timestamp, blob, "
            "list, structure, map ...",
        },
        "allowed_values": {"type": "array", "items": {"type": "string"}},
        "syntax": {"type": "string", "enum": ["JSON", "shorthand"]},
        "parsed": {"description": "The JSON or shorthand value as data."},
        "tree": {"type": "object", "description": "The value with each key's type and docs."},
        "file_reference": {
            "type": "object",
            "properties": {
                "prefix": {"type": "string"},
                "path": {"type": "string"},
                "binary": {"type": "boolean"},
            },
        },
    },
}
INPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": ["command"],
    "properties": {
        "command": {
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_COMMAND_LENGTH,
            "description": "An AWS CLI command: one line, or several joined by trailing "
            "backslashes. It is parsed, never run.",
            "example": "aws s3api put-object --bucket amzn-s3-demo-bucket --key notes.txt "
            "--body notes.txt",
        }
    },
}
OUTPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": [
        "valid",
        "service",
        "operation",
        "api_operation",
        "http",
        "summary",
        "parameters",
        "global_options",
        "errors",
    ],
    "properties": {
        "valid": {"type": "boolean", "description": "True when no error was found."},
        "service": {"type": ["string", "null"], "description": "CLI command, e.g. s3api."},
        "operation": {"type": ["string", "null"], "description": "CLI subcommand, e.g. cp."},
        "api_operation": {
            "type": ["string", "null"],
            "description": "API operation, e.g. PutObject; null for custom commands.",
        },
        "http": {
            "type": ["object", "null"],
            "properties": {
                "method": {"type": "string"},
                "path": {"type": "string"},
                "host_prefix": {"type": "string"},
            },
        },
        "summary": {"type": "string"},
        "parameters": {"type": "array", "items": _OPTION_SCHEMA},
        "global_options": {"type": "array", "items": _OPTION_SCHEMA},
        "errors": {"type": "array", "items": _PROBLEM_SCHEMA},
        "warnings": {"type": "array", "items": _PROBLEM_SCHEMA},
        "notes": {"type": "array", "items": {"type": "string"}},
        "tokens": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "text": {"type": "string", "description": "Exactly as in the input."},
                    "value": {"type": "string", "description": "After shell quote removal."},
                    "kind": {"type": "string", "enum": list(TOKEN_KINDS)},
                    "meaning": {"type": "string"},
                    "start": {"type": "integer"},
                    "end": {"type": "integer"},
                    "option": {"type": "string"},
                },
            },
        },
        "positionals": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "role": {"type": "string"},
                    "value": {"type": "string"},
                    "description": {"type": "string"},
                },
            },
        },
        "required_missing": {"type": "array", "items": {"type": "string"}},
        "service_name": {"type": ["string", "null"]},
        "service_id": {"type": ["string", "null"], "description": "botocore service name."},
        "reference_url": {"type": ["string", "null"]},
        "command": {"type": "string"},
        "source": {
            "type": "string",
            "description": "The packages the explanation comes from, e.g. awscli 1.46.3, "
            "botocore 1.44.8.",
        },
    },
}
