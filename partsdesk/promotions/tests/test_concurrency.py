"""A promo code limited to one use, tried by 20 customers at once, is used once
(PostgreSQL, real threads; SQLite serializes every writer anyway)."""

from decimal import Decimal

import pytest
from django.db import connection

from partsdesk.accounts.tests.factories import CustomerFactory
from partsdesk.orders.models import Order
from partsdesk.orders.services import OrderError
from partsdesk.orders.tests.factories import PickupPointFactory
from partsdesk.pricing.models import Offer
from partsdesk.pricing.tests.factories import OfferFactory
from partsdesk.tests.concurrency import run_together

from ..models import PromoCode, PromoRedemption
from .factories import PromoCodeFactory
from .test_checkout import place

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks under real threads: PostgreSQL"
)


@pytest.mark.django_db(transaction=True)
def test_a_one_use_code_tried_by_twenty_customers_at_once_is_used_once():
    # given twenty customers, each with a cart of their own offer, and a code for one use
    code = PromoCodeFactory(code="ONLYONE", value=Decimal("10"), limit_total=1)
    point = PickupPointFactory()
    buyers = [
        (CustomerFactory(), OfferFactory(price=Decimal("100.00"), quantity=5)) for _ in range(20)
    ]

    # when they all place their order with it at once
    results = run_together(
        *[
            (
                lambda c=c, o=o: place(
                    c, [(o, 1)], code="ONLYONE", prices=[Decimal("90.00")], point=point
                )
            )
            for c, o in buyers
        ]
    )

    # then exactly one order gets it; the others are told why and nothing of theirs changed
    placed = [r for r in results if isinstance(r, Order)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(placed) == 1, results
    assert len(refused) == 19
    assert all(isinstance(r, OrderError) and r.code == "promo_code_used_up" for r in refused), (
        refused
    )
    assert Order.objects.count() == 1
    assert PromoRedemption.objects.get().order == placed[0]
    assert PromoCode.objects.get(pk=code.pk).used_count == 1
    winner = placed[0].customer_id
    for customer, offer in buyers:
        expected = 4 if customer.pk == winner else 5
        assert Offer.objects.get(pk=offer.pk).quantity == expected


@pytest.mark.django_db(transaction=True)
def test_one_customer_racing_themselves_uses_a_once_per_customer_code_once():
    code = PromoCodeFactory(code="MINE", value=Decimal("10"), limit_per_customer=1)
    customer = CustomerFactory()
    point = PickupPointFactory()
    offers = [OfferFactory(price=Decimal("100.00"), quantity=5) for _ in range(5)]

    results = run_together(
        *[
            (
                lambda o=o: place(
                    customer, [(o, 1)], code="MINE", prices=[Decimal("90.00")], point=point
                )
            )
            for o in offers
        ]
    )

    assert len([r for r in results if isinstance(r, Order)]) == 1, results
    assert {r.code for r in results if isinstance(r, Exception)} == {"promo_code_already_used"}
    assert PromoCode.objects.get(pk=code.pk).used_count == 1
