"""Paying for orders through the ledger: reserve on confirmation, capture on issue, release
and refund when positions are dropped, the reserve following the manager's edits."""

from decimal import Decimal

import pytest
from django.urls import reverse

from partsdesk.accounts.models import CustomerKind
from partsdesk.accounts.roles import Role
from partsdesk.accounts.tests.factories import CustomerFactory, ManagerFactory
from partsdesk.billing import services
from partsdesk.billing.models import CreditTerms, Entry, Operation, OperationKind
from partsdesk.billing.order_payments import order_money, order_reserve, position_moved
from partsdesk.billing.selectors import balance_of, reserved_for_position
from partsdesk.notifications.models import Event, Notification
from partsdesk.orders import services as orders
from partsdesk.orders.models import PaymentMethod, PositionEvent
from partsdesk.orders.services import TransitionRefused
from partsdesk.orders.statuses import Actor, HoldReason, OrderStatus, PositionStatus, RejectReason
from partsdesk.orders.tests.factories import DeliveryBandFactory, PickupPointFactory, place_order
from partsdesk.pricing.tests.factories import OfferFactory

S = PositionStatus
pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(db):
    return ManagerFactory(username="anna", first_name="Anna")


@pytest.fixture
def storekeeper(db):
    return ManagerFactory(username="stas", roles=[Role.WAREHOUSE])


@pytest.fixture
def customer(manager):
    return CustomerFactory(manager=manager, full_name="Ivan Sidorov", user__language="en")


@pytest.fixture
def company(manager):
    return CustomerFactory(
        manager=manager,
        kind=CustomerKind.LEGAL_ENTITY,
        full_name="Olga Buyer",
        company_name="ООО Ромашка",
        inn="7707083893",
        user__language="en",
    )


def fund(customer, amount: int, key: str = "fund", source=None):
    return services.top_up(
        customer, amount=amount, source=source or services.shop_account("bank"), key=key
    )


def offers(*prices: str):
    return [OfferFactory(quantity=20, price=Decimal(price)) for price in prices]


def order_of(customer, *lines, method=PaymentMethod.BALANCE, **kwargs):
    """An order placed through checkout: `lines` are (price, quantity)."""
    made = offers(*(price for price, _quantity in lines))
    return place_order(
        customer,
        [(offer, quantity) for offer, (_price, quantity) in zip(made, lines, strict=True)],
        payment_method=method,
        funded=False,
        **kwargs,
    )


def minor(position) -> int:
    position.refresh_from_db()
    return services.to_minor(position.amount)


def confirm(order, manager):
    return orders.order_confirm(order, actor=manager, contact_note="Called, confirmed")


def to_ready(position, manager):
    orders.positions_send_to_supplier([position], actor=manager)
    orders.position_supplier_shipped(position, actor=manager)
    orders.position_received(position, actor=manager)
    orders.position_ready_for_pickup(position, actor=manager)


def revenue() -> int:
    return services.shop_account("revenue").balance


def assert_ledger_balanced():
    assert sum(Entry.objects.values_list("amount", flat=True)) == 0


# --- reserve on confirmation -------------------------------------------------------------------


def test_order_reserve_covers_each_position_once(customer):
    # given
    order = order_of(customer, ("100.00", 2), ("50.00", 1))
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


def test_confirming_with_enough_balance_reserves_each_position(customer, manager):
    # given
    order = order_of(customer, ("100.00", 2), ("50.00", 1))
    positions = list(order.positions.all())
    due = sum(minor(p) for p in positions)
    fund(customer, due + 500)
    # when
    confirm(order, manager)
    # then
    order.refresh_from_db()
    assert order.status == OrderStatus.IN_PROGRESS and order.confirmed_by == manager
    assert set(order.positions.values_list("status", flat=True)) == {S.CONFIRMED}
    assert balance_of(customer) == balance_of(customer).__class__(500, due, 0, 0)
    for position in positions:
        assert reserved_for_position(position) == minor(position)
    money = order_money(order)
    assert (money.total, money.reserved, money.paid, money.due) == (due, due, 0, 0)
    assert_ledger_balanced()


