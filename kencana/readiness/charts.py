"""A small server-rendered SVG bar chart of a kecamatan's scores across periods (no JavaScript)."""

from decimal import Decimal

WIDTH, HEIGHT, TOP, BOTTOM, LEFT = 640, 240, 12, 36, 34


def trend_chart(reports, thresholds) -> dict:
    """Bars (one per report, 0–100) and dashed lines at each tier's lower bound, in SVG coordinates."""
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT) / max(len(reports), 1)
    bar_width = min(56, slot * 0.6)

    def y(value) -> float:
        return round(TOP + plot_height * (1 - float(value) / 100), 1)

    bars = []
    for n, report in enumerate(reports):
        score = report.score or Decimal(0)
        top = y(score)
        bars.append(
            {
                "x": round(LEFT + slot * n + (slot - bar_width) / 2, 1),
                "y": top,
                "width": round(bar_width, 1),
                "height": round(TOP + plot_height - top, 1),
                "label_x": round(LEFT + slot * n + slot / 2, 1),
                "report": report,
            }
        )
    lines = [{"y": y(t.lower_bound), "name": t.name} for t in thresholds if t.lower_bound > 0]
    ticks = [{"y": y(v), "value": v} for v in (0, 50, 100)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "bottom": HEIGHT - BOTTOM,
        "bars": bars,
        "lines": lines,
        "ticks": ticks,
    }


def compare_chart(comparison) -> dict:
    """Horizontal bars, one group per section and one bar per district (mean section score, 0–100),
    in SVG coordinates: a section's title above its group, each bar labelled with its value."""
    columns = comparison.columns
    width, left, right, bar, gap, title = 360, 4, 100, 16, 4, 22
    plot = width - left - right
    groups, y = [], 4
    for section, cells in comparison.rows():
        group = {"title": section, "y": y + 14, "bars": []}
        y += title
        for n, (column, cell) in enumerate(zip(columns, cells, strict=True)):
            value = float(cell.mean) if cell.mean is not None else None
            group["bars"].append(
                {
                    "x": left,
                    "y": y,
                    "width": round(plot * (value or 0) / 100, 1),
                    "height": bar,
                    "value": cell.mean,
                    "label_x": round(left + plot * (value or 0) / 100 + 4, 1),
                    "label_y": y + bar - 4,
                    "series": n % 6,
                    "district": column.district,
                    "kecamatan": cell.kecamatan,
                }
            )
            y += bar + gap
        y += 8
        groups.append(group)
    return {"width": width, "height": y + 4, "groups": groups, "left": left, "plot": plot}
