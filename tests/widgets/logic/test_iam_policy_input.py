"""The IAM policy evaluator's validation: bad input gets a clear message for its field."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studysite.widgets.logic.common import InputError
from studysite.widgets.logic.iam_policy import evaluate_request, parse_input

from .iam_policy_helpers import (
    ALICE,
    OBJECT,
    allow,
    errors_of,
    policy,
)

# --- Bad input ---------------------------------------------------------------------------

GOOD = {"request": {"principal": ALICE, "action": "s3:GetObject", "resource": OBJECT}}


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"identity_policies": ["[1]"]}, "identity_policies", "a policy is a JSON object"),
        ({"identity_policies": [42]}, "identity_policies", "a policy is a JSON object"),
        (
            {"identity_policies": ['{"Version": "2012-10-17",\n "Statement": [}']},
            "identity_policies",
            "line 2, column",
        ),
        (
            {"identity_policies": [policy({"Effect": "allow", "Action": "*", "Resource": "*"})]},
            "identity_policies",
            'Effect must be "Allow" or "Deny"',
        ),
        (
            {"identity_policies": [policy({"Effect": "Permit", "Action": "*", "Resource": "*"})]},
            "identity_policies",
            '"Permit"',
        ),
        (
            {"identity_policies": [policy({"Effect": "Allow", "Resource": "*"})]},
            "identity_policies",
            "Action (or NotAction) is missing",
        ),
        (
            {
                "identity_policies": [
                    policy({"Effect": "Allow", "Action": "*", "NotAction": "s3:*", "Resource": "*"})
                ]
            },
            "identity_policies",
            "not both",
        ),
        (
            {"identity_policies": [policy({"Effect": "Allow", "Action": "*"})]},
            "identity_policies",
            "Resource (or NotResource) is missing",
        ),
        (
            {"identity_policies": [policy({"Effect": "Allow", "Action": [], "Resource": "*"})]},
            "identity_policies",
            "list of strings",
        ),
        (
            {"identity_policies": [policy(allow("GetObject"))]},
            "identity_policies",
            "service:ActionName",
        ),
        (
            {"identity_policies": [policy(allow(resource="bucket/*"))]},
            "identity_policies",
            "is not an ARN",
        ),
        (
            {"identity_policies": [policy(allow(Condition={"StringEqualz": {"a": "b"}}))]},
            "identity_policies",
            "Unknown condition operator",
        ),
        (
            {
                "identity_policies": [
                    policy(allow(Condition={"ForSomeValues:StringEquals": {"a": "b"}}))
                ]
            },
            "identity_policies",
            "ForAnyValue: and ForAllValues:",
        ),
        (
            {"identity_policies": [policy(allow(Condition={"NullIfExists": {"a": "true"}}))]},
            "identity_policies",
            "Null tests",
        ),
        (
            {
                "identity_policies": [
                    policy(allow(Condition={"NumericLessThan": {"s3:max-keys": "ten"}}))
                ]
            },
            "identity_policies",
            "is not a number",
        ),
        (
            {
                "identity_policies": [
                    policy(allow(Condition={"DateLessThan": {"aws:CurrentTime": "soon"}}))
                ]
            },
            "identity_policies",
            "ISO 8601",
        ),
        (
            {
                "identity_policies": [
                    policy(allow(Condition={"IpAddress": {"aws:SourceIp": "10.0.0.300/8"}}))
                ]
            },
            "identity_policies",
            "CIDR",
        ),
        (
            {
                "identity_policies": [
                    policy(allow(Condition={"Null": {"aws:TokenIssueTime": "yes"}}))
                ]
            },
            "identity_policies",
            '"true" or "false"',
        ),
        (
            {
                "identity_policies": [
                    policy(allow(Condition={"StringEquals": {"aws:x": {"nested": 1}}}))
                ]
            },
            "identity_policies",
            "string, number or boolean",
        ),
        (
            {"identity_policies": [policy(allow(Condition={"StringEquals": "x"}))]},
            "identity_policies",
            "takes an object of condition keys",
        ),
        (
            {"identity_policies": [policy(allow(Principal="*"))]},
            "identity_policies",
            "only resource-based policies name a Principal",
        ),
        (
            {"identity_policies": [{"Version": "2020-01-01", "Statement": allow()}]},
            "identity_policies",
            'Version is "2012-10-17"',
        ),
        (
            {"identity_policies": [{"Version": "2012-10-17"}]},
            "identity_policies",
            "Statement is missing",
        ),
        (
            {"identity_policies": [{"Version": "2012-10-17", "Statement": [], "Extra": 1}]},
            "identity_policies",
            'Unknown element "Extra"',
        ),
        (
            {
                "identity_policies": [
                    policy({"effect": "Allow", "Effect": "Allow", "Action": "*", "Resource": "*"})
                ]
            },
            "identity_policies",
            'must be written "Effect"',
        ),
        ({"identity_policies": [policy(allow(Sid=7))]}, "identity_policies", "Sid is text"),
        ({"identity_policies": [policy(allow())] * 21}, "identity_policies", "at most 20"),
        ({"identity_policies": 5}, "identity_policies", "as JSON"),
        (
            {"identity_policies": [policy(allow(resource=["arn:aws:s3:::b/" + "x" * 66_000]))]},
            "identity_policies",
            "64 KiB",
        ),
        ({"identity_policies": ["[" * 5000]}, "identity_policies", "not valid JSON"),
        ({"identity_policies": ['{"Version": NaN}']}, "identity_policies", "not valid JSON"),
        (
            {"resource_policy": policy(allow())},
            "resource_policy",
            "Principal (or NotPrincipal) is missing",
        ),
        (
            {
                "resource_policy": policy(
                    allow(Principal={"AWS": "arn:aws:iam::111122223333:user/*"})
                )
            },
            "resource_policy",
            "cannot use wildcards",
        ),
        (
            {"resource_policy": policy(allow(Principal={"AWS": "bob"}))},
            "resource_policy",
            "is not an AWS principal",
        ),
        (
            {"resource_policy": policy(allow(Principal={"Service": "nope"}))},
            "resource_policy",
            "not a service principal",
        ),
        (
            {"resource_policy": policy(allow(Principal={"Group": "x"}))},
            "resource_policy",
            "Unknown principal type",
        ),
        (
            {"resource_policy": policy(allow(Principal="everyone"))},
            "resource_policy",
            'Principal is "*" or an object',
        ),
        ({"resource_policy": [policy(allow(Principal="*"))]}, "resource_policy", "Give one policy"),
        ({"scps": [policy(allow())] * 9}, "scps", "at most 8"),
        ({"session_policy": "[]"}, "session_policy", "a policy is a JSON object"),
        ({"request": "s3:GetObject"}, "request", "The request is an object"),
        (
            {"request": {**GOOD["request"], "principal": "alice"}},
            "request.principal",
            "Enter the ARN",
        ),
        (
            {"request": {**GOOD["request"], "principal": "arn:aws:iam::111122223333:group/admins"}},
            "request.principal",
            "Enter the ARN",
        ),
        ({"request": {**GOOD["request"], "principal": None}}, "request.principal", "required"),
        (
            {"request": {**GOOD["request"], "action": "s3:*"}},
            "request.action",
            "wildcards belong in policies",
        ),
        ({"request": {**GOOD["request"], "action": 7}}, "request.action", "Must be text"),
        (
            {"request": {**GOOD["request"], "resource": "amzn-s3-demo-bucket"}},
            "request.resource",
            "Enter the resource's ARN",
        ),
        (
            {"request": {**GOOD["request"], "resource": "arn:aws:s3:::b\nx"}},
            "request.resource",
            "control characters",
        ),
        (
            {"request": {**GOOD["request"], "context": "aws:SourceIp=1.2.3.4\nnonsense"}},
            "request.context",
            "Line 2: write key=value",
        ),
        (
            {"request": {**GOOD["request"], "context": {"aws:\x01key": "1"}}},
            "request.context",
            "without control characters",
        ),
        (
            {"request": {**GOOD["request"], "context": {"k": {"nested": True}}}},
            "request.context",
            "a value is text",
        ),
        (
            {"request": {**GOOD["request"], "context": ["a=b"]}},
            "request.context",
            "The context is an object",
        ),
        (
            {"request": {**GOOD["request"], "context": {"k": "x" * 2000}}},
            "request.context",
            "at most 1,024",
        ),
        (
            {"request": {**GOOD["request"], "context": {"aws:TagKeys": ["k"] * 201}}},
            "request.context",
            "at most 200 context values",
        ),
    ],
)
def test_bad_input_gets_a_clear_message(change, field, words):
    data = {**GOOD, **change}
    errors = errors_of(data)
    assert field in errors, errors
    assert any(words in message for message in errors[field]), errors[field]


def test_messages_say_which_policy_and_statement():
    data = {
        **GOOD,
        "identity_policies": [
            policy(allow()),
            policy(allow(), {"Sid": "Oops", "Effect": "allow", "Action": "*", "Resource": "*"}),
        ],
    }
    (message,) = errors_of(data)["identity_policies"]
    assert message.startswith('Identity-based policy 2, statement 2 ("Oops"): Effect must be')


def test_the_form_names_fields_without_the_request_prefix():
    errors = errors_of({"principal": "nobody", "action": "", "resource": OBJECT})
    assert set(errors) == {"principal", "action"}


def test_errors_per_field_are_capped():
    statements = [{"Effect": "maybe", "Action": "*", "Resource": "*"}] * 50
    errors = errors_of({**GOOD, "identity_policies": [policy(*statements)] * 3})
    assert len(errors["identity_policies"]) == 12


def test_tag_keys_may_hold_spaces():
    document = policy(allow("s3:GetObject", "arn:aws:s3:::b/${aws:PrincipalTag/cost center}/*"))
    data = {
        "principal": ALICE,
        "action": "s3:GetObject",
        "resource": "arn:aws:s3:::b/1234/x",
        "context": "aws:PrincipalTag/cost center = 1234",
        "identity_policies": json.dumps(document),
    }
    assert evaluate_request(parse_input(data)).decision == "allow"


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "principal",
                "action",
                "resource",
                "context",
                "identity_policies",
                "resource_policy",
                "permissions_boundary",
                "scps",
                "session_policy",
                "request",
            ]
        ),
        st.text() | st.integers() | st.none() | st.lists(st.text(), max_size=3) | st.booleans(),
    )
)
def test_any_input_is_either_rejected_clearly_or_evaluated(data):
    try:
        parsed = parse_input(data)
    except InputError as exc:
        assert exc.errors and all(e.message and e.field for e in exc.errors)
    else:
        assert evaluate_request(parsed).decision in ("allow", "explicit-deny", "implicit-deny")


@given(st.text(max_size=300))
def test_any_text_as_a_policy_is_rejected_clearly_or_read(text):
    try:
        parse_input({**GOOD, "identity_policies": [text], "resource_policy": text, "scps": text})
    except InputError as exc:
        assert all(e.message for e in exc.errors)
