"""Geometry of small server-rendered SVG charts (the numbers are also given as a table)."""

from __future__ import annotations

WIDTH, BAR_H, GAP, LABEL_W = 640, 18, 6, 230


def bar_chart(rows: list[dict], *, value: str, compare: str | None = None) -> dict:
    """Horizontal bars, one row per item; ``compare`` draws a thin second bar (e.g. national)."""
    top = max([r[value] for r in rows] + [r[compare] for r in rows if compare] + [1e-9])
    span = WIDTH - LABEL_W - 60
    bars = []
    for i, r in enumerate(rows):
        y = i * (BAR_H + GAP)
        bars.append(
            {
                "y": y,
                "text_y": y + BAR_H - 5,
                "label": r["label"],
                "width": round(span * r[value] / top, 1),
                "compare_width": round(span * r[compare] / top, 1) if compare else None,
                "compare_y": y + BAR_H - 4,
                "value": r[value],
                "value_x": LABEL_W + round(span * r[value] / top, 1) + 6,
            }
        )
    return {"width": WIDTH, "height": len(rows) * (BAR_H + GAP), "label_w": LABEL_W, "bars": bars}


def column_chart(points: list[tuple[int, int]]) -> dict:
    """Vertical columns for ``[(year, count)]`` on a continuous axis: every year from the first
    to the last has its column (0 for a year without projects), so 2005 never sits next to 2025.
    Axes: years below (first, last and every 5th), the highest count on the left."""
    height, bottom, left = 200, 24, 44
    if not points:
        return {"width": WIDTH, "height": height, "columns": []}
    counts = dict(points)
    years = list(range(min(counts), max(counts) + 1))
    top = max(counts.values()) or 1
    step = (WIDTH - left - 10) / len(years)
    plot_h = height - bottom - 14
    columns = []
    last = len(years) - 1
    for i, year in enumerate(years):
        n = counts.get(year, 0)
        h = round(plot_h * n / top, 1)
        columns.append(
            {
                "x": round(left + i * step, 1),
                "w": round(max(step * 0.8, 1), 1),
                "y": height - bottom - h,
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
        "axis_y": height - bottom,
        "top_y": height - bottom - plot_h,
        "top": top,
        "base": height - bottom + 16,
        "columns": columns,
    }
