"""/api/v1/promotions, /api/v1/cart/promo-code and an order placed with a code."""

from decimal import Decimal

import pytest

from partsdesk.catalog.tests.factories import BrandFactory, PartFactory
from partsdesk.orders.models import Order
from partsdesk.orders.tests.factories import CartLineFactory
from partsdesk.orders.tests.test_api import app_for
from partsdesk.pricing.tests.factories import OfferFactory

from ..models import DiscountKind, PromoCode, PromoRedemption
from .factories import PromoCodeFactory, PromotionFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def app(customer):
    return app_for(customer.user)


@pytest.fixture
def cart(customer):
    brand = BrandFactory(name="BOSCH")
    PromotionFactory(brand=brand, percent=D("10"), name="Bosch week")
    on_sale = OfferFactory(price=D("1000.00"), quantity=10, part=PartFactory(brand=brand))
    plain = OfferFactory(price=D("500.00"), quantity=10)
    CartLineFactory(customer=customer, offer=on_sale, quantity=2)
    CartLineFactory(customer=customer, offer=plain, quantity=1)
    return on_sale, plain


def test_the_promo_code_preview_prices_each_line(app, cart):
    PromoCodeFactory(code="MINUS100", kind=DiscountKind.FIXED, value=D("100.00"))

    response = app.post(
        "/api/v1/cart/promo-code", {"code": "minus100"}, content_type="application/json"
    )

    body = response.json()
    assert response.status_code == 200
    assert body["promo_code"] == "MINUS100"
    assert (body["items_before_discount"], body["promotions_discount"]) == ("2500.00", "200.00")
    assert (body["promo_code_discount"], body["items_total"]) == ("100.00", "2200.00")
    first = body["lines"][0]
    assert (first["price_before_discount"], first["promotion"]) == ("1000.00", "Bosch week")
    assert sum(D(line["amount"]) for line in body["lines"]) == D("2200.00")
    assert not PromoRedemption.objects.exists()


def test_a_code_that_cannot_be_used_answers_its_reason(app, cart):
    PromoCodeFactory(code="BIG", minimum_order=D("10000.00"))

    unknown = app.post("/api/v1/cart/promo-code", {"code": "X"}, content_type="application/json")
    below = app.post("/api/v1/cart/promo-code", {"code": "big"}, content_type="application/json")

    assert (unknown.status_code, unknown.json()["code"]) == (422, "promo_code_unknown")
    assert (below.status_code, below.json()["code"]) == (422, "promo_code_below_minimum")


def test_an_order_placed_with_a_code_shows_each_lines_discount(app, cart, pickup_point):
    # given the preview's prices
    PromoCodeFactory(code="TEN", value=D("10"))
    preview = app.post("/api/v1/cart/promo-code", {"code": "TEN"}, content_type="application/json")
    lines = [
        {
            "offer_id": line["offer_id"],
            "quantity": line["quantity"],
            "unit_price": line["unit_price"],
        }
        for line in preview.json()["lines"]
    ]

    # when
    response = app.post(
        "/api/v1/orders",
        {
            "lines": lines,
            "delivery": "pickup",
            "pickup_point_id": pickup_point.pk,
            "payment_method": "card",
            "recipient_name": "Ivan",
            "recipient_phone": "+79161234567",
            "expected_total": preview.json()["items_total"],
            "promo_code": "ten",
        },
        content_type="application/json",
    )

    # then
    assert response.status_code == 201, response.json()
    body = response.json()
    first = body["positions"][0]
    assert (first["price_before_discount"], first["unit_price"]) == ("1000.00", "810.00")
    assert first["discount"] == "380.00"
    assert first["discount_note"] == "Bosch week: 10 percent off; promo code TEN"
    assert body["amount_due"] == "2070.00"  # 810 × 2 + 450
    assert PromoCode.objects.get().used_count == 1
    assert PromoRedemption.objects.get().order == Order.objects.get()


def test_an_order_with_a_used_up_code_is_refused_and_nothing_placed(app, cart, pickup_point):
    on_sale, plain = cart
    PromoCodeFactory(code="GONE", limit_total=1, used_count=1)

    response = app.post(
        "/api/v1/orders",
        {
            "lines": [
                {"offer_id": on_sale.pk, "quantity": 2, "unit_price": "810.00"},
                {"offer_id": plain.pk, "quantity": 1, "unit_price": "450.00"},
            ],
            "delivery": "pickup",
            "pickup_point_id": pickup_point.pk,
            "payment_method": "card",
            "recipient_name": "Ivan",
            "recipient_phone": "+79161234567",
            "promo_code": "GONE",
        },
        content_type="application/json",
    )

    assert (response.status_code, response.json()["code"]) == (422, "promo_code_used_up")
    assert not Order.objects.exists()


def test_promotions_and_the_codes_used_are_listed(app, customer, cart, pickup_point):
    PromotionFactory(brand=BrandFactory(), percent=D("5"), is_active=False)

    body = app.get("/api/v1/promotions").json()

    assert [p["name"] for p in body["promotions"]] == ["Bosch week"]
    assert body["promotions"][0]["brand"] == "BOSCH"
    assert body["used_codes"] == []


def test_cart_pricing_gives_the_prices_to_confirm(app, cart):
    body = app.get("/api/v1/cart/pricing").json()

    assert [line["unit_price"] for line in body["lines"]] == ["900.00", "500.00"]
    assert body["items_total"] == "2300.00"
