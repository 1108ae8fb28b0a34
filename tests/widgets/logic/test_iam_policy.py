"""The IAM policy evaluator's pure logic: AWS's worked examples, every operator and
wildcard at its boundaries, validation messages, and properties of the evaluation logic."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

import studysite.widgets.logic.iam_policy as iam_policy
from studysite.widgets.logic.common import InputError
from studysite.widgets.logic.iam_policy import EXAMPLES, INITIAL, evaluate_request, parse_input
from studysite.widgets.logic.iam_policy.matching import match_action, match_arn, wildcard_match

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


# --- AWS's worked examples -------------------------------------------------------------


class TestSingleAccountExample:
    """https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
    (Carlos saves a file; identity-based and resource-based policy evaluation)."""

    CARLOS = "arn:aws:iam::123456789012:user/carlossalazar"
    IDENTITY = policy(
        {
            "Sid": "AllowS3ListRead",
            "Effect": "Allow",
            "Action": [
                "s3:GetBucketLocation",
                "s3:GetAccountPublicAccessBlock",
                "s3:ListAccessPoints",
                "s3:ListAllMyBuckets",
            ],
            "Resource": "arn:aws:s3:::*",
        },
        {
            "Sid": "AllowS3Self",
            "Effect": "Allow",
            "Action": "s3:*",
            "Resource": ["arn:aws:s3:::carlossalazar/*", "arn:aws:s3:::carlossalazar"],
        },
        {"Sid": "DenyS3Logs", "Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::*log*"},
    )
    BUCKET_POLICY = policy(
        {
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::123456789012:user/carlossalazar"},
            "Action": "s3:*",
            "Resource": ["arn:aws:s3:::carlossalazar/*", "arn:aws:s3:::carlossalazar"],
        }
    )

    def run(self, resource, **policies):
        return evaluate(self.CARLOS, "s3:PutObject", resource, **policies)

    def test_saving_to_the_logs_bucket_is_explicitly_denied(self):
        out = self.run(
            "arn:aws:s3:::carlossalazar-logs/app.log",
            identity_policies=[self.IDENTITY],
            resource_policy=self.BUCKET_POLICY,
        )
        assert out["decision"] == "explicit-deny"
        assert out["decided_by"] == "explicit-deny"
        assert 'statement "DenyS3Logs" denies s3:PutObject' in out["summary"]
        assert {
            "policy": "identity_policies[0]",
            "sid": "DenyS3Logs",
            "effect": "Deny",
        }.items() <= (out["matched"][0].items())

    def test_saving_to_his_own_bucket_is_allowed_by_both(self):
        out = self.run(
            "arn:aws:s3:::carlossalazar/report.txt",
            identity_policies=[self.IDENTITY],
            resource_policy=self.BUCKET_POLICY,
        )
        assert out["decision"] == "allow"
        assert {(m["policy"], m["effect"]) for m in out["matched"]} == {
            ("resource_policy", "Allow"),
            ("identity_policies[0]", "Allow"),
        }

    def test_either_policy_alone_is_enough_within_the_account(self):
        resource = "arn:aws:s3:::carlossalazar/report.txt"
        by_identity = self.run(resource, identity_policies=[self.IDENTITY])
        by_bucket = self.run(resource, resource_policy=self.BUCKET_POLICY)
        assert by_identity["decision"] == by_bucket["decision"] == "allow"
        assert by_bucket["decided_by"] == "resource-policy"
        assert "names this caller itself" in step(by_bucket, "resource-policy")["detail"]
        assert step(by_bucket, "identity-policy")["result"] == "not-evaluated"


class TestCrossAccountExample:
    """https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
    (Carlos in 111111111111 writes to the Production bucket in 222222222222)."""

    CARLOS = "arn:aws:iam::111111111111:user/carlossalazar"
    CONTEXT: ClassVar[dict[str, str]] = {"aws:ResourceAccount": "222222222222"}
    IDENTITY = policy(
        {
            "Sid": "AllowS3ListRead",
            "Effect": "Allow",
            "Action": "s3:ListAllMyBuckets",
            "Resource": "*",
        },
        {
            "Sid": "AllowS3ProductionObjectActions",
            "Effect": "Allow",
            "Action": "s3:*Object*",
            "Resource": "arn:aws:s3:::Production/*",
        },
        {
            "Sid": "DenyS3Logs",
            "Effect": "Deny",
            "Action": "s3:*",
            "Resource": ["arn:aws:s3:::*log*", "arn:aws:s3:::*log*/*"],
        },
    )
    BUCKET_POLICY = policy(
        {
            "Effect": "Allow",
            "Action": ["s3:GetObject*", "s3:PutObject*", "s3:ReplicateObject", "s3:RestoreObject"],
            "Principal": {"AWS": "arn:aws:iam::111111111111:user/carlossalazar"},
            "Resource": "arn:aws:s3:::Production/*",
        }
    )

    def run(self, resource, action="s3:PutObject", **policies):
        return evaluate(self.CARLOS, action, resource, self.CONTEXT, **policies)

    def test_the_logs_bucket_is_denied_in_the_callers_account(self):
        out = self.run("arn:aws:s3:::Production-logs/app.log", identity_policies=[self.IDENTITY])
        assert out["cross_account"] is True
        assert out["decision"] == "explicit-deny"

    def test_both_accounts_allow_the_production_bucket(self):
        out = self.run(
            "arn:aws:s3:::Production/report.txt",
            identity_policies=[self.IDENTITY],
            resource_policy=self.BUCKET_POLICY,
        )
        assert out["decision"] == "allow"
        assert out["decided_by"] == "resource-policy"
        assert out["summary"].startswith("Allowed: both accounts allow it.")
        assert [s["step"] for s in out["steps"]][-1] == "resource-policy"

    def test_without_the_bucket_policy_the_resource_account_does_not_allow(self):
        out = self.run("arn:aws:s3:::Production/report.txt", identity_policies=[self.IDENTITY])
        assert out["decision"] == "implicit-deny"
        assert out["decided_by"] == "resource-policy"
        assert "a resource-based policy in 222222222222 must allow the caller too" in out["summary"]

    def test_without_the_identity_policy_the_callers_account_does_not_allow(self):
        out = self.run("arn:aws:s3:::Production/report.txt", resource_policy=self.BUCKET_POLICY)
        assert out["decision"] == "implicit-deny"
        assert out["decided_by"] == "identity-policy"
        assert "the caller's account must allow it as well" in out["summary"]

    def test_deleting_is_not_in_the_bucket_policy(self):
        out = self.run(
            "arn:aws:s3:::Production/report.txt",
            action="s3:DeleteObject",
            identity_policies=[self.IDENTITY],
            resource_policy=self.BUCKET_POLICY,
        )
        assert out["decision"] == "implicit-deny"
        assert out["decided_by"] == "resource-policy"


class TestExplicitAndImplicitDeny:
    """https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_AccessPolicyLanguage_Interplay.html"""

    POLICY = policy(
        {
            "Sid": "AllowGetList",
            "Effect": "Allow",
            "Action": ["iam:Get*", "iam:List*"],
            "Resource": "*",
        },
        {"Sid": "DenyReports", "Effect": "Deny", "Action": "iam:*Report", "Resource": "*"},
    )
    REPORTS = policy(allow("iam:GenerateCredentialReport"))

    @pytest.mark.parametrize(
        ("action", "decision"),
        [
            ("iam:GetUser", "allow"),
            ("iam:ListRoles", "allow"),
            ("iam:CreatePolicy", "implicit-deny"),
            ("iam:GetOrganizationsAccessReport", "explicit-deny"),
            ("iam:GenerateCredentialReport", "explicit-deny"),
        ],
    )
    def test_each_action(self, action, decision):
        out = evaluate(
            action=action,
            resource="*",
            identity_policies=[self.POLICY, self.REPORTS],
        )
        assert out["decision"] == decision


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


class TestResourcePoliciesAndImplicitDenies:
    """The table "Resource-based policies and implicit denies in other policy types (same
    account)" of https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html"""

    BOUNDARY = policy(allow("dynamodb:*"))  # does not allow s3:GetObject
    SESSION_POLICY = policy(allow("dynamodb:*"))

    def bucket(self, principal) -> dict:
        return policy(
            {
                "Effect": "Allow",
                "Principal": {"AWS": principal},
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*",
            }
        )

    def test_a_user_named_directly_is_not_limited_by_a_boundary(self):
        out = evaluate(
            ALICE, resource_policy=self.bucket(ALICE), permissions_boundary=self.BOUNDARY
        )
        assert out["decision"] == "allow"
        assert out["decided_by"] == "resource-policy"

    def test_a_role_arn_is_limited_by_the_boundary(self):
        out = evaluate(
            SESSION, resource_policy=self.bucket(ROLE), permissions_boundary=self.BOUNDARY
        )
        assert out["decision"] == "implicit-deny"
        assert out["decided_by"] == "permissions-boundary"
        assert "still limit it" in step(out, "resource-policy")["detail"]

    def test_a_role_arn_is_limited_by_the_session_policy(self):
        out = evaluate(
            SESSION, resource_policy=self.bucket(ROLE), session_policy=self.SESSION_POLICY
        )
        assert out["decision"] == "implicit-deny"
        assert out["decided_by"] == "session-policy"

    def test_a_role_arn_needs_no_identity_based_policy(self):
        out = evaluate(SESSION, resource_policy=self.bucket(ROLE))
        assert out["decision"] == "allow"
        assert "counts instead" in step(out, "identity-policy")["detail"]

    def test_a_role_arn_with_a_path_names_its_sessions(self):
        out = evaluate(
            SESSION, resource_policy=self.bucket(f"arn:aws:iam::{ACCOUNT}:role/team/Analyst")
        )
        assert out["decision"] == "allow"

    def test_a_session_named_directly_is_limited_by_nothing(self):
        out = evaluate(
            SESSION,
            resource_policy=self.bucket(SESSION),
            permissions_boundary=self.BOUNDARY,
            session_policy=self.SESSION_POLICY,
        )
        assert out["decision"] == "allow"
        assert out["decided_by"] == "resource-policy"

    def test_a_federated_user_named_directly_needs_no_session_policy(self):
        federated = f"arn:aws:sts::{ACCOUNT}:federated-user/carol"
        assert evaluate(federated, resource_policy=self.bucket(federated))["decision"] == "allow"

    def test_a_federated_user_without_a_session_policy_has_no_permissions(self):
        federated = f"arn:aws:sts::{ACCOUNT}:federated-user/carol"
        out = evaluate(federated, identity_policies=[policy(allow())])
        assert out["decision"] == "implicit-deny"
        assert out["decided_by"] == "session-policy"
        with_policy = evaluate(
            federated, identity_policies=[policy(allow())], session_policy=policy(allow("s3:*"))
        )
        assert with_policy["decision"] == "allow"

    def test_naming_the_account_only_delegates(self):
        out = evaluate(ALICE, resource_policy=self.bucket(ACCOUNT))
        assert out["decision"] == "implicit-deny"
        assert out["decided_by"] == "identity-policy"
        assert "only delegates" in step(out, "resource-policy")["detail"]
        both = evaluate(
            ALICE,
            resource_policy=self.bucket(f"arn:aws:iam::{ACCOUNT}:root"),
            identity_policies=[policy(allow())],
        )
        assert both["decision"] == "allow"

    def test_everyone_includes_users_of_the_account(self):
        public = policy(
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}
        )
        assert evaluate(ALICE, resource_policy=public)["decision"] == "allow"
        assert evaluate("anonymous", resource_policy=public)["decision"] == "allow"

    def test_the_role_session_keeps_the_roles_permissions_without_a_session_policy(self):
        out = evaluate(SESSION, identity_policies=[policy(allow())])
        assert out["decision"] == "allow"
        assert "keeps the role's permissions" in step(out, "session-policy")["detail"]


