"""Presentation helpers for widget templates (pure Python, no Django).

Templates cannot slice strings by index ranges, so these split a text into segments
with the flagged ranges marked, ready for ``{% for %}`` loops.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from ipaddress import IPv4Network

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
        # Each token with the name of its kind (one lookup here, rather than a loop over
        # every kind for every token in the template).
        "tokens": [
            {**token, "kind_label": TOKEN_KINDS.get(str(token.get("kind")), "")}
            for token in result.get("tokens", ())  # type: ignore[attr-defined]
        ],
    }


# What the explainer calls each kind of word, as the breakdown names it.
TOKEN_KINDS = {
    "program": "the program",
    "global-option": "global option",
    "service": "service",
    "operation": "operation",
    "option": "option",
    "value": "value",
    "shell": "shell",
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
                # The bar's share of the longest one, for the chart that reflows on phones.
                "percent": round(100 * total / top, 1) if isinstance(total, int | float) else 0,
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


PLAN_BAR_WIDTH = 720
PLAN_CHAR_WIDTH = 6.6  # about one character at font-size 12; narrower boxes keep their
# name in their tooltip (and the table) only


def _share(size: int, total: int) -> str:
    share = 100 * size / total if total else 0
    if share >= 10:
        return f"{share:.0f} %"
    if share >= 0.1:
        return f"{share:.1f} %"
    return "< 0.1 %"


def _plan_bar(
    block: IPv4Network, blocks: list[tuple[IPv4Network, str, str, str]], title: str
) -> dict[str, object]:
    """One bar: the boxes inside ``block``, in address order, as wide as their share."""
    total = block.num_addresses
    base = int(block.network_address)
    segments = []
    for network, label, short, style in sorted(blocks, key=lambda b: int(b[0].network_address)):
        if not network.subnet_of(block):
            continue
        x = round(PLAN_BAR_WIDTH * (int(network.network_address) - base) / total, 2)
        width = round(PLAN_BAR_WIDTH * network.num_addresses / total, 2)
        segments.append(
            {
                "cidr": str(network),
                "label": label,
                "style": style,
                "x": x,
                # At least a hairline, so that a /28 in a /16 still shows.
                "width": max(width, 1),
                "text_x": round(x + width / 2, 2),
                "text": next(
                    (text for text in (label, short) if len(text) * PLAN_CHAR_WIDTH + 8 <= width),
                    "",
                ),
                "share": _share(network.num_addresses, total),
            }
        )
    return {
        "title": title,
        "cidr": str(block),
        "first_address": str(block.network_address),
        "last_address": str(block.broadcast_address),
        "segments": segments,
    }


def present_subnet_plan(result: Mapping[str, object]) -> dict[str, object]:
    """Address-space bars (the whole VPC, and a zoom on the subnets when they are small),
    each subnet's share of the VPC, and route-table associations by name."""
    vpc = IPv4Network(str(result["vpc_cidr"]))
    subnets = [s for s in result.get("subnets", ()) if isinstance(s, Mapping)]  # type: ignore[attr-defined]
    labels = {str(s["cidr"]): f"{s['tier']} {s['az']}" for s in subnets}
    blocks = [
        (
            IPv4Network(str(s["cidr"])),
            labels[str(s["cidr"])],
            f"{s['tier']} {str(s['az']).removeprefix('AZ ')}",
            "d-box-accent" if s["public"] else "d-box-ok",
        )
        for s in subnets
    ]
    unused = result.get("unused", ())
    blocks += [(IPv4Network(str(c)), "free", "free", "d-box-muted") for c in unused]  # type: ignore[attr-defined]
    bars = [_plan_bar(vpc, blocks, f"The whole VPC, {vpc}")]
    # The subnets sit together from the VPC's start: when they take under a quarter of
    # it, a second bar shows the smallest block that holds them all.
    used_end = max(
        (int(b.broadcast_address) for b, _, _, style in blocks if style != "d-box-muted"), default=0
    )
    used = used_end - int(vpc.network_address) + 1
    zoom_prefix = 32 - (used - 1).bit_length()
    if used > 0 and zoom_prefix >= vpc.prefixlen + 2:
        zoom = IPv4Network((int(vpc.network_address), zoom_prefix))
        bars.append(_plan_bar(zoom, blocks, f"Zoom on {zoom}, where the subnets are"))
    rows = [
        {**s, "share": _share(IPv4Network(str(s["cidr"])).num_addresses, vpc.num_addresses)}
        for s in subnets
    ]
    tables = [
        {**t, "associated": [(labels.get(str(c), ""), c) for c in t.get("subnets", ())]}
        for t in result.get("route_tables", ())  # type: ignore[attr-defined]
        if isinstance(t, Mapping)
    ]
    return {"bars": bars, "rows": rows, "tables": tables, "bar_width": PLAN_BAR_WIDTH}


# The compute purchase-option calculator's chart: monthly cost against hours a day.
CC_WIDTH = 640  # fits a chapter's widget box at full size, so labels stay 12 px
CC_LEFT = 84  # room for the y-axis labels ("$1,200")
CC_RIGHT = 624
CC_TOP = 56  # room for up to three stacked break-even labels above the plot
CC_PLOT_HEIGHT = 240
CC_LEGEND_ROW = 22
CC_HOUR_TICKS = (0, 4, 8, 12, 16, 20, 24)
CC_LABEL_GAP = 40  # break-even labels closer than this (px) stack upwards


def _nice_step(rough: float) -> float:
    """1, 2, 2.5 or 5 times a power of ten, at least ``rough``."""
    if rough <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(rough))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= rough:
            return factor * power
    return 10 * power