def test_an_order_short_of_money_waits_on_hold_with_nothing_reserved(customer, manager):
    # given: money for the first position only
    order = order_of(customer, ("100.00", 1), ("200.00", 1))
    first = order.positions.order_by("id").first()
    fund(customer, minor(first))
    # when
    confirm(order, manager)
    # then
    order.refresh_from_db()
    assert order.status == OrderStatus.ON_HOLD and order.confirmed_at is None
    assert set(order.positions.values_list("status", "hold_reason")) == {
        (S.ON_HOLD, HoldReason.NOT_ENOUGH_BALANCE)
    }
    assert balance_of(customer).reserved == 0
    assert not Operation.objects.filter(kind=OperationKind.RESERVE).exists()
    note = Notification.objects.get(user=customer.user, event=Event.PAYMENT)
    assert order.number in note.title and "300.00" in note.body.replace("\xa0", "")
    assert note.url.endswith(order.number + "/")
    assert order_money(order).due == 30_000


def test_a_top_up_confirms_the_held_orders_oldest_first(
    customer, manager, django_capture_on_commit_callbacks
):
    # given: two orders on hold for money
    older = order_of(customer, ("100.00", 1))
    newer = order_of(customer, ("300.00", 1))
    confirm(older, manager)
    confirm(newer, manager)
    # when: money for the older one only arrives
    with django_capture_on_commit_callbacks(execute=True):
        fund(customer, 15_000, key="first")
    # then
    older.refresh_from_db(), newer.refresh_from_db()
    assert older.status == OrderStatus.IN_PROGRESS and older.confirmed_at is not None
    assert newer.status == OrderStatus.ON_HOLD
    event = PositionEvent.objects.filter(position__order=older, to_status=S.CONFIRMED).get()
    assert event.actor is None and event.actor_role == Actor.SYSTEM
    assert balance_of(customer).available == 5_000
    # when: the rest arrives
    with django_capture_on_commit_callbacks(execute=True):
        fund(customer, 25_000, key="second")
    # then
    newer.refresh_from_db()
    assert newer.status == OrderStatus.IN_PROGRESS
    assert balance_of(customer).available == 0 and balance_of(customer).reserved == 40_000


def test_an_older_order_the_money_does_not_cover_lets_a_smaller_one_through(
    customer, manager, django_capture_on_commit_callbacks
):
    older = order_of(customer, ("500.00", 1))
    newer = order_of(customer, ("100.00", 1))
    confirm(older, manager)
    confirm(newer, manager)
    with django_capture_on_commit_callbacks(execute=True):
        fund(customer, 20_000)
    older.refresh_from_db(), newer.refresh_from_db()
    assert (older.status, newer.status) == (OrderStatus.ON_HOLD, OrderStatus.IN_PROGRESS)
    assert balance_of(customer).available == 10_000


def test_an_order_paid_before_the_confirmation_is_reserved_once(customer, manager):
    # given: paid by card at checkout (a top-up and order_reserve), not yet confirmed
    order = order_of(customer, ("100.00", 1), ("50.00", 2), method=PaymentMethod.CARD)
    fund(customer, 20_000, source=services.provider_account("sandbox"))
    assert order_reserve(order) == 20_000
    # when
    confirm(order, manager)
    # then
    order.refresh_from_db()
    assert order.status == OrderStatus.IN_PROGRESS
    assert Operation.objects.filter(kind=OperationKind.RESERVE).count() == 2
    assert balance_of(customer).reserved == 20_000 and order_money(order).due == 0


def test_a_legal_entity_pays_by_invoice_within_its_credit_limit(company, manager):
    # given: no money yet, a credit limit
    CreditTerms.objects.create(customer=company, limit=100_000, deferral_days=14)
    within = order_of(company, ("400.00", 2), method=PaymentMethod.BANK_INVOICE)
    beyond = order_of(company, ("300.00", 1), method=PaymentMethod.BANK_INVOICE)
    # when
    confirm(within, manager)
    confirm(beyond, manager)
    # then: the first uses 800.00 of the 1000.00 credit, the second would pass it
    within.refresh_from_db(), beyond.refresh_from_db()
    assert within.status == OrderStatus.IN_PROGRESS
    assert beyond.status == OrderStatus.ON_HOLD
    balance = balance_of(company)
    assert (balance.available, balance.reserved) == (-80_000, 80_000)


