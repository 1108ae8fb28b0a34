"""Every widget the notes can embed, in one table (no Django import).

The markdown extension checks embeds against it, the views find templates and logic
through it, and the OpenAPI document is generated from it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from . import presenters
from .logic import bucket_names, s3_uri


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
    # Examples to try: (label, form values).
    examples: tuple[tuple[str, Mapping[str, str]], ...] = ()


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
        )
    }
)


def embed_options() -> dict[str, frozenset[str]]:
    """Widget name -> the starting values an embed may give."""
    return {name: frozenset(spec.fields) for name, spec in WIDGETS.items()}
