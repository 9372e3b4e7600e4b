"""The position status machine: the table, who may move what, reasons, stock, timeline."""

import pytest

from partsdesk.accounts.tests.factories import CustomerFactory
from partsdesk.notifications.models import Event, Notification
from partsdesk.pricing.models import Offer
from partsdesk.pricing.tests.factories import OfferFactory
from partsdesk.shop.models import StatusDisplay

from .. import services
from ..models import EventKind, OrderPosition, PositionEvent, SupplierOrder
from ..services import TransitionRefused
from ..statuses import (
    TRANSITIONS,
    Actor,
    HoldReason,
    OrderStatus,
    PositionStatus,
    RejectReason,
    order_status_of,
)
from .factories import DeliveryBandFactory, fund, place_order

S = PositionStatus
pytestmark = pytest.mark.django_db


def fresh(position) -> OrderPosition:
    return OrderPosition.objects.get(pk=position.pk)


def test_the_customer_may_cancel_only_before_the_supplier_is_asked():
    sources = {
        source
        for (source, target), transition in TRANSITIONS.items()
        if Actor.CUSTOMER in transition.actors and target == S.CANCELLED_BY_CUSTOMER
    }
    assert sources == {S.NEW, S.ON_HOLD, S.CONFIRMED}


def test_no_transition_leaves_an_end_status():
    ends = {S.ISSUED, S.CANCELLED_BY_CUSTOMER, S.REJECTED_BY_SUPPLIER, S.CANCELLED_BY_SHOP}
    assert not [pair for pair in TRANSITIONS if pair[0] in ends]


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([S.NEW, S.CONFIRMED], OrderStatus.NEW),
        ([S.ON_HOLD, S.NEW], OrderStatus.ON_HOLD),
        ([S.CONFIRMED, S.CANCELLED_BY_CUSTOMER], OrderStatus.IN_PROGRESS),
        ([S.READY_FOR_PICKUP, S.ISSUED, S.REJECTED_BY_SUPPLIER], OrderStatus.READY),
        ([S.ISSUED, S.CANCELLED_BY_SHOP], OrderStatus.COMPLETED),
        ([S.REJECTED_BY_SUPPLIER, S.CANCELLED_BY_CUSTOMER], OrderStatus.CANCELLED),
    ],
)
def test_the_order_status_follows_its_positions(statuses, expected):
    assert order_status_of(statuses) == expected


def test_a_position_goes_all_the_way_to_the_customer(customer, manager, storekeeper):
    offer = OfferFactory(quantity=10)
    order = place_order(customer, [(offer, 2)])
    position = order.positions.get()
    assert Offer.objects.get(pk=offer.pk).quantity == 8

    services.order_confirm(order, actor=manager, contact_note="Called, confirmed by phone")
    services.positions_send_to_supplier([position], actor=manager)
    services.position_supplier_shipped(position, actor=manager)
    services.position_received(position, actor=storekeeper)
    services.position_ready_for_pickup(position, actor=storekeeper)
    order.refresh_from_db()
    assert order.status == OrderStatus.READY
    services.position_issued(position, actor=storekeeper, comment="Handed over at the counter")

    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED
    events = list(PositionEvent.objects.filter(position=position).order_by("id"))
    assert [(e.from_status, e.to_status) for e in events] == [
        ("", S.NEW),
        (S.NEW, S.CONFIRMED),
        (S.CONFIRMED, S.ORDERED_FROM_SUPPLIER),
        (S.ORDERED_FROM_SUPPLIER, S.SHIPPED_BY_SUPPLIER),
        (S.SHIPPED_BY_SUPPLIER, S.RECEIVED_AT_WAREHOUSE),
        (S.RECEIVED_AT_WAREHOUSE, S.READY_FOR_PICKUP),
        (S.READY_FOR_PICKUP, S.ISSUED),
    ]
    assert events[1].actor == manager and events[1].comment == "Called, confirmed by phone"
    assert events[4].actor == storekeeper and events[4].actor_role == Actor.WAREHOUSE
    assert events[-1].comment == "Handed over at the counter"
    assert events[0].actor == customer.user and events[0].kind == EventKind.PLACED
    # Stock left the offer at checkout and stays gone once the supplier has it.
    assert Offer.objects.get(pk=offer.pk).quantity == 8
    assert fresh(position).supplier_order.supplier == offer.supplier


