"""The balance chart of the personal account: the watch's server-drawn step chart (an SVG,
no JavaScript, colours from CSS) fed with the balance after every movement."""

import datetime

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from partsdesk.accounts.models import Customer
from partsdesk.watch.charts import price_chart_svg

from .statements import CHART_DAYS, ChartPoint, balance_history


def balance_chart_svg(
    points: list[ChartPoint], *, now: datetime.datetime | None = None, dom_id: str = "balance"
) -> SafeString | str:
    """The SVG of a balance history (see statements.balance_history); "" when empty."""
    return price_chart_svg(points, title=_("Balance over time"), dom_id=dom_id, now=now)


def balance_chart_of(customer: Customer, *, days: int = CHART_DAYS) -> SafeString | str:
    """The chart of the customer's last `days` days; "" when the balance never moved from 0."""
    points = balance_history(customer, days=days)
    if len(points) == 1 and points[0].price == 0:
        return ""
    return balance_chart_svg(points)
