"""Paying for orders through the ledger: reserve on confirmation, capture on issue, release
and refund when positions are dropped."""

from decimal import Decimal

import pytest

from partsdesk.accounts.tests.factories import CustomerFactory, ManagerFactory
from partsdesk.billing import services
from partsdesk.billing.order_payments import order_reserve
from partsdesk.billing.selectors import balance_of, reserved_for_position
from partsdesk.orders.models import PaymentMethod
from partsdesk.orders.tests.factories import place_order
from partsdesk.pricing.tests.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(db):
    return ManagerFactory(username="anna", first_name="Anna")


@pytest.fixture
def customer(manager):
    return CustomerFactory(manager=manager, full_name="Ivan Sidorov", user__language="en")


def fund(customer, amount: int, key: str = "fund"):
    return services.top_up(customer, amount=amount, source=services.shop_account("bank"), key=key)


def test_order_reserve_covers_each_position_once(customer):
    # given
    offers = [OfferFactory(quantity=10, price=Decimal("100.00")) for _ in range(2)]
    order = place_order(
        customer, [(offers[0], 2), (offers[1], 1)], payment_method=PaymentMethod.BALANCE
    )
    due = sum(services.to_minor(p.amount) for p in order.positions.all())
    fund(customer, due + 1_000)
    # when
    first = order_reserve(order)
    again = order_reserve(order)
    # then
    assert (first, again) == (due, 0)
    assert balance_of(customer).reserved == due
    for position in order.positions.all():
        assert reserved_for_position(position) == services.to_minor(position.amount)
