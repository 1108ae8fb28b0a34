"""Every widget the notes can embed, in one table (no Django import).

The markdown extension checks embeds against it, the views find templates and logic
through it, and the OpenAPI document is generated from it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from . import presenters
from .logic import (
    bucket_names,
    cli_explain,
    compute_cost,
    iam_policy,
    s3_uri,
    sigv4,
    storage_classes,
    subnet_plan,
)


def recommend_storage_class(inputs: storage_classes.Inputs) -> storage_classes.Result:
    """The picker with the prices of its default Region (adding a Region is adding a file)."""
    return storage_classes.recommend(inputs, storage_classes.load_prices())


@dataclass(frozen=True)
class WidgetSpec:
    name: str  # URL and embed name, e.g. "s3-uri"
    title: str
    summary: str
    template: str  # has the partials "widget" (the form) and "result"
    parse_input: Callable[[Mapping[str, object]], Any]
    compute: Callable[[Any], Any]  # returns a dataclass with to_dict()
    fields: tuple[str, ...]  # form fields, in order; also the embed options
    input_schema: Mapping[str, object]
    output_schema: Mapping[str, object]
    # The chapter (slug#anchor) that teaches what the widget shows.
    chapter: str = ""
    # Extra template data derived from a result (e.g. text split into marked segments).
    present: Callable[[Mapping[str, object]], Mapping[str, object]] | None = None
    # Whether a result may be reproduced from a link (off for anything with secrets).
    permalink: bool = True
    # Fields never read from a URL's query string and never logged (credentials).
    secret_fields: tuple[str, ...] = ()
    # Options of the form's select fields, where the logic defines them.
    # Plain values, or (value, label) pairs where the value alone would not say enough.
    choices: Mapping[str, tuple[str, ...] | tuple[tuple[str, str], ...]] = field(
        default_factory=dict
    )
    # A field whose absence makes the result depend on the clock (the signer's time):
    # an embed that does not set it cannot be rendered once and reused.
    clock_field: str = ""
    # Values an untouched form starts with (tool page and embeds), shown and computed.
    initial: Mapping[str, str] = field(default_factory=dict)
    # Examples to try: (label, form values).
    examples: tuple[tuple[str, Mapping[str, str]], ...] = ()
    # More examples found elsewhere at run time (the CLI commands in the notes); the
    # chapters app plugs this in, so widgets never import chapters.
    extra_examples: list[Callable[[], list[tuple[str, Mapping[str, str]]]]] = field(
        default_factory=list, compare=False
    )


WIDGETS: Mapping[str, WidgetSpec] = MappingProxyType(
    {
        spec.name: spec
        for spec in (
            WidgetSpec(
                name="s3-uri",
                title="S3 address builder",
                summary=(
                    "Turn a bucket, key and Region into the S3 URI, the ARN and the "
                    "virtual-hosted and path-style URLs."
                ),
                template="widgets/s3_uri.html",
                parse_input=s3_uri.parse_input,
                compute=s3_uri.build_s3_addresses,
                fields=("bucket", "key", "region"),
                input_schema=s3_uri.INPUT_SCHEMA,
                output_schema=s3_uri.OUTPUT_SCHEMA,
                chapter="s3-addressing#widget",
            ),
            WidgetSpec(
                name="bucket-name",
                title="S3 bucket name validator",
                summary=(
                    "Check a bucket name against every current naming rule for general "
                    "purpose and directory buckets, see what breaks which rule, and get a "
                    "corrected suggestion."
                ),
                template="widgets/bucket_name.html",
                parse_input=bucket_names.parse_input,
                compute=bucket_names.validate_bucket_name,
                fields=("name", "kind"),
                input_schema=bucket_names.INPUT_SCHEMA,
                output_schema=bucket_names.OUTPUT_SCHEMA,
                chapter="s3-buckets#naming",
                present=presenters.present_bucket_name,
                examples=(
                    ("A valid name", {"name": "amzn-s3-demo-bucket1"}),
                    ("Uppercase and underscore", {"name": "My_Bucket"}),
                    ("Shaped like an IP address", {"name": "192.168.5.4"}),
                    ("Adjacent periods", {"name": "logs..example.com"}),
                    ("Reserved suffix", {"name": "reports-s3alias"}),
                    (
                        "Directory bucket",
                        {"name": "photos--usw2-az1--x-s3", "kind": "directory"},
                    ),
                ),
            ),
            WidgetSpec(
                name="object-key",
                title="S3 object key checker",
                summary=(
                    "Measure a key's UTF-8 length against the 1,024-byte limit, see which "
                    "characters are safe, need special handling or are best avoided, and how "
                    "the key looks URL-encoded."
                ),
                template="widgets/object_key.html",
                parse_input=bucket_names.parse_key_input,
                compute=bucket_names.check_object_key,
                fields=("key",),
                input_schema=bucket_names.KEY_INPUT_SCHEMA,
                output_schema=bucket_names.KEY_OUTPUT_SCHEMA,
                chapter="s3-buckets#object-keys",
                present=presenters.present_object_key,
                examples=(
                    ("A folder-style key", {"key": "photos/2024/cat.jpg"}),
                    ("Spaces and an ampersand", {"key": "reports/Q1 & Q2.pdf"}),
                    ("Characters to avoid", {"key": "data/{draft}#1.txt"}),
                    ("A folder marker", {"key": "photos/2024/"}),
                ),
            ),
            WidgetSpec(
                name="sigv4",
                title="Signature Version 4 request signer",
                summary=(
                    "Sign a request step by step: canonical request, string to sign, "
                    "signing-key chain, signature, Authorization header or presigned URL, "
                    "and a line-by-line diff against AWS's SignatureDoesNotMatch error."
                ),
                template="widgets/sigv4.html",
                parse_input=sigv4.parse_widget_input,
                compute=sigv4.sign_and_compare,
                fields=(
                    "method",
                    "url",
                    "service",
                    "region",
                    "headers",
                    "body",
                    "body_base64",
                    "access_key_id",
                    "secret_access_key",
                    "session_token",
                    "timestamp",
                    "mode",
                    "expires",
                    "unsigned_payload",
                    "aws_says",
                ),
                input_schema=sigv4.INPUT_SCHEMA,
                output_schema=sigv4.OUTPUT_SCHEMA,
                chapter="aws-api#sigv4",
                permalink=False,
                secret_fields=("secret_access_key", "session_token"),
                clock_field="timestamp",
                choices=MappingProxyType({"method": sigv4.METHODS}),
                initial=MappingProxyType(
                    {
                        "method": "GET",
                        "url": "https://amzn-s3-demo-bucket.s3.us-east-1.amazonaws.com/photos/cat.jpg",
                        "service": "s3",
                        "region": "us-east-1",
                        "access_key_id": sigv4.EXAMPLE_ACCESS_KEY_ID,
                        "secret_access_key": sigv4.EXAMPLE_SECRET_ACCESS_KEY,
                        "mode": "header",
                        "expires": str(sigv4.DEFAULT_EXPIRES),
                    }
                ),
                examples=(
                    (
                        "S3 GET, Authorization header",
                        {
                            "method": "GET",
                            "url": "https://amzn-s3-demo-bucket.s3.us-east-1.amazonaws.com"
                            "/photos/cat.jpg",
                            "service": "s3",
                            "region": "us-east-1",
                            "timestamp": "20250115T093000Z",
                        },
                    ),
                    (
                        "S3 presigned URL for one hour",
                        {
                            "method": "GET",
                            "url": "https://amzn-s3-demo-bucket.s3.eu-west-1.amazonaws.com"
                            "/reports/Q1 2025.pdf",
                            "service": "s3",
                            "region": "eu-west-1",
                            "mode": "presign",
                            "expires": "3600",
                        },
                    ),
                    (
                        "DynamoDB JSON request",
                        {
                            "method": "POST",
                            "url": "https://dynamodb.us-west-2.amazonaws.com/",
                            "service": "dynamodb",
                            "region": "us-west-2",
                            "headers": "Content-Type: application/x-amz-json-1.0\n"
                            "X-Amz-Target: DynamoDB_20120810.ListTables",
                            "body": "{}",
                        },
                    ),
                    (
                        "IAM query API (global, us-east-1)",
                        {
                            "method": "GET",
                            "url": "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08",
                            "service": "iam",
                            "region": "us-east-1",
                        },
                    ),
                ),
            ),
            WidgetSpec(
                name="cli-explain",
                title="AWS CLI command explainer",
                summary=(
                    "Paste an aws command and see what every word means: the service, the "
                    "API call and HTTP request behind it, each option's documentation and "
                    "type, and what is wrong when something is."
                ),
                template="widgets/cli_explain.html",
                parse_input=cli_explain.parse_input,
                compute=cli_explain.explain_command,
                fields=("command",),
                input_schema=cli_explain.INPUT_SCHEMA,
                output_schema=cli_explain.OUTPUT_SCHEMA,
                chapter="aws-cli#command-shape",
                present=presenters.present_cli_explanation,
                examples=(
                    (
                        "Upload with a storage class",
                        {
                            "command": "aws s3 cp report.pdf s3://amzn-s3-demo-bucket/reports/ "
                            "--storage-class STANDARD_IA"
                        },
                    ),
                    (
                        "The API call behind an upload",
                        {
                            "command": "aws s3api put-object --bucket amzn-s3-demo-bucket "
                            "--key photos/cat.jpg --body cat.jpg"
                        },
                    ),
                    (
                        "JSON and a JMESPath query",
                        {
                            "command": "aws ec2 describe-instances --filters "
                            '\'[{"Name":"instance-state-name","Values":["running"]}]\' '
                            "--query 'Reservations[].Instances[].InstanceId' --output text"
                        },
                    ),
                    (
                        "A typo and a missing option",
                        {"command": "aws s3api put-objct --key cat.jpg"},
                    ),
                    (
                        "Not an aws command",
                        {"command": "aws-s3 cp file.txt s3://amzn-s3-demo-bucket/"},
                    ),
                    (
                        "Shell syntax around the command",
                        {"command": "aws s3 ls s3://amzn-s3-demo-bucket/ | grep 2024 > list.txt"},
                    ),
                ),
            ),
            WidgetSpec(
                name="storage-class",
                title="S3 storage-class picker",
                summary=(
                    "Answer a few questions about your data and see every S3 storage class "
                    "ranked: which meet your needs and why, what each would cost per month "
                    "and in total, and a lifecycle rule when the data cools."
                ),
                template="widgets/storage_class.html",
                parse_input=storage_classes.parse_input,
                compute=recommend_storage_class,
                fields=(
                    "data_gb",
                    "object_count",
                    "months",
                    "read_fraction_per_month",
                    "slowest_acceptable_retrieval",
                    "survive_az_loss",
                    "access_pattern",
                    "single_digit_ms_latency",
                ),
                input_schema=storage_classes.INPUT_SCHEMA,
                output_schema=storage_classes.OUTPUT_SCHEMA,
                chapter="s3-storage-classes#choosing",
                present=presenters.present_storage_classes,
                choices=MappingProxyType(
                    {
                        # (value, label) pairs: the form shows what each tier means.
                        "slowest_acceptable_retrieval": tuple(
                            storage_classes.RETRIEVAL_LABELS.items()
                        ),
                        "access_pattern": storage_classes.ACCESS_PATTERNS,
                    }
                ),
                initial=MappingProxyType(dict(storage_classes.PRESETS[0][2])),
                examples=tuple((label, values) for _id, label, values in storage_classes.PRESETS),
            ),
            WidgetSpec(
                name="compute-cost",
                title="EC2 purchase-option calculator",
                summary=(
                    "Compare On-Demand, Savings Plans, Reserved Instances and Spot for one "
                    "instance: what each costs a month and in total for your hours a day and "
                    "project length, where a commitment breaks even, and why each fits or not."
                ),
                template="widgets/compute_cost.html",
                parse_input=compute_cost.parse_input,
                compute=compute_cost.compare_purchase_options,
                fields=(
                    "instance_type",
                    "hours_per_day",
                    "months",
                    "interruptible",
                    "commitment_years",
                ),
                input_schema=compute_cost.INPUT_SCHEMA,
                output_schema=compute_cost.OUTPUT_SCHEMA,
                chapter="cost-optimization#purchase-options",
                present=presenters.present_compute_cost,
                choices=MappingProxyType(
                    {
                        # (value, label) pairs: sizes and On-Demand rates, term names.
                        "instance_type": compute_cost.instance_choices(),
                        "commitment_years": tuple(compute_cost.COMMITMENT_LABELS.items()),
                    }
                ),
                initial=MappingProxyType(dict(compute_cost.PRESETS[0][2])),
                examples=tuple((label, values) for _id, label, values in compute_cost.PRESETS),
            ),
            WidgetSpec(
                name="iam-policy",
                title="IAM policy evaluator",
                summary=(
                    "Would AWS allow this request? Give a principal, an action, a resource, "
                    "condition keys and the policies that apply (identity-based, resource-based, "
                    "permissions boundary, SCPs, session policy) and follow AWS's evaluation "
                    "logic step by step to an allow, an explicit deny or an implicit deny."
                ),
                template="widgets/iam_policy.html",
                parse_input=iam_policy.parse_input,
                compute=iam_policy.evaluate_request,
                fields=(
                    "principal",
                    "action",
                    "resource",
                    "context",
                    "identity_policies",
                    "resource_policy",
                    "scps",
                    "permissions_boundary",
                    "session_policy",
                ),
                input_schema=iam_policy.INPUT_SCHEMA,
                output_schema=iam_policy.OUTPUT_SCHEMA,
                chapter="iam#evaluation",
                initial=MappingProxyType(iam_policy.INITIAL),
                examples=iam_policy.EXAMPLES,
            ),
            WidgetSpec(
                name="subnet-plan",
                title="VPC subnet planner",
                summary=(
                    "Carve a VPC CIDR block into one subnet per tier in each Availability Zone: "
                    "the smallest block for each, AWS's five reserved addresses, the route "
                    "tables with their internet, NAT and egress-only gateways, and what is left."
                ),
                template="widgets/subnet_plan.html",
                parse_input=subnet_plan.parse_input,
                compute=subnet_plan.plan_subnets,
                fields=("vpc_cidr", "azs", "ipv6", "tiers"),
                input_schema=subnet_plan.INPUT_SCHEMA,
                output_schema=subnet_plan.OUTPUT_SCHEMA,
                chapter="vpc#subnets",
                present=presenters.present_subnet_plan,
                initial=MappingProxyType(subnet_plan.INITIAL),
                examples=subnet_plan.EXAMPLES,
            ),
        )
    }
)


def embed_options() -> dict[str, frozenset[str]]:
    """Widget name -> the starting values an embed may give."""
    return {name: frozenset(spec.fields) for name, spec in WIDGETS.items()}
