"""The IAM policy evaluator's matching: every wildcard and condition operator at its
boundaries, NotAction and NotResource."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studysite.widgets.logic.iam_policy.matching import match_action, match_arn, wildcard_match

from .iam_policy_helpers import (
    OBJECT,
    allow,
    evaluate,
    policy,
)

# --- Matching at its boundaries --------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("*", "", True),
        ("*", "anything/at:all", True),
        ("?", "", False),
        ("?", "a", True),
        ("?", "ab", False),
        ("a*", "a", True),
        ("*a", "a", True),
        ("a*b", "ab", True),
        ("a*b", "a/c:b", True),
        ("a*b", "ab/", False),
        ("a?c", "abc", True),
        ("a?c", "ac", False),
        ("a??", "ab", False),
        ("**", "x", True),
        ("*?*", "", False),
        ("*?*", "x", True),
        ("a*a*a*b", "a" * 200, False),
        ("a*b*c", "abxbxc", True),
        ("a.b", "axb", False),
        ("[ab]", "[ab]", True),
        ("(x)+", "(x)+", True),
        ("a*", "A", False),
        ("é*", "éclair", True),
        ("", "", True),
        ("", "a", False),
    ],
)
def test_wildcards(pattern, text, expected):
    assert wildcard_match(pattern, text) is expected


@given(st.text("ab*?", max_size=8), st.text("ab", max_size=8))
def test_wildcards_agree_with_a_regular_expression(pattern, text):
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    assert wildcard_match(pattern, text) is bool(re.fullmatch(regex, text, re.DOTALL))


def test_adversarial_patterns_finish():
    assert wildcard_match("a*" * 2000 + "b", "a" * 5000) is False
    assert wildcard_match("*a?" * 1000, "ab" * 5000) is True


@pytest.mark.parametrize(
    ("pattern", "action", "expected"),
    [
        ("s3:GetObject", "s3:getobject", True),
        ("S3:GETOBJECT", "s3:GetObject", True),
        ("s3:Get*", "s3:GetObjectAcl", True),
        ("s3:Get*", "s3:PutObject", False),
        ("s3:*", "s3:ListBucket", True),
        ("*", "ec2:RunInstances", True),
        ("iam:*AccessKey*", "iam:CreateAccessKey", True),
        ("iam:*AccessKey*", "iam:ListAccessKeys", True),
        ("s3:Get?bject", "s3:GetObject", True),
        ("s3:Get?bject", "s3:GetObjectAcl", False),
        ("s3:GetObject", "s3:GetObjectAcl", False),
        ("ec2:*", "s3:GetObject", False),
        ("s3*", "s3:GetObject", True),
    ],
)
def test_actions(pattern, action, expected):
    assert match_action(pattern, action) is expected


@pytest.mark.parametrize(
    ("pattern", "arn", "expected"),
    [
        ("*", "arn:aws:s3:::b", True),
        ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b.txt", True),
        ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", False),
        ("arn:aws:s3:::bucket*", "arn:aws:s3:::bucket-logs/x", True),
        ("arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/x", False),
        ("arn:aws:iam::*:user/*", "arn:aws:iam::111122223333:user/division/bob", True),
        (
            "arn:aws:ec2:*:111122223333:instance/*",
            "arn:aws:ec2:us-east-1:111122223333:instance/i-1",
            True,
        ),
        (
            "arn:aws:ec2:*:111122223333:instance/*",
            "arn:aws:ec2:us-east-1:444455556666:instance/i-1",
            False,
        ),
        (
            "arn:aws:lambda:*:*:function:*",
            "arn:aws:lambda:us-east-1:111122223333:function:f:PROD",
            True,
        ),
        ("arn:aws:sqs:us-east-?:*:queue", "arn:aws:sqs:us-east-1:111122223333:queue", True),
        ("arn:aws:sqs:us-east-?:*:queue", "arn:aws:sqs:us-east-10:111122223333:queue", False),
        ("arn:aws:*:us-east-1:*:*", "arn:aws:sqs:us-east-1:111122223333:q", True),
        ("arn:aws:s3:::b/*", "arn:aws:s3", False),
        ("arn:*:s3:::b", "arn:aws-cn:s3:::b", True),
    ],
)
def test_arns(pattern, arn, expected):
    assert match_arn(pattern, arn, {}, variables=True, resource_part_only=True) is expected


# Every operator at its boundaries: (operator, policy values, request values or None for
# a missing key, whether the condition holds).
OPERATOR_TABLE = [
    ("StringEquals", ["a"], ["a"], True),
    ("StringEquals", ["a"], ["A"], False),
    ("StringEquals", ["a", "b"], ["b"], True),
    ("StringEquals", ["a*"], ["ab"], False),
    ("StringEquals", ["a"], None, False),
    ("StringNotEquals", ["a"], ["a"], False),
    ("StringNotEquals", ["a", "b"], ["c"], True),
    ("StringNotEquals", ["a", "b"], ["b"], False),
    ("StringNotEquals", ["a"], None, True),
    ("StringEqualsIgnoreCase", ["Admin"], ["aDMIN"], True),
    ("StringEqualsIgnoreCase", ["Admin"], ["Admins"], False),
    ("StringNotEqualsIgnoreCase", ["Admin"], ["ADMIN"], False),
    ("StringNotEqualsIgnoreCase", ["Admin"], ["root"], True),
    ("StringLike", ["t2.*"], ["t2.micro"], True),
    ("StringLike", ["t2.*"], ["t3.micro"], False),
    ("StringLike", ["home/*"], ["home/"], True),
    ("StringLike", ["*"], [""], True),
    ("StringLike", ["a?"], ["a"], False),
    ("StringLike", ["A*"], ["abc"], False),
    ("StringNotLike", ["key1*"], ["key2"], True),
    ("StringNotLike", ["key1*"], ["key1a"], False),
    ("StringNotLike", ["key1*"], None, True),
    ("NumericEquals", ["10"], ["10.0"], True),
    ("NumericEquals", ["10"], ["ten"], False),
    ("NumericNotEquals", ["10"], ["10"], False),
    ("NumericNotEquals", ["10"], ["11"], True),
    ("NumericNotEquals", ["10"], None, True),
    ("NumericLessThan", ["10"], ["9.99"], True),
    ("NumericLessThan", ["10"], ["10"], False),
    ("NumericLessThanEquals", ["10"], ["10"], True),
    ("NumericLessThanEquals", ["10"], ["10.01"], False),
    ("NumericGreaterThan", ["10"], ["10"], False),
    ("NumericGreaterThan", ["10"], ["11"], True),
    ("NumericGreaterThanEquals", ["10"], ["10"], True),
    ("NumericGreaterThanEquals", ["-1.5"], ["-2"], False),
    ("NumericLessThan", ["10"], None, False),
    ("DateEquals", ["2025-01-01T00:00:00Z"], ["2025-01-01T00:00:00+00:00"], True),
    ("DateEquals", ["1735689600"], ["2025-01-01T00:00:00Z"], True),
    ("DateEquals", ["2025-01-01"], ["2025-01-01T00:00:00Z"], True),
    ("DateEquals", ["2025-01"], ["2025-01-01T00:00:00Z"], True),
    ("DateEquals", ["2025"], ["1970-01-01T00:33:45Z"], True),  # digits alone are epoch seconds
    ("DateNotEquals", ["2025-01-01T00:00:00Z"], ["2025-01-01T00:00:00Z"], False),
    ("DateLessThan", ["2025-01-01T00:00:00Z"], ["2024-12-31T23:59:59Z"], True),
    ("DateLessThan", ["2025-01-01T00:00:00Z"], ["2025-01-01T00:00:00Z"], False),
    ("DateLessThanEquals", ["2025-01-01T00:00:00Z"], ["2025-01-01T00:00:00Z"], True),
    ("DateGreaterThan", ["2025-01-01T00:00:00Z"], ["2025-01-01T00:00:01Z"], True),
    ("DateGreaterThan", ["2025-01-01T00:00:00Z"], ["2025-01-01T01:00:00+02:00"], False),
    ("DateGreaterThanEquals", ["2025-01-01T00:00:00Z"], ["2025-01-01T00:00:00Z"], True),
    ("DateLessThan", ["2025-01-01T00:00:00Z"], ["yesterday"], False),
    ("Bool", ["true"], ["true"], True),
    ("Bool", ["true"], ["TRUE"], True),
    ("Bool", ["false"], ["true"], False),
    ("Bool", ["true"], None, False),
    ("BinaryEquals", ["QmluYXJ5VmFsdWVJbkJhc2U2NA=="], ["QmluYXJ5VmFsdWVJbkJhc2U2NA=="], True),
    ("BinaryEquals", ["QmluYXJ5VmFsdWVJbkJhc2U2NA=="], ["QmluYXJ5"], False),
    ("IpAddress", ["203.0.113.0/24"], ["203.0.113.255"], True),
    ("IpAddress", ["203.0.113.0/24"], ["203.0.114.0"], False),
    ("IpAddress", ["203.0.113.7"], ["203.0.113.7"], True),
    ("IpAddress", ["203.0.113.7"], ["203.0.113.8"], False),
    ("IpAddress", ["2001:DB8:1234:5678::/64"], ["2001:db8:1234:5678::1"], True),
    ("IpAddress", ["0.0.0.0/0"], ["2001:db8::1"], False),
    ("IpAddress", ["203.0.113.0/24"], ["not-an-ip"], False),
    ("IpAddress", ["203.0.113.0/24"], None, False),
    ("NotIpAddress", ["203.0.113.0/24"], ["198.51.100.1"], True),
    ("NotIpAddress", ["203.0.113.0/24"], ["203.0.113.1"], False),
    ("NotIpAddress", ["203.0.113.0/24"], None, True),
    (
        "ArnEquals",
        ["arn:aws:sns:*:111122223333:topic"],
        ["arn:aws:sns:eu-west-1:111122223333:topic"],
        True,
    ),
    (
        "ArnLike",
        ["arn:aws:sns:*:111122223333:topic"],
        ["arn:aws:sns:eu-west-1:111122223333:topic"],
        True,
    ),
    (
        "ArnLike",
        ["arn:aws:sns:*:111122223333:topic"],
        ["arn:aws:sns:eu-west-1:444455556666:topic"],
        False,
    ),
    ("ArnLike", ["arn:aws:sns:*:111122223333:topic"], ["not an arn"], False),
    (
        "ArnNotEquals",
        ["arn:aws:iam::111122223333:user/a"],
        ["arn:aws:iam::111122223333:user/a"],
        False,
    ),
    ("ArnNotLike", ["arn:aws:iam::*:user/a*"], ["arn:aws:iam::111122223333:user/bob"], True),
    ("ArnNotLike", ["arn:aws:iam::*:user/a*"], None, True),
    ("Null", ["true"], None, True),
    ("Null", ["true"], ["x"], False),
    ("Null", ["false"], ["x"], True),
    ("Null", ["false"], None, False),
    ("StringEqualsIfExists", ["a"], None, True),
    ("StringEqualsIfExists", ["a"], ["b"], False),
    ("StringNotEqualsIfExists", ["a"], ["a"], False),
    ("NumericLessThanIfExists", ["10"], None, True),
    ("IpAddressIfExists", ["203.0.113.0/24"], ["198.51.100.1"], False),
    ("ForAnyValue:StringEquals", ["a", "b"], ["c", "b"], True),
    ("ForAnyValue:StringEquals", ["a", "b"], ["c", "d"], False),
    ("ForAnyValue:StringEquals", ["a"], None, False),
    ("ForAnyValue:StringEquals", ["a"], [], False),
    ("ForAllValues:StringEquals", ["a", "b"], ["a", "b"], True),
    ("ForAllValues:StringEquals", ["a", "b"], ["a", "c"], False),
    ("ForAllValues:StringEquals", ["a"], None, True),
    ("ForAllValues:StringEquals", ["a"], [], True),
    ("ForAllValues:StringNotEquals", ["a"], ["b", "c"], True),
    ("ForAllValues:StringNotEquals", ["a"], ["b", "a"], False),
    ("ForAnyValue:StringNotEquals", ["a"], ["a", "b"], True),
    ("ForAnyValue:StringNotEquals", ["a"], ["a"], False),
    ("ForAnyValue:StringLikeIfExists", ["a*"], None, True),
    ("forallvalues:stringequals", ["a"], ["a"], True),
]


@pytest.mark.parametrize(("operator", "expected", "actual", "holds"), OPERATOR_TABLE)
def test_condition_operators(operator, expected, actual, holds):
    document = policy(allow(Condition={operator: {"test:Key": expected}}))
    context = {} if actual is None else {"test:Key": actual}
    out = evaluate(context=context, identity_policies=[document])
    assert out["decision"] == ("allow" if holds else "implicit-deny")
    if not holds:
        reason = out["unmet"][0]["reason"]
        assert "test:Key" in reason and ("false" in reason or "never matches" in reason)


def test_condition_keys_ignore_case_and_blocks_and_keys_combine_with_and():
    document = policy(
        allow(
            Condition={
                "IpAddress": {"AWS:SOURCEIP": "203.0.113.0/24"},
                "StringEquals": {
                    "aws:RequestedRegion": "eu-west-1",
                    "aws:PrincipalTag/team": "red",
                },
            }
        )
    )
    base = {
        "aws:SourceIp": "203.0.113.9",
        "aws:RequestedRegion": "eu-west-1",
        "aws:PrincipalTag/team": "red",
    }
    assert evaluate(context=base, identity_policies=[document])["decision"] == "allow"
    for key in base:
        context = {k: v for k, v in base.items() if k != key}
        assert (
            evaluate(context=context, identity_policies=[document])["decision"] == "implicit-deny"
        )


@pytest.mark.parametrize(
    ("statement", "action", "resource", "decision"),
    [
        (
            {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
            "s3:GetObject",
            OBJECT,
            "allow",
        ),
        (
            {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
            "iam:GetUser",
            "*",
            "implicit-deny",
        ),
        (
            {"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:s3:::secret/*"},
            "s3:GetObject",
            OBJECT,
            "allow",
        ),
        (
            {"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:s3:::secret/*"},
            "s3:GetObject",
            "arn:aws:s3:::secret/x",
            "implicit-deny",
        ),
        (
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
            "s3:GetObject",
            "*",
            "allow",
        ),
        (
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::*"},
            "s3:GetObject",
            "*",
            "implicit-deny",
        ),
    ],
)
def test_not_action_and_not_resource(statement, action, resource, decision):
    assert (
        evaluate(action=action, resource=resource, identity_policies=[policy(statement)])[
            "decision"
        ]
        == decision
    )