def test_a_refused_transition_changes_nothing(customer, manager):
    order = place_order(customer)
    position = order.positions.get()

    with pytest.raises(TransitionRefused) as refused:
        services.positions_send_to_supplier([position], actor=manager)

    assert refused.value.code == "transition_not_allowed"
    assert "“New” cannot become “Ordered from the supplier”" in refused.value.message
    assert fresh(position).status == S.NEW
    assert PositionEvent.objects.filter(position=position).count() == 1
    assert not SupplierOrder.objects.exists()


def test_the_shops_own_status_names_are_used_in_refusals(customer, manager):
    StatusDisplay.objects.create(status=S.NEW, name_en="Waiting", name_ru="Ждёт")
    position = place_order(customer).positions.get()

    with pytest.raises(TransitionRefused) as refused:
        services.position_issued(position, actor=manager)

    assert "“Waiting” cannot become “Issued”" in refused.value.message


def test_another_managers_customer_is_out_of_reach(stranger, manager, senior_manager):
    order = place_order(stranger)

    with pytest.raises(TransitionRefused) as refused:
        services.order_confirm(order, actor=manager, contact_note="called")
    assert refused.value.code == "not_allowed"
    assert order.positions.get().status == S.NEW

    services.order_confirm(order, actor=senior_manager, contact_note="called")
    assert order.positions.get().status == S.CONFIRMED


def test_a_customer_cannot_do_the_managers_work(customer):
    position = place_order(customer).positions.get()
    with pytest.raises(TransitionRefused) as refused:
        services.position_transition(position, to=S.CONFIRMED, actor=customer.user)
    assert refused.value.code == "not_allowed"
    other = CustomerFactory()
    with pytest.raises(TransitionRefused):
        services.position_cancel_by_customer(position, customer=other)
    assert fresh(position).status == S.NEW


def test_hold_needs_a_reason_from_the_list(customer, manager):
    position = place_order(customer).positions.get()
    with pytest.raises(TransitionRefused) as refused:
        services.position_hold(position, actor=manager, reason="because")
    assert refused.value.code == "reason_required"

    services.position_hold(
        position, actor=manager, reason=HoldReason.NEEDS_CLARIFICATION, comment="Which engine?"
    )

    position = fresh(position)
    assert position.status == S.ON_HOLD and position.hold_reason == HoldReason.NEEDS_CLARIFICATION
    assert position.order.status == OrderStatus.ON_HOLD
    event = position.events.last()
    assert (event.reason, event.comment) == (HoldReason.NEEDS_CLARIFICATION, "Which engine?")


def test_the_customer_cancels_a_new_position_and_the_stock_comes_back(customer):
    offer = OfferFactory(quantity=3)
    order = place_order(customer, [(offer, 2), (OfferFactory(quantity=5), 1)])
    first = order.positions.get(offer=offer)

    services.position_cancel_by_customer(first, customer=customer, comment="Found it cheaper")

    assert Offer.objects.get(pk=offer.pk).quantity == 3
    first = fresh(first)
    assert first.status == S.CANCELLED_BY_CUSTOMER and first.cancel_reason == "Found it cheaper"
    assert first.order.status == OrderStatus.NEW  # the other position still waits
    assert first.order.amount_due == order.positions.exclude(pk=first.pk).get().amount


