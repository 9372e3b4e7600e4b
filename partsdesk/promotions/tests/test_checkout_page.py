"""The checkout page: the discount on each line, applying a promo code, placing with it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from partsdesk.catalog.tests.factories import BrandFactory, PartFactory
from partsdesk.orders.models import Order
from partsdesk.orders.tests.factories import CartLineFactory
from partsdesk.pricing.tests.factories import OfferFactory

from ..models import DiscountKind, PromoCode, PromoRedemption
from .factories import PromoCodeFactory, PromotionFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def cart(client, customer):
    brand = BrandFactory(name="BOSCH")
    PromotionFactory(brand=brand, percent=D("10"), name="Bosch week")
    on_sale = OfferFactory(price=D("1000.00"), quantity=10, part=PartFactory(brand=brand))
    plain = OfferFactory(price=D("500.00"), quantity=10)
    CartLineFactory(customer=customer, offer=on_sale, quantity=2)
    CartLineFactory(customer=customer, offer=plain, quantity=1)
    client.force_login(customer.user)
    return on_sale, plain


def form(page, pickup_point, **extra):
    return {
        "recipient_name": "Ivan",
        "recipient_phone": "+79165551234",
        "delivery": "pickup",
        "pickup_point": pickup_point.pk,
        "payment_method": "card",
        "lines": page.context["lines_value"],
        **extra,
    }


def test_the_checkout_page_shows_each_lines_discount(client, cart):
    on_sale, plain = cart

    page = client.get(reverse("orders:checkout"))

    html = page.content.decode()
    assert "Bosch week: 10 percent off" in html
    assert "<s>1 000.00 ₽</s>" in html
    assert "−200.00 ₽" in html
    assert "2 300.00 ₽" in html  # 900 × 2 + 500
    assert page.context["lines_value"] == f"{on_sale.pk}:2:900.00;{plain.pk}:1:500.00"


def test_applying_a_code_reprices_the_page_and_placing_records_it(client, cart, pickup_point):
    # given
    PromoCodeFactory(code="MINUS100", kind=DiscountKind.FIXED, value=D("100.00"))
    page = client.get(reverse("orders:checkout"))

    # when the customer applies the code
    applied = client.post(
        reverse("orders:checkout"), form(page, pickup_point, promo_code="minus100", apply_code="1")
    )

    # then the lines carry it and nothing is placed yet
    html = applied.content.decode()
    assert applied.status_code == 200
    assert "The promo code MINUS100 is applied: 100.00 ₽ off." in html
    assert "2 200.00 ₽" in html
    assert not Order.objects.exists()

    # when they place the order
    response = client.post(
        reverse("orders:checkout"), form(applied, pickup_point, promo_code="MINUS100")
    )

    # then
    order = Order.objects.get()
    assert response.status_code == 302
    assert order.items_total == D("2200.00")
    assert PromoRedemption.objects.get().order == order
    assert PromoCode.objects.get().used_count == 1


def test_an_unknown_code_is_explained_and_the_prices_stay(client, cart, pickup_point):
    page = client.get(reverse("orders:checkout"))

    response = client.post(
        reverse("orders:checkout"), form(page, pickup_point, promo_code="NOPE", apply_code="1")
    )

    html = response.content.decode()
    assert "There is no promo code “NOPE”." in html
    assert response.context["lines_value"] == page.context["lines_value"]


def test_a_code_used_up_before_placing_is_refused_and_nothing_is_placed(client, cart, pickup_point):
    code = PromoCodeFactory(code="LAST", limit_total=1)
    page = client.get(reverse("orders:checkout"))
    applied = client.post(
        reverse("orders:checkout"), form(page, pickup_point, promo_code="LAST", apply_code="1")
    )
    PromoCode.objects.filter(pk=code.pk).update(used_count=1)

    response = client.post(
        reverse("orders:checkout"), form(applied, pickup_point, promo_code="LAST")
    )

    assert response.status_code == 400
    assert "The promo code LAST has been used up." in response.content.decode()
    assert not Order.objects.exists()
    # the page is priced again without the code, ready to place
    assert response.context["lines_value"] == page.context["lines_value"]


def test_a_code_typed_but_not_applied_shows_the_new_prices_before_placing(
    client, cart, pickup_point
):
    PromoCodeFactory(code="TEN", value=D("10"))
    page = client.get(reverse("orders:checkout"))

    response = client.post(reverse("orders:checkout"), form(page, pickup_point, promo_code="TEN"))

    assert response.status_code == 409
    assert "the price is now 810.00" in response.content.decode()
    assert not Order.objects.exists()


def test_the_order_page_shows_each_positions_discount(client, customer, cart, pickup_point):
    PromoCodeFactory(code="TEN", value=D("10"))
    page = client.get(reverse("orders:checkout"))
    applied = client.post(
        reverse("orders:checkout"), form(page, pickup_point, promo_code="TEN", apply_code="1")
    )
    client.post(reverse("orders:checkout"), form(applied, pickup_point, promo_code="TEN"))
    order = Order.objects.get()

    html = client.get(reverse("orders:order", args=[order.number])).content.decode()

    assert '<s class="muted">1 000.00 ₽</s>' in html
    assert "−380.00 ₽: Bosch week: 10 percent off; promo code TEN" in html