def test_a_card_payment_reserves_and_the_held_order_is_confirmed(
    customer, manager, django_capture_on_commit_callbacks
):
    # given: a card order confirmed before it was paid
    order = order_of(customer, ("250.00", 1), method=PaymentMethod.CARD)
    confirm(order, manager)
    # when: the payments flow tops up and reserves
    with django_capture_on_commit_callbacks(execute=True):
        fund(customer, 25_000, key="payment:1", source=services.provider_account("sandbox"))
        reserved = order_reserve(order)
    # then
    order.refresh_from_db()
    assert reserved == 25_000 and order.status == OrderStatus.IN_PROGRESS
    assert balance_of(customer).reserved == 25_000
    assert Operation.objects.filter(kind=OperationKind.RESERVE).count() == 1


def test_order_reserve_refuses_all_when_short(customer):
    order = order_of(customer, ("100.00", 1), ("100.00", 1))
    fund(customer, 15_000)
    with pytest.raises(services.InsufficientFunds):
        order_reserve(order)
    assert balance_of(customer).reserved == 0


# --- capture, release, refund --------------------------------------------------------------------


def test_issuing_captures_the_reserve_and_revenue_grows(customer, manager, storekeeper):
    # given
    order = order_of(customer, ("100.00", 3))
    position = order.positions.get()
    fund(customer, 30_000)
    confirm(order, manager)
    to_ready(position, manager)
    # when
    orders.position_issued(position, actor=storekeeper)
    # then
    assert reserved_for_position(position) == 0
    assert revenue() == 30_000
    assert balance_of(customer).reserved == 0 and balance_of(customer).available == 0
    capture = Operation.objects.get(kind=OperationKind.CAPTURE)
    event = PositionEvent.objects.get(position=position, to_status=S.ISSUED)
    assert capture.idempotency_key == f"position-event:{event.pk}:capture"
    row = order_money(order).positions[position.pk]
    assert (row.paid, row.reserved, row.awaiting) == (30_000, 0, 0)


def test_a_retried_hook_posts_nothing_twice(customer, manager):
    # given: an issued position
    order = order_of(customer, ("100.00", 1))
    position = order.positions.get()
    fund(customer, 10_000)
    confirm(order, manager)
    to_ready(position, manager)
    orders.position_issued(position, actor=manager)
    position.refresh_from_db()
    event = PositionEvent.objects.get(position=position, to_status=S.ISSUED)
    count = Operation.objects.count()
    # when: the same event's money step runs again
    position_moved(order, position, source=S.READY_FOR_PICKUP, event=event)
    # then
    assert Operation.objects.count() == count and revenue() == 10_000


def test_cancelling_or_rejecting_releases_the_reserve(customer, manager):
    # given
    order = order_of(customer, ("100.00", 1), ("200.00", 1), ("300.00", 1))
    cancelled, rejected, kept = list(order.positions.order_by("id"))
    fund(customer, 60_000)
    confirm(order, manager)
    # when
    orders.position_cancel_by_customer(cancelled, customer=customer)
    orders.positions_send_to_supplier([rejected], actor=manager)
    orders.position_supplier_rejected(rejected, actor=manager, reason=RejectReason.OUT_OF_STOCK)
    # then
    assert reserved_for_position(cancelled) == reserved_for_position(rejected) == 0
    assert reserved_for_position(kept) == 30_000
    balance = balance_of(customer)
    assert (balance.available, balance.reserved) == (30_000, 30_000)
    money = order_money(order)
    assert money.positions[cancelled.pk].released == 10_000
    assert money.positions[rejected.pk].released == 20_000
    assert (money.total, money.due, money.released) == (30_000, 0, 30_000)
    assert_ledger_balanced()


