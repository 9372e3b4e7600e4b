from decimal import Decimal

import pytest

from partsdesk.accounts.tests.factories import CustomerFactory, UserFactory
from partsdesk.catalog.tests.factories import BrandFactory, PartFactory
from partsdesk.pricing.tests.factories import OfferFactory, WarehouseFactory


@pytest.fixture
def warehouse(db):
    return WarehouseFactory()


@pytest.fixture
def filter_part(warehouse):
    """KNECHT OC 90 with two offers in stock (best 500.00) and a cheaper one out of stock."""
    part = PartFactory(brand=BrandFactory(name="KNECHT", slug="knecht"), number="OC 90")
    OfferFactory(part=part, warehouse=warehouse, price=Decimal("500.00"))
    OfferFactory(part=part, warehouse=WarehouseFactory(), price=Decimal("650.00"))
    OfferFactory(part=part, warehouse=WarehouseFactory(), price=Decimal("300.00"), quantity=0)
    return part


@pytest.fixture
def ivan(db):
    return CustomerFactory(user=UserFactory(email="ivan@example.com", language="en"))


@pytest.fixture
def anna(db):
    return CustomerFactory(user=UserFactory(email="anna@example.com", language="ru"))


def set_best_price(part, price: Decimal | None) -> None:
    """What an import does to the part's offers: the cheapest one gets `price` (None: every
    offer of the part goes out of stock)."""
    offers = part.offers.order_by("price", "id")
    if price is None:
        offers.update(quantity=0)
        return
    offers.filter(quantity__gt=0).update(price=price + 1000)
    offer = offers.filter(quantity__gt=0).first() or offers.first()
    offer.price = price
    offer.quantity = 5
    offer.save(update_fields=["price", "quantity"])
