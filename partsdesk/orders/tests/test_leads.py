"""Quick-order leads in the desk: the list by state, recording the call, declining, and
turning a lead into an order of the customer with the lead's phone."""

import pytest
from django.urls import reverse
from django.utils import timezone

from partsdesk.accounts.tests.factories import CustomerFactory, PublicOfferFactory

from ..leads import LeadState, lead_convert, lead_state
from ..models import Lead, LeadStatus, Order
from ..selectors import CartItem
from ..services import DeliveryChoice, OrderError, lead_create
from ..statuses import Delivery

PHONE = "+79161112233"


@pytest.fixture
def public_offer(db):
    return PublicOfferFactory()


@pytest.fixture
def caller(customer, public_offer):
    """Anna's customer, who phoned in the quick order with their registered phone."""
    customer.user.phone = PHONE
    customer.user.save()
    customer.offer, customer.offer_accepted_at = public_offer, timezone.now()
    customer.save()
    return customer


@pytest.fixture
def lead(public_offer, offer):
    return lead_create(
        name="Пётр",
        phone="8 (916) 111-22-33",
        personal_data_consent=True,
        offer_version=public_offer.version,
        items=[CartItem(offer.pk, 3, offer.price)],
        comment="Позвоните после обеда",
    )


def test_the_list_shows_leads_by_state(client, manager, lead):
    client.force_login(manager)
    page = client.get(reverse("desk:leads"), {"state": LeadState.NEW})
    assert [row.pk for row in page.context["page"].object_list] == [lead.pk]
    assert "Пётр" in page.content.decode()
    assert not client.get(reverse("desk:leads"), {"state": "declined"}).context["page"].object_list


def test_record_the_call_then_decline(client, manager, lead):
    client.force_login(manager)
    url = reverse("desk:lead_note", args=[lead.pk, "called"])
    client.post(url, {"note": ""})
    lead.refresh_from_db()
    assert lead_state(lead) == LeadState.NEW
    client.post(url, {"note": "Перезвонит вечером"})
    lead.refresh_from_db()
    assert lead_state(lead) == LeadState.CALLED_BACK and lead.handled_by == manager
    client.post(reverse("desk:lead_note", args=[lead.pk, "decline"]), {"note": "Передумал"})
    lead.refresh_from_db()
    assert lead.status == LeadStatus.DECLINED and lead.manager_note == "Передумал"
    # a declined lead cannot become an order
    response = client.post(reverse("desk:lead_note", args=[lead.pk, "called"]), {"note": "x"})
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == LeadStatus.DECLINED


def test_the_lead_page_finds_the_customer_by_phone(client, manager, lead, caller):
    client.force_login(manager)
    response = client.get(reverse("desk:lead", args=[lead.pk]))
    assert response.context["customer"] == caller


def test_a_lead_becomes_an_order_of_the_customer(
    client, manager, lead, caller, pickup_point, offer
):
    offer.refresh_from_db()
    stock = offer.quantity
    client.force_login(manager)
    response = client.post(
        reverse("desk:lead_convert", args=[lead.pk]),
        {
            "customer_id": caller.pk,
            "delivery": Delivery.PICKUP,
            "pickup_point": pickup_point.pk,
            "payment_method": "cash_at_pickup",
            "note": "Договорились по телефону",
        },
    )
    order = Order.objects.get()
    assert response.status_code == 302 and response.url == reverse("desk:order", args=[order.pk])
    assert order.customer == caller
    assert (order.recipient_name, order.recipient_phone) == ("Пётр", PHONE)
    assert [(p.offer_id, p.quantity) for p in order.positions.all()] == [(offer.pk, 3)]
    offer.refresh_from_db()
    assert offer.quantity == stock - 3
    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONVERTED and lead.order == order
    # the order is in the manager's review queue
    assert order.number in client.get(reverse("desk:orders")).content.decode()


def test_only_the_customers_manager_or_a_senior_converts(
    other_manager, senior_manager, lead, caller, pickup_point
):
    choice = DeliveryChoice(Delivery.PICKUP, pickup_point_id=pickup_point.pk)
    with pytest.raises(OrderError, match="Anna"):
        lead_convert(
            lead, actor=other_manager, customer=caller, delivery=choice, payment_method="card"
        )
    assert not Order.objects.exists()
    order = lead_convert(
        lead, actor=senior_manager, customer=caller, delivery=choice, payment_method="card"
    )
    assert order.customer == caller


def test_a_lead_whose_stock_is_gone_changes_nothing(
    client, manager, lead, caller, pickup_point, offer
):
    offer.quantity = 1
    offer.save()
    client.force_login(manager)
    response = client.post(
        reverse("desk:lead_convert", args=[lead.pk]),
        {
            "customer_id": caller.pk,
            "delivery": Delivery.PICKUP,
            "pickup_point": pickup_point.pk,
            "payment_method": "card",
        },
        follow=True,
    )
    assert "Only 1 available" in " ".join(str(m) for m in response.context["messages"])
    assert not Order.objects.exists()
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW


def test_customers_do_not_see_leads(client, lead):
    client.force_login(CustomerFactory().user)
    assert client.get(reverse("desk:leads")).status_code == 403
    assert client.get(reverse("desk:lead", args=[lead.pk])).status_code == 403
    assert Lead.objects.get().status == LeadStatus.NEW
