"""Promo codes and promotions through checkout (orders.services.order_place)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from partsdesk.accounts.tests.factories import CustomerFactory
from partsdesk.catalog.tests.factories import BrandFactory, PartFactory
from partsdesk.orders.models import Order
from partsdesk.orders.services import (
    CheckoutChanged,
    DeliveryChoice,
    ExpectedLine,
    OrderError,
    order_place,
)
from partsdesk.orders.statuses import Delivery
from partsdesk.orders.tests.factories import PickupPointFactory
from partsdesk.pricing.models import Offer
from partsdesk.pricing.tests.factories import OfferFactory

from ..models import DiscountKind, PromoCode, PromoRedemption
from ..selectors import price_lines_with_code
from .factories import PromoCodeFactory, PromotionFactory

pytestmark = pytest.mark.django_db
D = Decimal


def place(customer, offers_and_quantities, *, code: str = "", prices=None, point=None):
    """Checkout as the page does: the prices the customer confirmed are the preview's."""
    items = [
        (Offer.objects.select_related("part").get(pk=o.pk), q) for o, q in offers_and_quantities
    ]
    if prices is None:
        preview = price_lines_with_code(customer, items, code_text=code)
        prices = [line.unit_price for line in preview.lines]
    point = point or PickupPointFactory()
    return order_place(
        customer,
        lines=[
            ExpectedLine(offer.pk, quantity, price)
            for (offer, quantity), price in zip(items, prices, strict=True)
        ],
        delivery=DeliveryChoice(Delivery.PICKUP, pickup_point_id=point.pk),
        payment_method="card",
        recipient_name="Ivan",
        recipient_phone="+79161234567",
        expected_total=sum((p * q for p, (_o, q) in zip(prices, items, strict=True)), D("0")),
        promo_code=code,
    )


def refused(customer, items, code) -> OrderError:
    with pytest.raises(OrderError) as caught:
        place(customer, items, code=code, prices=[D("100.00")] * len(items))
    return caught.value


def test_a_percent_code_discounts_each_line_and_is_recorded_once(customer):
    # given
    code = PromoCodeFactory(code="WELCOME10", kind=DiscountKind.PERCENT, value=D("10"))
    offer = OfferFactory(price=D("100.00"), quantity=10)

    # when
    order = place(customer, [(offer, 2)], code="welcome10")

    # then
    position = order.positions.get()
    assert (position.price_before_discount, position.unit_price) == (D("100.00"), D("90.00"))
    assert position.amount == D("180.00")
    assert position.promo_code == code
    assert position.discount_amount == D("20.00")
    assert "WELCOME10" in position.discount_note
    assert order.amount_due == D("180.00")
    redemption = PromoRedemption.objects.get()
    assert (redemption.order, redemption.customer, redemption.discount) == (
        order,
        customer,
        D("20.00"),
    )
    code.refresh_from_db()
    assert code.used_count == 1


def test_a_fixed_code_over_several_lines_adds_up_to_the_orders_total(customer):
    PromoCodeFactory(code="MINUS100", kind=DiscountKind.FIXED, value=D("100.00"))
    offers = [OfferFactory(price=D(p), quantity=10) for p in ("100.00", "200.00", "300.00")]

    order = place(customer, [(o, 1) for o in offers], code="MINUS100")

    assert order.items_total == D("500.00")
    assert sum(p.discount_amount for p in order.positions.all()) == D("100.00")
    assert PromoRedemption.objects.get().discount == D("100.00")


def test_an_automatic_promotion_is_kept_on_the_position_and_delivery_is_not_discounted(customer):
    brand = BrandFactory()
    promotion = PromotionFactory(brand=brand, percent=D("25"), name="Spring")
    offer = OfferFactory(price=D("400.00"), quantity=10, part=PartFactory(brand=brand))

    order = place(customer, [(offer, 1)])

    position = order.positions.get()
    assert (position.unit_price, position.promotion, position.discount_note) == (
        D("300.00"),
        promotion,
        "Spring: 25 percent off",
    )
    assert not PromoRedemption.objects.exists()


