"""A plan's timeline drawn on the server: each product a bar across the plan's period, in the plan's order, so
that the page needs no script; the table beside it gives the same products, order and dates."""

from dataclasses import dataclass
from datetime import date

# The drawing's geometry, in SVG user units.
LABEL_WIDTH = 260
BAR_AREA = 640
ROW_HEIGHT = 24
TOP = 30


@dataclass(frozen=True)
class Bar:
    product: object
    y: int
    x: float
    width: float
    late: bool


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Timeline:
    bars: list[Bar]
    ticks: list[Tick]
    width: int
    height: int
    today_x: float | None


def draw(products: list, start: date, end: date, today: date) -> Timeline:
    """The bars of ``products`` (already in the plan's order) over the days from ``start`` to ``end``, widened to
    the products' own dates when they fall outside the plan's period."""
    if products:
        start = min(start, *(product.due_from for product in products))
        end = max(end, *(product.due_until for product in products))
    days = max((end - start).days + 1, 1)

    def x_of(day: date) -> float:
        return round(LABEL_WIDTH + BAR_AREA * (day - start).days / days, 1)

    bars = [
        Bar(
            product=product,
            y=TOP + index * ROW_HEIGHT,
            x=x_of(product.due_from),
            width=max(round(BAR_AREA * ((product.due_until - product.due_from).days + 1) / days, 1), 2),
            late=product.is_late_on(today),
        )
        for index, product in enumerate(products)
    ]
    ticks = []
    year, month = start.year, start.month
    step = 1 if days <= 400 else 3 if days <= 1200 else 12
    while date(year, month, 1) <= end:
        first = date(year, month, 1)
        if first >= start:
            ticks.append(Tick(x_of(first), first.strftime("%Y-%m")))
        month += step
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    today_x = x_of(today) if start <= today <= end else None
    return Timeline(bars, ticks, LABEL_WIDTH + BAR_AREA + 10, TOP + len(bars) * ROW_HEIGHT + 10, today_x)
