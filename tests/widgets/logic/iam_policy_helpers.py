"""Principals, policies and an evaluate() shortcut for the IAM policy evaluator's tests."""

from __future__ import annotations

import pytest

from studysite.widgets.logic.common import InputError
from studysite.widgets.logic.iam_policy import evaluate_request, parse_input

ACCOUNT = "111122223333"
OTHER = "444455556666"
ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"
SESSION = f"arn:aws:sts::{ACCOUNT}:assumed-role/Analyst/alice"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/Analyst"
OBJECT = "arn:aws:s3:::amzn-s3-demo-bucket/reports/q1.pdf"


def policy(*statements: dict, version: str | None = "2012-10-17") -> dict:
    document: dict = {"Statement": list(statements)}
    if version:
        document["Version"] = version
    return document


def allow(action="*", resource="*", **extra) -> dict:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action="*", resource="*", **extra) -> dict:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def evaluate(principal=ALICE, action="s3:GetObject", resource=OBJECT, context=None, **policies):
    data = {
        "request": {
            "principal": principal,
            "action": action,
            "resource": resource,
            "context": context or {},
        },
        **policies,
    }
    return evaluate_request(parse_input(data)).to_dict()


def step(result: dict, name: str) -> dict:
    return next(s for s in result["steps"] if s["step"] == name)


def errors_of(data: dict) -> dict[str, list[str]]:
    with pytest.raises(InputError) as excinfo:
        parse_input(data)
    out: dict[str, list[str]] = {}
    for error in excinfo.value.errors:
        out.setdefault(error.field, []).append(error.message)
    return out