class TestPoliciesThatMustAllow:
    """Role trust policies and KMS key policies must allow even within one account
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html)."""

    TARGET_ROLE = f"arn:aws:iam::{ACCOUNT}:role/Deployer"
    KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"

    def test_assume_role_without_a_trust_policy(self):
        out = evaluate(
            action="sts:AssumeRole", resource=self.TARGET_ROLE, identity_policies=[policy(allow())]
        )
        assert out["decision"] == "implicit-deny"
        assert "The role's trust policy must allow" in out["summary"]

    def test_a_trust_policy_without_a_resource_element(self):
        trust = policy({"Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "sts:AssumeRole"})
        out = evaluate(action="sts:AssumeRole", resource=self.TARGET_ROLE, resource_policy=trust)
        assert out["decision"] == "allow"

    @pytest.mark.parametrize(("identity", "decision"), [(True, "allow"), (False, "implicit-deny")])
    def test_a_key_policy_that_enables_iam_policies(self, identity, decision):
        key_policy = policy(
            {
                "Sid": "EnableIAMPolicies",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": "kms:*",
                "Resource": "*",
            }
        )
        out = evaluate(
            action="kms:Decrypt",
            resource=self.KEY,
            resource_policy=key_policy,
            identity_policies=[policy(allow("kms:Decrypt"))] if identity else [],
        )
        assert out["decision"] == decision

    def test_a_key_without_a_key_policy_statement_for_the_caller(self):
        key_policy = policy(
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"},
                "Action": "kms:*",
                "Resource": "*",
            }
        )
        out = evaluate(
            action="kms:Decrypt",
            resource=self.KEY,
            resource_policy=key_policy,
            identity_policies=[policy(allow())],
        )
        assert out["decision"] == "implicit-deny"
        assert "The KMS key policy has no statement allowing this caller" in out["summary"]


class TestOrganizations:
    """SCPs: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html"""

    FULL = policy({"Sid": "FullAWSAccess", "Effect": "Allow", "Action": "*", "Resource": "*"})
    S3_ONLY = policy(allow("s3:*"))

    def test_every_level_must_allow(self):
        out = evaluate(
            action="ec2:RunInstances",
            resource="*",
            identity_policies=[policy(allow())],
            scps=[self.FULL, self.S3_ONLY],
        )
        assert out["decision"] == "implicit-deny"
        assert out["decided_by"] == "scp"
        assert "SCP 2 has no statement allowing ec2:RunInstances" in out["summary"]

    def test_an_scp_grants_nothing_by_itself(self):
        out = evaluate(scps=[self.FULL])
        assert out["decision"] == "implicit-deny"
        assert out["decided_by"] == "identity-policy"

    def test_the_root_user_of_a_member_account_is_limited(self):
        root = f"arn:aws:iam::{ACCOUNT}:root"
        assert evaluate(root)["decision"] == "allow"
        assert evaluate(ACCOUNT)["decision"] == "allow"
        limited = evaluate(root, scps=[self.FULL, policy(deny("s3:*"), allow())])
        assert limited["decision"] == "explicit-deny"

    def test_service_linked_roles_are_not_affected(self):
        linked = (
            f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/elasticloadbalancing.amazonaws.com/"
            "AWSServiceRoleForElasticLoadBalancing"
        )
        out = evaluate(linked, identity_policies=[policy(allow())], scps=[policy(deny())])
        assert out["decision"] == "allow"
        assert any("service-linked roles" in note for note in out["notes"])


class TestPrincipals:
    """https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
    and reference_policies_elements_notprincipal.html"""

    def deny_all_but(self, *principals):
        # The exception alone grants nothing: the other account still needs an Allow.
        return policy(
            {"Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": "s3:*", "Resource": "*"},
            {
                "Effect": "Deny",
                "NotPrincipal": {"AWS": list(principals)},
                "Action": "s3:*",
                "Resource": "*",
            },
        )

    def test_account_id_and_root_arn_mean_the_same(self):
        for principal in (ACCOUNT, f"arn:aws:iam::{ACCOUNT}:root"):
            document = policy(
                {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "*", "Resource": "*"}
            )
            out = evaluate(
                f"arn:aws:iam::{OTHER}:user/bob",
                context={"aws:ResourceAccount": ACCOUNT},
                resource_policy=document,
            )
            assert out["decision"] == "implicit-deny"  # not this account
            out = evaluate(ALICE, resource_policy=document, identity_policies=[policy(allow())])
            assert out["decision"] == "allow"

    def test_not_principal_with_deny_spares_a_user_listed_with_its_account(self):
        bob = f"arn:aws:iam::{OTHER}:user/Bob"
        spared = self.deny_all_but(bob, f"arn:aws:iam::{OTHER}:root")
        out = evaluate(
            bob,
            context={"aws:ResourceAccount": ACCOUNT},
            resource_policy=spared,
            identity_policies=[policy(allow())],
        )
        assert out["decision"] == "allow"
        assert evaluate(ALICE, resource_policy=spared)["decision"] == "explicit-deny"

    def test_not_principal_without_the_account_denies_and_says_why(self):
        bob = f"arn:aws:iam::{OTHER}:user/Bob"
        out = evaluate(
            bob,
            context={"aws:ResourceAccount": ACCOUNT},
            resource_policy=self.deny_all_but(bob),
            identity_policies=[policy(allow())],
        )
        assert out["decision"] == "explicit-deny"
        assert any("not account 444455556666" in note for note in out["notes"])

    def test_not_principal_for_a_session_lists_session_role_and_account(self):
        role = "cross-account-read-only-role"
        session = f"arn:aws:sts::{OTHER}:assumed-role/{role}/cross-account-audit-app"
        spared = self.deny_all_but(
            session,
            f"arn:aws:iam::{OTHER}:role/cross-account-read-only-role",
            f"arn:aws:iam::{OTHER}:root",
        )
        context = {"aws:ResourceAccount": ACCOUNT}
        out = evaluate(
            session, context=context, resource_policy=spared, identity_policies=[policy(allow())]
        )
        assert out["decision"] == "allow"

    def test_not_principal_with_deny_always_denies_an_entity_with_a_boundary(self):
        """https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html"""
        spared = self.deny_all_but(ALICE, f"arn:aws:iam::{ACCOUNT}:root")
        out = evaluate(
            ALICE,
            resource_policy=spared,
            identity_policies=[policy(allow())],
            permissions_boundary=policy(allow()),
        )
        assert out["decision"] == "explicit-deny"
        assert any(
            "always denies a user or role that has a permissions boundary" in n
            for n in out["notes"]
        )

    def test_a_service_principal(self):
        bucket_policy = policy(
            {
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/AWSLogs/*",
            }
        )
        resource = "arn:aws:s3:::amzn-s3-demo-bucket/AWSLogs/111122223333/x.json.gz"
        ok = evaluate(
            "cloudtrail.amazonaws.com", "s3:PutObject", resource, resource_policy=bucket_policy
        )
        other = evaluate(
            "config.amazonaws.com", "s3:PutObject", resource, resource_policy=bucket_policy
        )
        assert ok["decision"] == "allow"
        assert other["decision"] == "implicit-deny"
        assert step(other, "identity-policy")["result"] == "not-applicable"

    def test_anonymous_needs_a_public_resource_policy(self):
        out = evaluate("anonymous", identity_policies=[policy(allow())])
        assert out["decision"] == "implicit-deny"
        assert "An anonymous caller gets access only from a resource-based policy" in out["summary"]


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


# --- Properties of the evaluation logic ----------------------------------------------------

ACTIONS = ["s3:GetObject", "s3:Get*", "s3:*", "*", "ec2:*", "s3:PutObject"]
RESOURCES = [
    "*",
    "arn:aws:s3:::amzn-s3-demo-bucket/*",
    "arn:aws:s3:::other/*",
    "arn:aws:s3:::amzn-s3-demo-bucket/reports/*",
]
CONDITIONS = [
    None,
    {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
    {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}},
    {"Bool": {"aws:SecureTransport": "false"}},
]
PRINCIPALS = [
    ALICE,
    SESSION,
    f"arn:aws:iam::{OTHER}:user/bob",
    "anonymous",
    f"arn:aws:iam::{ACCOUNT}:root",
]


@st.composite
def statements(draw, resource_policy=False):
    statement = {
        "Effect": draw(st.sampled_from(["Allow", "Deny"])),
        "NotAction" if draw(st.booleans()) and draw(st.booleans()) else "Action": draw(
            st.sampled_from(ACTIONS)
        ),
        "Resource": draw(st.sampled_from(RESOURCES)),
    }
    condition = draw(st.sampled_from(CONDITIONS))
    if condition:
        statement["Condition"] = condition
    if resource_policy:
        statement["Principal"] = draw(
            st.sampled_from(["*", {"AWS": ACCOUNT}, {"AWS": OTHER}, {"AWS": ALICE}, {"AWS": ROLE}])
        )
    return statement


def policies_strategy(resource_policy=False):
    return st.lists(statements(resource_policy), min_size=1, max_size=3).map(lambda s: policy(*s))


@st.composite
def scenarios(draw):
    data = {
        "request": {
            "principal": draw(st.sampled_from(PRINCIPALS)),
            "action": draw(st.sampled_from(["s3:GetObject", "s3:PutObject", "ec2:RunInstances"])),
            "resource": OBJECT,
            "context": {
                "aws:SourceIp": draw(st.sampled_from(["203.0.113.7", "198.51.100.1"])),
                "aws:RequestedRegion": draw(st.sampled_from(["eu-west-1", "us-east-1"])),
                "aws:SecureTransport": draw(st.booleans()),
                "aws:ResourceAccount": ACCOUNT,
            },
        },
        "identity_policies": draw(st.lists(policies_strategy(), max_size=2)),
        "scps": draw(st.lists(policies_strategy(), max_size=2)),
    }
    if draw(st.booleans()):
        data["resource_policy"] = draw(policies_strategy(resource_policy=True))
    if draw(st.booleans()):
        data["permissions_boundary"] = draw(policies_strategy())
    if draw(st.booleans()):
        data["session_policy"] = draw(policies_strategy())
    return data


def decide(data) -> dict:
    return evaluate_request(parse_input(data)).to_dict()


@given(
    scenarios(),
    st.sampled_from(
        ["identity_policies", "scps", "resource_policy", "permissions_boundary", "session_policy"]
    ),
)
def test_an_explicit_deny_always_wins(data, where):
    everything = deny(Sid="DenyEverything")
    if where == "resource_policy":
        everything["Principal"] = "*"
        base = data.get("resource_policy") or policy(deny("ec2:*", Principal="*"))
        data[where] = policy(*base["Statement"], everything)
    elif where in ("identity_policies", "scps"):
        data[where] = [*data[where], policy(everything)]
    else:
        data[where] = policy(*(data.get(where) or policy(allow()))["Statement"], everything)
    out = decide(data)
    principal = data["request"]["principal"]
    applies = {
        "resource_policy": True,
        "scps": principal != "anonymous",
        "identity_policies": principal in (ALICE, SESSION, f"arn:aws:iam::{OTHER}:user/bob"),
        "permissions_boundary": principal in (ALICE, SESSION, f"arn:aws:iam::{OTHER}:user/bob"),
        "session_policy": principal == SESSION,
    }[where]
    if applies:
        assert out["decision"] == "explicit-deny"
        assert out["decided_by"] == "explicit-deny"
        assert any(m["sid"] == "DenyEverything" for m in out["matched"])
    else:
        assert any("ignored" in note for note in out["notes"]) or where == "scps"


@given(scenarios())
def test_nothing_is_allowed_without_an_allow(data):
    for key in ("identity_policies", "scps"):
        data[key] = [
            policy(*([s for s in p["Statement"] if s["Effect"] == "Deny"] or [deny("ec2:*")]))
            for p in data[key]
        ]
    for key in ("resource_policy", "permissions_boundary", "session_policy"):
        if key in data:
            kept = [s for s in data[key]["Statement"] if s["Effect"] == "Deny"]
            data[key] = policy(*kept) if kept else None
    out = decide(data)
    if data["request"]["principal"] == f"arn:aws:iam::{ACCOUNT}:root" and not data["scps"]:
        return  # the root user needs no allow in its own account
    assert out["decision"] != "allow"


@given(scenarios(), policies_strategy(), st.sampled_from(["scps", "permissions_boundary"]))
def test_adding_an_scp_or_a_boundary_never_turns_a_deny_into_an_allow(data, extra, where):
    if where == "permissions_boundary":
        data.pop("permissions_boundary", None)  # an entity has at most one boundary
    before = decide(data)
    if where == "scps":
        data["scps"] = [*data["scps"], extra]
    else:
        data["permissions_boundary"] = extra
    after = decide(data)
    if before["decision"] != "allow":
        assert after["decision"] != "allow"
    if before["decision"] == "explicit-deny":
        assert after["decision"] == "explicit-deny"


@given(scenarios())
def test_the_deciding_step_carries_the_decision(data):
    out = decide(data)
    decisive = [
        s for s in out["steps"] if s["result"] in ("allow", "explicit-deny", "implicit-deny")
    ]
    assert len(decisive) == 1
    assert decisive[0]["step"] == out["decided_by"]
    assert decisive[0]["result"] == out["decision"]
    assert len(out["steps"]) == 6 and len({s["step"] for s in out["steps"]}) == 6
    if out["decision"] == "allow":
        assert out["summary"].startswith("Allowed")
    if out["decision"] == "explicit-deny":
        assert any(m["effect"] == "Deny" for m in out["matched"])


# --- The widget's own examples and its purity -------------------------------------------


def test_the_starting_form_is_allowed_by_the_identity_policy():
    out = evaluate_request(parse_input(INITIAL)).to_dict()
    assert out["decision"] == "allow"
    assert 'Identity-based policy 1, statement "ReadReports" allows s3:GetObject' in out["summary"]
    assert [m["sid"] for m in out["unmet"]] == ["DenyOutsideEU", "DenyInsecureTransport"]


@pytest.mark.parametrize(
    ("label", "decision", "decided_by", "words"),
    [
        (
            "Explicit deny in an SCP (a Region outside the EU)",
            "explicit-deny",
            "explicit-deny",
            'SCP 1, statement "DenyOutsideEU"',
        ),
        (
            "A permissions boundary that blocks",
            "implicit-deny",
            "permissions-boundary",
            "does not allow s3:GetObject",
        ),
        (
            "Cross-account without a bucket policy that allows",
            "implicit-deny",
            "resource-policy",
            "both sides must allow",
        ),
        (
            "Cross-account with a bucket policy that allows",
            "allow",
            "resource-policy",
            "both accounts allow it",
        ),
        (
            "A condition on aws:SourceIp",
            "implicit-deny",
            "identity-policy",
            "aws:SourceIp = 198.51.100.25",
        ),
    ],
)
def test_each_example_teaches_what_its_label_says(label, decision, decided_by, words):
    values = {**INITIAL, **dict(EXAMPLES)[label]}
    out = evaluate_request(parse_input(values)).to_dict()
    assert (out["decision"], out["decided_by"]) == (decision, decided_by)
    assert words in out["summary"]


PACKAGE = Path(iam_policy.__file__).parent


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_the_package_does_not_import_django(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.add(node.module.split(".")[0])
    assert not imported & {"django", "studysite"}
    assert len(path.read_text(encoding="utf-8").splitlines()) < 600