def test_after_sending_the_customer_is_told_why_they_cannot_cancel(customer, manager):
    offer = OfferFactory(quantity=3)
    order = place_order(customer, [(offer, 1)])
    position = order.positions.get()
    services.order_confirm(order, actor=manager, contact_note="ok")
    services.positions_send_to_supplier([position], actor=manager)

    with pytest.raises(TransitionRefused) as refused:
        services.position_cancel_by_customer(position, customer=customer)

    assert refused.value.code == "cannot_cancel"
    assert "already been ordered from the supplier" in refused.value.message
    assert fresh(position).status == S.ORDERED_FROM_SUPPLIER
    assert Offer.objects.get(pk=offer.pk).quantity == 2


def test_cancel_by_shop_needs_a_reason_and_rejection_one_from_the_list(customer, manager):
    order = place_order(customer, [(OfferFactory(quantity=5), 1), (OfferFactory(quantity=5), 1)])
    first, second = order.positions.all()
    with pytest.raises(TransitionRefused):
        services.position_cancel_by_shop(first, actor=manager, reason="  ")
    services.position_cancel_by_shop(first, actor=manager, reason="Discontinued")
    assert fresh(first).cancel_reason == "Discontinued"

    services.order_confirm(order, actor=manager, contact_note="ok")
    services.positions_send_to_supplier([second], actor=manager)
    with pytest.raises(TransitionRefused):
        services.position_supplier_rejected(second, actor=manager, reason="")
    services.position_supplier_rejected(second, actor=manager, reason=RejectReason.OUT_OF_STOCK)

    second = fresh(second)
    assert second.reject_reason == RejectReason.OUT_OF_STOCK
    assert second.order.status == OrderStatus.CANCELLED


def test_the_carrier_step_needs_a_waybill_and_a_courier_order(customer, manager):
    DeliveryBandFactory()
    address = customer.addresses.create(
        recipient_name="Ivan", recipient_phone="+79161234567", city="Тула", address="Ленина, 1"
    )
    courier = place_order(customer, address=address).positions.get()
    pickup = place_order(customer).positions.get()
    for position in (courier, pickup):
        services.order_confirm(position.order, actor=manager, contact_note="ok")
        services.positions_send_to_supplier([position], actor=manager)
        services.position_supplier_shipped(position, actor=manager)
        services.position_received(position, actor=manager)

    with pytest.raises(TransitionRefused) as refused:
        services.position_handed_to_carrier(courier, actor=manager, waybill=" ")
    assert refused.value.code == "waybill_required"
    with pytest.raises(TransitionRefused) as refused:
        services.position_handed_to_carrier(pickup, actor=manager, waybill="CDEK-1")
    assert refused.value.code == "wrong_delivery"
    with pytest.raises(TransitionRefused):
        services.position_ready_for_pickup(courier, actor=manager)

    services.position_handed_to_carrier(courier, actor=manager, waybill="CDEK-123")

    assert fresh(courier).waybill == "CDEK-123"
    note = Notification.objects.get(user=customer.user, event=Event.WAYBILL)
    assert "CDEK-123" in note.body


def test_warehouse_staff_cannot_confirm_or_send(customer, storekeeper):
    order = place_order(customer)
    with pytest.raises(TransitionRefused):
        services.order_confirm(order, actor=storekeeper, contact_note="ok")
    with pytest.raises(TransitionRefused):
        services.position_hold(
            order.positions.get(), actor=storekeeper, reason=HoldReason.NEEDS_CLARIFICATION
        )


def test_confirming_twice_is_refused_and_recorded_once(customer, manager, other_manager):
    order = place_order(customer)
    services.order_confirm(order, actor=manager, contact_note="Spoke at 10:05")

    with pytest.raises(TransitionRefused) as refused:
        services.order_confirm(order, actor=manager, contact_note="again")

    assert refused.value.code == "already_confirmed"
    assert "Anna Petrova" in refused.value.message
    assert PositionEvent.objects.filter(to_status=S.CONFIRMED).count() == 1
    assert Notification.objects.filter(event=Event.ORDER_CONFIRMED).count() == 1
    order.refresh_from_db()
    assert order.confirmed_by == manager and order.contact_note == "Spoke at 10:05"


