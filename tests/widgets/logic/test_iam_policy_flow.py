"""The IAM policy evaluator's evaluation flow, from AWS's worked examples: one account,
cross-account, explicit and implicit denies, resource-based policies, SCPs, principals."""

from __future__ import annotations

from typing import ClassVar

import pytest

from .iam_policy_helpers import (
    ACCOUNT,
    ALICE,
    OTHER,
    ROLE,
    SESSION,
    allow,
    deny,
    evaluate,
    policy,
    step,
)

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
