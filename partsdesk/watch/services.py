"""Price watch: watching parts, and checking their best prices after each price-list import.

The history of a watched part is a list of points, one per change of its best retail price
(the lowest price among offers in stock); its `WatchedPrice` row holds the price of the last
check. Watching a part starts its history. `watched_prices_check` runs after every
published import: one query finds the watched parts whose best price moved, bulk writes
record the new points and prices, and the watchers are told in background tasks once that
has committed.

Out of stock: when no offer has the part in stock any more, a point with no price is
recorded (the chart shows a gap, the watchlist "out of stock") and nobody is told. When it
comes back, its watchers are told the new price ("back in stock"), or that the target price
is reached when it is at or below theirs.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from partsdesk.accounts.models import Customer
from partsdesk.catalog.models import Part
from partsdesk.notifications.models import Event
from partsdesk.notifications.services import notify
from partsdesk.pricing.money import CENT
from partsdesk.pricing.selectors import price_for_customer
from partsdesk.storefront.templatetags.storefront import money

from .models import PricePoint, WatchedPart, WatchedPrice
from .selectors import best_price, watched_price_changes

# A customer watches at most this many parts (the watchlist is one page of charts).
WATCHLIST_LIMIT = 200
# A target above this is a typo, not a price anyone waits for.
MAX_TARGET_PRICE = Decimal("10000000")
# Watchers' notifications are sent in tasks of this many points each.
NOTIFY_BATCH = 500
# Parts per UPDATE of their checked price (within SQLite's 999 parameters).
UPDATE_BATCH = 900


class WatchError(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def target_price_parse(value) -> Decimal | None:
    """A target price from a form or the API: empty is none; otherwise a positive sum.

    Raises WatchError("invalid_target_price") for anything else.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        price = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except InvalidOperation:
        price = None
    if price is None or not price.is_finite():
        raise WatchError("invalid_target_price", _("The target price must be a number."))
    if price <= 0:
        raise WatchError("invalid_target_price", _("The target price must be above zero."))
    if price > MAX_TARGET_PRICE:
        raise WatchError(
            "invalid_target_price",
            format_lazy(
                _("The target price cannot be above {limit}."), limit=money(MAX_TARGET_PRICE)
            ),
        )
    if price != price.quantize(CENT):
        raise WatchError(
            "invalid_target_price", _("The target price has at most two digits after the point.")
        )
    return price.quantize(CENT)


def _lock_part(part_id: int) -> None:
    """Serialize watching and unwatching one part, so its WatchedPrice row lives exactly
    while it has watchers (a lock that still lets offers of the part be written)."""
    Part.objects.select_for_update(no_key=True).filter(pk=part_id).values_list("pk").first()


def _track(part: Part) -> None:
    """Start checking the part's price, unless it is checked already.

    Its history gets a point at the current best price when it has none yet, or when the
    price moved while nobody watched it (nobody is told about either).
    """
    if WatchedPrice.objects.filter(part=part).exists():
        return
    price = best_price(part)
    WatchedPrice.objects.create(part=part, price=price)
    last = PricePoint.objects.filter(part=part).order_by("-id").first()
    if last is None or last.price != price:
        PricePoint.objects.create(
            part=part,
            price=price,
            previous_price=None if last is None else last.price,
            notified_at=timezone.now(),
        )


@transaction.atomic
def part_watch(*, customer: Customer, part: Part, target_price=None) -> WatchedPart:
    """Watch the part (again: keeps the watch, and sets the target price when one is given).

    Raises WatchError: invalid_target_price, watchlist_full, customer_blocked.
    """
    target = target_price_parse(target_price)
    if customer.is_blocked or customer.anonymized_at is not None:
        raise WatchError("customer_blocked", _("This account cannot watch prices."))
    # Serialize one customer's concurrent watches so the limit holds.
    Customer.objects.select_for_update().filter(pk=customer.pk).first()
    _lock_part(part.pk)
    watch = WatchedPart.objects.filter(customer=customer, part=part).first()
    if watch is None:
        if WatchedPart.objects.filter(customer=customer).count() >= WATCHLIST_LIMIT:
            raise WatchError(
                "watchlist_full",
                format_lazy(
                    _("You watch {limit} parts already; stop watching one to add another."),
                    limit=WATCHLIST_LIMIT,
                ),
            )
        watch = WatchedPart.objects.create(customer=customer, part=part, target_price=target)
        _track(part)
    elif target is not None and watch.target_price != target:
        watch.target_price = target
        watch.save(update_fields=["target_price"])
    return watch


@transaction.atomic
def part_unwatch(*, customer: Customer, part_id: int) -> bool:
    """Stop watching; False when the customer did not watch it. The part's history stays:
    other customers may watch it, and it is the shop's record of the price."""
    _lock_part(part_id)
    deleted, _by_model = WatchedPart.objects.filter(customer=customer, part_id=part_id).delete()
    if deleted and not WatchedPart.objects.filter(part_id=part_id).exists():
        WatchedPrice.objects.filter(part_id=part_id).delete()
    return bool(deleted)


