"""Confirming orders of one customer at the same time on PostgreSQL with real threads: the
balance is checked under the customer's account locks, so money for one order confirms one."""

from decimal import Decimal

import pytest

from partsdesk.accounts.tests.factories import CustomerFactory, ManagerFactory
from partsdesk.billing import services
from partsdesk.billing.models import Account, Entry
from partsdesk.billing.selectors import balance_of
from partsdesk.orders import services as orders
from partsdesk.orders.models import Order, PaymentMethod
from partsdesk.orders.statuses import HoldReason, OrderStatus, PositionStatus
from partsdesk.orders.tests.factories import place_order
from partsdesk.pricing.tests.factories import OfferFactory
from partsdesk.tests.concurrency import postgresql_only, run_together

S = PositionStatus
pytestmark = [
    postgresql_only,
    pytest.mark.django_db(transaction=True),
]


def test_two_orders_confirmed_at_once_with_money_for_one(db):
    # given: two orders of 300.00 (two positions each), 400.00 on the balance
    manager = ManagerFactory(username="anna")
    customer = CustomerFactory(manager=manager, user__language="en")
    made = []
    for _ in range(2):
        lines = [(OfferFactory(quantity=10, price=Decimal("150.00")), 1) for _ in range(2)]
        made.append(
            place_order(customer, lines, payment_method=PaymentMethod.BALANCE, funded=False)
        )
    due = services.to_minor(made[0].amount_due)
    services.top_up(customer, amount=due + due // 3, source=services.shop_account("bank"), key="t")

    def confirm(order):
        return lambda: orders.order_confirm(order, actor=manager, contact_note="Called")

    # when
    results = run_together(*(confirm(order) for order in made))
    # then: no error; one confirmed with its reserve, the other wholly on hold
    assert not [r for r in results if isinstance(r, Exception)], results
    statuses = sorted(Order.objects.values_list("status", flat=True))
    assert statuses == sorted([OrderStatus.IN_PROGRESS, OrderStatus.ON_HOLD])
    held = Order.objects.get(status=OrderStatus.ON_HOLD)
    assert set(held.positions.values_list("status", "hold_reason")) == {
        (S.ON_HOLD, HoldReason.NOT_ENOUGH_BALANCE)
    }
    balance = balance_of(customer)
    assert (balance.available, balance.reserved) == (due // 3, due)
    for account in Account.objects.all():
        total = sum(Entry.objects.filter(account=account).values_list("amount", flat=True))
        assert account.balance == total
