"""Horizontal bar charts as plain SVG, drawn by a template (templates/oversight/_chart.html) from
the geometry computed here: no script, the numbers also given as a table beside."""

from dataclasses import dataclass

WIDTH = 360  # viewBox units: the chart scales to its container, a phone's width included
LABEL = 130  # the labels' column
BAR = 170  # the longest bar
ROW = 26
LABEL_CHARS = 16


@dataclass(frozen=True)
class Bar:
    label: str  # as drawn: at most LABEL_CHARS, with "…" when cut
    full: str  # the whole label, as the bar's own <title>
    value: float
    shown: str  # the value as printed
    y: int
    width: float


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    desc: str
    bars: list[Bar]
    width: int = WIDTH
    label_width: int = LABEL

    @property
    def height(self) -> int:
        return ROW * len(self.bars) + 8


def bar_chart(chart_id: str, title: str, desc: str, rows: list[tuple[str, float | None, str]]) -> Chart:
    """rows: (label, value, value as printed); a missing value draws no bar."""
    largest = max((v for _, v, _ in rows if v), default=0) or 1
    bars = [Bar(_cut(label), label, v or 0, shown, 4 + i * ROW, round(BAR * (v or 0) / largest, 1))
            for i, (label, v, shown) in enumerate(rows)]
    return Chart(chart_id, title, desc, bars)


def _cut(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1] + "…"