def test_the_confirmed_price_is_the_discounted_one(customer):
    # given a promotion that started after the customer saw the undiscounted price
    brand = BrandFactory()
    offer = OfferFactory(price=D("100.00"), quantity=10, part=PartFactory(brand=brand))
    PromotionFactory(brand=brand, percent=D("10"))

    # when they confirm the old price
    with pytest.raises(CheckoutChanged) as changed:
        place(customer, [(offer, 1)], prices=[D("100.00")])

    # then they are shown the new one and nothing is placed
    assert "the price is now 90.00" in changed.value.changes[0]
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    ("fields", "code", "message"),
    [
        ({}, "promo_code_unknown", "There is no promo code “NOPE”"),
        ({"is_active": False}, "promo_code_unknown", "There is no promo code"),
        ({"valid_until_days": -1}, "promo_code_expired", "expired on"),
        ({"valid_from_days": 1}, "promo_code_not_yet_valid", "is valid from"),
        ({"minimum_order": D("500.00")}, "promo_code_below_minimum", "is for orders from 500.00"),
        ({"limit_total": 1, "used_count": 1}, "promo_code_used_up", "has been used up"),
    ],
)
def test_a_code_that_cannot_be_used_is_refused_with_its_reason_and_changes_nothing(
    customer, fields, code, message
):
    # given
    now = timezone.now()
    days_from, days_until = (
        fields.pop("valid_from_days", None),
        fields.pop("valid_until_days", None),
    )
    if days_from is not None:
        fields["valid_from"] = now + datetime.timedelta(days=days_from)
    if days_until is not None:
        fields["valid_until"] = now + datetime.timedelta(days=days_until)
    PromoCodeFactory(code="SAVE", **fields)
    offer = OfferFactory(price=D("100.00"), quantity=10)

    # when
    error = refused(
        customer, [(offer, 1)], "NOPE" if code == "promo_code_unknown" and not fields else "SAVE"
    )

    # then
    assert error.code == code
    assert message in error.message
    assert not Order.objects.exists()
    assert Offer.objects.get(pk=offer.pk).quantity == 10


def test_a_customer_uses_a_code_only_as_often_as_allowed(customer):
    code = PromoCodeFactory(code="ONCE", limit_per_customer=1)
    other = CustomerFactory()

    place(customer, [(OfferFactory(price=D("100.00")), 1)], code="ONCE")
    error = refused(customer, [(OfferFactory(price=D("100.00")), 1)], "ONCE")
    place(other, [(OfferFactory(price=D("100.00")), 1)], code="ONCE")

    assert error.code == "promo_code_already_used"
    assert "You have already used the promo code ONCE" in error.message
    code.refresh_from_db()
    assert code.used_count == 2


def test_a_total_limit_holds_across_customers(customer):
    code = PromoCodeFactory(code="TWO", limit_total=2)

    place(customer, [(OfferFactory(price=D("100.00")), 1)], code="TWO")
    place(CustomerFactory(), [(OfferFactory(price=D("100.00")), 1)], code="TWO")
    error = refused(CustomerFactory(), [(OfferFactory(price=D("100.00")), 1)], "TWO")

    assert error.code == "promo_code_used_up"
    code.refresh_from_db()
    assert code.used_count == 2 == PromoRedemption.objects.filter(code=code).count()


def test_the_minimum_is_checked_on_the_parts_after_promotions(customer):
    brand = BrandFactory()
    PromotionFactory(brand=brand, percent=D("10"))
    PromoCodeFactory(code="MIN1000", minimum_order=D("1000.00"))
    offer = OfferFactory(price=D("1000.00"), quantity=10, part=PartFactory(brand=brand))

    with pytest.raises(OrderError) as caught:
        place(customer, [(offer, 1)], code="MIN1000", prices=[D("900.00")])

    assert caught.value.code == "promo_code_below_minimum"


def test_codes_are_one_code_whatever_the_case(db):
    PromoCodeFactory(code="summer")

    assert PromoCode.objects.get().code == "SUMMER"
    with pytest.raises(Exception):  # noqa: B017 the database refuses a second one
        PromoCodeFactory(code="Summer")


def test_the_managers_order_page_shows_each_lines_discount(client, customer, manager):
    # given: an order placed with a 10 percent code
    PromoCodeFactory(code="WELCOME10", kind=DiscountKind.PERCENT, value=D("10"))
    order = place(customer, [(OfferFactory(price=D("100.00"), quantity=10), 2)], code="WELCOME10")
    client.force_login(manager)

    # when: the customer's manager opens it in the desk
    page = client.get(reverse("desk:order", args=[order.pk])).content.decode()

    # then: the price before the discount, the amount off and what gave it
    assert '<s class="muted">100.00' in page
    assert "−20.00" in page and "WELCOME10" in page
