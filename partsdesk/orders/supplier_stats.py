"""Suppliers' delivery record from our own orders, over a rolling window.

For each supplier, and each supplier × brand: of the positions sent to it within the last
SUPPLIER_STATS_WINDOW_DAYS days, how many it rejected, and the median and 90th percentile
of days from "ordered from the supplier" to "received at our warehouse" (from the
positions' timelines). The figures are rebuilt daily into `SupplierStats`
(`orders.refresh_supplier_stats`) and read by the storefront from the cache, so a search
page never computes them: at most one query per page, none while the cache is warm.

The window's positions are read in one query and counted in Python (the same on SQLite and
PostgreSQL; a window holds thousands of positions, not millions). The 90th percentile
interpolates between the closest ranks (`statistics.quantiles(method="inclusive")`).
"""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from .models import PositionEvent, SupplierStats
from .statuses import PositionStatus

S = PositionStatus
CACHE_KEY = "orders:supplier-history:v1"
CACHE_SECONDS = 3600
DAY = Decimal("86400")
TENTH = Decimal("0.1")


def window_days() -> int:
    return int(getattr(settings, "SUPPLIER_STATS_WINDOW_DAYS", 90))


def min_positions() -> int:
    """Fewer positions than this are not yet a history: the declared figures are shown."""
    return int(getattr(settings, "SUPPLIER_STATS_MIN_POSITIONS", 5))


@dataclass
class _Tally:
    ordered: int = 0
    rejected: int = 0
    days: list[Decimal] = field(default_factory=list)


def _days(start: datetime.datetime, end: datetime.datetime) -> Decimal:
    return Decimal(int((end - start).total_seconds())) / DAY


def _tenth(value: Decimal | float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(TENTH, rounding=ROUND_HALF_UP)


def _percentile_90(days: list[Decimal]) -> Decimal | None:
    if not days:
        return None
    if len(days) == 1:
        return days[0]
    return statistics.quantiles(days, n=10, method="inclusive")[8]


def supplier_stats_compute(now: datetime.datetime | None = None) -> list[SupplierStats]:
    """The figures over the window ending `now` (unsaved rows). One query."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=window_days())
    sent_in_window = PositionEvent.objects.filter(
        to_status=S.ORDERED_FROM_SUPPLIER, created_at__gte=since, created_at__lte=now
    ).values("position_id")
    events = (
        PositionEvent.objects.filter(
            position_id__in=sent_in_window,
            to_status__in=[
                S.ORDERED_FROM_SUPPLIER,
                S.REJECTED_BY_SUPPLIER,
                S.RECEIVED_AT_WAREHOUSE,
            ],
            created_at__lte=now,
        )
        .values_list(
            "position_id",
            "to_status",
            "created_at",
            "position__supplier_id",
            "position__part__brand_id",
        )
        .order_by("created_at", "id")
    )
    # Each position: when it was (first) sent, whether rejected, when (first) received.
    positions: dict[int, dict] = {}
    for position_id, status, at, supplier_id, brand_id in events:
        record = positions.setdefault(
            position_id, {"supplier": supplier_id, "brand": brand_id, "ordered": None}
        )
        if status == S.ORDERED_FROM_SUPPLIER:
            record["ordered"] = record["ordered"] or at
        elif status == S.REJECTED_BY_SUPPLIER:
            record["rejected"] = True
        elif status == S.RECEIVED_AT_WAREHOUSE:
            record.setdefault("received", at)
    tallies: dict[tuple[int, int | None], _Tally] = defaultdict(_Tally)
    for record in positions.values():
        if record["ordered"] is None:
            continue
        for key in ((record["supplier"], None), (record["supplier"], record["brand"])):
            tally = tallies[key]
            tally.ordered += 1
            tally.rejected += bool(record.get("rejected"))
            if "received" in record:
                tally.days.append(_days(record["ordered"], record["received"]))
    return [
        SupplierStats(
            supplier_id=supplier_id,
            brand_id=brand_id,
            window_days=window_days(),
            ordered=tally.ordered,
            rejected=tally.rejected,
            received=len(tally.days),
            median_days=_tenth(statistics.median(tally.days)) if tally.days else None,
            p90_days=_tenth(_percentile_90(tally.days)),
            computed_at=now,
        )
        for (supplier_id, brand_id), tally in sorted(
            tallies.items(), key=lambda item: (item[0][0], item[0][1] or 0)
        )
    ]


@transaction.atomic
def supplier_stats_refresh(now: datetime.datetime | None = None) -> int:
    """Replace the stored figures with today's; returns how many rows were written."""
    rows = supplier_stats_compute(now)
    SupplierStats.objects.all().delete()
    SupplierStats.objects.bulk_create(rows)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
    return len(rows)


def supplier_stats_table() -> QuerySet[SupplierStats]:
    """The stored figures for the desk: each supplier overall, then by brand."""
    return SupplierStats.objects.select_related("supplier", "brand").order_by(
        "supplier__name", F("brand__name").asc(nulls_first=True), "supplier_id"
    )


@dataclass(frozen=True)
class History:
    """Our own figures for a supplier (or a supplier × brand) as the storefront shows them."""

    ordered: int
    delivered_percent: Decimal  # 100 − the share rejected
    median_days: Decimal | None
    p90_days: Decimal | None
    by_brand: bool


def _history(row: tuple, by_brand: bool) -> History:
    ordered, rejected, median, p90 = row
    delivered = (Decimal(ordered - rejected) * 100 / ordered).quantize(Decimal("1"))
    return History(ordered, delivered, median, p90, by_brand)


def supplier_history_map() -> dict[tuple[str, str | None], History]:
    """(supplier code, brand name or None) → our figures, for every pair with enough
    history. Cached for an hour (a refresh clears it): at most one query."""
    found = cache.get(CACHE_KEY)
    if found is not None:
        return found
    enough = min_positions()
    found = {}
    rows = SupplierStats.objects.filter(ordered__gte=enough).values_list(
        "supplier__code", "brand__name", "ordered", "rejected", "median_days", "p90_days"
    )
    for code, brand, *figures in rows:
        found[(code, brand)] = _history(tuple(figures), by_brand=brand is not None)
    cache.set(CACHE_KEY, found, CACHE_SECONDS)
    return found


def supplier_history(
    histories: dict, supplier_code: str, brand_name: str | None = None
) -> History | None:
    """The supplier × brand figures when that pair has history, else the supplier's."""
    return histories.get((supplier_code, brand_name)) or histories.get((supplier_code, None))