def test_confirm_needs_a_note_of_the_contact(customer, manager):
    order = place_order(customer)
    with pytest.raises(TransitionRefused) as refused:
        services.order_confirm(order, actor=manager, contact_note=" ")
    assert refused.value.code == "note_required"


def test_the_manager_changes_a_quantity_and_the_stock_follows(customer, manager):
    offer = OfferFactory(quantity=10, pack_multiple=2)
    position = place_order(customer, [(offer, 4)]).positions.get()
    assert Offer.objects.get(pk=offer.pk).quantity == 6

    with pytest.raises(TransitionRefused) as refused:
        services.position_change_quantity(position, actor=manager, quantity=3)
    assert "packs of 2" in refused.value.message
    with pytest.raises(TransitionRefused) as refused:
        services.position_change_quantity(position, actor=manager, quantity=12)
    assert "Only 10 available" in refused.value.message
    assert Offer.objects.get(pk=offer.pk).quantity == 6

    services.position_change_quantity(position, actor=manager, quantity=8, comment="per phone")

    assert Offer.objects.get(pk=offer.pk).quantity == 2
    position = fresh(position)
    assert position.quantity == 8
    event = position.events.last()
    assert event.kind == EventKind.QUANTITY and event.details == {"quantity": [4, 8]}


def test_a_replacement_waits_for_the_customer(customer, manager):
    old_offer = OfferFactory(quantity=5)
    analog = OfferFactory(quantity=5, purchase_price=300)
    order = place_order(customer, [(old_offer, 1)])
    fund(customer, analog.price)  # the replacement costs more
    position = order.positions.get()

    services.position_replace(position, actor=manager, offer_id=analog.pk, comment="Analog")

    position = fresh(position)
    assert position.offer == analog and position.part == analog.part
    assert position.unit_price == analog.price
    assert position.awaiting_customer and position.order.status == OrderStatus.ON_HOLD
    assert Offer.objects.get(pk=old_offer.pk).quantity == 5
    assert Offer.objects.get(pk=analog.pk).quantity == 4
    replaced = position.events.get(kind=EventKind.REPLACED)
    assert replaced.details["old"]["offer"] == old_offer.pk
    assert Notification.objects.filter(user=customer.user, event=Event.ORDER_STATUS).exists()

    services.position_accept_replacement(position, customer=customer)

    position = fresh(position)
    assert position.status == S.CONFIRMED
    assert position.events.last().actor_role == Actor.CUSTOMER


def test_the_customer_cannot_confirm_a_hold_that_is_not_a_replacement(customer, manager):
    position = place_order(customer).positions.get()
    services.position_hold(position, actor=manager, reason=HoldReason.PRICE_CHANGED)
    with pytest.raises(TransitionRefused) as refused:
        services.position_accept_replacement(position, customer=customer)
    assert refused.value.code == "nothing_to_accept"


def test_sending_groups_positions_by_supplier_and_is_all_or_nothing(customer, manager):
    a1, a2 = OfferFactory(quantity=5), OfferFactory(quantity=5)
    a2.supplier = a1.supplier
    a2.warehouse = a1.warehouse
    a2.save()
    b = OfferFactory(quantity=5)
    order = place_order(customer, [(a1, 1), (a2, 1), (b, 1)])
    late = place_order(customer)
    services.order_confirm(order, actor=manager, contact_note="ok")

    with pytest.raises(TransitionRefused):
        services.positions_send_to_supplier(
            [*order.positions.all(), late.positions.get()], actor=manager
        )
    assert not SupplierOrder.objects.exists()
    assert set(order.positions.values_list("status", flat=True)) == {S.CONFIRMED}

    supplier_orders = services.positions_send_to_supplier(order.positions.all(), actor=manager)

    assert sorted(so.positions.count() for so in supplier_orders) == [1, 2]
    order.refresh_from_db()
    assert order.status == OrderStatus.IN_PROGRESS
