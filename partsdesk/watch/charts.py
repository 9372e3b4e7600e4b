"""The price-history chart: a small SVG drawn on the server, no JavaScript.

A part's price holds from one point to the next, so the chart is a step line; where the
part was out of stock the line has a gap. Colours come from attributes and
`currentColor` (the page's CSS), never an inline style (CSP).
"""

import datetime
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from partsdesk.storefront.templatetags.storefront import money

WIDTH, HEIGHT = 320, 132
# The plot area inside the view box; the rest holds the axis labels.
LEFT, RIGHT, TOP, BOTTOM = 76, 312, 10, 106


def _date(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def price_chart_svg(points, *, title: str, dom_id: str, now: datetime.datetime | None = None):
    """The SVG of a price history: `points` are (recorded_at, price or None), oldest first.

    Returns "" when there is nothing to draw. `dom_id` makes the title and description ids
    unique on a page with several charts.
    """
    points = list(points)
    prices = [p.price for p in points if p.price is not None]
    if not points:
        return ""
    now = max(now or timezone.now(), points[-1].recorded_at)
    start = points[0].recorded_at
    span = (now - start).total_seconds() or 86400.0
    low, high = (min(prices), max(prices)) if prices else (Decimal(0), Decimal(0))
    # A flat price still gets a band to sit in the middle of.
    pad = (high - low) * Decimal("0.1") or max(high * Decimal("0.05"), Decimal(1))
    y_low, y_high = float(low - pad), float(high + pad)

    def x(moment: datetime.datetime) -> float:
        return LEFT + (RIGHT - LEFT) * (moment - start).total_seconds() / span

    def y(price: Decimal) -> float:
        return BOTTOM - (BOTTOM - TOP) * (float(price) - y_low) / (y_high - y_low)

    # Step segments: each point's price holds until the next point (the last one until now).
    segments: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for index, point in enumerate(points):
        until = points[index + 1].recorded_at if index + 1 < len(points) else now
        if point.price is None:
            if current:
                segments.append(current)
            current = []
            continue
        level = y(point.price)
        current += [(x(point.recorded_at), level), (x(until), level)]
    if current:
        segments.append(current)

    lines = format_html_join(
        "",
        '<polyline class="price-line" points="{}" fill="none" stroke="currentColor" '
        'stroke-width="2" stroke-linejoin="round"/>',
        ((" ".join(f"{_fmt(px)},{_fmt(py)}" for px, py in segment),) for segment in segments),
    )
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="2.5" fill="currentColor"/>',
        ((_fmt(x(p.recorded_at)), _fmt(y(p.price))) for p in points if p.price is not None),
    )
    if prices:
        description = _("From {start} to {end}: lowest {low}, highest {high}, now {now}.").format(
            start=_date(start),
            end=_date(now),
            low=money(low),
            high=money(high),
            now=money(points[-1].price) if points[-1].price is not None else _("out of stock"),
        )
        y_labels = format_html(
            '<text x="{}" y="{}" text-anchor="end" font-size="10" fill="currentColor">{}</text>'
            '<text x="{}" y="{}" text-anchor="end" font-size="10" fill="currentColor">{}</text>',
            LEFT - 4,
            _fmt(y(high) + 3),
            money(high),
            LEFT - 4,
            _fmt(y(low) + 3),
            money(low),
        )
    else:
        description = _("Out of stock since {start}.").format(start=_date(start))
        y_labels = ""
    return format_html(
        '<svg class="price-chart" viewBox="0 0 {width} {height}" width="{width}" '
        'height="{height}" role="img" aria-labelledby="{id}-title {id}-desc" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{description}</desc>'
        '<g class="axes" stroke="currentColor" stroke-opacity="0.35" stroke-width="1">'
        '<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}"/>'
        '<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}"/></g>'
        '<g class="labels" fill-opacity="0.7">{y_labels}'
        '<text x="{left}" y="{date_y}" font-size="10" fill="currentColor">{first}</text>'
        '<text x="{right}" y="{date_y}" text-anchor="end" font-size="10" '
        'fill="currentColor">{last}</text></g>'
        '<g class="line">{lines}{dots}</g></svg>',
        width=WIDTH,
        height=HEIGHT,
        id=dom_id,
        title=title,
        description=description,
        left=LEFT,
        right=RIGHT,
        top=TOP,
        bottom=BOTTOM,
        date_y=BOTTOM + 16,
        y_labels=y_labels,
        first=_date(start),
        last=_date(now),
        lines=lines,
        dots=dots,
    )


def chart_of(row, *, now: datetime.datetime | None = None) -> SafeString | str:
    """The chart of a watchlist row (`selectors.WatchRow`)."""
    return price_chart_svg(
        row.history,
        title=_("Price history of {part}").format(part=row.title),
        dom_id=f"chart-{row.part_id}",
        now=now,
    )
