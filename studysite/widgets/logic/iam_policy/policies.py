"""Reading and checking policy documents.

Every problem becomes a FieldError naming the input field and, in its message, the
policy and statement, so a learner can find it. Policies follow the IAM JSON grammar:
``{"Version": "2012-10-17", "Id": ..., "Statement": [{"Sid", "Effect", "Principal" |
"NotPrincipal", "Action" | "NotAction", "Resource" | "NotResource", "Condition"}]}``.

Sources (AWS documentation):
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from ..common import FieldError
from .conditions import Condition, parse_operator, validate_values
from .matching import ACCOUNT_RE, IAM_ARN_RE, SERVICE_RE, PrincipalSpec, split_arn

MAX_POLICY_BYTES = 64 * 1024
MAX_ERRORS_PER_FIELD = 12
VERSIONS = ("2012-10-17", "2008-10-17")
POLICY_ELEMENTS = ("Version", "Id", "Statement")
STATEMENT_ELEMENTS = (
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
)
ACTION_RE = re.compile(r"^[A-Za-z0-9*?-]+:[A-Za-z0-9*?_-]+$")

# kind -> (label, may name a Principal)
KINDS = {
    "identity": ("Identity-based policy", False),
    "resource": ("Resource-based policy", True),
    "boundary": ("Permissions boundary", False),
    "session": ("Session policy", False),
    "scp": ("SCP", False),
}


@dataclass(frozen=True)
class Statement:
    index: int  # 1-based
    sid: str | None
    effect: str  # "Allow" | "Deny"
    actions: tuple[str, ...]
    not_action: bool
    resources: tuple[str, ...] | None  # None: no Resource element (applies to its resource)
    not_resource: bool
    principal: PrincipalSpec | None
    not_principal: bool
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class Policy:
    id: str  # stable reference, e.g. "identity_policies[0]"
    label: str  # for people, e.g. "Identity-based policy 1"
    kind: str
    version: str | None
    statements: tuple[Statement, ...]

    @property
    def variables(self) -> bool:
        # Variables arrived with 2012-10-17; without it, "${aws:username}" is literal text.
        return self.version == "2012-10-17"


class _Problems:
    """Collects messages for one field, prefixed with where they were found."""

    def __init__(self, field: str, errors: list[FieldError]) -> None:
        self.field, self.errors, self.count = field, errors, 0

    def add(self, where: str, message: str) -> None:
        self.count += 1
        if sum(1 for e in self.errors if e.field == self.field) < MAX_ERRORS_PER_FIELD:
            self.errors.append(FieldError(self.field, f"{where}: {message}" if where else message))


def _strings(value: object) -> tuple[str, ...] | None:
    """A string or a non-empty list of strings, as a tuple; None for anything else."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def _scalars(value: object) -> tuple[str, ...] | None:
    """Condition values: strings, numbers or booleans, alone or in a non-empty list."""
    items = value if isinstance(value, list) else [value]
    if not items:
        return None
    out = []
    for item in items:
        if isinstance(item, bool):
            out.append("true" if item else "false")
        elif isinstance(item, str):
            out.append(item)
        elif isinstance(item, int | float) and item == item and abs(item) != float("inf"):
            out.append(str(item))
        else:
            return None
    return tuple(out)


def _unknown(name: str, allowed: tuple[str, ...]) -> str:
    for known in allowed:
        if known.lower() == name.lower():
            return f'"{name[:40]}" must be written "{known}" (element names are case-sensitive).'
    return f'Unknown element "{name[:40]}"; use {", ".join(allowed)}.'


def parse_principal(value: object, problems: _Problems, where: str) -> PrincipalSpec | None:
    if value == "*":
        return PrincipalSpec(everyone=True)
    if not isinstance(value, dict) or not value:
        problems.add(
            where,
            'Principal is "*" or an object such as {"AWS": "arn:aws:iam::111122223333:root"}.',
        )
        return None
    everyone, accounts, arns, services, others = False, set(), set(), set(), set()
    for kind, entries in value.items():
        items = _strings(entries)
        if kind not in ("AWS", "Service", "Federated", "CanonicalUser"):
            problems.add(
                where,
                f'Unknown principal type "{str(kind)[:40]}"; '
                "use AWS, Service, Federated or CanonicalUser.",
            )
            continue
        if items is None:
            problems.add(where, f"Principal {kind} takes a string or a list of strings.")
            continue
        for item in items:
            if kind == "AWS" and item == "*":
                everyone = True
            elif kind == "AWS" and ACCOUNT_RE.match(item):
                accounts.add(item)
            elif "*" in item or "?" in item:
                problems.add(
                    where,
                    f'"{item[:80]}": a Principal cannot use wildcards except "*" alone; '
                    "match ARNs with the aws:PrincipalArn condition key and ArnLike instead.",
                )
            elif kind == "AWS":
                found = IAM_ARN_RE.match(item)
                rest = found.group(4) if found else ""
                if found and rest == "root":
                    accounts.add(found.group(3))
                elif found and rest.split("/")[0] in (
                    "user",
                    "role",
                    "assumed-role",
                    "federated-user",
                ):
                    arns.add(item)
                else:
                    problems.add(
                        where,
                        f'"{item[:80]}" is not an AWS principal: use an account ID or the ARN of '
                        "an account root, user, role, role session or federated user.",
                    )
            elif kind == "Service":
                if SERVICE_RE.match(item):
                    services.add(item)
                else:
                    problems.add(
                        where, f'"{item[:80]}" is not a service principal such as s3.amazonaws.com.'
                    )
            else:
                others.add(f"{kind}:{item}")
    return PrincipalSpec(
        everyone, frozenset(accounts), frozenset(arns), frozenset(services), frozenset(others)
    )