def _axis_money(value: float) -> str:
    if value >= 1000 or value == int(value):
        return f"${value:,.0f}"
    return f"${value:,.2f}".rstrip("0").rstrip(".")


def _hours_text(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def present_compute_cost(result: Mapping[str, object]) -> dict[str, object]:
    """The ranked rows with money as text, and the geometry of the cost chart.

    Each option's monthly cost is a straight line in hours a day: ``fixed + per hour x
    hours`` (flat for commitments, through zero for On-Demand and Spot). A commitment's
    break-even point is where its flat line meets On-Demand's.
    """
    options = [o for o in result.get("options", ()) if isinstance(o, Mapping)]  # type: ignore[attr-defined]
    inputs = result.get("inputs") if isinstance(result.get("inputs"), Mapping) else {}
    hours = float(inputs.get("hours_per_day") or 0)  # type: ignore[union-attr]

    def monthly_at(option: Mapping[str, object], at: float) -> float:
        fixed = float(option.get("monthly_cost_fixed_usd") or 0)  # type: ignore[arg-type]
        slope = float(option.get("monthly_cost_per_daily_hour_usd") or 0)  # type: ignore[arg-type]
        return fixed + slope * at

    top = max((monthly_at(o, 24) for o in options), default=0.0) or 1.0
    step = _nice_step(top / 4)
    y_max = step * math.ceil(round(top / step, 9))
    span = CC_RIGHT - CC_LEFT
    bottom = CC_TOP + CC_PLOT_HEIGHT

    def x(at: float) -> float:
        return round(CC_LEFT + span * at / 24, 1)

    def y(value: float) -> float:
        return round(bottom - CC_PLOT_HEIGHT * value / y_max, 1)

    rows, lines, points = [], [], []
    for option in options:
        key = str(option.get("option"))
        fits = bool(option.get("fits"))
        even = option.get("break_even_hours_per_day")
        even_text = _hours_text(float(even)) if isinstance(even, int | float) else ""
        rows.append(
            {
                "id": key,
                "name": option.get("name") or key,
                "fits": fits,
                "recommended": key == result.get("recommended"),
                "reasons": option.get("reasons") or [],
                "monthly": _money(option.get("monthly_cost_usd")),
                "total": _money(option.get("total_cost_usd")),
                "rate": f"${float(option.get('hourly_rate_usd') or 0):.4f}/hour",  # type: ignore[arg-type]
                "term_years": option.get("term_years"),
                "break_even": f"{even_text} hours a day" if even_text else "",
                "break_even_hours": even_text,
            }
        )
        lines.append(
            {
                "id": key,
                "fits": fits,
                "x1": x(0),
                "y1": y(monthly_at(option, 0)),
                "x2": x(24),
                "y2": y(monthly_at(option, 24)),
            }
        )
        if isinstance(even, int | float) and 0 <= even <= 24:
            points.append(
                {
                    "id": key,
                    "hours": float(even),
                    "x": x(float(even)),
                    "y": y(monthly_at(option, 0)),
                }
            )
    # Label the break-even points left to right, stacking labels that would collide;
    # points at the same place (equal prices) share one label.
    labels: list[dict[str, object]] = []
    for point in sorted(points, key=lambda p: p["x"]):  # type: ignore[arg-type, return-value]
        text = f"{_hours_text(point['hours'])} h"  # type: ignore[arg-type]
        if labels and labels[-1]["text"] == text:
            continue
        level = 0
        if labels and point["x"] - labels[-1]["x"] < CC_LABEL_GAP:  # type: ignore[operator]
            level = int(labels[-1]["level"]) + 1  # type: ignore[call-overload]
        labels.append({"x": point["x"], "text": text, "level": level})
    for label in labels:
        label["y"] = CC_TOP - 8 - 14 * min(int(label.pop("level")), 2)  # type: ignore[call-overload]
    legend_top = bottom + 52
    legend = []
    for index, row in enumerate(rows):
        text = f"{row['name']}: {row['monthly']}/month"
        if row["break_even_hours"]:
            text += f", break-even {row['break_even_hours']} h/day"
        if not row["fits"]:
            text += " (ruled out)"
        legend.append({**row, "y": legend_top + index * CC_LEGEND_ROW, "text": text})
    y_ticks = [
        {"y": y(step * i), "label": _axis_money(step * i)} for i in range(round(y_max / step) + 1)
    ]
    table_hours = CC_HOUR_TICKS
    table = [
        {
            "name": row["name"],
            "fits": row["fits"],
            "costs": [_money(monthly_at(option, at)) for at in table_hours],
        }
        for row, option in zip(rows, options, strict=True)
    ]
    return {
        "rows": rows,
        "chart": {
            "width": CC_WIDTH,
            "height": legend_top + len(rows) * CC_LEGEND_ROW,
            "left": CC_LEFT,
            "right": CC_RIGHT,
            "top": CC_TOP,
            "bottom": bottom,
            "lines": lines,
            "points": points,
            "labels": labels,
            "x_ticks": [{"x": x(at), "label": str(at)} for at in CC_HOUR_TICKS],
            "y_ticks": y_ticks,
            "x_title_x": round(CC_LEFT + span / 2, 1),
            "x_title_y": bottom + 36,
            "y_title_y": round(CC_TOP + CC_PLOT_HEIGHT / 2, 1),
            "you_x": x(min(max(hours, 0.0), 24.0)),
            "you_label": f"you: {_hours_text(hours)} h",
            "you_anchor": "end" if hours > 18 else "start",
            "you_text_x": x(min(max(hours, 0.0), 24.0)) + (-6 if hours > 18 else 6),
            "legend": legend,
            "legend_sample_x2": CC_LEFT + 28,
            "legend_text_x": CC_LEFT + 38,
        },
        "table_hours": table_hours,
        "table": table,
    }
