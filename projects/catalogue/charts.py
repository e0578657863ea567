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
    """Vertical columns for ``[(year, count)]``."""
    height, bottom = 200, 20
    if not points:
        return {"width": WIDTH, "height": height, "columns": []}
    top = max(n for _y, n in points) or 1
    step = (WIDTH - 20) / len(points)
    columns = []
    for i, (year, n) in enumerate(points):
        h = round((height - bottom - 14) * n / top, 1)
        columns.append(
            {
                "x": round(10 + i * step, 1),
                "w": round(step * 0.8, 1),
                "y": height - bottom - h,
                "h": h,
                "year": year,
                "count": n,
                "label_x": round(10 + i * step + step * 0.4, 1),
            }
        )
    return {"width": WIDTH, "height": height, "base": height - bottom + 14, "columns": columns}