def test_delivery_is_reserved_with_the_order_captured_with_the_first_issued(
    customer, manager, storekeeper
):
    # given: a courier order (delivery 500.00)
    DeliveryBandFactory()
    address = customer.addresses.create(
        recipient_name="Ivan", recipient_phone="+79161234567", city="Тула", address="Ленина, 1"
    )
    order = order_of(customer, ("100.00", 1), ("100.00", 1), address=address)
    first, second = list(order.positions.order_by("id"))
    fund(customer, 70_000)
    # when
    confirm(order, manager)
    # then
    money = order_money(order)
    assert (money.delivery.amount, money.delivery.reserved) == (50_000, 50_000)
    assert balance_of(customer).reserved == 70_000
    # when: the first is handed over
    orders.positions_send_to_supplier([first], actor=manager)
    orders.position_supplier_shipped(first, actor=manager)
    orders.position_received(first, actor=manager)
    orders.position_handed_to_carrier(first, actor=manager, waybill="CDEK-1")
    orders.position_issued(first, actor=storekeeper)
    # then: it and the delivery are paid
    assert revenue() == 60_000
    assert order_money(order).delivery.paid == 50_000
    # when: the second is cancelled, nothing of the delivery comes back (it was delivered)
    orders.position_cancel_by_customer(second, customer=customer)
    assert balance_of(customer).available == 10_000 and balance_of(customer).reserved == 0


def test_the_delivery_reserve_is_released_when_nothing_live_is_left(customer, manager):
    DeliveryBandFactory()
    address = customer.addresses.create(
        recipient_name="Ivan", recipient_phone="+79161234567", city="Тула", address="Ленина, 1"
    )
    order = order_of(customer, ("100.00", 1), address=address)
    fund(customer, 60_000)
    confirm(order, manager)
    orders.position_cancel_by_customer(order.positions.get(), customer=customer)
    balance = balance_of(customer)
    assert (balance.available, balance.reserved) == (60_000, 0)
    assert order_money(order).due == 0


def test_money_taken_for_a_position_dropped_later_is_refunded(customer, manager):
    # given: an issued, captured position
    order = order_of(customer, ("100.00", 1))
    position = order.positions.get()
    fund(customer, 10_000)
    confirm(order, manager)
    to_ready(position, manager)
    orders.position_issued(position, actor=manager)
    # when: a future return drops it after the issue (no such transition today)
    position.refresh_from_db()
    position.status = S.CANCELLED_BY_SHOP
    event = PositionEvent.objects.create(
        position=position,
        kind="status",
        from_status=S.ISSUED,
        to_status=S.CANCELLED_BY_SHOP,
        actor=manager,
        actor_role=Actor.MANAGER,
        created_at=position.status_changed_at,
    )
    position.save(update_fields=["status"])
    position_moved(order, position, source=S.ISSUED, event=event, actor=manager)
    # then
    refund = Operation.objects.get(kind=OperationKind.REFUND)
    assert refund.idempotency_key == f"position-event:{event.pk}:refund"
    assert balance_of(customer).available == 10_000
    row = order_money(order).positions[position.pk]
    assert (row.paid, row.refunded) == (0, 10_000)
    assert_ledger_balanced()


# --- the manager's edits ----------------------------------------------------------------------


def test_a_quantity_change_keeps_the_reserve_equal_to_what_is_due(customer, manager):
    # given: 4 × 100.00 confirmed, 100.00 spare
    order = order_of(customer, ("100.00", 4))
    position = order.positions.get()
    fund(customer, 50_000)
    confirm(order, manager)
    # when: down to 2, then up to 5
    orders.position_change_quantity(position, actor=manager, quantity=2)
    assert reserved_for_position(position) == 20_000
    orders.position_change_quantity(position, actor=manager, quantity=5)
    # then
    assert reserved_for_position(position) == 50_000
    assert balance_of(customer).available == 0
    # when: up to 6, which the balance does not cover
    orders.position_change_quantity(position, actor=manager, quantity=6)
    # then: it waits for the difference, the reserve as it was
    position.refresh_from_db()
    assert (position.status, position.hold_reason) == (S.ON_HOLD, HoldReason.NOT_ENOUGH_BALANCE)
    assert reserved_for_position(position) == 50_000
    assert order_money(order).due == 10_000