@transaction.atomic
def watch_target_set(*, watch: WatchedPart, target_price=None) -> WatchedPart:
    """Set the target price, or clear it with None or an empty value."""
    watch.target_price = target_price_parse(target_price)
    watch.save(update_fields=["target_price"])
    return watch


def _lock_check() -> None:
    """One check at a time: two imports finishing together must not both add a point.

    SQLite's write transactions are already serial (BEGIN IMMEDIATE).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('watch.check_prices'))")


def watched_prices_check() -> int:
    """Record a point for every watched part whose best price changed; returns how many.

    Called after each published price-list import (and as the task `watch.check_prices`).
    A fixed number of queries whatever the number of watched parts; the watchers are told
    by `watch.notify_price_changes` tasks queued when the transaction commits.
    """
    from .tasks import notify_price_changes

    with transaction.atomic():
        _lock_check()
        changes = watched_price_changes()
        if not changes:
            return 0
        now = timezone.now()
        points = PricePoint.objects.bulk_create(
            PricePoint(
                part_id=change.part_id,
                price=change.price,
                previous_price=change.last_price,
                recorded_at=now,
                # Nobody is told about going out of stock.
                notified_at=now if change.price is None else None,
            )
            for change in changes
        )
        # Each part's checked price becomes its new last point's (bulk_update's CASE would
        # grow with the square of the batch).
        last_price = Subquery(
            PricePoint.objects.filter(part_id=OuterRef("pk")).order_by("-id").values("price")[:1]
        )
        changed = [change.part_id for change in changes]
        for start in range(0, len(changed), UPDATE_BATCH):
            WatchedPrice.objects.filter(pk__in=changed[start : start + UPDATE_BATCH]).update(
                price=last_price
            )
        # Both databases return the new ids (SQLite from 3.35, which the CTE needs anyway).
        to_tell = [point.pk for point in points if point.notified_at is None]
        for start in range(0, len(to_tell), NOTIFY_BATCH):
            batch = to_tell[start : start + NOTIFY_BATCH]
            transaction.on_commit(lambda batch=batch: notify_price_changes.delay(batch))
    return len(points)


@dataclass(frozen=True)
class PriceChangeMessage:
    title: object
    body: object


def price_change_message(
    *, part: Part, price: Decimal, previous: Decimal | None, target: Decimal | None
):
    """What a watcher is told, in the prices they pay; lazy, so notify() translates it."""
    name = f"{part.brand.name} {part.number}"
    if target is not None and price <= target and (previous is None or previous > target):
        return PriceChangeMessage(
            title=format_lazy(
                _("{part}: your target price is reached — {price}"), part=name, price=money(price)
            ),
            body=format_lazy(
                _("The best offer for {part} now costs {price}; your target price is {target}."),
                part=name,
                price=money(price),
                target=money(target),
            ),
        )
    if previous is None:
        return PriceChangeMessage(
            title=format_lazy(
                _("{part} is back in stock at {price}"), part=name, price=money(price)
            ),
            body=format_lazy(
                _("{part} was out of stock; the best offer now costs {price}."),
                part=name,
                price=money(price),
            ),
        )
    change = price - previous
    percent = (abs(change) * 100 / previous).quantize(Decimal("0.1")) if previous else None
    title = (
        _("{part}: the price fell to {price}")
        if change < 0
        else _("{part}: the price rose to {price}")
    )
    return PriceChangeMessage(
        title=format_lazy(title, part=name, price=money(price)),
        body=format_lazy(
            _("The best offer for {part} was {previous}, now {price} ({change}, {percent}%)."),
            part=name,
            previous=money(previous),
            price=money(price),
            change=("−" if change < 0 else "+") + money(abs(change)),
            percent=percent if percent is not None else "—",
        ),
    )


@transaction.atomic
def price_changes_notify(*, point_ids: list[int]) -> int:
    """Tell the watchers of these points' parts about them, once; returns how many were told.

    A point is told about once (its `notified_at` is set in the same transaction as the
    notifications), and only to customers who watched the part when the point was recorded.
    """
    points = list(
        PricePoint.objects.select_for_update()
        .filter(pk__in=point_ids, notified_at__isnull=True)
        .exclude(price=None)
        .select_related("part__brand")
    )
    if not points:
        return 0
    by_part = {point.part_id: point for point in points}
    watches = (
        WatchedPart.objects.filter(
            part_id__in=by_part,
            customer__anonymized_at__isnull=True,
            customer__user__is_active=True,
        )
        .select_related("customer__user")
        .order_by("id")
    )
    url = reverse("watch:watchlist")
    told = 0
    for watch in watches:
        point = by_part[watch.part_id]
        if watch.created_at > point.recorded_at:
            continue
        customer = watch.customer
        message = price_change_message(
            part=point.part,
            price=price_for_customer(customer, point.price),
            previous=(
                None
                if point.previous_price is None
                else price_for_customer(customer, point.previous_price)
            ),
            target=watch.target_price,
        )
        notify(
            user=customer.user,
            event=Event.PRICE_CHANGE,
            title=message.title,
            body=message.body,
            url=f"{url}#part-{watch.part_id}",
        )
        told += 1
    PricePoint.objects.filter(pk__in=[point.pk for point in points]).update(
        notified_at=timezone.now()
    )
    return told
