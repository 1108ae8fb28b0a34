"""The evaluator's starting form and its teaching examples (form values, pure data).

The form starts with one IAM user reading an S3 object: an identity-based policy allows
it, an SCP allows everything but denies Regions outside the EU, and the bucket policy
denies requests without TLS. Each example changes only what it needs, so its link stays
short (the rest comes from the starting form).
"""

from __future__ import annotations

import json

BUCKET = "amzn-s3-demo-bucket"
ACCOUNT = "111122223333"
OTHER_ACCOUNT = "444455556666"


def _policy(*statements: dict[str, object]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)}, indent=2)


def _context(region: str = "eu-west-1", source_ip: str = "203.0.113.7") -> str:
    return "\n".join(
        (
            f"aws:SourceIp={source_ip}",
            "aws:SecureTransport=true",
            f"aws:RequestedRegion={region}",
            f"aws:ResourceAccount={ACCOUNT}",
        )
    )


READ_REPORTS = {
    "Sid": "ReadReports",
    "Effect": "Allow",
    "Action": "s3:GetObject",
    "Resource": f"arn:aws:s3:::{BUCKET}/reports/*",
}
DENY_INSECURE_TRANSPORT = {
    "Sid": "DenyInsecureTransport",
    "Effect": "Deny",
    "Principal": "*",
    "Action": "s3:*",
    "Resource": [f"arn:aws:s3:::{BUCKET}", f"arn:aws:s3:::{BUCKET}/*"],
    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
}
# The classic Region guardrail: global services (IAM, Organizations, STS, Support) are
# exempt through NotAction.
SCP = _policy(
    {"Sid": "FullAWSAccess", "Effect": "Allow", "Action": "*", "Resource": "*"},
    {
        "Sid": "DenyOutsideEU",
        "Effect": "Deny",
        "NotAction": ["iam:*", "organizations:*", "sts:*", "support:*"],
        "Resource": "*",
        "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}},
    },
)

INITIAL: dict[str, str] = {
    "principal": f"arn:aws:iam::{ACCOUNT}:user/alice",
    "action": "s3:GetObject",
    "resource": f"arn:aws:s3:::{BUCKET}/reports/q1.pdf",
    "context": _context(),
    "identity_policies": _policy(READ_REPORTS),
    "scps": SCP,
    "resource_policy": _policy(DENY_INSECURE_TRANSPORT),
    "permissions_boundary": "",
    "session_policy": "",
}

EXAMPLES: tuple[tuple[str, dict[str, str]], ...] = (
    (
        "Explicit deny in an SCP (a Region outside the EU)",
        {"context": _context(region="us-east-1")},
    ),
    (
        "A permissions boundary that blocks",
        {
            "permissions_boundary": _policy(
                {
                    "Sid": "OnlyListingAndDynamoDB",
                    "Effect": "Allow",
                    "Action": ["s3:ListBucket", "dynamodb:*"],
                    "Resource": "*",
                }
            )
        },
    ),
    (
        "Cross-account without a bucket policy that allows",
        {"principal": f"arn:aws:iam::{OTHER_ACCOUNT}:user/bob"},
    ),
    (
        "Cross-account with a bucket policy that allows",
        {
            "principal": f"arn:aws:iam::{OTHER_ACCOUNT}:user/bob",
            "resource_policy": _policy(
                {
                    "Sid": "PartnerReads",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"},
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{BUCKET}/reports/*",
                },
                DENY_INSECURE_TRANSPORT,
            ),
        },
    ),
    (
        "A condition on aws:SourceIp",
        {
            "context": _context(source_ip="198.51.100.25"),
            "identity_policies": _policy(
                {
                    **READ_REPORTS,
                    "Sid": "ReadReportsFromTheOffice",
                    "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
                }
            ),
        },
    ),
)
