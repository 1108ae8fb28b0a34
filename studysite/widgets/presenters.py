"""Presentation helpers for widget templates (pure Python, no Django).

Templates cannot slice strings by index ranges, so these split a text into segments
with the flagged ranges marked, ready for ``{% for %}`` loops.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .topics import cli_topics

MAX_SEGMENT_TEXT = 2000


def mark_ranges(text: str, ranges: Iterable[Mapping[str, object]], label_key: str) -> list[dict]:
    """Split ``text`` (code-point indexes) into [{"text", "flags": [labels]}] segments."""
    text = text[:MAX_SEGMENT_TEXT]
    flags: list[set[str]] = [set() for _ in text]
    for item in ranges:
        start, end = int(item["start"]), int(item["end"])  # type: ignore[call-overload]
        for index in range(max(start, 0), min(end, len(text))):
            flags[index].add(str(item[label_key]))
    segments: list[dict] = []
    for char, marks in zip(text, flags, strict=True):
        label = sorted(marks)
        if segments and segments[-1]["flags"] == label:
            segments[-1]["text"] += char
        else:
            segments.append({"text": char, "flags": label})
    return segments


def present_bucket_name(result: Mapping[str, object]) -> dict[str, object]:
    failed = [c for c in result.get("checks", []) if not c["passed"]]  # type: ignore[union-attr]
    return {
        "segments": mark_ranges(str(result["name"]), result.get("highlights", []), "rule"),  # type: ignore[arg-type]
        "failed_count": len(failed),
    }


def present_object_key(result: Mapping[str, object]) -> dict[str, object]:
    characters = result.get("characters", [])
    return {
        "segments": mark_ranges(str(result["key"]), result.get("highlights", []), "category"),  # type: ignore[arg-type]
        "flagged": [c for c in characters if c["category"] != "safe"],  # type: ignore[union-attr]
    }


def present_cli_explanation(result: Mapping[str, object]) -> dict[str, object]:
    """The chapter sections that teach the explained command, for "Learn more" links."""
    given = [
        str(option.get("option", ""))
        for key in ("parameters", "global_options")
        for option in result.get(key, ())  # type: ignore[attr-defined]
        if isinstance(option, Mapping)
    ]
    service = result.get("service")
    operation = result.get("operation")
    # The command as typed, cut into token and gap segments (spacing and lines kept).
    command = str(result.get("command", ""))[: MAX_SEGMENT_TEXT * 4]
    segments: list[dict[str, object]] = []
    position = 0
    for index, token in enumerate(result.get("tokens", ())):  # type: ignore[attr-defined]
        start, end = int(token["start"]), int(token["end"])
        if start < position or end > len(command):
            continue
        if start > position:
            segments.append({"text": command[position:start], "index": None, "kind": ""})
        segments.append({"text": command[start:end], "index": index, "kind": token["kind"]})
        position = end
    if position < len(command):
        segments.append({"text": command[position:], "index": None, "kind": ""})
    return {
        "segments": segments,
        "topics": cli_topics(
            service if isinstance(service, str) else None,
            operation if isinstance(operation, str) else None,
            given,
        ),
        "kinds": {
            "program": "the program",
            "global-option": "global option",
            "service": "service",
            "operation": "operation",
            "option": "option",
            "value": "value",
            "shell": "shell",
        },
    }


def _money(value: object) -> str:
    if not isinstance(value, int | float):
        return "no price"
    if value >= 100:
        return f"${value:,.0f}"
    return f"${value:,.2f}"


CHART_WIDTH = 720
CHART_LABEL = 250
CHART_VALUE = 90
CHART_ROW = 30


def present_storage_classes(result: Mapping[str, object]) -> dict[str, object]:
    """Money as text, and the geometry of the cost chart (one bar per storage class)."""
    options = [o for o in result.get("options", ()) if isinstance(o, Mapping)]  # type: ignore[attr-defined]
    totals = [
        o["total_cost_usd"] for o in options if isinstance(o.get("total_cost_usd"), int | float)
    ]
    top = max(totals, default=0) or 1
    span = CHART_WIDTH - CHART_LABEL - CHART_VALUE
    rows = []
    for index, option in enumerate(options):
        total = option.get("total_cost_usd")
        width = round(span * total / top, 1) if isinstance(total, int | float) else 0
        if option.get("storage_class") == result.get("recommended"):
            style = "d-box-accent"
        elif option.get("meets_requirements"):
            style = "d-box-ok"
        else:
            style = "d-box-muted"
        breakdown = option.get("breakdown") if isinstance(option.get("breakdown"), Mapping) else {}
        rows.append(
            {
                "id": option.get("storage_class"),
                "name": option.get("name") or option.get("storage_class"),
                "total": _money(total),
                "monthly": _money(option.get("monthly_cost_usd")),
                "breakdown": [
                    (key.replace("_", " "), _money(value))
                    for key, value in breakdown.items()  # type: ignore[union-attr]
                    if isinstance(value, int | float) and value
                ],
                "y": 24 + index * CHART_ROW,
                "text_y": 24 + index * CHART_ROW + 15,
                "width": max(width, 1 if isinstance(total, int | float) else 0),
                "value_x": CHART_LABEL + max(width, 1) + 8,
                "style": style,
            }
        )
    hint = result.get("lifecycle_hint")
    return {
        "rows": rows,
        "chart_height": 24 + len(rows) * CHART_ROW + 10,
        "chart_label_x": CHART_LABEL - 8,
        "chart_bar_x": CHART_LABEL,
        "lifecycle_total": _money(hint.get("total_cost_usd")) if isinstance(hint, Mapping) else "",
    }
