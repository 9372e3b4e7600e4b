"""What the customer is told: the five events, the shop's per-status switches and the
customer's own preferences."""

import pytest
from django.core import mail

from partsdesk.notifications.models import Channel, Event, Notification
from partsdesk.notifications.services import notification_preferences_set
from partsdesk.pricing.tests.factories import OfferFactory
from partsdesk.shop.models import StatusDisplay

from .. import services
from ..statuses import RejectReason
from .factories import place_order

pytestmark = pytest.mark.django_db


def to_ready(order, manager):
    position = order.positions.get()
    services.order_confirm(order, actor=manager, contact_note="ok")
    services.positions_send_to_supplier([position], actor=manager)
    services.position_supplier_shipped(position, actor=manager)
    services.position_received(position, actor=manager)
    services.position_ready_for_pickup(position, actor=manager)
    return position


def events_of(customer) -> list[str]:
    return list(
        Notification.objects.filter(user=customer.user)
        .order_by("id")
        .values_list("event", flat=True)
    )


def test_the_customer_hears_of_received_confirmed_and_ready(
    customer, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = place_order(customer)
        to_ready(order, manager)

    # Every status change is in the account; mail only for what the shop's switches say.
    assert events_of(customer) == [
        Event.ORDER_RECEIVED,
        Event.ORDER_CONFIRMED,
        Event.ORDER_STATUS,
        Event.ORDER_STATUS,
        Event.ORDER_STATUS,
        Event.READY_FOR_PICKUP,
    ]
    subjects = [message.subject for message in mail.outbox]
    assert subjects == [
        f"Order {order.number} is received",
        f"Order {order.number}: Confirmed",
        f"Order {order.number}: Ready for pickup",
    ]
    ready = Notification.objects.get(event=Event.READY_FOR_PICKUP)
    assert ready.url == f"/account/orders/{order.number}/"


def test_a_rejection_tells_the_reason(customer, manager):
    order = place_order(customer, [(OfferFactory(quantity=3), 1)])
    position = order.positions.get()
    services.order_confirm(order, actor=manager, contact_note="ok")
    services.positions_send_to_supplier([position], actor=manager)
    services.position_supplier_rejected(position, actor=manager, reason=RejectReason.NOT_SUPPLIED)

    note = Notification.objects.get(event=Event.POSITION_REJECTED)
    assert "no longer supplies it" in note.body
    assert position.number in note.body


def test_a_status_the_shop_turned_off_is_only_in_the_account(
    customer, manager, django_capture_on_commit_callbacks
):
    StatusDisplay.objects.create(
        status="ready_for_pickup", notify_email=False, name_en="Come and get it"
    )
    with django_capture_on_commit_callbacks(execute=True):
        to_ready(place_order(customer), manager)

    assert Notification.objects.get(event=Event.READY_FOR_PICKUP).title.endswith("Come and get it")
    assert not [m for m in mail.outbox if "Come and get it" in m.subject]


def test_a_status_the_shop_turned_on_is_mailed(
    customer, manager, django_capture_on_commit_callbacks
):
    StatusDisplay.objects.create(status="shipped_by_supplier", notify_email=True)
    with django_capture_on_commit_callbacks(execute=True):
        to_ready(place_order(customer), manager)
    assert [m for m in mail.outbox if m.subject.endswith("Shipped by the supplier")]


def test_the_customers_preferences_decide_the_channels(
    customer, manager, django_capture_on_commit_callbacks
):
    notification_preferences_set(
        customer.user,
        {
            (Event.ORDER_RECEIVED, Channel.EMAIL): False,
            (Event.ORDER_CONFIRMED, Channel.IN_APP): False,
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        order = place_order(customer)
        services.order_confirm(order, actor=manager, contact_note="ok")

    assert Event.ORDER_CONFIRMED not in events_of(customer)
    assert [m.subject for m in mail.outbox] == [f"Order {order.number}: Confirmed"]


def test_notifications_are_in_the_customers_language(customer, manager):
    StatusDisplay.objects.create(status="confirmed", name_ru="Подтверждён", name_en="Agreed")
    customer.user.language = "ru"
    customer.user.save()
    order = place_order(customer)
    services.order_confirm(order, actor=manager, contact_note="ok")
    title = Notification.objects.get(event=Event.ORDER_CONFIRMED).title
    assert order.number in title and title.endswith("Подтверждён")
