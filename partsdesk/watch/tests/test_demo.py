from decimal import Decimal

import pytest
from django.core.management import call_command

from partsdesk.accounts.models import Customer
from partsdesk.catalog.tests.factories import BrandFactory, PartFactory
from partsdesk.notifications.models import Notification
from partsdesk.pricing.tests.factories import OfferFactory
from partsdesk.watch.models import PricePoint, WatchedPart
from partsdesk.watch.selectors import watchlist
from partsdesk.watch.services import watched_prices_check

pytestmark = pytest.mark.django_db


def test_the_demo_customer_watches_demo_parts_with_history_once(capsys):
    for brand, number, price in [
        ("KNECHT", "OC 90", "512.40"),
        ("MANN-FILTER", "W 712/75", "388.00"),
        ("BOSCH", "0 986 452 041", "455.10"),
    ]:
        OfferFactory(part=PartFactory(brand=BrandFactory(name=brand), number=number), price=price)

    call_command("load_demo_accounts", "--json")
    ivan = Customer.objects.get(user__email="ivan@example.com")
    rows = watchlist(ivan)
    assert len(rows) == 3
    assert all(len(row.history) >= 5 for row in rows)
    knecht = next(row for row in rows if row.brand_name == "KNECHT")
    assert knecht.price == Decimal("512.40") and knecht.change < 0
    assert knecht.target_price < knecht.price
    mann = next(row for row in rows if row.brand_name == "MANN-FILTER")
    assert None in [point.price for point in mann.history]  # a stretch out of stock
    assert Notification.objects.filter(user=ivan.user).count() == 1

    # the history ends at today's prices: the first check after the demo finds no change
    assert watched_prices_check() == 0
    # and a second load changes nothing
    points = PricePoint.objects.count()
    call_command("load_demo_accounts", "--json")
    assert (WatchedPart.objects.count(), PricePoint.objects.count()) == (3, points)
    assert Notification.objects.count() == 1


def test_without_the_demo_catalog_nobody_watches_anything():
    call_command("load_demo_accounts", "--json")
    assert not WatchedPart.objects.exists()
