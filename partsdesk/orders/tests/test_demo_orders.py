"""`manage.py load_demo_orders`: orders in several states through the services, an overdue
one in Olga's queue; a second run changes nothing."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from partsdesk.accounts.demo import load_demo_accounts
from partsdesk.accounts.models import User
from partsdesk.billing.demo_orders import fund_demo_customers
from partsdesk.pricing.tests.factories import OfferFactory
from partsdesk.shop.demo import load_demo_shop

from ..demo import DEMO_MARK
from ..models import Lead, Order, OrderPosition, PositionEvent
from ..statuses import PositionStatus

S = PositionStatus


@pytest.fixture
def demo(db):
    load_demo_accounts()
    load_demo_shop()
    for _ in range(10):
        offer = OfferFactory(quantity=50)
        OfferFactory(quantity=50, part=offer.part)  # another supplier's: a next-best one
    fund_demo_customers()  # Ivan's balance, Romashka's credit: the confirmations reserve them


def test_the_demo_orders_cover_the_statuses_and_are_loaded_once(client, demo, capsys):
    call_command("load_demo_orders", "--json")
    summary = json.loads(capsys.readouterr().out)
    assert len(summary["created"]) == 5
    statuses = set(OrderPosition.objects.values_list("status", flat=True))
    assert {
        S.NEW,
        S.ON_HOLD,
        S.CONFIRMED,
        S.ORDERED_FROM_SUPPLIER,
        S.RECEIVED_AT_WAREHOUSE,
        S.READY_FOR_PICKUP,
        S.REJECTED_BY_SUPPLIER,
        S.ISSUED,
    } <= statuses
    # every position has a real timeline, starting when it was placed
    for position in OrderPosition.objects.all():
        assert position.events.first().kind in ("placed", "replaced")
    assert PositionEvent.objects.filter(to_status=S.ISSUED).exists()
    assert Lead.objects.count() == 1

    # Olga's queue opens with the overdue order
    client.force_login(User.objects.get(username="olga"))
    response = client.get(reverse("desk:orders"))
    first = response.context["page"].object_list[0]
    assert first.overdue_by and first.customer.user.email == "ivan@example.com"

    count = Order.objects.count()
    call_command("load_demo_orders")
    assert "already loaded" in capsys.readouterr().out
    assert Order.objects.count() == count
    assert Order.objects.filter(comment__startswith=DEMO_MARK).count() == count


def test_without_the_demo_catalog_it_does_nothing(db, capsys):
    call_command("load_demo_orders")
    assert "first" in capsys.readouterr().out
    assert not Order.objects.exists()
