"""Small server-rendered SVG charts (sparklines, series against a target, colour scales).

Rendered as SVG attributes, never inline styles, so the strict Content-Security-Policy holds and
the charts print. Each chart comes with its data as a table in the templates, for accessibility.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

Number = float | int | Decimal


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: Number | None


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    path: str  # the series, gaps where a value is missing
    points: tuple[Point, ...]
    target_y: float | None
    y_min: float
    y_max: float
    ticks: tuple[tuple[float, float], ...]  # (y position, value)


def _bounds(values: Sequence[float], extra: Sequence[float] = ()) -> tuple[float, float]:
    everything = [*values, *extra]
    low, high = min(everything), max(everything)
    if low == high:
        low, high = low - 1, high + 1
    margin = (high - low) * 0.08
    return low - margin, high + margin


def line_chart(
    values: Sequence[Number | None],
    *,
    width: int = 600,
    height: int = 200,
    target: Number | None = None,
    padding: int = 6,
    ticks: int = 4,
) -> LineChart | None:
    """Positions for a series of values (None for a gap) and an optional target line."""
    present = [float(v) for v in values if v is not None]
    if not present:
        return None
    low, high = _bounds(present, [float(target)] if target is not None else [])
    span_x = max(len(values) - 1, 1)

    def y_of(value: float) -> float:
        return round(padding + (high - value) / (high - low) * (height - 2 * padding), 1)

    points = []
    segments: list[str] = []
    pen_down = False
    for index, value in enumerate(values):
        x = round(padding + index / span_x * (width - 2 * padding), 1)
        if value is None:
            pen_down = False
            points.append(Point(x, 0.0, None))
            continue
        y = y_of(float(value))
        segments.append(f"{'L' if pen_down else 'M'}{x},{y}")
        pen_down = True
        points.append(Point(x, y, value))
    tick_values = [low + (high - low) * i / ticks for i in range(ticks + 1)] if ticks else []
    return LineChart(
        width=width,
        height=height,
        path="".join(segments),
        points=tuple(points),
        target_y=y_of(float(target)) if target is not None else None,
        y_min=low,
        y_max=high,
        ticks=tuple((y_of(v), v) for v in tick_values),
    )


def sparkline(
    values: Sequence[Number | None], *, width: int = 120, height: int = 28
) -> LineChart | None:
    return line_chart(values, width=width, height=height, padding=3, ticks=0)


# Sequential blues for choropleths, light to dark; 5 classes read well and print in grey.
SEQUENTIAL = ("#e8eef7", "#b9cbe4", "#7fa0cc", "#4671ad", "#16325c")


def color_class(
    value: Number | None, low: Number, high: Number, classes: int = len(SEQUENTIAL)
) -> int | None:
    """The class (0 = lightest) of a value between low and high; None when there is no value."""
    if value is None:
        return None
    if high == low:
        return classes // 2
    position = (float(value) - float(low)) / (float(high) - float(low))
    return min(classes - 1, max(0, int(position * classes)))
