"""Reading and checking the request: who asks, for what action on which resource, and
the request context (condition keys), plus the policies that apply.

The JSON API sends ``{"request": {"principal", "action", "resource", "context": {...}},
"identity_policies": [...], "resource_policy": ..., "permissions_boundary": ...,
"scps": [...], "session_policy": ...}``; the HTML form sends the same as flat fields, with
the context as ``key=value`` lines and each policy as JSON text.

Sources (AWS documentation):
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-reqcontext.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..common import FieldError, InputError
from .matching import ACCOUNT_RE, Caller, parse_caller
from .policies import Policy, parse_policy_field

REQUEST_ACTION_RE = re.compile(r"^[A-Za-z0-9-]{1,64}:[A-Za-z0-9_-]{1,128}$")
# Tag keys may hold spaces (aws:PrincipalTag/cost center); control characters never.
CONTEXT_KEY_RE = re.compile(r"^\S(?:[^\x00-\x1f\x7f]{0,254}\S)?$")
MAX_CONTEXT_KEYS = 100
MAX_CONTEXT_VALUES = 200
MAX_CONTEXT_VALUE = 1024
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _text(
    source: Mapping[str, object],
    name: str,
    field: str,
    errors: list[FieldError],
    *,
    max_length: int,
) -> str:
    value = source.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        errors.append(FieldError(field, "This field is required."))
        return ""
    if not isinstance(value, str):
        errors.append(FieldError(field, "Must be text."))
        return ""
    value = value.strip()
    if len(value) > max_length:
        errors.append(FieldError(field, f"Must be at most {max_length:,} characters long."))
        return ""
    if _CONTROL.search(value):
        errors.append(FieldError(field, "Remove the control characters (tabs, line breaks ...)."))
        return ""
    return value


def _context_value(value: object) -> tuple[str, ...] | str:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, bool):
            out.append("true" if item else "false")
        elif isinstance(item, str):
            out.append(item)
        elif isinstance(item, int | float) and item == item and abs(item) != float("inf"):
            out.append(str(item))
        else:
            return "a value is text, a number, true/false, or a list of them"
        if len(out[-1]) > MAX_CONTEXT_VALUE or _CONTROL.search(out[-1]):
            return (
                f"a value is at most {MAX_CONTEXT_VALUE:,} characters, without control characters"
            )
    return tuple(out)


def parse_context(
    value: object, field: str, errors: list[FieldError]
) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Context keys from an object (JSON) or from text, one ``key=value`` per line.

    In text, repeating a key gives it several values (a multivalued key such as aws:TagKeys).
    """
    pairs: list[tuple[str, object, str]] = []  # (key, value, where)
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        for number, line in enumerate(value.splitlines(), start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, equals, item = line.partition("=")
            if not equals:
                errors.append(
                    FieldError(
                        field,
                        f"Line {number}: write key=value, e.g. aws:SourceIp=203.0.113.7, "
                        f'not "{line[:60]}".',
                    )
                )
                continue
            pairs.append((key.strip(), item.strip(), f"Line {number}"))
    elif isinstance(value, dict):
        pairs = [(str(k), v, f"Key {str(k)[:60]}") for k, v in value.items() if v is not None]
    else:
        errors.append(
            FieldError(field, 'The context is an object such as {"aws:SourceIp": "203.0.113.7"}.')
        )
        return {}
    context: dict[str, tuple[str, tuple[str, ...]]] = {}
    for key, raw, where in pairs:
        values = _context_value(raw)
        if not CONTEXT_KEY_RE.match(key):
            errors.append(
                FieldError(
                    field,
                    f"{where}: a key is a name such as aws:SourceIp, at most 256 characters, "
                    "without control characters.",
                )
            )
        elif isinstance(values, str):
            errors.append(FieldError(field, f"{where}: {values}."))
        elif key.lower() in context:
            written, before = context[key.lower()]
            context[key.lower()] = (written, before + values)
        else:
            context[key.lower()] = (key, values)
        if len(context) > MAX_CONTEXT_KEYS:
            errors.append(FieldError(field, f"Give at most {MAX_CONTEXT_KEYS} context keys."))
            break
        if sum(len(values) for _key, values in context.values()) > MAX_CONTEXT_VALUES:
            errors.append(FieldError(field, f"Give at most {MAX_CONTEXT_VALUES} context values."))
            break
    return context


@dataclass(frozen=True)
class EvaluationInput:
    caller: Caller
    action: str
    resource: str
    context: Mapping[str, tuple[str, tuple[str, ...]]]
    derived: frozenset[str]  # lower-cased context keys filled in from the request
    resource_account: str | None
    resource_account_assumed: bool
    identity_policies: tuple[Policy, ...]
    resource_policy: Policy | None
    permissions_boundary: Policy | None
    scps: tuple[Policy, ...]
    session_policy: Policy | None


PRINCIPAL_TYPES = {
    "user": "User",
    "role-session": "AssumedRole",
    "federated-user": "FederatedUser",
    "root": "Account",
    "anonymous": "Anonymous",
}


def _derive_context(caller: Caller, resource_account: str | None) -> dict[str, str]:
    """Global keys AWS puts in every request context, as far as the request reveals them.

    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
    """
    derived: dict[str, str] = {}
    if caller.is_iam:
        # For a role session aws:PrincipalArn is the role's ARN, not the session's.
        derived["aws:PrincipalArn"] = (
            caller.role_arn if caller.kind == "role-session" else caller.arn
        )
        derived["aws:PrincipalAccount"] = str(caller.account)
    if caller.kind in PRINCIPAL_TYPES:
        derived["aws:PrincipalType"] = PRINCIPAL_TYPES[caller.kind]
    if caller.kind == "user":
        derived["aws:username"] = caller.name
    elif caller.kind == "root":
        derived["aws:userid"] = str(caller.account)
    elif caller.kind == "federated-user":
        derived["aws:userid"] = f"{caller.account}:{caller.name}"
    elif caller.kind == "service":
        derived["aws:PrincipalServiceName"] = caller.arn
    if resource_account:
        derived["aws:ResourceAccount"] = resource_account
    return derived


def parse_input(data: Mapping[str, object]) -> EvaluationInput:
    """Check the request and every policy; raise InputError listing every problem.

    Takes the JSON API's shape (``{"request": {...}, "identity_policies": [...], ...}``)
    or the form's flat fields (principal, action, resource, context as key=value lines,
    policies as JSON text).
    """
    errors: list[FieldError] = []
    request = data.get("request")
    prefix = "request."
    if request is None:
        request, prefix = data, ""
    elif not isinstance(request, dict):
        errors.append(
            FieldError(
                "request",
                'The request is an object: {"principal", "action", "resource", "context"}.',
            )
        )
        request = {}
    principal = _text(request, "principal", f"{prefix}principal", errors, max_length=2048)
    action = _text(request, "action", f"{prefix}action", errors, max_length=200)
    resource = _text(request, "resource", f"{prefix}resource", errors, max_length=2048)
    context = parse_context(request.get("context"), f"{prefix}context", errors)

    caller = parse_caller(principal) if principal else None
    if isinstance(caller, str):
        errors.append(FieldError(f"{prefix}principal", caller))
    if action and not REQUEST_ACTION_RE.match(action):
        errors.append(
            FieldError(
                f"{prefix}action",
                "Enter one action as service:ActionName, e.g. s3:GetObject "
                "(wildcards belong in policies, not in a request).",
            )
        )
    resource_parts = resource.split(":", 5)
    if (
        resource
        and resource != "*"
        and (len(resource_parts) < 6 or resource_parts[0] != "arn" or " " in resource)
    ):
        errors.append(
            FieldError(
                f"{prefix}resource",
                "Enter the resource's ARN, e.g. arn:aws:s3:::amzn-s3-demo-bucket/reports/q1.pdf "
                "(or * for an action that has no resource).",
            )
        )

    policies = {
        "identity_policies": parse_policy_field(
            data.get("identity_policies"),
            kind="identity",
            field="identity_policies",
            many=True,
            errors=errors,
            max_count=20,
        ),
        "resource_policy": parse_policy_field(
            data.get("resource_policy"),
            kind="resource",
            field="resource_policy",
            many=False,
            errors=errors,
        ),
        "permissions_boundary": parse_policy_field(
            data.get("permissions_boundary"),
            kind="boundary",
            field="permissions_boundary",
            many=False,
            errors=errors,
        ),
        "scps": parse_policy_field(
            data.get("scps"), kind="scp", field="scps", many=True, errors=errors, max_count=8
        ),
        "session_policy": parse_policy_field(
            data.get("session_policy"),
            kind="session",
            field="session_policy",
            many=False,
            errors=errors,
        ),
    }
    if errors or not isinstance(caller, Caller):
        raise InputError(errors or [FieldError(f"{prefix}principal", "This field is required.")])

    # Whose resource is it? The ARN says for most services; S3 ARNs carry no account, so
    # the aws:ResourceAccount context key says, or else the caller's own account is assumed.
    resource_account, assumed = None, False
    given = context.get("aws:resourceaccount")
    if len(resource_parts) == 6 and ACCOUNT_RE.match(resource_parts[4]):
        resource_account = resource_parts[4]
    elif given and len(given[1]) == 1 and ACCOUNT_RE.match(given[1][0]):
        resource_account = given[1][0]
    elif caller.account:
        resource_account, assumed = caller.account, True
    derived = set()
    full_context = dict(context)
    for key, value in _derive_context(caller, None if assumed else resource_account).items():
        if key.lower() not in full_context:
            full_context[key.lower()] = (key, (value,))
            derived.add(key.lower())

    def single(name: str) -> Policy | None:
        return policies[name][0] if policies[name] else None

    return EvaluationInput(
        caller=caller,
        action=action,
        resource=resource,
        context=full_context,
        derived=frozenset(derived),
        resource_account=resource_account,
        resource_account_assumed=assumed,
        identity_policies=tuple(policies["identity_policies"]),
        resource_policy=single("resource_policy"),
        permissions_boundary=single("permissions_boundary"),
        scps=tuple(policies["scps"]),
        session_policy=single("session_policy"),
    )
