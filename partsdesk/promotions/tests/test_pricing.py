"""Pricing a cart: the customer's price, the best automatic promotion, then the code."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from partsdesk.catalog.tests.factories import BrandFactory, PartFactory
from partsdesk.pricing.tests.factories import OfferFactory, PriceGroupFactory, WarehouseFactory

from ..models import DiscountKind
from ..selectors import price_lines, price_lines_with_code
from .factories import PromoCodeFactory, PromotionFactory

pytestmark = pytest.mark.django_db
D = Decimal


def offer_at(price: str, **kwargs):
    return OfferFactory(price=D(price), quantity=100, **kwargs)


def test_no_promotion_no_code_is_the_customers_own_price(customer):
    # given a customer with a 10 percent group discount
    customer.price_group = PriceGroupFactory(discount_percent=D("10"))
    customer.save()
    offer = offer_at("1000.00")

    # when
    pricing = price_lines(customer, [(offer, 2)])

    # then
    line = pricing.lines[0]
    assert (line.base_price, line.unit_price, line.discount) == (D("900"), D("900"), D("0"))
    assert pricing.items_total == D("1800")


def test_a_brand_promotion_and_a_supplier_promotion_each_cover_their_own_lines(customer):
    brand = BrandFactory(name="BOSCH")
    warehouse = WarehouseFactory()
    bosch = offer_at("1000.00", part=PartFactory(brand=brand))
    from_supplier = offer_at("500.00", warehouse=warehouse)
    other = offer_at("300.00")
    PromotionFactory(brand=brand, percent=D("10"))
    PromotionFactory(supplier=warehouse.supplier, percent=D("20"))

    pricing = price_lines(customer, [(bosch, 1), (from_supplier, 2), (other, 1)])

    assert [line.unit_price for line in pricing.lines] == [D("900.00"), D("400.00"), D("300.00")]
    assert pricing.promotions_discount == D("300.00")
    assert pricing.lines[0].note == f"{pricing.lines[0].promotion.name}: 10 percent off"


def test_the_best_promotion_wins_and_promotions_do_not_add_up(customer):
    brand = BrandFactory()
    warehouse = WarehouseFactory()
    offer = offer_at("1000.00", part=PartFactory(brand=brand), warehouse=warehouse)
    PromotionFactory(brand=brand, percent=D("5"))
    best = PromotionFactory(supplier=warehouse.supplier, percent=D("15"))
    PromotionFactory(brand=brand, supplier=warehouse.supplier, percent=D("12"))

    line = price_lines(customer, [(offer, 1)]).lines[0]

    assert line.promotion == best
    assert line.unit_price == D("850.00")


def test_a_promotion_for_a_brand_at_one_supplier_needs_both(customer):
    brand = BrandFactory()
    warehouse = WarehouseFactory()
    PromotionFactory(brand=brand, supplier=warehouse.supplier, percent=D("10"))
    both = offer_at("100.00", part=PartFactory(brand=brand), warehouse=warehouse)
    brand_only = offer_at("100.00", part=PartFactory(brand=brand))

    pricing = price_lines(customer, [(both, 1), (brand_only, 1)])

    assert [line.unit_price for line in pricing.lines] == [D("90.00"), D("100.00")]


def test_promotions_outside_their_dates_or_inactive_do_not_apply(customer):
    brand = BrandFactory()
    now = timezone.now()
    PromotionFactory(brand=brand, valid_from=now + datetime.timedelta(days=1))
    PromotionFactory(brand=brand, valid_until=now - datetime.timedelta(seconds=1))
    PromotionFactory(brand=brand, is_active=False)
    offer = offer_at("100.00", part=PartFactory(brand=brand))

    assert price_lines(customer, [(offer, 1)]).lines[0].promotion is None


def test_stacking_the_code_applies_to_what_the_promotion_left(customer):
    # given a 10 percent promotion on the brand and a 10 percent code
    brand = BrandFactory()
    PromotionFactory(brand=brand, percent=D("10"))
    code = PromoCodeFactory(kind=DiscountKind.PERCENT, value=D("10"))
    offer = offer_at("1000.00", part=PartFactory(brand=brand))

    # when
    line = price_lines(customer, [(offer, 3)], code=code).lines[0]

    # then 1000 → 900 → 810, not 800
    assert (line.promo_price, line.unit_price) == (D("900.00"), D("810.00"))
    assert (line.promotion_discount, line.code_discount, line.discount) == (
        D("300.00"),
        D("270.00"),
        D("570.00"),
    )
    assert code.code in line.note


def test_a_fixed_code_is_split_in_proportion_and_the_lines_add_up_exactly(customer):
    # given three lines of 100, 200 and 300 (total 600) and 100.00 off
    code = PromoCodeFactory(kind=DiscountKind.FIXED, value=D("100.00"))
    items = [(offer_at("100.00"), 1), (offer_at("200.00"), 1), (offer_at("300.00"), 1)]

    pricing = price_lines(customer, items, code=code)

    assert [line.code_discount for line in pricing.lines] == [D("16.67"), D("33.33"), D("50.00")]
    assert pricing.code_discount == D("100.00")
    assert pricing.items_total == D("500.00")
    assert sum(line.unit_price * line.quantity for line in pricing.lines) == D("500.00")


@pytest.mark.parametrize(
    ("prices_and_quantities", "value"),
    [
        ([("33.33", 7), ("0.99", 13), ("1234.56", 1)], "77.77"),
        ([("10.00", 2), ("10.00", 5), ("3.00", 1)], "10.01"),
        ([("999.99", 4), ("1.01", 3), ("45.67", 11)], "123.45"),
        ([("0.10", 1), ("0.20", 1)], "0.29"),
    ],
)
def test_fixed_codes_take_exactly_their_value_when_a_line_of_one_unit_lets_them(
    customer, prices_and_quantities, value
):
    code = PromoCodeFactory(kind=DiscountKind.FIXED, value=D(value))
    items = [(offer_at(price), quantity) for price, quantity in prices_and_quantities]

    pricing = price_lines(customer, items, code=code)

    assert pricing.code_discount == D(value)
    assert pricing.items_total == pricing.items_before_discount - D(value)
    assert all(line.unit_price >= 0 for line in pricing.lines)


def test_a_fixed_code_the_quantities_cannot_carry_takes_the_nearest_amount_below(customer):
    # three units and 10.00 off: 3.33 a unit, 9.99 in all
    code = PromoCodeFactory(kind=DiscountKind.FIXED, value=D("10.00"))

    pricing = price_lines(customer, [(offer_at("100.00"), 3)], code=code)

    assert pricing.lines[0].unit_price == D("96.67")
    assert pricing.code_discount == D("9.99")


def test_a_code_never_takes_a_line_below_zero(customer):
    fixed = PromoCodeFactory(kind=DiscountKind.FIXED, value=D("5000.00"))
    hundred = PromoCodeFactory(kind=DiscountKind.PERCENT, value=D("100"))
    items = [(offer_at("100.00"), 2), (offer_at("50.00"), 1)]

    for code in (fixed, hundred):
        pricing = price_lines(customer, items, code=code)
        assert [line.unit_price for line in pricing.lines] == [D("0.00"), D("0.00")]
        assert pricing.code_discount == D("250.00")


def test_the_preview_says_why_a_code_does_not_apply_and_prices_without_it(customer):
    offer = offer_at("100.00")
    PromoCodeFactory(code="BIG", minimum_order=D("1000.00"))

    pricing = price_lines_with_code(customer, [(offer, 1)], code_text=" big ")

    assert pricing.code is None
    assert pricing.code_problem.code == "promo_code_below_minimum"
    assert "is for orders from 1 000.00" in pricing.code_problem.message
    assert pricing.items_total == D("100.00")
