"""Every widget the notes can embed, in one table (no Django import).

The markdown extension checks embeds against it, the views find templates and logic
through it, and the OpenAPI document is generated from it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from .logic import s3_uri


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
        )
    }
)


def embed_options() -> dict[str, frozenset[str]]:
    """Widget name -> the starting values an embed may give."""
    return {name: frozenset(spec.fields) for name, spec in WIDGETS.items()}
