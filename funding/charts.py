"""Server-rendered bar charts (inline SVG) for the funding overview.

No JavaScript and no library: the geometry is computed here, the template
draws it, and the same figures are in a table right below for everyone who
does not see the chart.
"""

from dataclasses import dataclass
from decimal import Decimal

from funding.selectors import Summary, SummaryRow

WIDTH = 640
ROW_HEIGHT = 52
BAR_HEIGHT = 20
LABEL_LENGTH = 70


@dataclass
class Bar:
    row: SummaryRow
    label: str
    y_label: int
    y_bar: int
    approved_width: float
    disbursed_width: float


@dataclass
class Chart:
    title: str
    summary: Summary
    bars: list[Bar]
    width: int
    height: int


def _width(value: Decimal, largest: Decimal) -> float:
    if largest <= 0 or value <= 0:
        return 0.0
    # Display only: a float is fine for a pixel width, never for money.
    return max(round(float(value / largest) * WIDTH, 1), 1.0)


def bar_chart(title: str, summary: Summary) -> Chart:
    largest = summary.max_approved
    bars = []
    for index, row in enumerate(summary.rows):
        label = row.label if len(row.label) <= LABEL_LENGTH else row.label[: LABEL_LENGTH - 1] + "…"
        top = index * ROW_HEIGHT
        bars.append(
            Bar(
                row=row,
                label=label,
                y_label=top + 16,
                y_bar=top + 24,
                approved_width=_width(row.approved, largest),
                disbursed_width=_width(min(row.disbursed, row.approved), largest),
            )
        )
    return Chart(
        title=title,
        summary=summary,
        bars=bars,
        width=WIDTH,
        height=max(len(bars) * ROW_HEIGHT, ROW_HEIGHT),
    )
