"""billing.demo_orders.load_demo: the demo's order money, through the services, once."""

import pytest

from partsdesk.accounts.demo import load_demo_accounts
from partsdesk.accounts.models import Customer
from partsdesk.billing import services
from partsdesk.billing.demo_orders import DEMO_PAYMENT_MARK, load_demo
from partsdesk.billing.models import CreditTerms, Entry, Operation, OperationKind
from partsdesk.billing.order_payments import order_money
from partsdesk.billing.selectors import balance_of
from partsdesk.orders.demo import load_demo_orders
from partsdesk.orders.models import Order, OrderPosition, PaymentMethod, PositionEvent
from partsdesk.orders.statuses import DROPPED_STATUSES, Actor, PositionStatus
from partsdesk.orders.tests.factories import OrderFactory, OrderPositionFactory
from partsdesk.pricing.tests.factories import OfferFactory
from partsdesk.shop.demo import load_demo_shop

S = PositionStatus
pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    load_demo_accounts()
    load_demo_shop()
    for _ in range(10):
        offer = OfferFactory(quantity=50)
        OfferFactory(quantity=50, part=offer.part)


def ivan() -> Customer:
    return Customer.objects.get(user__email="ivan@example.com")


def assert_orders_follow_the_money_rules():
    """Every confirmed (not yet issued) position of an order paid from the balance is
    reserved, every issued one paid, every dropped one holds nothing."""
    for order in Order.objects.all():
        money = order_money(order)
        for position in order.positions.all():
            row = money.positions[position.pk]
            due = services.to_minor(position.amount)
            if position.status == S.ISSUED:
                assert (row.paid, row.reserved) == (due, 0), position
            elif position.status in (S.NEW, S.ON_HOLD):
                continue
            elif position.status in DROPPED_STATUSES:
                assert row.reserved == 0, position
            elif order.payment_method != PaymentMethod.CASH_AT_PICKUP:
                assert row.reserved == due, position


def test_the_demo_money_before_and_after_the_demo_orders(demo):
    # when
    first = load_demo()
    load_demo_orders()
    load_demo()
    # then: Ivan's own order paid from the balance
    order = Order.objects.get(comment__startswith=DEMO_PAYMENT_MARK)
    issued, cancelled, reserved = list(order.positions.order_by("id"))
    assert (issued.status, cancelled.status, reserved.status) == (
        S.ISSUED,
        S.CANCELLED_BY_CUSTOMER,
        S.CONFIRMED,
    )
    money = order_money(order)
    assert money.positions[issued.pk].paid == services.to_minor(issued.amount)
    assert money.positions[cancelled.pk].released == services.to_minor(cancelled.amount)
    assert money.positions[reserved.pk].reserved == services.to_minor(reserved.amount)
    assert "ivan: top-up" in first["done"]
    assert CreditTerms.objects.get(customer__user__email="buyer@romashka.example").limit > 0
    # the orders demo's confirmed and issued positions follow the rules
    assert_orders_follow_the_money_rules()
    kinds = set(Operation.objects.filter(customer=ivan()).values_list("kind", flat=True))
    assert {OperationKind.TOP_UP, OperationKind.RESERVE, OperationKind.CAPTURE} <= kinds
    assert OperationKind.RELEASE in kinds
    assert sum(Entry.objects.values_list("amount", flat=True)) == 0
    # when: again
    count = Operation.objects.count()
    assert load_demo()["done"] == []
    assert Operation.objects.count() == count


def test_orders_confirmed_before_the_ledger_are_settled(demo):
    # given: an older demo database, Ivan's card order confirmed and issued with no money
    customer = ivan()
    order = OrderFactory(customer=customer, payment_method=PaymentMethod.CARD)
    confirmed = OrderPositionFactory(order=order, status=S.CONFIRMED, quantity=2)
    issued = OrderPositionFactory(order=order, status=S.ISSUED)
    PositionEvent.objects.create(
        position=issued,
        kind="status",
        from_status=S.READY_FOR_PICKUP,
        to_status=S.ISSUED,
        actor_role=Actor.WAREHOUSE,
        created_at=issued.status_changed_at,
    )
    # when
    load_demo()
    # then
    money = order_money(order)
    assert money.positions[confirmed.pk].reserved == services.to_minor(confirmed.amount)
    assert money.positions[issued.pk].paid == services.to_minor(issued.amount)
    assert balance_of(customer).reserved >= services.to_minor(confirmed.amount)
    assert OrderPosition.objects.filter(order=order, status=S.ISSUED).count() == 1
