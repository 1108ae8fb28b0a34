"""Geometry for the history page's SVG charts (no Django import: testable alone).

Templates draw the shapes computed here with the diagram classes from site.css
(``d-box-ok`` for right, ``d-box-warn`` for wrong, ``d-box-muted`` for the track), so the
charts follow the light and dark themes and need no inline style.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

WIDTH = 720
DAY_TOP, DAY_BOTTOM = 24, 184  # plot area of the daily chart
DAY_LEFT, DAY_RIGHT = 40, 712
BAR_LABEL_H, BAR_H, BAR_GAP = 18, 16, 14  # one accuracy row: label, bar, space
BAR_LEFT, BAR_TRACK = 8, 560


def percent(part: int, whole: int) -> int:
    """Rounded half up, as people do by hand; 0 for nothing."""
    return math.floor(100 * part / whole + 0.5) if whole else 0


@dataclass(frozen=True)
class Day:
    day: date
    total: int
    correct: int

    @property
    def wrong(self) -> int:
        return self.total - self.correct


def nice_max(value: int) -> int:
    """The y-axis top: the smallest of 1, 2, 5 x 10^n at or above ``value`` (at least 1)."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def daily_chart(days: list[Day]) -> dict[str, object]:
    """Stacked columns, one per day: right answers at the bottom, wrong ones on top."""
    top = nice_max(max((d.total for d in days), default=0))
    height = DAY_BOTTOM - DAY_TOP
    slot = (DAY_RIGHT - DAY_LEFT) / max(1, len(days))
    width = max(2.0, slot * 0.7)
    bars = []
    for index, d in enumerate(days):
        x = DAY_LEFT + index * slot + (slot - width) / 2
        ok_h = height * d.correct / top
        bad_h = height * d.wrong / top
        bars.append(
            {
                "day": d,
                "x": round(x, 1),
                "width": round(width, 1),
                "ok_y": round(DAY_BOTTOM - ok_h, 1),
                "ok_h": round(ok_h, 1),
                "bad_y": round(DAY_BOTTOM - ok_h - bad_h, 1),
                "bad_h": round(bad_h, 1),
                # A date under the first column and every 7th after it.
                "label": d.day.strftime("%-d %b") if index % 7 == 0 else "",
                "label_x": round(x + width / 2, 1),
            }
        )
    return {
        "bars": bars,
        "top": top,
        "grid": [
            {"y": DAY_TOP, "text_y": DAY_TOP + 4, "value": top},
            *(
                [
                    {
                        "y": DAY_TOP + height // 2,
                        "text_y": DAY_TOP + height // 2 + 4,
                        "value": top // 2,
                    }
                ]
                if top % 2 == 0
                else []
            ),
            {"y": DAY_BOTTOM, "text_y": DAY_BOTTOM + 4, "value": 0},
        ],
        "left": DAY_LEFT,
        "axis_x": DAY_LEFT - 6,
        "right": DAY_RIGHT,
        "bottom": DAY_BOTTOM,
        # The plot area alone (the page puts the axis labels beside it as text).
        "plot_top": DAY_TOP,
        "plot_width": DAY_RIGHT - DAY_LEFT,
        "plot_height": DAY_BOTTOM - DAY_TOP,
        "label_y": DAY_BOTTOM + 18,
        "height": DAY_BOTTOM + 28,
        "width": WIDTH,
    }


@dataclass(frozen=True)
class Tally:
    key: object
    label: str
    total: int
    correct: int
    url: str = ""

    @property
    def wrong(self) -> int:
        return self.total - self.correct

    @property
    def percent(self) -> int:
        return percent(self.correct, self.total)


def accuracy_chart(rows: list[Tally]) -> dict[str, object]:
    """Horizontal bars: a full-width track per row, filled to the share answered right."""
    drawn = []
    y = 6
    for row in rows:
        fill = BAR_TRACK * row.correct / row.total if row.total else 0
        drawn.append(
            {
                "row": row,
                "label_y": y + 13,
                "bar_y": y + BAR_LABEL_H,
                "fill": round(fill, 1),
                "value_x": BAR_LEFT + BAR_TRACK + 8,
                "value_y": y + BAR_LABEL_H + 13,
            }
        )
        y += BAR_LABEL_H + BAR_H + BAR_GAP
    return {
        "rows": drawn,
        "left": BAR_LEFT,
        "track": BAR_TRACK,
        "bar_h": BAR_H,
        "height": max(y, 40),
        "width": WIDTH,
    }


SCORE_TOP, SCORE_BOTTOM = 16, 176  # plot area of the mock exam chart (100 % .. 0 %)
SCORE_LEFT, SCORE_RIGHT = 48, 700


def score_chart(scores: list[int], pass_line: float) -> dict[str, object]:
    """Mock exam scores (percent, oldest first) as points joined by a line, with the
    pass line dashed across; one exam is a single point in the middle."""
    height = SCORE_BOTTOM - SCORE_TOP

    def y_of(value: float) -> float:
        return round(SCORE_BOTTOM - height * value / 100, 1)

    count = len(scores)
    step = (SCORE_RIGHT - SCORE_LEFT) / (count - 1) if count > 1 else 0
    points = []
    for index, score in enumerate(scores):
        x = SCORE_LEFT + index * step if count > 1 else (SCORE_LEFT + SCORE_RIGHT) / 2
        points.append({"x": round(x, 1), "y": y_of(score), "score": score, "n": index + 1})
    return {
        "points": points,
        "path": " ".join(f"{p['x']},{p['y']}" for p in points),
        "grid": [
            {"y": y_of(value), "text_y": y_of(value) + 4, "value": value} for value in (0, 50, 100)
        ],
        "pass_y": y_of(pass_line * 100),
        "pass_text_y": y_of(pass_line * 100) - 4,
        "pass_percent": round(pass_line * 100),
        "left": SCORE_LEFT,
        "axis_x": SCORE_LEFT - 6,
        "right": SCORE_RIGHT,
        "plot_top": SCORE_TOP,
        "plot_width": SCORE_RIGHT - SCORE_LEFT,
        "plot_height": SCORE_BOTTOM - SCORE_TOP,
        "height": SCORE_BOTTOM + 12,
        "width": WIDTH,
    }
