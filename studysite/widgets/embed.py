"""Run a widget and build the context its templates need (shared by chapter embeds,
tool pages and the JSON API)."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from django.urls import reverse

from .logic.common import InputError
from .registry import WidgetSpec


def run_widget(
    spec: WidgetSpec, data: Mapping[str, object]
) -> tuple[dict[str, object] | None, list[dict[str, str]]]:
    """(result as a dict, []) or (None, [{"field", "message"}, ...]) for bad input."""
    try:
        parsed = spec.parse_input(data)
    except InputError as exc:
        return None, [error.to_dict() for error in exc.errors]
    return spec.compute(parsed).to_dict(), []


def widget_context(
    spec: WidgetSpec,
    values: Mapping[str, str],
    *,
    prefix: str,
    compute: bool | None = None,
    heading_level: int = 3,
    title: str = "",
) -> dict[str, object]:
    """Context for ``<template>#widget`` and ``#result``.

    ``values`` are the form's strings. The widget is computed when asked, or by default
    when any value was given (an embed with starting values shows its result at once).
    """
    values = {name: str(values.get(name, "")) for name in spec.fields}
    if compute is None:
        compute = any(values.values())
    # An empty form field counts as "not given", so the logic's own defaults apply.
    given = {name: value for name, value in values.items() if value != ""}
    result, errors = run_widget(spec, given) if compute else (None, [])
    view = spec.present(result) if (result is not None and spec.present) else {}
    action = reverse("widgets:tool", args=[spec.name])
    # A GET link that reproduces this result (never for widgets that take secrets).
    permalink = f"{action}?{urlencode(given)}" if result is not None and spec.permalink else ""
    return {
        "w": {
            "spec": spec,
            # The widget's heading, which also names its landmark: unique on the page.
            "title": title or spec.title,
            "prefix": prefix,
            # h3 inside a chapter's sections, h2 on a tool page under its h1.
            "heading_level": heading_level,
            "sub_heading_level": heading_level + 1,
            "values": values,
            "result": result,
            "view": view,
            "errors": errors,
            "error_fields": {e["field"] for e in errors},
            "action": action,
            "permalink": permalink,
        }
    }