def test_a_replacement_releases_and_its_acceptance_reserves_again(customer, manager):
    # given
    order = order_of(customer, ("100.00", 1))
    position = order.positions.get()
    fund(customer, 30_000)
    confirm(order, manager)
    other = OfferFactory(quantity=5, price=Decimal("250.00"), part=position.part)
    # when
    orders.position_replace(position, actor=manager, offer_id=other.pk)
    # then
    assert reserved_for_position(position) == 0
    assert balance_of(customer).available == 30_000
    # when
    position.refresh_from_db()
    orders.position_accept_replacement(position, customer=customer)
    # then
    position.refresh_from_db()
    assert position.status == S.CONFIRMED
    assert reserved_for_position(position) == minor(position)
    assert balance_of(customer).available == 30_000 - minor(position)


def test_accepting_a_replacement_the_balance_does_not_cover_waits_for_money(customer, manager):
    order = order_of(customer, ("100.00", 1))
    position = order.positions.get()
    fund(customer, 10_000)
    confirm(order, manager)
    other = OfferFactory(quantity=5, price=Decimal("900.00"), part=position.part)
    orders.position_replace(position, actor=manager, offer_id=other.pk)
    position.refresh_from_db()
    orders.position_accept_replacement(position, customer=customer)
    position.refresh_from_db()
    assert (position.status, position.hold_reason) == (S.ON_HOLD, HoldReason.NOT_ENOUGH_BALANCE)
    assert reserved_for_position(position) == 0


# --- cash at pickup -----------------------------------------------------------------------------


def test_a_cash_order_is_issued_only_once_the_cash_is_recorded(customer, manager):
    # given: confirmed without any money
    point = PickupPointFactory()
    order = order_of(
        customer, ("150.00", 2), method=PaymentMethod.CASH_AT_PICKUP, pickup_point=point
    )
    position = order.positions.get()
    confirm(order, manager)
    assert balance_of(customer).reserved == 0
    to_ready(position, manager)
    # when / then: refused
    with pytest.raises(TransitionRefused) as refused:
        orders.position_issued(position, actor=manager)
    assert refused.value.code == "not_paid"
    assert "Record the cash received first" in refused.value.message
    position.refresh_from_db()
    assert position.status == S.READY_FOR_PICKUP
    # when: the cash is recorded
    fund(customer, 30_000, key="cash:1", source=services.cash_desk_account(point))
    order_reserve(order)
    orders.position_issued(position, actor=manager)
    # then
    position.refresh_from_db()
    assert position.status == S.ISSUED and revenue() == 30_000
    assert services.cash_desk_account(point).shown_balance == 30_000


# --- what the pages and the API show ----------------------------------------------------------


def test_the_order_pages_and_the_api_show_the_money(client, customer, manager):
    # given: one position reserved, one cancelled (released), 100.00 still due on a third
    order = order_of(customer, ("100.00", 1), ("200.00", 1))
    kept, cancelled = list(order.positions.order_by("id"))
    fund(customer, 30_000)
    confirm(order, manager)
    orders.position_cancel_by_customer(cancelled, customer=customer)
    # when: the customer's page
    client.force_login(customer.user)
    page = client.get(reverse("orders:order", args=[order.number])).content.decode()
    # then
    assert 'id="order-money"' in page and 'data-due="0"' in page
    assert f'data-position-money="{kept.pk}"' in page and "Released" in page
    # when: the API
    data = client.get(f"/api/v1/orders/{order.number}").json()
    # then
    assert (data["reserved"], data["paid"], data["due"]) == ("100.00", "0.00", "0.00")
    # when: the desk
    client.force_login(manager)
    page = client.get(reverse("desk:order", args=[order.pk])).content.decode()
    assert 'id="order-money"' in page


def test_the_customer_sees_what_is_still_due(client, customer, manager):
    order = order_of(customer, ("120.00", 1))
    confirm(order, manager)
    client.force_login(customer.user)
    page = client.get(reverse("orders:order", args=[order.number])).content.decode()
    assert 'data-due="12000"' in page and "Still due for this order" in page
    assert reverse("payments:top_up") in page
