"""Run a widget and build the context its templates need (shared by chapter embeds,
tool pages and the JSON API)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlencode

from django.urls import reverse

from .logic.common import InputError
from .registry import WidgetSpec

# A chapter section (the chapters app's URL, /notes/<slug>/#<anchor>), never anything else.
# Widgets whose examples are exam scenarios that fill the form: shown in every embed.
PRESETS_IN_FORM = frozenset({"storage-class"})
BACK_RE = re.compile(r"/notes/[a-z0-9][a-z0-9-]{0,99}/(?:#[A-Za-z0-9_-]{1,100})?")


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
    back: str = "",
    live: bool = False,
) -> dict[str, object]:
    """Context for ``<template>#widget`` and ``#result``.

    ``values`` are the form's strings. The widget is computed when asked, or by default
    when any value was given (an embed with starting values shows its result at once).
    ``back`` is the chapter section an embed sits in: its form sends it along, so that
    without JavaScript the tool page the form opens links back there.
    """
    values = {name: str(values.get(name, "")) for name in spec.fields}
    if compute is None:
        compute = any(values.values())
    # An empty form field counts as "not given", so the logic's own defaults apply.
    given = {name: value for name, value in values.items() if value != ""}
    result, errors = run_widget(spec, given) if compute else (None, [])
    if live and errors and all(values.get(str(e.get("field"))) == "" for e in errors):
        # Checked as the reader types, and only fields left empty (a name just cleared):
        # not a mistake yet, so no red error; the result shows its neutral prompt. A form
        # sent with its button still names every missing field.
        errors = []
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
            "back": back if BACK_RE.fullmatch(back) else "",
            # Scenarios shown inside the form (site.js fills the form in place; without
            # JavaScript each is a link to the tool page with those values).
            "presets": [
                (label, f"{action}?{urlencode({**preset, **({'back': back} if back else {})})}")
                for label, preset in spec.examples
            ]
            if spec.name in PRESETS_IN_FORM
            else [],
        }
    }
