"""The IAM policy evaluator's conditions, from AWS's worked examples: condition operators,
multivalued keys and policy variables."""

from __future__ import annotations

import json

import pytest

from studysite.widgets.logic.iam_policy import evaluate_request, parse_input

from .iam_policy_helpers import (
    ACCOUNT,
    ALICE,
    OBJECT,
    SESSION,
    allow,
    deny,
    evaluate,
    policy,
)

# --- AWS's worked examples: conditions ----------------------------------------------


class TestConditionOperatorExamples:
    """The examples of https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html"""

    def test_principal_tag(self):
        document = policy(
            allow(
                "iam:*AccessKey*",
                f"arn:aws:iam::{ACCOUNT}:user/*",
                Condition={"StringEquals": {"aws:PrincipalTag/job-category": "iamuser-admin"}},
            )
        )
        target = f"arn:aws:iam::{ACCOUNT}:user/bob"
        tagged = evaluate(
            action="iam:CreateAccessKey",
            resource=target,
            context={"aws:PrincipalTag/job-category": "iamuser-admin"},
            identity_policies=[document],
        )
        untagged = evaluate(
            action="iam:CreateAccessKey", resource=target, identity_policies=[document]
        )
        assert tagged["decision"] == "allow"
        assert untagged["decision"] == "implicit-deny"
        assert (
            "aws:PrincipalTag/job-category is not in the request" in untagged["unmet"][0]["reason"]
        )

    @pytest.mark.parametrize(
        ("prefix", "decision"),
        [
            ("", "allow"),
            ("home/", "allow"),
            ("home/David/", "allow"),
            ("home/Bob/", "implicit-deny"),
        ],
    )
    def test_home_directory_with_a_policy_variable(self, prefix, decision):
        document = policy(
            allow(
                "s3:ListBucket",
                "arn:aws:s3:::BUCKET-NAME",
                Condition={"StringLike": {"s3:prefix": ["", "home/", "home/${aws:username}/"]}},
            ),
            allow(
                "s3:*",
                [
                    "arn:aws:s3:::BUCKET-NAME/home/${aws:username}",
                    "arn:aws:s3:::BUCKET-NAME/home/${aws:username}/*",
                ],
            ),
        )
        out = evaluate(
            f"arn:aws:iam::{ACCOUNT}:user/David",
            "s3:ListBucket",
            "arn:aws:s3:::BUCKET-NAME",
            {"s3:prefix": prefix},
            identity_policies=[document],
        )
        assert out["decision"] == decision
        own = evaluate(
            f"arn:aws:iam::{ACCOUNT}:user/David",
            "s3:PutObject",
            "arn:aws:s3:::BUCKET-NAME/home/David/notes.txt",
            identity_policies=[document],
        )
        assert own["decision"] == "allow"

    @pytest.mark.parametrize(("max_keys", "decision"), [("10", "allow"), ("11", "implicit-deny")])
    def test_numeric_max_keys(self, max_keys, decision):
        document = policy(
            allow(
                "s3:ListBucket",
                "arn:aws:s3:::example_bucket",
                Condition={"NumericLessThanEquals": {"s3:max-keys": "10"}},
            )
        )
        out = evaluate(
            action="s3:ListBucket",
            resource="arn:aws:s3:::example_bucket",
            context={"s3:max-keys": max_keys},
            identity_policies=[document],
        )
        assert out["decision"] == decision

    def test_token_issue_time_is_missing_for_long_term_keys(self):
        document = policy(
            allow(
                "iam:*AccessKey*",
                "*",
                Condition={"DateGreaterThan": {"aws:TokenIssueTime": "2020-01-01T00:00:01Z"}},
            )
        )
        fresh = evaluate(
            SESSION,
            "iam:ListAccessKeys",
            "*",
            {"aws:TokenIssueTime": "2020-06-01T08:00:00Z"},
            identity_policies=[document],
        )
        keys = evaluate(ALICE, "iam:ListAccessKeys", "*", identity_policies=[document])
        assert fresh["decision"] == "allow"
        assert keys["decision"] == "implicit-deny"

    def test_deny_without_tls(self):
        document = policy(
            allow("s3:*", "*"),
            {
                "Sid": "BooleanExample",
                "Action": "s3:*",
                "Effect": "Deny",
                "Resource": [
                    "arn:aws:s3:::DOC-EXAMPLE-BUCKET",
                    "arn:aws:s3:::DOC-EXAMPLE-BUCKET/*",
                ],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            },
        )
        resource = "arn:aws:s3:::DOC-EXAMPLE-BUCKET/a.txt"
        plain = evaluate(
            context={"aws:SecureTransport": "false"},
            resource=resource,
            identity_policies=[document],
        )
        tls = evaluate(
            context={"aws:SecureTransport": True}, resource=resource, identity_policies=[document]
        )
        assert plain["decision"] == "explicit-deny"
        assert tls["decision"] == "allow"

    @pytest.mark.parametrize(
        ("source_ip", "decision"),
        [
            ("203.0.113.0", "allow"),
            ("203.0.113.255", "allow"),
            ("203.0.114.0", "implicit-deny"),
            ("2001:db8:1234:5678::abcd", "allow"),
            ("2001:db8:1234:5679::1", "implicit-deny"),
        ],
    )
    def test_ipv4_and_ipv6_ranges(self, source_ip, decision):
        document = policy(
            allow(
                "someservice:*",
                "*",
                Condition={
                    "IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:DB8:1234:5678::/64"]}
                },
            )
        )
        out = evaluate(
            action="someservice:Read",
            resource="*",
            context={"aws:SourceIp": source_ip},
            identity_policies=[document],
        )
        assert out["decision"] == decision

    def test_arn_like_matches_segment_by_segment_where_string_like_does_not(self):
        value = (
            "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"
        )
        pattern = "arn:aws:someservice:*:111122223333:finance/*"
        results = {}
        for operator in ("StringLike", "ArnLike"):
            document = policy(allow(Condition={operator: {"aws:SourceArn": pattern}}))
            out = evaluate(context={"aws:SourceArn": value}, identity_policies=[document])
            results[operator] = out["decision"]
        assert results == {"StringLike": "allow", "ArnLike": "implicit-deny"}

    @pytest.mark.parametrize(
        ("operator", "instance_type", "decision"),
        [
            ("StringLike", None, "implicit-deny"),
            ("StringLikeIfExists", None, "allow"),
            ("StringLikeIfExists", "t2.micro", "allow"),
            ("StringLikeIfExists", "m5.large", "implicit-deny"),
        ],
    )
    def test_if_exists_for_resources_without_the_key(self, operator, instance_type, decision):
        document = policy(
            allow(
                "ec2:RunInstances",
                "*",
                Condition={operator: {"ec2:InstanceType": ["t1.*", "t2.*", "m3.*"]}},
            )
        )
        context = {"ec2:InstanceType": instance_type} if instance_type else {}
        out = evaluate(
            action="ec2:RunInstances",
            resource=f"arn:aws:ec2:us-east-1:{ACCOUNT}:security-group/sg-1",
            context=context,
            identity_policies=[document],
        )
        assert out["decision"] == decision

    @pytest.mark.parametrize(
        ("context", "decision"),
        [({}, "allow"), ({"aws:TokenIssueTime": "2025-01-01T00:00:00Z"}, "implicit-deny")],
    )
    def test_null_means_long_term_credentials(self, context, decision):
        document = policy(allow("ec2:*", "*", Condition={"Null": {"aws:TokenIssueTime": "true"}}))
        out = evaluate(
            action="ec2:DescribeInstances",
            resource="*",
            context=context,
            identity_policies=[document],
        )
        assert out["decision"] == decision


