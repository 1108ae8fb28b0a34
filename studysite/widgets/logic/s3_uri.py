"""The S3 address builder: one bucket + key + Region, every way of writing it down.

A small widget that shows the embed mechanism end to end: it turns a bucket, an
object key and a Region into the S3 URI the CLI takes, the ARN a policy names, and the
virtual-hosted-style and path-style HTTPS URLs.

Sources (AWS documentation):
- URL shapes, and the wildcard-certificate limit for names with dots:
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
- ARN format for buckets and objects:
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-arn-format.html
- Regions and endpoints per partition: https://docs.aws.amazon.com/general/latest/gr/s3.html

Bucket names are only checked loosely here (length and characters); the full naming
rules belong to the bucket-name validator.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

from .common import FieldError, InputError, get_str

# Region codes look like "us-east-1", "eu-central-2", "ap-southeast-4", "us-gov-west-1",
# "cn-north-1". A shape check: whether the Region exists is not known offline.
REGION_RE = re.compile(r"^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$")
BUCKET_CHARS_RE = re.compile(r"^[a-z0-9.-]+$")
MAX_KEY_BYTES = 1024

# partition -> (ARN partition name, DNS suffix)
PARTITIONS = {
    "cn-": ("aws-cn", "amazonaws.com.cn"),
    "us-gov-": ("aws-us-gov", "amazonaws.com"),
}
DEFAULT_PARTITION = ("aws", "amazonaws.com")


@dataclass(frozen=True)
class S3UriInput:
    bucket: str
    key: str
    region: str


@dataclass(frozen=True)
class S3UriResult:
    bucket: str
    key: str
    region: str
    partition: str
    s3_uri: str
    arn: str
    virtual_hosted_url: str
    path_style_url: str
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "bucket": self.bucket,
            "key": self.key,
            "region": self.region,
            "partition": self.partition,
            "s3_uri": self.s3_uri,
            "arn": self.arn,
            "virtual_hosted_url": self.virtual_hosted_url,
            "path_style_url": self.path_style_url,
            "notes": list(self.notes),
        }


def parse_input(data: Mapping[str, object]) -> S3UriInput:
    """Check the three fields; raise InputError listing every problem."""
    errors: list[FieldError] = []
    bucket = get_str(data, "bucket", errors, max_length=1000).strip()
    key = get_str(data, "key", errors, default="", max_length=4096)
    region = get_str(data, "region", errors, default="us-east-1", max_length=100).strip()

    if not any(e.field == "bucket" for e in errors):
        if not bucket:
            errors.append(FieldError("bucket", "Enter a bucket name."))
        elif not 3 <= len(bucket) <= 63:
            errors.append(
                FieldError(
                    "bucket", f"A bucket name has 3 to 63 characters; this one has {len(bucket)}."
                )
            )
        elif not BUCKET_CHARS_RE.match(bucket):
            bad = sorted({c for c in bucket if not BUCKET_CHARS_RE.match(c)})
            shown = " ".join(repr(c) for c in bad[:10])
            errors.append(
                FieldError(
                    "bucket",
                    "A bucket name may only contain lowercase letters, digits, periods and "
                    f"hyphens; remove {shown}.",
                )
            )
    if not any(e.field == "key" for e in errors):
        if any(ord(c) < 32 or ord(c) == 127 for c in key):
            errors.append(FieldError("key", "Remove the control characters from the key."))
        else:
            size = len(key.encode("utf-8", "surrogatepass"))
            if size > MAX_KEY_BYTES:
                errors.append(
                    FieldError(
                        "key",
                        f"An object key is at most {MAX_KEY_BYTES:,} bytes of UTF-8; "
                        f"this one is {size:,} bytes.",
                    )
                )
    if not any(e.field == "region" for e in errors):
        region = region.lower()
        if not REGION_RE.match(region):
            errors.append(
                FieldError("region", "Enter a Region code such as us-east-1 or eu-west-2.")
            )
    if errors:
        raise InputError(errors)
    return S3UriInput(bucket=bucket, key=key, region=region)


def build_s3_addresses(inp: S3UriInput) -> S3UriResult:
    """Every address of the same object, with notes on the ones that have a catch."""
    partition, dns_suffix = next(
        (value for prefix, value in PARTITIONS.items() if inp.region.startswith(prefix)),
        DEFAULT_PARTITION,
    )
    # In a URL path each key segment is percent-encoded; "/" stays a separator.
    encoded_key = quote(inp.key.encode("utf-8", "surrogatepass"), safe="/~")
    host = f"s3.{inp.region}.{dns_suffix}"
    notes: list[str] = []
    if "." in inp.bucket:
        notes.append(
            "The bucket name contains periods, so the virtual-hosted-style HTTPS URL does "
            "not match S3's wildcard certificate (*.s3.<region>.amazonaws.com covers a "
            "single label). Browsers and SDKs reject it unless certificate checks are "
            "relaxed; Transfer Acceleration is not available for such buckets either."
        )
    if not inp.key:
        notes.append("No key given: these addresses name the bucket itself.")
    elif inp.key.endswith("/"):
        notes.append(
            "The key ends with '/': the console shows such a zero-byte object as a folder."
        )
    notes.append(
        "S3 still accepts path-style URLs, but AWS has said they will be discontinued "
        "in the future; prefer the virtual-hosted style."
    )
    return S3UriResult(
        bucket=inp.bucket,
        key=inp.key,
        region=inp.region,
        partition=partition,
        s3_uri=f"s3://{inp.bucket}/{inp.key}",
        arn=f"arn:{partition}:s3:::{inp.bucket}" + (f"/{inp.key}" if inp.key else ""),
        virtual_hosted_url=f"https://{inp.bucket}.{host}/{encoded_key}",
        path_style_url=f"https://{host}/{inp.bucket}/{encoded_key}",
        notes=tuple(notes),
    )


INPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": ["bucket"],
    "properties": {
        "bucket": {"type": "string", "minLength": 3, "maxLength": 63},
        "key": {"type": "string", "description": "Object key, at most 1,024 bytes of UTF-8."},
        "region": {"type": "string", "default": "us-east-1", "example": "eu-west-1"},
    },
}
OUTPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "properties": {
        "bucket": {"type": "string"},
        "key": {"type": "string"},
        "region": {"type": "string"},
        "partition": {"type": "string", "enum": ["aws", "aws-cn", "aws-us-gov"]},
        "s3_uri": {"type": "string"},
        "arn": {"type": "string"},
        "virtual_hosted_url": {"type": "string"},
        "path_style_url": {"type": "string"},
        "notes": {"type": "array", "items": {"type": "string"}},
    },
}
