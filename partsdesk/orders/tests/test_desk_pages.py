"""The desk's order pages: who sees which orders, the queue's tabs, search and overdue
highlight, and every manager action through the page (refusals change nothing)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from partsdesk.accounts.models import DeliveryAddress
from partsdesk.catalog.models import CrossKind, CrossSource
from partsdesk.catalog.services import cross_reference_add
from partsdesk.catalog.tests.factories import PartFactory
from partsdesk.pricing.tests.factories import OfferFactory

from ..models import Order, OrderPosition, PositionEvent
from ..services import order_confirm, positions_send_to_supplier
from ..statuses import Delivery, HoldReason, PositionStatus, RejectReason
from .factories import DeliveryBandFactory, place_order

S = PositionStatus


@pytest.fixture
def order(customer, offer, pickup_point):
    return place_order(customer, [(offer, 2)], pickup_point=pickup_point)


@pytest.fixture
def strangers_order(stranger, pickup_point):
    return place_order(stranger, [(OfferFactory(quantity=5), 1)], pickup_point=pickup_point)


def _state(order: Order) -> list[tuple]:
    return [
        (p.status, p.quantity, p.offer_id, p.hold_reason, p.waybill)
        for p in OrderPosition.objects.filter(order=order).order_by("id")
    ] + [PositionEvent.objects.filter(position__order=order).count()]


def _act(client, order, position, action, **data):
    url = reverse("desk:position_action", args=[order.pk, position.pk, action])
    return client.post(url, data, follow=True)


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


# --- who sees what ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("customer", 403), ("storekeeper", 403), ("manager", 200)],
)
def test_the_queue_is_for_staff_who_see_customers(
    client, customer, storekeeper, manager, who, status
):
    users = {"anonymous": None, "customer": customer.user, "storekeeper": storekeeper}
    users["manager"] = manager
    if users[who]:
        client.force_login(users[who])
    assert client.get(reverse("desk:orders")).status_code == status


def test_a_manager_sees_only_their_customers_orders(client, manager, order, strangers_order):
    client.force_login(manager)
    page = client.get(reverse("desk:orders")).content.decode()
    assert order.number in page and strangers_order.number not in page
    # asking for everyone's is ignored for a manager who sees only their own
    page = client.get(reverse("desk:orders"), {"scope": "all"}).content.decode()
    assert strangers_order.number not in page
    assert client.get(reverse("desk:order", args=[strangers_order.pk])).status_code == 404


def test_a_senior_manager_sees_everyones_with_the_all_filter(
    client, senior_manager, order, strangers_order
):
    client.force_login(senior_manager)
    mine = client.get(reverse("desk:orders")).content.decode()
    assert order.number not in mine  # nobody assigned them customers
    everyone = client.get(reverse("desk:orders"), {"scope": "all"}).content.decode()
    assert order.number in everyone and strangers_order.number in everyone
    assert client.get(reverse("desk:order", args=[strangers_order.pk])).status_code == 200


def test_another_manager_cannot_act_on_the_order(client, other_manager, order):
    client.force_login(other_manager)
    before = _state(order)
    position = order.positions.get()
    response = client.post(
        reverse("desk:order_confirm", args=[order.pk]), {"contact_note": "called"}
    )
    assert response.status_code == 404
    response = client.post(
        reverse("desk:position_action", args=[order.pk, position.pk, "cancel"]), {"reason": "x"}
    )
    assert response.status_code == 404
    assert _state(order) == before


def test_a_senior_manager_may_act_on_any_order(client, senior_manager, order):
    client.force_login(senior_manager)
    client.post(reverse("desk:order_confirm", args=[order.pk]), {"contact_note": "By phone"})
    assert order.positions.get().status == S.CONFIRMED


# --- the queue ----------------------------------------------------------------------------


def test_the_queue_sorts_by_due_time_and_shows_overdue_in_business_time(
    client, manager, customer, pickup_point
):
    later = place_order(customer, pickup_point=pickup_point)
    overdue = place_order(customer, pickup_point=pickup_point)
    now = timezone.now()
    Order.objects.filter(pk=overdue.pk).update(review_due_at=now - datetime.timedelta(days=3))
    Order.objects.filter(pk=later.pk).update(review_due_at=now + datetime.timedelta(hours=1))
    client.force_login(manager)
    response = client.get(reverse("desk:orders"))
    rows = list(response.context["page"].object_list)
    assert [o.pk for o in rows] == [overdue.pk, later.pk]
    assert rows[0].overdue_by and not rows[1].overdue_by
    page = response.content.decode()
    assert 'class="desk-order overdue"' in page and "overdue by" in page


def test_a_reviewed_order_leaves_the_review_tab_and_appears_under_its_status(
    client, manager, order
):
    order_confirm(order, actor=manager, contact_note="called")
    client.force_login(manager)
    assert order.number not in client.get(reverse("desk:orders")).content.decode()
    page = client.get(reverse("desk:orders"), {"tab": S.CONFIRMED}).content.decode()
    assert order.number in page
    page = client.get(reverse("desk:orders"), {"tab": S.ORDERED_FROM_SUPPLIER}).content.decode()
    assert order.number not in page


@pytest.mark.parametrize("how", ["number", "customer", "article"])
def test_the_queue_finds_by_number_customer_or_article(
    client, manager, customer, offer, pickup_point, how
):
    wanted = place_order(customer, [(offer, 1)], pickup_point=pickup_point)
    other = place_order(customer, pickup_point=pickup_point)
    query = {
        "number": wanted.number,
        "customer": "sidorov",
        "article": offer.part.number.lower(),
    }[how]
    client.force_login(manager)
    found = client.get(reverse("desk:orders"), {"tab": "all", "q": query}).context["page"]
    numbers = {o.number for o in found.object_list}
    assert wanted.number in numbers
    if how != "customer":
        assert other.number not in numbers


# --- the order page and its actions -----------------------------------------------------


def test_the_order_page_shows_the_customer_delivery_payment_and_timeline(client, manager, order):
    client.force_login(manager)
    page = client.get(reverse("desk:order", args=[order.pk])).content.decode()
    assert "Ivan Sidorov" in page
    assert order.delivery_to in page
    assert "By card online" in page
    assert 'class="timeline"' in page
    # only what the table allows from "new": hold, cancel, quantity, replace; confirm
    row = client.get(reverse("desk:order", args=[order.pk])).context["rows"][0]
    assert set(row.actions) == {"hold", "cancel", "quantity", "replace"}
    assert 'action="{}"'.format(reverse("desk:order_confirm", args=[order.pk])) in page


def test_confirm_needs_a_note_and_happens_once(client, manager, order):
    client.force_login(manager)
    url = reverse("desk:order_confirm", args=[order.pk])
    response = client.post(url, {"contact_note": ""}, follow=True)
    assert "Write how you confirmed" in _messages(response)
    assert order.positions.get().status == S.NEW
    client.post(url, {"contact_note": "Called, agreed"})
    assert order.positions.get().status == S.CONFIRMED
    before = _state(order)
    response = client.post(url, {"contact_note": "again"}, follow=True)
    assert "already been confirmed" in _messages(response)
    assert _state(order) == before


def test_the_whole_way_through_the_page_to_issued(client, manager, order):
    client.force_login(manager)
    position = order.positions.get()
    client.post(reverse("desk:order_confirm", args=[order.pk]), {"contact_note": "ok"})
    response = client.post(
        reverse("desk:order_send", args=[order.pk]), {"positions": [position.pk]}, follow=True
    )
    assert "Sent to the supplier" in _messages(response)
    position.refresh_from_db()
    assert position.status == S.ORDERED_FROM_SUPPLIER and position.supplier_order_id
    for action, status in [
        ("shipped", S.SHIPPED_BY_SUPPLIER),
        ("received", S.RECEIVED_AT_WAREHOUSE),
        ("ready", S.READY_FOR_PICKUP),
        ("issued", S.ISSUED),
    ]:
        _act(client, order, position, action, comment=f"{action}!")
        position.refresh_from_db()
        assert position.status == status
    events = list(position.events.values_list("to_status", "actor_id", "comment"))
    assert events[-1] == (S.ISSUED, manager.pk, "issued!")
    order.refresh_from_db()
    assert order.status == "completed"


def test_a_courier_order_is_handed_to_the_carrier_with_a_waybill(client, manager, customer, offer):
    DeliveryBandFactory()
    address = DeliveryAddress.objects.create(
        customer=customer,
        city="Москва",
        address="ул. Ленина, 1",
        recipient_name="Ivan",
        recipient_phone="+79161234567",
    )
    order = place_order(customer, [(offer, 1)], address=address)
    position = order.positions.get()
    order_confirm(order, actor=manager, contact_note="ok")
    positions_send_to_supplier([position], actor=manager)
    client.force_login(manager)
    _act(client, order, position, "shipped")
    _act(client, order, position, "received")
    rows = client.get(reverse("desk:order", args=[order.pk])).context["rows"]
    assert "carrier" in rows[0].actions and "ready" not in rows[0].actions
    response = _act(client, order, position, "carrier", waybill="")
    assert "Enter the waybill number" in _messages(response)
    assert order.delivery == Delivery.COURIER
    _act(client, order, position, "carrier", waybill="ТТН-123")
    position.refresh_from_db()
    assert position.status == S.HANDED_TO_CARRIER and position.waybill == "ТТН-123"


def test_hold_with_a_reason(client, manager, order):
    client.force_login(manager)
    position = order.positions.get()
    _act(client, order, position, "hold", reason=HoldReason.PRICE_CHANGED, comment="+10%")
    position.refresh_from_db()
    assert position.status == S.ON_HOLD and position.hold_reason == HoldReason.PRICE_CHANGED


def test_a_refused_action_shows_the_services_message_and_changes_nothing(client, manager, order):
    client.force_login(manager)
    position = order.positions.get()
    before = _state(order)
    # "shipped" is not a step from "new": the table refuses it
    response = _act(client, order, position, "shipped")
    assert "cannot become" in _messages(response)
    # a pickup order is never handed to a carrier
    response = _act(client, order, position, "carrier", waybill="123")
    assert _state(order) == before
    assert _messages(response)


def test_change_quantity_moves_stock(client, manager, order, offer):
    client.force_login(manager)
    position = order.positions.get()
    offer.refresh_from_db()
    left = offer.quantity
    _act(client, order, position, "quantity", quantity=3)
    position.refresh_from_db()
    offer.refresh_from_db()
    assert position.quantity == 3 and offer.quantity == left - 1
    response = _act(client, order, position, "quantity", quantity=999)
    assert "available" in _messages(response)
    position.refresh_from_db()
    assert position.quantity == 3


def test_cancel_by_the_shop_needs_a_reason_and_gives_the_stock_back(client, manager, order, offer):
    client.force_login(manager)
    position = order.positions.get()
    response = _act(client, order, position, "cancel", reason="")
    assert "Write the reason" in _messages(response)
    offer.refresh_from_db()
    left = offer.quantity
    _act(client, order, position, "cancel", reason="Discontinued")
    position.refresh_from_db()
    offer.refresh_from_db()
    assert position.status == S.CANCELLED_BY_SHOP and position.cancel_reason == "Discontinued"
    assert offer.quantity == left + 2


def test_replace_lists_other_offers_and_analogs_and_puts_the_position_on_hold(
    client, manager, customer, pickup_point
):
    part = PartFactory(number="OC 90")
    analog = PartFactory(number="W 712/75")
    cross_reference_add(part=part, analog=analog, kind=CrossKind.ANALOG, source=CrossSource.CATALOG)
    ordered = OfferFactory(part=part, quantity=5)
    same_part = OfferFactory(part=part, quantity=5, purchase_price=Decimal("150"))
    analog_offer = OfferFactory(part=analog, quantity=5, purchase_price=Decimal("90"))
    order = place_order(customer, [(ordered, 1)], pickup_point=pickup_point)
    client.force_login(manager)
    rows = client.get(reverse("desk:order", args=[order.pk])).context["rows"]
    offered = [c.offer.pk for c in rows[0].candidates]
    assert offered == [same_part.pk, analog_offer.pk]  # the same part first, then analogs
    position = order.positions.get()
    _act(client, order, position, "replace", offer_id=analog_offer.pk, comment="in stock")
    position.refresh_from_db()
    assert position.offer_id == analog_offer.pk and position.number == "W 712/75"
    assert position.awaiting_customer


def test_a_rejected_position_gets_the_next_best_offer_in_one_click(
    client, manager, customer, pickup_point
):
    part = PartFactory()
    analog = PartFactory()
    cross_reference_add(part=part, analog=analog, kind=CrossKind.ANALOG, source=CrossSource.CATALOG)
    ordered = OfferFactory(part=part, quantity=5, purchase_price=Decimal("100"))
    # the same supplier's other warehouse for the same part is out: it has just said no
    OfferFactory(part=part, quantity=5, warehouse__supplier=ordered.supplier)
    OfferFactory(part=part, quantity=0, purchase_price=Decimal("50"))  # cheaper, out of stock
    expected = OfferFactory(part=part, quantity=5, purchase_price=Decimal("200"))
    OfferFactory(part=analog, quantity=5, purchase_price=Decimal("80"))  # analogs come second
    order = place_order(customer, [(ordered, 1)], pickup_point=pickup_point)
    position = order.positions.get()
    order_confirm(order, actor=manager, contact_note="ok")
    positions_send_to_supplier([position], actor=manager)
    client.force_login(manager)
    _act(client, order, position, "rejected", reason=RejectReason.OUT_OF_STOCK)
    position.refresh_from_db()
    assert position.status == S.REJECTED_BY_SUPPLIER

    row = client.get(reverse("desk:order", args=[order.pk])).context["rows"][0]
    assert row.next_best.offer.pk == expected.pk and "next_best" in row.actions
    response = _act(client, order, position, "next_best", offer_id=expected.pk, quantity=1)
    assert "replacement is offered" in _messages(response)
    replacement = order.positions.exclude(pk=position.pk).get()
    assert replacement.offer_id == expected.pk and replacement.awaiting_customer
    order.refresh_from_db()
    assert order.status == "on_hold"
    # a second click offers nothing more
    before = _state(order)
    response = _act(client, order, position, "next_best", offer_id=expected.pk, quantity=1)
    assert "already offered" in _messages(response)
    assert _state(order) == before


def test_the_next_best_falls_back_to_an_analog(client, manager, customer, pickup_point):
    part = PartFactory()
    analog = PartFactory()
    cross_reference_add(part=part, analog=analog, kind=CrossKind.ANALOG, source=CrossSource.CATALOG)
    ordered = OfferFactory(part=part, quantity=5)
    analog_offer = OfferFactory(part=analog, quantity=4, pack_multiple=2)
    order = place_order(customer, [(ordered, 1)], pickup_point=pickup_point)
    position = order.positions.get()
    order_confirm(order, actor=manager, contact_note="ok")
    positions_send_to_supplier([position], actor=manager)
    client.force_login(manager)
    _act(client, order, position, "rejected", reason=RejectReason.NOT_SUPPLIED)
    row = client.get(reverse("desk:order", args=[order.pk])).context["rows"][0]
    assert row.next_best.offer.pk == analog_offer.pk
    assert row.next_best.quantity == 2  # rounded up to the analog's pack