def _parse_conditions(value: object, problems: _Problems, where: str) -> tuple[Condition, ...]:
    if not isinstance(value, dict):
        problems.add(where, 'Condition is an object: {"Operator": {"key": "value"}}.')
        return ()
    conditions = []
    for operator_name, block in value.items():
        operator = parse_operator(str(operator_name))
        if isinstance(operator, str):
            problems.add(where, operator)
            continue
        if not isinstance(block, dict) or not block:
            problems.add(
                where,
                f"{operator.name} takes an object of condition keys: "
                '{"aws:SourceIp": "203.0.113.0/24"}.',
            )
            continue
        for key, raw in block.items():
            values = _scalars(raw)
            if not key or not isinstance(key, str) or len(key) > 256:
                problems.add(
                    where, f"{operator.name}: a condition key is a short name like aws:SourceIp."
                )
            elif values is None:
                problems.add(
                    where,
                    f"{operator.name} {key[:80]}: give a string, number or boolean, "
                    "or a non-empty list of them.",
                )
            elif (message := validate_values(operator, values)) is not None:
                problems.add(where, message)
            elif operator.family == "null" and len(values) != 1:
                problems.add(where, f'Null {key[:80]}: give one value, "true" or "false".')
            else:
                conditions.append(Condition(operator, key, values))
    return tuple(conditions)


def _parse_statement(
    raw: object, index: int, kind: str, problems: _Problems, label: str
) -> Statement | None:
    where = f"{label}, statement {index}"
    if not isinstance(raw, dict):
        problems.add(where, "a statement is a JSON object.")
        return None
    count = problems.count
    sid = raw.get("Sid")
    if isinstance(sid, str) and sid:
        where += f' ("{sid[:60]}")'
    elif sid is not None:
        problems.add(where, "Sid is text.")
    for name in raw:
        if name not in STATEMENT_ELEMENTS:
            problems.add(where, _unknown(str(name), STATEMENT_ELEMENTS))
    effect = raw.get("Effect")
    if effect not in ("Allow", "Deny"):
        shown = "missing" if effect is None else json.dumps(effect)[:40]
        problems.add(
            where, f'Effect must be "Allow" or "Deny" (capitalised like that), not {shown}.'
        )

    def one_of(first: str, second: str, required: bool) -> tuple[object, bool]:
        if first in raw and second in raw:
            problems.add(where, f"use {first} or {second}, not both.")
        elif first not in raw and second not in raw and required:
            problems.add(where, f"{first} (or {second}) is missing.")
        return (raw[second], True) if second in raw else (raw.get(first), False)

    action_value, not_action = one_of("Action", "NotAction", True)
    actions = _strings(action_value) if action_value is not None else ()
    if actions is None:
        problems.add(where, "Action is a string or a list of strings.")
    for action in actions or ():
        if action != "*" and not ACTION_RE.match(action):
            problems.add(
                where,
                f'"{action[:80]}" is not an action: write service:ActionName '
                '(s3:GetObject, ec2:Describe*) or "*".',
            )

    resource_value, not_resource = one_of("Resource", "NotResource", kind != "resource")
    resources = None
    if resource_value is not None:
        resources = _strings(resource_value)
        if resources is None:
            problems.add(where, "Resource is a string or a list of ARNs.")
        for resource in resources or ():
            if resource != "*" and split_arn(resource) is None:
                problems.add(
                    where,
                    f'"{resource[:80]}" is not an ARN: '
                    "arn:partition:service:region:account:resource "
                    '(arn:aws:s3:::amzn-s3-demo-bucket/*) or "*".',
                )

    principal, not_principal = None, False
    if KINDS[kind][1]:
        principal_value, not_principal = one_of("Principal", "NotPrincipal", True)
        if principal_value is not None:
            principal = parse_principal(principal_value, problems, where)
    elif "Principal" in raw or "NotPrincipal" in raw:
        problems.add(
            where,
            "only resource-based policies name a Principal; this policy applies to the "
            "identity (or account) it is attached to.",
        )
    conditions = _parse_conditions(raw["Condition"], problems, where) if "Condition" in raw else ()
    if problems.count > count:
        return None
    return Statement(
        index=index,
        sid=sid if isinstance(sid, str) and sid else None,
        effect=str(effect),
        actions=actions or (),
        not_action=not_action,
        resources=resources,
        not_resource=not_resource,
        principal=principal,
        not_principal=not_principal,
        conditions=conditions,
    )