class TestMultivaluedKeys:
    """https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
    and the DynamoDB attribute examples of reference_policies_multi-value-conditions.html."""

    TABLE = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/Thread"

    @pytest.mark.parametrize(
        ("attributes", "decision"),
        [
            (["PostDateTime", "Message"], "allow"),
            (["PostDateTime", "UserName"], "implicit-deny"),
            ([], "allow"),
        ],
    )
    def test_for_all_values_allows_only_listed_attributes(self, attributes, decision):
        document = policy(
            allow(
                "dynamodb:GetItem",
                self.TABLE,
                Condition={
                    "ForAllValues:StringLike": {
                        "dynamodb:requestedAttributes": ["PostDateTime", "Message", "Tags"]
                    }
                },
            )
        )
        out = evaluate(
            action="dynamodb:GetItem",
            resource=self.TABLE,
            context={"dynamodb:requestedAttributes": attributes},
            identity_policies=[document],
        )
        assert out["decision"] == decision

    @pytest.mark.parametrize(
        ("attributes", "decision"),
        [
            (["UserName", "Message", "PostDateTime"], "explicit-deny"),
            (["UserName"], "allow"),
            ([], "allow"),
        ],
    )
    def test_for_any_value_denies_a_forbidden_attribute(self, attributes, decision):
        document = policy(
            allow("dynamodb:*", self.TABLE),
            deny(
                "dynamodb:PutItem",
                self.TABLE,
                Condition={
                    "ForAnyValue:StringLike": {
                        "dynamodb:requestedAttributes": ["ID", "PostDateTime"]
                    }
                },
            ),
        )
        out = evaluate(
            action="dynamodb:PutItem",
            resource=self.TABLE,
            context={"dynamodb:requestedAttributes": attributes},
            identity_policies=[document],
        )
        assert out["decision"] == decision

    @pytest.mark.parametrize(
        ("tag_keys", "denied"),
        [
            (["key1:legal"], False),
            (["key1:hr", "key1:personnel"], False),
            (["key2:audit"], True),
            (None, True),
        ],
    )
    def test_for_all_values_with_a_negated_operator(self, tag_keys, denied):
        """The DenyRestrictedTags table of
        https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html"""
        document = policy(
            allow("iam:*", "*"),
            {
                "Sid": "DenyRestrictedTags",
                "Effect": "Deny",
                "Action": ["iam:Tag*", "iam:UnTag*"],
                "Resource": ["*"],
                "Condition": {"ForAllValues:StringNotLike": {"aws:TagKeys": "key1*"}},
            },
        )
        context = {"aws:TagKeys": tag_keys} if tag_keys is not None else {}
        out = evaluate(
            action="iam:TagUser", resource="*", context=context, identity_policies=[document]
        )
        assert (out["decision"] == "explicit-deny") is denied

    def test_repeated_lines_in_the_form_make_a_multivalued_key(self):
        document = policy(
            allow(Condition={"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}})
        )
        data = {
            "principal": ALICE,
            "action": "s3:GetObject",
            "resource": OBJECT,
            "context": "aws:TagKeys=a\naws:TagKeys=b\n\n# comment\naws:TagKeys=c",
            "identity_policies": json.dumps(document),
        }
        out = evaluate_request(parse_input(data)).to_dict()
        assert out["decision"] == "implicit-deny"
        assert {"key": "aws:TagKeys", "values": ["a", "b", "c"], "derived": False} in out["context"]


class TestPolicyVariables:
    """https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html"""

    def test_username_in_a_resource(self):
        document = policy(
            allow("iam:*AccessKey*", f"arn:aws:iam::{ACCOUNT}:user/${{aws:username}}")
        )
        own = evaluate(action="iam:CreateAccessKey", resource=ALICE, identity_policies=[document])
        other = evaluate(
            action="iam:CreateAccessKey",
            resource=f"arn:aws:iam::{ACCOUNT}:user/bob",
            identity_policies=[document],
        )
        assert own["decision"] == "allow"
        assert other["decision"] == "implicit-deny"

    def test_without_version_2012_variables_are_literal_text(self):
        document = policy(allow("s3:GetObject", "arn:aws:s3:::b/${aws:username}/*"), version=None)
        out = evaluate(resource="arn:aws:s3:::b/alice/x", identity_policies=[document])
        assert out["decision"] == "implicit-deny"
        assert any("plain text" in note for note in out["notes"])
        literal = evaluate(
            resource="arn:aws:s3:::b/${aws:username}/x", identity_policies=[document]
        )
        assert literal["decision"] == "allow"

    def test_a_principal_tag_in_a_resource(self):
        document = policy(
            allow("s3:GetObject", "arn:aws:s3:::bucket/${aws:PrincipalTag/department}/*")
        )
        out = evaluate(
            resource="arn:aws:s3:::bucket/finance/q1.pdf",
            context={"aws:PrincipalTag/department": "finance"},
            identity_policies=[document],
        )
        assert out["decision"] == "allow"

    def test_a_default_value_stands_in_for_a_missing_key(self):
        document = policy(
            allow("s3:GetObject", "arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'shared'}/*")
        )
        out = evaluate(resource="arn:aws:s3:::bucket/shared/x", identity_policies=[document])
        assert out["decision"] == "allow"

    def test_an_unresolved_variable_makes_aws_ignore_the_statement(self):
        allow_document = policy(
            allow("s3:GetObject", "arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*")
        )
        out = evaluate(resource="arn:aws:s3:::bucket/x/y", identity_policies=[allow_document])
        assert out["decision"] == "implicit-deny"
        assert "${aws:PrincipalTag/team} has no value" in out["unmet"][0]["reason"]
        # ...which also silences a Deny: a trap worth seeing.
        deny_document = policy(
            allow(),
            deny(
                Condition={
                    "StringNotEquals": {"aws:PrincipalTag/team": "${aws:PrincipalTag/owner}"}
                }
            ),
        )
        denied_not = evaluate(
            context={"aws:PrincipalTag/team": "red"}, identity_policies=[deny_document]
        )
        assert denied_not["decision"] == "allow"

    @pytest.mark.parametrize(("value", "decision"), [("a*b", "allow"), ("axxb", "implicit-deny")])
    def test_special_characters_are_literal(self, value, decision):
        document = policy(allow(Condition={"StringLike": {"s3:prefix": "a${*}b"}}))
        out = evaluate(context={"s3:prefix": value}, identity_policies=[document])
        assert out["decision"] == decision

    def test_dollar_and_question_mark(self):
        document = policy(allow(Condition={"StringLike": {"s3:prefix": "${$}x${?}"}}))
        assert (
            evaluate(context={"s3:prefix": "$x?"}, identity_policies=[document])["decision"]
            == "allow"
        )
        assert (
            evaluate(context={"s3:prefix": "$xy"}, identity_policies=[document])["decision"]
            == "implicit-deny"
        )

    def test_a_variable_in_an_arn_condition(self):
        document = policy(
            allow(
                Condition={
                    "ArnEquals": {
                        "aws:SourceArn": "arn:aws:sns:us-east-1:${aws:PrincipalAccount}:topic"
                    }
                }
            )
        )
        out = evaluate(
            context={"aws:SourceArn": f"arn:aws:sns:us-east-1:{ACCOUNT}:topic"},
            identity_policies=[document],
        )
        assert out["decision"] == "allow"
