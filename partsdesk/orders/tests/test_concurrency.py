"""Concurrent requests on PostgreSQL with real threads (row locks; SQLite serializes every
writer anyway, so these run only on PostgreSQL)."""

import pytest
from django.db import connection

from partsdesk.accounts.roles import Role
from partsdesk.accounts.tests.factories import CustomerFactory, ManagerFactory
from partsdesk.notifications.models import Event, Notification
from partsdesk.pricing.models import Offer
from partsdesk.pricing.tests.factories import OfferFactory
from partsdesk.tests.concurrency import run_together

from .. import services
from ..models import Order, OrderPosition, PositionEvent
from ..services import OrderError
from ..statuses import PositionStatus
from .factories import PickupPointFactory, place_order

S = PositionStatus


@pytest.fixture
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency are tested on PostgreSQL")


@pytest.mark.django_db(transaction=True)
def test_customer_cancel_against_manager_send_exactly_one_wins(postgresql_only):
    manager = ManagerFactory()
    customer = CustomerFactory(manager=manager)
    for _round in range(3):
        order = place_order(customer, [(OfferFactory(quantity=5), 1)])
        services.order_confirm(order, actor=manager, contact_note="ok")
        position = order.positions.get()

        cancel, send = run_together(
            lambda p=position: services.position_cancel_by_customer(
                OrderPosition.objects.get(pk=p.pk), customer=customer
            ),
            lambda p=position: services.positions_send_to_supplier(
                [OrderPosition.objects.get(pk=p.pk)], actor=manager
            ),
        )

        errors = [r for r in (cancel, send) if isinstance(r, Exception)]
        assert len(errors) == 1, (cancel, send)
        assert isinstance(errors[0], OrderError)
        position.refresh_from_db()
        if errors[0] is cancel:
            assert position.status == S.ORDERED_FROM_SUPPLIER
            assert "can no longer be cancelled" in cancel.message
        else:
            assert position.status == S.CANCELLED_BY_CUSTOMER
            assert "“Cancelled by the customer” cannot become" in send.message
        assert PositionEvent.objects.filter(position=position).count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_managers_confirming_one_order_make_one_confirmation(postgresql_only):
    manager = ManagerFactory()
    senior = ManagerFactory(roles=[Role.MANAGER, Role.SENIOR_MANAGER])
    customer = CustomerFactory(manager=manager)
    order = place_order(customer, [(OfferFactory(quantity=5), 1), (OfferFactory(quantity=5), 2)])

    results = run_together(
        lambda: services.order_confirm(
            Order.objects.get(pk=order.pk), actor=manager, contact_note="Anna called"
        ),
        lambda: services.order_confirm(
            Order.objects.get(pk=order.pk), actor=senior, contact_note="Sergey called"
        ),
    )

    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1 and refused[0].code == "already_confirmed"
    assert PositionEvent.objects.filter(position__order=order, to_status=S.CONFIRMED).count() == 2
    assert Notification.objects.filter(event=Event.ORDER_CONFIRMED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_customers_buying_the_last_units_order_at_most_what_there_is(postgresql_only):
    offer = OfferFactory(quantity=3)
    point = PickupPointFactory()
    customers = [CustomerFactory() for _ in range(20)]

    results = run_together(
        *[
            (lambda c=c: place_order(c, [(Offer.objects.get(pk=offer.pk), 1)], pickup_point=point))
            for c in customers
        ]
    )

    placed = [r for r in results if isinstance(r, Order)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(placed) == 3
    assert len(refused) == 17
    assert all(isinstance(r, OrderError) and "Out of stock" in " ".join(r.changes) for r in refused)
    assert Offer.objects.get(pk=offer.pk).quantity == 0
    assert OrderPosition.objects.filter(offer=offer).count() == 3
    assert len({order.number for order in placed}) == 3
