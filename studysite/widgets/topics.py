"""Which chapter of the notes teaches what an AWS CLI command does (pure Python).

This is the one piece of knowledge the CLI packages cannot supply: where *our* notes
explain a command. Each rule matches the CLI's service name, a regular expression on the
operation and, optionally, an option that must be present; every rule that matches
contributes its section, in the order listed. ``manage.py check`` verifies that every
target section exists (chapters.E008).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    service: str
    operation: str  # a regular expression matched against the whole operation name
    target: str  # "chapter-slug#anchor"
    label: str
    option: str | None = None  # only when this option was given

    def matches(self, service: str | None, operation: str | None, options: set[str]) -> bool:
        if service != self.service or not re.fullmatch(self.operation, operation or ""):
            return False
        return self.option is None or self.option in options


MULTIPART = r"(create|complete|abort|list)-multipart-uploads?|upload-part(-copy)?|list-parts"

CLI_TOPICS: tuple[Topic, ...] = (
    Topic("s3api", MULTIPART, "s3-uploads-performance#multipart", "Multipart upload"),
    Topic(
        "s3api", r"get-object", "s3-uploads-performance#byte-range", "Byte-range fetches", "--range"
    ),
    Topic(
        "s3api",
        r"(put|get)-bucket-accelerate-configuration",
        "s3-uploads-performance#transfer-acceleration",
        "Transfer Acceleration",
    ),
    Topic(
        "s3api", r"(create|delete|head)-bucket|list-buckets", "s3-buckets#naming", "Bucket names"
    ),
    Topic("s3", r"mb|rb", "s3-buckets#naming", "Bucket names"),
    Topic(
        "s3api",
        r"(put|get)-object-(lock-configuration|retention|legal-hold)",
        "s3-object-lock#modes",
        "Object Lock",
    ),
    Topic(
        "s3api",
        r"(put|get)-bucket-versioning|list-object-versions",
        "s3-objects#versioning",
        "Versioning",
    ),
    Topic("s3api", r"(put|get|delete)-object-tagging", "s3-objects#tags", "Object tags"),
    Topic("s3api", r"head-object|copy-object", "s3-objects#metadata", "Object metadata"),
    Topic(
        "s3api",
        r"(put|get|delete)-bucket-lifecycle(-configuration)?",
        "s3-lifecycle-replication#lifecycle",
        "Lifecycle rules",
    ),
    Topic(
        "s3api",
        r"(put|get|delete)-bucket-replication",
        "s3-lifecycle-replication#replication",
        "Replication",
    ),
    Topic(
        "s3api",
        r"(put|get|delete)-bucket-policy(-status)?",
        "s3-security#policies",
        "Bucket policies",
    ),
    Topic(
        "s3api",
        r"(put|get|delete)-public-access-block",
        "s3-security#block-public-access",
        "Block Public Access",
    ),
    Topic(
        "s3api",
        r"(put|get|delete)-bucket-encryption",
        "s3-security#encryption",
        "Encryption at rest",
    ),
    Topic("s3api", r"(put|get)-(bucket|object)-acl", "s3-security#acls", "ACLs"),
    Topic(
        "s3api",
        r"(put|get|delete)-bucket-ownership-controls",
        "s3-security#object-ownership",
        "Object Ownership",
    ),
    Topic("s3api", r"(put|get|delete)-bucket-website", "s3-website#website", "Static websites"),
    Topic("s3", r"website", "s3-website#website", "Static websites"),
    Topic(
        "s3api",
        r"(put|get)-bucket-notification-configuration",
        "s3-data-management#event-notifications",
        "Event notifications",
    ),
    Topic(
        "s3api",
        r"(put|get|delete|list)-bucket-inventory-configurations?",
        "s3-data-management#inventory",
        "S3 Inventory",
    ),
    Topic(
        "s3api",
        r"(put|get|delete|list)-bucket-analytics-configurations?",
        "s3-data-management#storage-class-analysis",
        "Storage Class Analysis",
    ),
    Topic("s3api", r"select-object-content", "s3-data-management#s3-select", "S3 Select"),
    Topic(
        "s3api",
        r"restore-object",
        "s3-storage-classes#glacier-retrieval",
        "Restoring archived objects",
    ),
    Topic(
        "s3api",
        r"put-object|copy-object",
        "s3-storage-classes#classes",
        "Storage classes",
        "--storage-class",
    ),
    Topic("s3", r"cp|mv|sync", "s3-storage-classes#classes", "Storage classes", "--storage-class"),
    Topic(
        "s3control",
        r"(create|describe|list|update)-jobs?.*",
        "s3-data-management#batch-operations",
        "Batch Operations",
    ),
    Topic("s3control", r".*storage-lens.*", "s3-data-management#storage-lens", "Storage Lens"),
    Topic("s3control", r".*access-point.*", "s3-security#access-points", "Access points"),
    Topic("s3", r"presign", "aws-api#presigned-urls", "Presigned URLs"),
    Topic("s3", r".*", "aws-cli#s3-levels", "The s3, s3api and s3control levels"),
    Topic("s3api", r".*", "aws-cli#s3-levels", "The s3, s3api and s3control levels"),
    Topic("s3control", r".*", "aws-cli#s3-levels", "The s3, s3api and s3control levels"),
    Topic("configure", r".*", "aws-cli#files", "Credentials and config files"),
    Topic("iam", r"(create|delete|update|list)-access-keys?", "aws-cli#access-keys", "Access keys"),
    Topic("sts", r".*", "aws-cli#access-keys", "Temporary credentials"),
)

GLOBAL_OPTION_TOPICS: dict[str, tuple[str, str]] = {
    "--profile": ("aws-cli#profiles", "Profiles"),
    "--region": ("aws-cli#global-options", "Global options"),
    "--endpoint-url": ("s3-addressing#endpoints", "Endpoints"),
    "--query": ("aws-cli#global-options", "Global options"),
    "--output": ("aws-cli#global-options", "Global options"),
}


def all_targets() -> Iterable[str]:
    yield from (topic.target for topic in CLI_TOPICS)
    yield from (target for target, _label in GLOBAL_OPTION_TOPICS.values())


def cli_topics(
    service: str | None, operation: str | None, options: Iterable[str]
) -> list[dict[str, str]]:
    """The chapter sections that teach a command: [{"slug", "anchor", "label"}], no repeats."""
    given = set(options)
    found: dict[str, str] = {}
    for topic in CLI_TOPICS:
        if topic.matches(service, operation, given):
            found.setdefault(topic.target, topic.label)
    for option in sorted(given & set(GLOBAL_OPTION_TOPICS)):
        target, label = GLOBAL_OPTION_TOPICS[option]
        found.setdefault(target, label)
    out = []
    for target, label in found.items():
        slug, _, anchor = target.partition("#")
        out.append({"slug": slug, "anchor": anchor, "label": label})
    return out
