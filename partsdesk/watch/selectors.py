"""Reads of the price watch: best prices, the customer's watchlist and its price history."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import F, Min, Window
from django.db.models.functions import RowNumber

from partsdesk.accounts.models import Customer
from partsdesk.catalog.models import Part
from partsdesk.pricing.models import Offer
from partsdesk.pricing.money import CENT
from partsdesk.pricing.selectors import price_for_customer

from .models import PricePoint, WatchedPart, WatchedPrice

# How many of a part's latest points the watchlist and its chart show.
HISTORY_POINTS = 60


def best_price(part: Part) -> Decimal | None:
    """The part's best retail price now: the lowest among offers in stock (None: none is)."""
    return Offer.objects.filter(part=part, quantity__gt=0).aggregate(best=Min("price"))["best"]


@dataclass(frozen=True)
class PriceChange:
    """A watched part whose best price is not the one of its last check."""

    part_id: int
    price: Decimal | None
    last_price: Decimal | None


def _decimal(value) -> Decimal | None:
    # SQLite hands decimals back as floats.
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value)).quantize(CENT)


def watched_price_changes_sql() -> str:
    """The query of `watched_price_changes` (bench.watch explains it)."""
    offer, tracked = Offer._meta.db_table, WatchedPrice._meta.db_table
    return f"""
        WITH watched AS MATERIALIZED (
            SELECT t.part_id, t.price,
                (SELECT MIN(o.price) FROM {offer} o
                  WHERE o.part_id = t.part_id AND o.quantity > 0) AS best
            FROM {tracked} t
        )
        SELECT part_id, best, price FROM watched
        WHERE (best IS NULL) <> (price IS NULL) OR best <> price
        ORDER BY part_id
    """


def watched_price_changes() -> list[PriceChange]:
    """Every watched part whose best price differs from its last check. One query.

    Only the watched parts are looked at (one `WatchedPrice` row each): the best in-stock
    price of each is one range of the offers' (part, price) index. The CTE is MATERIALIZED
    so that neither database copies that correlated subquery into the WHERE clause and
    runs it twice.
    """
    with connection.cursor() as cursor:
        cursor.execute(watched_price_changes_sql())
        rows = cursor.fetchall()
    return [
        PriceChange(part_id=part_id, price=_decimal(best), last_price=_decimal(last_price))
        for part_id, best, last_price in rows
    ]


@dataclass(frozen=True)
class HistoryPoint:
    recorded_at: datetime.datetime
    price: Decimal | None


@dataclass
class WatchRow:
    """One line of the watchlist, in the prices this customer pays."""

    id: int
    part_id: int
    brand_name: str
    brand_slug: str
    number: str
    number_norm: str
    name: str
    target_price: Decimal | None
    created_at: datetime.datetime
    # As of the last check; None: out of stock (or not checked yet).
    price: Decimal | None = None
    previous_price: Decimal | None = None
    price_since: datetime.datetime | None = None
    history: list[HistoryPoint] = field(default_factory=list)

    @property
    def in_stock(self) -> bool:
        return self.price is not None

    @property
    def change(self) -> Decimal | None:
        if self.price is None or self.previous_price is None:
            return None
        return self.price - self.previous_price

    @property
    def change_abs(self) -> Decimal | None:
        change = self.change
        return None if change is None else abs(change)

    @property
    def change_percent(self) -> Decimal | None:
        change = self.change
        if change is None or not self.previous_price:
            return None
        return (change * 100 / self.previous_price).quantize(Decimal("0.1"))

    @property
    def target_reached(self) -> bool:
        return (
            self.target_price is not None
            and self.price is not None
            and self.price <= self.target_price
        )

    @property
    def title(self) -> str:
        return f"{self.brand_name} {self.number}"


def price_history(part_ids: list[int], *, points: int = HISTORY_POINTS) -> dict[int, list]:
    """The latest `points` price points of each part, oldest first. One query."""
    if not part_ids:
        return {}
    latest = (
        PricePoint.objects.filter(part_id__in=part_ids)
        .annotate(rank=Window(RowNumber(), partition_by=F("part_id"), order_by=F("id").desc()))
        .filter(rank__lte=points)
        .order_by("part_id", "id")
    )
    history: dict[int, list[PricePoint]] = {part_id: [] for part_id in part_ids}
    for point in latest:
        history[point.part_id].append(point)
    return history


def watchlist(customer: Customer, *, part_id: int | None = None) -> list[WatchRow]:
    """The customer's watched parts, newest first, each with its price history. Two queries.

    Prices are as of the last check (the watch itself records the first point), in the
    price this customer pays.
    """
    watches = WatchedPart.objects.filter(customer=customer).select_related("part__brand")
    if part_id is not None:
        watches = watches.filter(part_id=part_id)
    rows = [
        WatchRow(
            id=watch.pk,
            part_id=watch.part_id,
            brand_name=watch.part.brand.name,
            brand_slug=watch.part.brand.slug,
            number=watch.part.number,
            number_norm=watch.part.number_norm,
            name=watch.part.name,
            target_price=watch.target_price,
            created_at=watch.created_at,
        )
        for watch in watches
    ]
    history = price_history([row.part_id for row in rows])

    def for_customer(price: Decimal | None) -> Decimal | None:
        return None if price is None else price_for_customer(customer, price)

    for row in rows:
        points = history.get(row.part_id, [])
        row.history = [HistoryPoint(p.recorded_at, for_customer(p.price)) for p in points]
        if points:
            last = points[-1]
            row.price = for_customer(last.price)
            row.previous_price = for_customer(last.previous_price)
            row.price_since = last.recorded_at
    return rows


def watch_of(customer: Customer | None, part_id: int) -> WatchedPart | None:
    """The customer's own watch of a part, if they watch it (never anyone else's)."""
    if customer is None:
        return None
    return WatchedPart.objects.filter(customer=customer, part_id=part_id).first()
