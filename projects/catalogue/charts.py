"""Geometry of small server-rendered SVG charts (the numbers are also given as a table).

Every chart has its two axes drawn, graduated with round values (``nice_ticks``) and titled with
their unit, so it reads without the table; the templates set the text at 12 px at least.
"""

from __future__ import annotations

import math

WIDTH, BAR_H, GAP, LABEL_W = 640, 18, 6, 230
#: Smallest font size of chart text, in px (the templates and the stylesheet use it).
FONT_PX = 12


def nice_ticks(top: float, *, most: int = 5, integer: bool = False) -> list[float]:
    """Round graduations from 0 to at least ``top`` (at most ``most`` + 1 of them): steps of
    1, 2, 2.5 or 5 times a power of ten (whole steps only when ``integer``)."""
    if top <= 0:
        return [0, 1] if integer else [0, 1.0]
    raw = top / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if integer:
        step = max(1, math.ceil(step))
    count = math.ceil(top / step - 1e-9)
    ticks = [round(i * step, 10) for i in range(count + 1)]
    return [int(t) for t in ticks] if integer else ticks


def _percent(value: float) -> str:
    text = f"{value * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text} %"


def bar_chart(rows: list[dict], *, value: str, compare: str | None = None) -> dict:
    """Horizontal bars of shares (0–1), one row per item; ``compare`` draws a thin second bar
    (e.g. national). Below the bars, a graduated horizontal axis in per cent; at their left, the
    vertical axis the item labels hang on."""
    top = max([r[value] for r in rows] + [r[compare] for r in rows if compare] + [1e-9])
    ticks = nice_ticks(top)
    axis_max = ticks[-1]
    span = WIDTH - LABEL_W - 60
    bars = []
    for i, r in enumerate(rows):
        y = i * (BAR_H + GAP)
        width = round(span * r[value] / axis_max, 1)
        bars.append(
            {
                "y": y,
                "text_y": y + BAR_H - 5,
                "label": r["label"],
                "width": width,
                "compare_width": round(span * r[compare] / axis_max, 1) if compare else None,
                "compare_y": y + BAR_H - 4,
                "value": r[value],
                "value_x": LABEL_W + width + 6,
            }
        )
    axis_y = len(rows) * (BAR_H + GAP)
    return {
        "width": WIDTH,
        "height": axis_y + 44,
        "label_w": LABEL_W,
        "axis_y": axis_y,
        "axis_end": LABEL_W + span,
        "tick_label_y": axis_y + 16,
        "title_x": LABEL_W + span / 2,
        "title_y": axis_y + 36,
        "ticks": [
            {"x": round(LABEL_W + span * t / axis_max, 1), "label": _percent(t)} for t in ticks
        ],
        "bars": bars,
    }


def column_chart(points: list[tuple[int, int]]) -> dict:
    """Vertical columns for ``[(year, count)]`` on a continuous axis: every year from the first
    to the last has its column (0 for a year without projects), so 2005 never sits next to 2025.
    Axes: years below (first, last and every 5th), graduated project counts on the left."""
    height, bottom, left, top_margin = 230, 44, 52, 30
    if not points:
        return {"width": WIDTH, "height": height, "columns": []}
    counts = dict(points)
    years = list(range(min(counts), max(counts) + 1))
    top = max(counts.values()) or 1
    ticks = nice_ticks(top, most=4, integer=True)
    axis_max = ticks[-1]
    step = (WIDTH - left - 10) / len(years)
    axis_y = height - bottom
    plot_h = axis_y - top_margin
    columns = []
    last = len(years) - 1
    for i, year in enumerate(years):
        n = counts.get(year, 0)
        h = round(plot_h * n / axis_max, 1)
        columns.append(
            {
                "x": round(left + i * step, 1),
                "w": round(max(step * 0.8, 1), 1),
                "y": axis_y - h,
                "h": h,
                "year": year,
                "count": n,
                "label_x": round(left + i * step + step * 0.4, 1),
                "labelled": i in (0, last) or (year % 5 == 0 and 2 < i < last - 2),
            }
        )
    return {
        "width": WIDTH,
        "height": height,
        "left": left,
        "axis_y": axis_y,
        "top_y": top_margin,
        "top": top,
        "base": axis_y + 16,
        "x_title_x": round(left + (WIDTH - left - 10) / 2, 1),
        "x_title_y": axis_y + 36,
        "y_title_y": top_margin - 14,
        "ticks": [{"y": round(axis_y - plot_h * t / axis_max, 1), "label": t} for t in ticks],
        "columns": columns,
    }
