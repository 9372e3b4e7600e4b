"""The customer's pages: cart, quick order, checkout, orders; one customer never sees
another's."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from partsdesk.accounts.tests.factories import PASSWORD, PublicOfferFactory
from partsdesk.notifications.models import Event, Notification
from partsdesk.pricing.models import Offer
from partsdesk.pricing.tests.factories import OfferFactory

from .. import services
from ..models import CartLine, Lead, Order, PositionEvent
from ..statuses import PositionStatus
from .factories import CartLineFactory, place_order

S = PositionStatus
pytestmark = pytest.mark.django_db


def add(client, offer, quantity, **headers):
    return client.post(
        reverse("orders:cart_add"), {"offer_id": offer.pk, "quantity": quantity}, **headers
    )


def test_a_visitor_adds_to_the_session_cart_and_sees_supplier_days_and_subtotal(client):
    offer = OfferFactory(quantity=10, delivery_days_min=2, delivery_days_max=4)
    response = add(client, offer, 3)
    assert response.status_code == 302

    page = client.get(reverse("orders:cart")).content.decode()

    assert offer.part.number in page
    assert offer.warehouse.city in page
    assert "2–4" in page
    assert f"{offer.price * 3:,.2f}".replace(",", " ") in page
    assert not CartLine.objects.exists()


def test_quantity_rules_have_clear_messages_and_change_nothing(client):
    packed = OfferFactory(quantity=10, pack_multiple=4)
    few = OfferFactory(quantity=2)
    bound = OfferFactory(quantity=10, quantity_is_lower_bound=True)

    for offer, quantity, message in [
        (packed, 3, "sold in packs of 4"),
        (few, 3, "Only 2 available"),
        (bound, 11, "The supplier guarantees 10"),
    ]:
        response = add(client, offer, quantity, HTTP_HX_REQUEST="true")
        assert message in response.content.decode()
    assert add(client, packed, 8).status_code == 302
    response = add(client, packed, 4, HTTP_HX_REQUEST="true")
    assert "You already have 8 in the cart" in response.content.decode()
    assert client.session["cart"] == {str(packed.pk): {"quantity": 8, "price": str(packed.price)}}


def test_add_to_cart_is_on_the_offers_and_the_part_pages(client, oil_filters):
    part = oil_filters["oc90"]
    offers_page = client.get(reverse("storefront:offers", args=["knecht", "OC90"]))
    part_page = client.get(reverse("storefront:part", args=[part.pk]))
    for page in (offers_page, part_page):
        assert page.status_code == 200
        assert reverse("orders:cart_add") in page.content.decode()


def test_the_session_cart_is_merged_at_sign_in(client, customer):
    held = OfferFactory(quantity=5)
    CartLineFactory(customer=customer, offer=held, quantity=2)
    fresh_offer = OfferFactory(quantity=5)
    add(client, held, 2)
    add(client, fresh_offer, 1)
    add(client, OfferFactory(quantity=5), 1)
    Offer.objects.filter(pk=held.pk).update(quantity=3)

    client.post(
        reverse("accounts:login"), {"identifier": customer.user.email, "password": PASSWORD}
    )

    lines = dict(CartLine.objects.filter(customer=customer).values_list("offer_id", "quantity"))
    assert lines[held.pk] == 3  # 2 + 2 wanted, only 3 left
    assert lines[fresh_offer.pk] == 1
    assert len(lines) == 3
    page = client.get(reverse("orders:cart")).content.decode()
    assert "only 3 can be ordered" in page


def test_checkout_to_a_pickup_point(client, customer, pickup_point):
    offer = OfferFactory(quantity=4)
    CartLineFactory(customer=customer, offer=offer, quantity=2)
    client.force_login(customer.user)
    page = client.get(reverse("orders:checkout"))
    assert page.status_code == 200
    assert pickup_point.address in page.content.decode()

    response = client.post(
        reverse("orders:checkout"),
        {
            "recipient_name": "Ivan",
            "recipient_phone": "8 916 555-12-34",
            "delivery": "pickup",
            "pickup_point": pickup_point.pk,
            "payment_method": "cash_at_pickup",
            "lines": page.context["lines_value"],
            "comment": "Call first",
        },
    )

    order = Order.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("orders:placed", args=[order.number])
    assert order.recipient_phone == "+79165551234"
    assert order.amount_due == offer.price * 2
    assert Offer.objects.get(pk=offer.pk).quantity == 2
    assert not CartLine.objects.filter(customer=customer).exists()
    placed = client.get(response.url).content.decode()
    assert order.number in placed
    assert "Your manager will confirm by" in placed
    assert Notification.objects.filter(user=customer.user, event=Event.ORDER_RECEIVED).exists()


def test_an_order_received_email_lists_the_order(
    customer, pickup_point, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = place_order(customer, [(OfferFactory(quantity=3), 2)], pickup_point=pickup_point)
    (message,) = mail.outbox
    assert order.number in message.subject
    assert "Your manager will confirm it by" in message.body
    assert pickup_point.address in message.body


def test_a_price_change_is_shown_and_needs_confirming_again(client, customer, pickup_point):
    offer = OfferFactory(quantity=4)
    CartLineFactory(customer=customer, offer=offer, quantity=1)
    client.force_login(customer.user)
    lines_value = client.get(reverse("orders:checkout")).context["lines_value"]
    Offer.objects.filter(pk=offer.pk).update(price=offer.price + 10)
    form = {
        "recipient_name": "Ivan",
        "recipient_phone": "+79165551234",
        "delivery": "pickup",
        "pickup_point": pickup_point.pk,
        "payment_method": "card",
        "lines": lines_value,
    }

    response = client.post(reverse("orders:checkout"), form)

    assert response.status_code == 409
    assert "the price is now" in response.content.decode()
    assert not Order.objects.exists()
    assert Offer.objects.get(pk=offer.pk).quantity == 4

    form["lines"] = response.context["lines_value"]
    assert client.post(reverse("orders:checkout"), form).status_code == 302
    assert Order.objects.get().positions.get().unit_price == offer.price + 10


def test_courier_delivery_costs_by_weight_and_cash_is_refused(client, customer):
    from .factories import DeliveryBandFactory

    DeliveryBandFactory(weight_up_to_kg=Decimal("5"), price=Decimal("300"))
    address = customer.addresses.create(
        recipient_name="Ivan", recipient_phone="+79161234567", city="Тула", address="Ленина, 1"
    )
    offer = OfferFactory(quantity=4)
    CartLineFactory(customer=customer, offer=offer, quantity=2)
    client.force_login(customer.user)
    page = client.get(reverse("orders:checkout"))
    form = {
        "recipient_name": "Ivan",
        "recipient_phone": "+79165551234",
        "delivery": "courier",
        "address": address.pk,
        "payment_method": "cash_at_pickup",
        "lines": page.context["lines_value"],
        "courier_cost": "300.00",
    }
    refused = client.post(reverse("orders:checkout"), form)
    assert refused.status_code == 400
    assert "not available for this order" in refused.content.decode()

    form["payment_method"] = "card"
    assert client.post(reverse("orders:checkout"), form).status_code == 302
    order = Order.objects.get()
    assert order.delivery_cost == Decimal("300.00")
    assert order.amount_due == offer.price * 2 + 300
    assert "Ленина, 1" in order.delivery_to


def test_a_bank_invoice_is_for_companies_only(customer, company):
    assert "bank_invoice" not in services.payment_methods_for(customer)
    assert "bank_invoice" in services.payment_methods_for(company)


def test_the_orders_list_filters_and_searches(client, customer):
    first = place_order(customer, [(OfferFactory(quantity=3, part__number="OC 90"), 1)])
    second = place_order(customer)
    services.position_cancel_by_customer(second.positions.get(), customer=customer)
    client.force_login(customer.user)

    def numbers(**query):
        page = client.get(reverse("orders:orders"), query)
        return {order.number for order in page.context["page"].object_list}

    assert numbers() == {first.number, second.number}
    assert numbers(status="cancelled") == {second.number}
    assert numbers(q="oc-90") == {first.number}
    assert numbers(q=second.number) == {second.number}
    assert numbers(date_from="2000-01-01", date_to="2000-01-02") == set()


def test_a_customer_never_sees_another_customers_orders(client, customer, stranger):
    theirs = place_order(stranger)
    position = theirs.positions.get()
    client.force_login(customer.user)

    assert client.get(reverse("orders:order", args=[theirs.number])).status_code == 404
    assert client.get(reverse("orders:placed", args=[theirs.number])).status_code == 404
    assert theirs.number not in client.get(reverse("orders:orders")).content.decode()
    response = client.post(reverse("orders:position_cancel", args=[theirs.number, position.pk]))
    assert response.status_code == 404
    assert client.post(reverse("orders:reorder", args=[theirs.number])).status_code == 404
    position.refresh_from_db()
    assert position.status == S.NEW


def test_the_order_page_shows_the_timeline_and_cancels(client, customer, manager):
    order = place_order(customer, [(OfferFactory(quantity=3), 1), (OfferFactory(quantity=3), 1)])
    sent, kept = order.positions.all()
    services.order_confirm(order, actor=manager, contact_note="Spoke with Ivan")
    services.positions_send_to_supplier([sent], actor=manager)
    client.force_login(customer.user)

    page = client.get(reverse("orders:order", args=[order.number])).content.decode()
    assert "Ordered from the supplier" in page
    assert "Spoke with Ivan" in page
    assert "can no longer be cancelled" in page
    assert reverse("orders:position_cancel", args=[order.number, kept.pk]) in page
    assert reverse("orders:position_cancel", args=[order.number, sent.pk]) not in page

    client.post(reverse("orders:position_cancel", args=[order.number, kept.pk]), {"comment": "x"})
    refused = client.post(
        reverse("orders:position_cancel", args=[order.number, sent.pk]), follow=True
    )

    kept.refresh_from_db()
    sent.refresh_from_db()
    assert kept.status == S.CANCELLED_BY_CUSTOMER
    assert sent.status == S.ORDERED_FROM_SUPPLIER
    assert "can no longer be cancelled" in refused.content.decode()
    assert PositionEvent.objects.filter(position=sent).count() == 3


def test_reorder_puts_the_same_offers_in_the_cart_checked_again(client, customer):
    gone_soon = OfferFactory(quantity=2)
    stays = OfferFactory(quantity=5)
    order = place_order(customer, [(gone_soon, 2), (stays, 1)])
    client.force_login(customer.user)

    response = client.post(reverse("orders:reorder", args=[order.number]), follow=True)

    assert dict(CartLine.objects.filter(customer=customer).values_list("offer_id", "quantity")) == {
        stays.pk: 1
    }
    assert "Out of stock" in response.content.decode()


def test_a_quick_order_becomes_a_lead(client):
    public_offer = PublicOfferFactory()
    offer = OfferFactory(quantity=5)
    add(client, offer, 2)
    form = {"name": "Пётр", "phone": "8 916 111-22-33", "offer_version": public_offer.version}

    refused = client.post(reverse("orders:quick_order"), form)
    assert refused.status_code == 200
    assert not Lead.objects.exists()

    response = client.post(
        reverse("orders:quick_order"),
        form | {"personal_data_consent": "on", "accept_offer": "on"},
    )

    assert response.status_code == 302
    lead = Lead.objects.get()
    assert (lead.name, lead.phone, lead.offer) == ("Пётр", "+79161112233", public_offer)
    line = lead.lines.get()
    assert (line.offer, line.quantity, line.unit_price) == (offer, 2, offer.price)
    assert "cart" not in client.session or not client.session["cart"]


def test_a_quick_order_needs_a_real_phone(client):
    PublicOfferFactory()
    add(client, OfferFactory(quantity=5), 1)
    with pytest.raises(services.OrderError) as refused:
        services.lead_create(
            name="x",
            phone="12",
            personal_data_consent=True,
            offer_version=1,
            items=services.SessionCart(client.session).items(),
        )
    assert "phone" in refused.value.message


def test_staff_cannot_check_out(client, manager):
    client.force_login(manager)
    response = client.get(reverse("orders:checkout"))
    assert response.status_code == 302
    assert not Order.objects.exists()
