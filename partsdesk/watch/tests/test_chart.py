import datetime
import re
from decimal import Decimal

from django.utils import timezone

from partsdesk.watch.charts import LEFT, RIGHT, price_chart_svg
from partsdesk.watch.selectors import HistoryPoint

NOW = timezone.make_aware(datetime.datetime(2026, 3, 31, 12, 0))


def day(n: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=30 - n)


def polylines(svg: str) -> list[list[tuple[float, float]]]:
    return [
        [tuple(map(float, pair.split(","))) for pair in points.split()]
        for points in re.findall(r'<polyline class="price-line" points="([^"]+)"', svg)
    ]


def test_a_step_line_from_the_first_point_to_now_with_labels_and_a_title():
    svg = price_chart_svg(
        [HistoryPoint(day(0), Decimal("500.00")), HistoryPoint(day(15), Decimal("450.00"))],
        title="Price history of KNECHT OC 90",
        dom_id="chart-1",
        now=NOW,
    )
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert 'role="img" aria-labelledby="chart-1-title chart-1-desc"' in svg
    assert '<title id="chart-1-title">Price history of KNECHT OC 90</title>' in svg
    assert "lowest 450.00 ₽, highest 500.00 ₽, now 450.00 ₽" in svg
    (line,) = polylines(svg)
    xs = [x for x, _ in line]
    ys = [y for _, y in line]
    # 500 held from the start to the middle, then 450 (lower on screen = higher y) until now
    assert xs[0] == LEFT and xs[-1] == RIGHT
    assert xs[1] == xs[2] == (LEFT + RIGHT) / 2
    assert ys[0] == ys[1] < ys[2] == ys[3]
    assert "style=" not in svg  # CSP: no inline styles


def test_out_of_stock_is_a_gap():
    svg = price_chart_svg(
        [
            HistoryPoint(day(0), Decimal("100.00")),
            HistoryPoint(day(10), None),
            HistoryPoint(day(20), Decimal("120.00")),
        ],
        title="t",
        dom_id="c",
        now=NOW,
    )
    first, second = polylines(svg)
    assert first[-1][0] < second[0][0]
    assert svg.count("<circle ") == 2


def test_a_flat_price_and_nothing_at_all():
    svg = price_chart_svg([HistoryPoint(NOW, Decimal("80.00"))], title="t", dom_id="c", now=NOW)
    assert len(polylines(svg)) == 1
    assert price_chart_svg([], title="t", dom_id="c") == ""
    out = price_chart_svg([HistoryPoint(day(0), None)], title="t", dom_id="c", now=NOW)
    assert "Out of stock since" in out and polylines(out) == []


def test_titles_are_escaped():
    svg = price_chart_svg(
        [HistoryPoint(NOW, Decimal("1.00"))], title="<script>x</script>", dom_id="c", now=NOW
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg
