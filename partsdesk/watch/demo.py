"""The demo customer's watchlist: a few well-known demo parts with two months of price
history, so the watchlist's charts show something at once. Called by `load_demo_accounts`."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from partsdesk.accounts.models import Customer
from partsdesk.catalog.models import Part
from partsdesk.catalog.numbers import normalize_number
from partsdesk.notifications.models import Event
from partsdesk.notifications.services import notify
from partsdesk.pricing.money import CENT

from .models import PricePoint, WatchedPart, WatchedPrice
from .selectors import best_price
from .services import price_change_message

DEMO_CUSTOMER_EMAIL = "ivan@example.com"
# brand, number, target price as a share of today's price (None: no target), and the
# history as shares of today's price, oldest first, one point every DAYS_APART days
# (None: out of stock); the last share is always 1 (today's price).
DEMO_WATCHES = [
    ("KNECHT", "OC 90", Decimal("0.95"), ["1.18", "1.12", "1.15", "1.08", "1.10", "1.04", "1"]),
    ("MANN-FILTER", "W 712/75", Decimal("1.02"), ["0.96", "1.01", None, "1.07", "1.03", "1"]),
    ("BOSCH", "0 986 452 041", None, ["0.92", "0.95", "0.97", "1.02", "1"]),
]
DAYS_APART = 9


def _demo_parts() -> list[tuple[Part, Decimal | None, list]]:
    found = []
    for brand, number, target_share, shares in DEMO_WATCHES:
        part = Part.objects.filter(brand__name=brand, number_norm=normalize_number(number)).first()
        if part is not None:
            found.append((part, target_share, shares))
    return found


def _share(price: Decimal, share: str | Decimal) -> Decimal:
    return (price * Decimal(share)).quantize(Decimal(1), rounding=ROUND_HALF_UP).quantize(CENT)


@transaction.atomic
def load_demo_watch() -> int:
    """Make the demo customer watch the demo parts; returns how many watches it made.

    Does nothing when the customer or the demo catalog is missing, or when the customer
    watches something already (a second run changes nothing).
    """
    customer = (
        Customer.objects.filter(user__email=DEMO_CUSTOMER_EMAIL).select_related("user").first()
    )
    if customer is None or WatchedPart.objects.filter(customer=customer).exists():
        return 0
    now = timezone.now()
    made = 0
    told = None
    for part, target_share, shares in _demo_parts():
        price = best_price(part)
        if price is None:
            continue
        started = now - datetime.timedelta(days=DAYS_APART * len(shares))
        if not PricePoint.objects.filter(part=part).exists():
            previous = None
            for index, share in enumerate(shares):
                point_price = price if index == len(shares) - 1 else None
                if share is not None and point_price is None:
                    point_price = _share(price, share)
                PricePoint.objects.create(
                    part=part,
                    price=point_price,
                    previous_price=previous,
                    recorded_at=started + datetime.timedelta(days=DAYS_APART * index),
                    notified_at=now,
                )
                previous = point_price
        WatchedPrice.objects.get_or_create(part=part, defaults={"price": price})
        WatchedPart.objects.create(
            customer=customer,
            part=part,
            target_price=_share(price, target_share) if target_share else None,
            created_at=started,
        )
        made += 1
        if told is None and shares[-2] is not None:
            told = (part, price, _share(price, shares[-2]))
    if told is not None:
        # What the last check told about the first part: one notification in the header.
        part, price, previous = told
        message = price_change_message(part=part, price=price, previous=previous, target=None)
        notify(
            user=customer.user,
            event=Event.PRICE_CHANGE,
            title=message.title,
            body=message.body,
            url=f"{reverse('watch:watchlist')}#part-{part.pk}",
        )
    return made
