"""The IAM policy evaluator: would AWS allow this request, and which step decides?

Give a request (principal ARN, action, resource ARN, condition keys) and the policies
that apply to it: identity-based policies, a resource-based policy, a permissions
boundary, the SCPs on the path from the organization root to the account, and a session
policy. The result is AWS's decision (allow, explicit deny or implicit deny), the step of
the evaluation logic that reached it, the statements that matched, the ones that nearly
did (and why not), and every step with its outcome.

Modules, by responsibility:

- ``policies``: reading and checking policy documents (the IAM JSON grammar);
- ``request``: reading the request and its context, ``parse_input``;
- ``matching``: actions, ARNs and principals, wildcards and policy variables;
- ``conditions``: the condition operators;
- ``evaluation``: the evaluation flow, ``evaluate_request``;
- ``examples``: the starting form and teaching examples.

Main source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
"""

from __future__ import annotations

from .evaluation import RESULTS, STEP_TITLES, EvaluationResult, evaluate_request
from .examples import EXAMPLES, INITIAL
from .policies import MAX_POLICY_BYTES
from .request import EvaluationInput, parse_input

__all__ = [
    "EXAMPLES",
    "INITIAL",
    "INPUT_SCHEMA",
    "MAX_POLICY_BYTES",
    "OUTPUT_SCHEMA",
    "RESULTS",
    "STEP_TITLES",
    "EvaluationInput",
    "EvaluationResult",
    "evaluate_request",
    "parse_input",
]

_POLICY: dict[str, object] = {
    "type": ["object", "string"],
    "description": "An IAM policy document, or its JSON text (at most 64 KiB).",
    "properties": {
        "Version": {"type": "string", "enum": ["2012-10-17", "2008-10-17"]},
        "Id": {"type": "string"},
        "Statement": {"type": ["object", "array"]},
    },
    "example": {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*",
            }
        ],
    },
}
_CONTEXT_VALUE = {"type": ["string", "number", "boolean"]}
_OPTIONAL_POLICY = {**_POLICY, "type": ["object", "string", "null"]}
_HIT = {
    "type": "object",
    "properties": {
        "policy": {"type": "string", "description": 'e.g. "identity_policies[0]", "scps[1]".'},
        "label": {"type": "string"},
        "sid": {"type": ["string", "null"]},
        "statement": {"type": "integer", "description": "1-based position in the policy."},
        "effect": {"type": "string", "enum": ["Allow", "Deny"]},
        "reason": {"type": "string", "description": "Only in unmet: why it did not apply."},
    },
}

INPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": ["request"],
    "properties": {
        "request": {
            "type": "object",
            "required": ["principal", "action", "resource"],
            "properties": {
                "principal": {
                    "type": "string",
                    "description": "ARN of an IAM user, role, role session, federated user or "
                    "account root; a service principal (cloudtrail.amazonaws.com); or anonymous.",
                    "example": "arn:aws:iam::111122223333:user/alice",
                },
                "action": {"type": "string", "example": "s3:GetObject"},
                "resource": {
                    "type": "string",
                    "example": "arn:aws:s3:::amzn-s3-demo-bucket/reports/q1.pdf",
                },
                "context": {
                    "type": "object",
                    "description": "Condition keys; a list gives a multivalued key. "
                    "aws:ResourceAccount names the owner of an S3 bucket.",
                    "additionalProperties": {
                        "oneOf": [_CONTEXT_VALUE, {"type": "array", "items": _CONTEXT_VALUE}]
                    },
                    "example": {"aws:SourceIp": "203.0.113.7", "aws:SecureTransport": True},
                },
            },
        },
        "identity_policies": {"type": "array", "maxItems": 20, "items": _POLICY},
        "resource_policy": _OPTIONAL_POLICY,
        "permissions_boundary": _OPTIONAL_POLICY,
        "scps": {
            "type": "array",
            "maxItems": 8,
            "description": "One policy per level from the organization root to the account; "
            "each must allow.",
            "items": _POLICY,
        },
        "session_policy": _OPTIONAL_POLICY,
    },
}
OUTPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "properties": {
        "decision": {"type": "string", "enum": ["allow", "explicit-deny", "implicit-deny"]},
        "decided_by": {"type": "string", "enum": list(STEP_TITLES)},
        "summary": {"type": "string"},
        "cross_account": {"type": "boolean"},
        "principal": {
            "type": "object",
            "properties": {
                "arn": {"type": "string"},
                "type": {"type": "string"},
                "account": {"type": ["string", "null"]},
            },
        },
        "action": {"type": "string"},
        "resource": {"type": "string"},
        "resource_account": {"type": ["string", "null"]},
        "matched": {"type": "array", "items": _HIT},
        "unmet": {"type": "array", "items": _HIT},
        "steps": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "step": {"type": "string", "enum": list(STEP_TITLES)},
                    "title": {"type": "string"},
                    "result": {"type": "string", "enum": list(RESULTS)},
                    "detail": {"type": "string"},
                },
            },
        },
        "context": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "key": {"type": "string"},
                    "values": {"type": "array", "items": {"type": "string"}},
                    "derived": {"type": "boolean"},
                },
            },
        },
        "notes": {"type": "array", "items": {"type": "string"}},
    },
}
