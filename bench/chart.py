"""``python -m bench chart``: p95 against scale for every case, as an SVG.

Reads the JSON that ``make bench-scales`` keeps of each scale
(``var/bench-<scale>.json``) and draws one line per case on logarithmic axes,
so a cost that stays flat as the data grows shows as a flat line and one that
grows with the data as a rising one. Plain SVG written here: no plotting
library, nothing loaded from elsewhere.
"""

import json
import math
from html import escape
from pathlib import Path

WIDTH, HEIGHT = 980, 620
LEFT, RIGHT, TOP, BOTTOM = 90, 420, 40, 60
COLOURS = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
    "#17becf", "#7f7f7f", "#bcbd22", "#393b79", "#ad494a", "#637939", "#7b4173",
    "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363", "#843c39",
]  # fmt: skip


def load(paths: list[Path]) -> dict[float, list[dict]]:
    """{scale: rows} from the JSON of each run (cases with a p95 only)."""
    runs: dict[float, list[dict]] = {}
    for path in paths:
        rows = json.loads(path.read_text())
        timed = [row for row in rows if row.get("p95_ms") is not None and "case" in row]
        if timed:
            runs[float(timed[0]["scale"])] = timed
    return dict(sorted(runs.items()))


def _name(row: dict) -> str:
    name = row["case"].strip()
    return f"… {name}" if row["case"].startswith("  ") else name


def series(runs: dict[float, list[dict]]) -> list[tuple[str, list[tuple[float, float]]]]:
    """Each case (in the order of the first run) with its (scale, p95) points.

    A case whose name carries a count ("11,614 due reminders") is matched by
    its position among the cases of the same run instead."""
    if not runs:
        return []
    first = next(iter(runs.values()))
    lines: list[tuple[str, list[tuple[float, float]]]] = []
    for index, row in enumerate(first):
        points = []
        for scale, rows in runs.items():
            if index < len(rows):
                points.append((scale, max(float(rows[index]["p95_ms"]), 0.1)))
        lines.append((_name(row), points))
    return lines


def svg(runs: dict[float, list[dict]], title: str = "p95 je Fall gegen den Maßstab") -> str:
    lines = series(runs)
    scales = list(runs)
    values = [p for _name, points in lines for _s, p in points] or [1.0]
    low = 10 ** math.floor(math.log10(min(values)))
    high = 10 ** math.ceil(math.log10(max(values)))
    x_low, x_high = math.log10(min(scales or [0.1])), math.log10(max(scales or [1]))
    if x_high == x_low:
        x_low, x_high = x_low - 1, x_high + 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(scale: float) -> float:
        return LEFT + (math.log10(scale) - x_low) / (x_high - x_low) * plot_w

    def y(ms: float) -> float:
        return (
            TOP
            + plot_h
            - (math.log10(ms) - math.log10(low)) / (math.log10(high) - math.log10(low)) * plot_h
        )

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12" role="img" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="{LEFT}" y="22" font-size="15" font-weight="bold">{escape(title)}</text>',
    ]
    decade = low
    while decade <= high:
        out.append(
            f'<line x1="{LEFT}" y1="{y(decade):.1f}" x2="{LEFT + plot_w}" y2="{y(decade):.1f}" '
            'stroke="#ddd"/>'
        )
        out.append(
            f'<text x="{LEFT - 8}" y="{y(decade) + 4:.1f}" text-anchor="end">{decade:g} ms</text>'
        )
        decade *= 10
    for scale in scales:
        out.append(
            f'<line x1="{x(scale):.1f}" y1="{TOP}" x2="{x(scale):.1f}" y2="{TOP + plot_h}" '
            'stroke="#ddd"/>'
        )
        out.append(
            f'<text x="{x(scale):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle">'
            f"--scale {scale:g}</text>"
        )
    out.append(
        f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 15}" text-anchor="middle">'
        "Maßstab (1 = alle Kommunen Deutschlands), logarithmisch</text>"
    )
    for index, (name, points) in enumerate(lines):
        colour = COLOURS[index % len(COLOURS)]
        path = " ".join(f"{x(s):.1f},{y(p):.1f}" for s, p in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for s, p in points:
            out.append(f'<circle cx="{x(s):.1f}" cy="{y(p):.1f}" r="3" fill="{colour}"/>')
        legend_y = TOP + 10 + index * 17
        out.append(
            f'<rect x="{WIDTH - RIGHT + 20}" y="{legend_y - 9}" width="12" height="12" '
            f'fill="{colour}"/>'
        )
        out.append(f'<text x="{WIDTH - RIGHT + 38}" y="{legend_y + 1}">{escape(name[:60])}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write(paths: list[Path], target: Path) -> Path:
    target.write_text(svg(load(paths)))
    return target
