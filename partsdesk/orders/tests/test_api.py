"""/api/v1/cart… and /api/v1/orders…: the same services as the pages, each customer's own."""

from decimal import Decimal

import pytest
from django.test import Client

from partsdesk.accounts.services import api_token_issue
from partsdesk.accounts.tests.factories import PublicOfferFactory
from partsdesk.pricing.models import Offer
from partsdesk.pricing.tests.factories import OfferFactory

from .. import services
from ..models import CartLine, Lead, Order
from ..statuses import PositionStatus
from .factories import CartLineFactory, place_order

pytestmark = pytest.mark.django_db


def app_for(user) -> Client:
    key, _token = api_token_issue(user=user, device="test")
    return Client(headers={"authorization": f"Bearer {key}"})


@pytest.fixture
def app(customer):
    return app_for(customer.user)


def test_the_cart_api_adds_changes_and_removes(app, customer):
    offer = OfferFactory(quantity=6, pack_multiple=2)

    added = app.post(
        "/api/v1/cart/lines", {"offer_id": offer.pk, "quantity": 2}, content_type="application/json"
    )
    assert added.status_code == 200
    (line,) = added.json()["lines"]
    assert (line["quantity"], line["unit_price"], line["pack_multiple"]) == (2, str(offer.price), 2)

    refused = app.put(
        f"/api/v1/cart/lines/{offer.pk}", {"quantity": 3}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["code"] == "invalid_quantity"
    assert "packs of 2" in refused.json()["message"]
    assert CartLine.objects.get().quantity == 2

    assert app.put(
        f"/api/v1/cart/lines/{offer.pk}", {"quantity": 6}, content_type="application/json"
    ).json()["items_total"] == str(offer.price * 6)
    assert app.delete(f"/api/v1/cart/lines/{offer.pk}").status_code == 204
    assert app.get("/api/v1/cart").json()["lines"] == []
    assert app.delete(f"/api/v1/cart/lines/{offer.pk}").status_code == 404


def test_the_cart_needs_a_customer(client, manager):
    assert client.get("/api/v1/cart").status_code == 401
    assert app_for(manager).get("/api/v1/cart").json()["code"] == "not_a_customer"


def test_checkout_and_place_an_order_through_the_api(app, customer, pickup_point):
    offer = OfferFactory(quantity=3)
    CartLineFactory(customer=customer, offer=offer, quantity=2)
    options = app.get("/api/v1/cart/checkout").json()
    assert options["pickup_points"][0]["id"] == pickup_point.pk
    assert "bank_invoice" not in options["payment_methods"]
    line = options["cart"]["lines"][0]
    body = {
        "lines": [{"offer_id": offer.pk, "quantity": 2, "unit_price": line["unit_price"]}],
        "delivery": "pickup",
        "pickup_point_id": pickup_point.pk,
        "payment_method": "balance",
        "recipient_name": "Ivan",
        "recipient_phone": "+7 916 555-12-34",
        "expected_total": str(offer.price * 2),
    }

    placed = app.post("/api/v1/orders", body, content_type="application/json")

    assert placed.status_code == 201
    order = placed.json()
    assert order["number"] == Order.objects.get().number
    assert order["status"] == "new"
    assert order["positions"][0]["can_cancel"] is True
    assert order["positions"][0]["timeline"][0]["to_status"] == "new"
    assert Offer.objects.get(pk=offer.pk).quantity == 1
    assert app.get("/api/v1/cart").json()["lines"] == []


def test_a_changed_price_answers_409_with_the_changes(app, customer, pickup_point):
    offer = OfferFactory(quantity=3)
    body = {
        "lines": [{"offer_id": offer.pk, "quantity": 1, "unit_price": str(offer.price - 1)}],
        "delivery": "pickup",
        "pickup_point_id": pickup_point.pk,
        "payment_method": "card",
        "recipient_name": "Ivan",
        "recipient_phone": "+79165551234",
    }
    answer = app.post("/api/v1/orders", body, content_type="application/json")
    assert answer.status_code == 409
    assert answer.json()["code"] == "checkout_changed"
    assert "the price is now" in answer.json()["changes"][0]
    assert not Order.objects.exists()


def test_a_bank_invoice_for_an_individual_is_refused(app, customer, pickup_point):
    offer = OfferFactory(quantity=3)
    body = {
        "lines": [{"offer_id": offer.pk, "quantity": 1, "unit_price": str(offer.price)}],
        "delivery": "pickup",
        "pickup_point_id": pickup_point.pk,
        "payment_method": "bank_invoice",
        "recipient_name": "Ivan",
        "recipient_phone": "+79165551234",
    }
    answer = app.post("/api/v1/orders", body, content_type="application/json")
    assert answer.status_code == 422
    assert answer.json()["code"] == "invalid_payment_method"
    assert Offer.objects.get(pk=offer.pk).quantity == 3


def test_orders_list_detail_cancel_and_refusal(app, customer, manager):
    order = place_order(
        customer,
        [(OfferFactory(quantity=3, part__number="W 712/75"), 1), (OfferFactory(quantity=3), 1)],
    )
    sent, kept = order.positions.all()
    services.order_confirm(order, actor=manager, contact_note="ok")
    services.positions_send_to_supplier([sent], actor=manager)

    listed = app.get("/api/v1/orders", {"q": "w71275"}).json()
    assert [o["number"] for o in listed["results"]] == [order.number]
    assert app.get("/api/v1/orders", {"status": "cancelled"}).json()["count"] == 0

    refused = app.post(f"/api/v1/orders/{order.number}/positions/{sent.pk}/cancel")
    assert refused.status_code == 409
    assert refused.json()["code"] == "cannot_cancel"

    done = app.post(
        f"/api/v1/orders/{order.number}/positions/{kept.pk}/cancel",
        {"comment": "not needed"},
        content_type="application/json",
    )
    assert done.status_code == 200
    positions = {p["id"]: p for p in done.json()["positions"]}
    assert positions[kept.pk]["status"] == PositionStatus.CANCELLED_BY_CUSTOMER
    assert positions[sent.pk]["can_cancel"] is False
    assert "can no longer be cancelled" in positions[sent.pk]["cancel_refusal"]


def test_reorder_through_the_api(app, customer):
    offer = OfferFactory(quantity=5)
    order = place_order(customer, [(offer, 2)])
    answer = app.post(f"/api/v1/orders/{order.number}/reorder").json()
    assert answer["cart"]["lines"][0]["offer_id"] == offer.pk
    assert answer["cart"]["lines"][0]["quantity"] == 2


def test_another_customers_orders_and_cart_do_not_exist(app, stranger):
    theirs = place_order(stranger)
    CartLineFactory(customer=stranger, offer=OfferFactory(quantity=5))
    position = theirs.positions.get()

    assert app.get(f"/api/v1/orders/{theirs.number}").status_code == 404
    assert app.get("/api/v1/orders").json()["count"] == 0
    assert app.get("/api/v1/cart").json()["lines"] == []
    assert (
        app.post(f"/api/v1/orders/{theirs.number}/positions/{position.pk}/cancel").status_code
        == 404
    )
    assert app.post(f"/api/v1/orders/{theirs.number}/reorder").status_code == 404
    position.refresh_from_db()
    assert position.status == PositionStatus.NEW


def test_a_quick_order_without_an_account(client):
    offer_version = PublicOfferFactory().version
    offer = OfferFactory(quantity=5)
    body = {
        "name": "Пётр",
        "phone": "+7 916 111-22-33",
        "personal_data_consent": False,
        "offer_version": offer_version,
        "lines": [{"offer_id": offer.pk, "quantity": 2}],
    }
    refused = client.post("/api/v1/quick-order", body, content_type="application/json")
    assert refused.status_code == 422
    assert not Lead.objects.exists()

    body["personal_data_consent"] = True
    answer = client.post("/api/v1/quick-order", body, content_type="application/json")

    assert answer.status_code == 201
    lead = Lead.objects.get()
    assert lead.lines.get().unit_price == offer.price
    assert lead.lines.get().quantity == 2
    assert Decimal(lead.lines.get().amount) == offer.price * 2