def parse_policy(
    raw: object, *, kind: str, policy_id: str, label: str, field: str, errors: list[FieldError]
) -> Policy | None:
    """A Policy from JSON text or an already-decoded object; None (with errors) if broken."""
    problems = _Problems(field, errors)
    try:
        size = len(
            (raw if isinstance(raw, str) else json.dumps(raw)).encode("utf-8", "surrogatepass")
        )
    except (RecursionError, ValueError):
        problems.add(label, "the policy is nested too deeply to be a policy.")
        return None
    if size > MAX_POLICY_BYTES:
        problems.add(
            label,
            f"the policy is {size / 1024:,.1f} KiB; the evaluator takes at most 64 KiB "
            "(AWS's own limits are smaller, e.g. 6,144 characters for a managed policy).",
        )
        return None
    if isinstance(raw, str):
        try:
            raw = json.loads(raw, parse_constant=_reject_constant)
        except json.JSONDecodeError as exc:
            problems.add(
                label, f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."
            )
            return None
        except (ValueError, RecursionError):
            problems.add(label, "not valid JSON (NaN, Infinity or too deeply nested).")
            return None
    if not isinstance(raw, dict):
        problems.add(
            label, 'a policy is a JSON object: {"Version": "2012-10-17", "Statement": [...]}.'
        )
        return None
    for name in raw:
        if name not in POLICY_ELEMENTS:
            problems.add(label, _unknown(str(name), POLICY_ELEMENTS))
    version = raw.get("Version")
    if version is not None and version not in VERSIONS:
        problems.add(
            label,
            f'Version is "2012-10-17" (or the old "2008-10-17"), not {json.dumps(version)[:40]}.',
        )
    statements_raw = raw.get("Statement")
    if isinstance(statements_raw, dict):
        statements_raw = [statements_raw]
    if not isinstance(statements_raw, list) or not statements_raw:
        problems.add(label, "Statement is missing: give one statement object or a list of them.")
        return None
    statements = [
        _parse_statement(item, index, kind, problems, label)
        for index, item in enumerate(statements_raw, start=1)
    ]
    if problems.count:
        return None
    return Policy(
        id=policy_id,
        label=label,
        kind=kind,
        version=version if isinstance(version, str) else None,
        statements=tuple(s for s in statements if s is not None),
    )


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed in JSON")


def parse_policy_field(
    value: object,
    *,
    kind: str,
    field: str,
    many: bool,
    errors: list[FieldError],
    max_count: int = 10,
) -> list[Policy]:
    """One policy (``many=False``) or a list of them: JSON text, an object or a list."""
    name, _principal = KINDS[kind]
    if value is None or (isinstance(value, str) and not value.strip()):
        return []
    items: list[object]
    if isinstance(value, str) and many and value.lstrip().startswith("["):
        try:
            decoded = json.loads(value, parse_constant=_reject_constant)
        except json.JSONDecodeError as exc:
            errors.append(
                FieldError(
                    field, f"Not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."
                )
            )
            return []
        except (ValueError, RecursionError):
            errors.append(FieldError(field, "Not valid JSON (NaN, Infinity or too deeply nested)."))
            return []
        items = decoded if isinstance(decoded, list) else [decoded]
    elif isinstance(value, list) and many:
        items = value
    elif isinstance(value, str | dict):
        items = [value]
    else:
        kind_text = "a policy or a list of policies" if many else "one policy"
        errors.append(FieldError(field, f"Give {kind_text} as JSON."))
        return []
    if len(items) > max_count:
        errors.append(
            FieldError(field, f"Give at most {max_count} policies here; there are {len(items)}.")
        )
        return []
    policies = []
    for index, item in enumerate(items):
        label = f"{name} {index + 1}" if many else name
        policy_id = f"{field}[{index}]" if many else field
        policy = parse_policy(
            item, kind=kind, policy_id=policy_id, label=label, field=field, errors=errors
        )
        if policy is not None:
            policies.append(policy)
    return policies
