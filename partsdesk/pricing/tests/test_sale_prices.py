"""Markup rules, minimum margin, rounding and exchange rates: what a sale price comes to."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partsdesk.catalog.tests.factories import BrandFactory, PartFactory
from partsdesk.pricing import services, tasks
from partsdesk.pricing.models import (
    CurrencyRounding,
    ExchangeRate,
    MarkupRule,
    Offer,
    PricingSettings,
    Rounding,
    RoundingMode,
)
from partsdesk.pricing.selectors import MissingExchangeRate
from partsdesk.pricing.services import PricingError, SalePricer, sale_price
from partsdesk.pricing.tests.factories import (
    MarkupRuleFactory,
    OfferFactory,
    SupplierFactory,
    WarehouseFactory,
)

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def levels():
    """A rule at every level: the shop, a supplier, a brand, the supplier for the brand."""
    supplier = SupplierFactory(code="alpha", markup_percent=None)
    other = SupplierFactory(code="beta", markup_percent=None)
    bosch = BrandFactory(name="BOSCH", slug="bosch")
    mahle = BrandFactory(name="MAHLE", slug="mahle")
    MarkupRuleFactory(price_from=D("0"), price_to=D("500"), markup_percent=D("40"))
    MarkupRuleFactory(price_from=D("500"), price_to=D("5000"), markup_percent=D("25"))
    MarkupRuleFactory(
        supplier=supplier, price_from=D("100"), price_to=D("1000"), markup_percent=D("30")
    )
    MarkupRuleFactory(brand=bosch, price_from=D("0"), price_to=None, markup_percent=D("20"))
    MarkupRuleFactory(
        supplier=supplier, brand=bosch, price_from=D("1000"), price_to=None, markup_percent=D("10")
    )
    return {"supplier": supplier, "other": other, "bosch": bosch, "mahle": mahle}


@pytest.mark.parametrize(
    ("who", "brand", "purchase", "expected"),
    [
        # the shop's bands: 0–500 → 40 %, 500–5000 → 25 %, then the default 30 %
        ("other", None, "100", "140.00"),
        ("other", None, "499.99", "699.99"),
        ("other", None, "500", "625.00"),  # a band holds its start, not its end
        ("other", None, "5000", "6500.00"),  # above every band: the default markup
        ("other", "mahle", "100", "140.00"),  # a brand without rules: as no brand
        # the supplier's band 100–1000 → 30 % beats the shop's; outside it, the shop's
        ("supplier", None, "50", "70.00"),
        ("supplier", None, "100", "130.00"),
        ("supplier", None, "1000", "1250.00"),
        # the brand's rule beats the supplier's
        ("supplier", "bosch", "200", "240.00"),
        ("other", "bosch", "2000", "2400.00"),
        # the supplier's rule for the brand beats all, inside its band
        ("supplier", "bosch", "1000", "1100.00"),
        ("other", "bosch", "1000", "1200.00"),
    ],
)
def test_the_most_specific_rule_whose_band_holds_the_price_wins(
    levels, who, brand, purchase, expected
):
    brand_id = levels[brand].pk if brand else None
    price = sale_price(
        supplier=levels[who], purchase_price=D(purchase), currency="RUB", brand_id=brand_id
    )
    assert price == D(expected)


def test_the_suppliers_own_markup_comes_after_its_bands_and_before_the_shops(levels):
    supplier = levels["supplier"]
    supplier.markup_percent = D("15")
    supplier.save()
    assert sale_price(supplier=supplier, purchase_price=D("50"), currency="RUB") == D("57.50")
    assert sale_price(supplier=supplier, purchase_price=D("100"), currency="RUB") == D("130.00")


def test_bands_are_chosen_by_the_price_in_the_shops_currency(levels):
    # given: 5 EUR at 90 = 450 RUB (the shop's 40 % band), 6 EUR = 540 RUB (the 25 % band)
    euro = SupplierFactory(code="euro", currency="EUR", markup_percent=None)
    ExchangeRate.objects.create(currency="EUR", rate=D("90"), valid_from=datetime.date(2026, 1, 1))
    assert sale_price(supplier=euro, purchase_price=D("5"), currency="EUR") == D("630.00")
    assert sale_price(supplier=euro, purchase_price=D("6"), currency="EUR") == D("675.00")


def test_rounding_to_whole_rubles_nearest_and_up():
    supplier = SupplierFactory(markup_percent=D("10"))
    CurrencyRounding.objects.create(currency="RUB", step=D("1"), mode=RoundingMode.NEAREST)
    assert sale_price(supplier=supplier, purchase_price=D("100.40"), currency="RUB") == D("110")
    assert sale_price(supplier=supplier, purchase_price=D("100.50"), currency="RUB") == D("111")
    CurrencyRounding.objects.filter(currency="RUB").update(step=D("10"), mode=RoundingMode.UP)
    assert sale_price(supplier=supplier, purchase_price=D("100.00"), currency="RUB") == D("110")
    assert sale_price(supplier=supplier, purchase_price=D("100.01"), currency="RUB") == D("120")


def test_minimum_margin_raises_a_low_price_and_rounding_never_undercuts_it():
    supplier = SupplierFactory(markup_percent=D("5"))
    PricingSettings.objects.create(pk=1, min_margin_amount=D("30"), min_margin_percent=D("10"))
    # 5 % of 100 is under both: at least 100 + 30
    assert sale_price(supplier=supplier, purchase_price=D("100"), currency="RUB") == D("130.00")
    # at 1000, 10 % (100) beats 30 and 5 %
    assert sale_price(supplier=supplier, purchase_price=D("1000"), currency="RUB") == D("1100.00")
    # whole rubles to the nearest would give 130 for 100.30 + 30 = 130.30: rounded up instead
    CurrencyRounding.objects.create(currency="RUB", step=D("1"), mode=RoundingMode.NEAREST)
    assert sale_price(supplier=supplier, purchase_price=D("100.30"), currency="RUB") == D("131")


def test_rounding_values():
    assert Rounding(D("1"), RoundingMode.NEAREST).apply(D("10.5")) == D("11.00")
    assert Rounding(D("0.5"), RoundingMode.NEAREST).apply(D("10.24")) == D("10.00")
    assert Rounding(D("0.5"), RoundingMode.UP).apply(D("10.01")) == D("10.50")
    assert Rounding(D("100"), RoundingMode.NEAREST).apply(D("149.99")) == D("100.00")
    assert Rounding().apply(D("1.005")) == D("1.01")


def test_the_pricer_reads_everything_up_front_and_runs_no_query_per_row(levels):
    pricer = SalePricer(levels["supplier"])
    with CaptureQueriesContext(connection) as queries:
        for purchase in range(1, 3000, 7):
            pricer.price(D(purchase), "RUB", levels["bosch"].pk)
            pricer.price(D(purchase), "RUB", None)
    assert len(queries) == 0


def test_the_pricer_refuses_a_currency_without_a_rate(levels):
    pricer = SalePricer(levels["supplier"])
    with pytest.raises(MissingExchangeRate):
        pricer.price(D("1"), "USD")


def test_overlapping_bands_of_one_scope_are_refused_and_nothing_changes(levels):
    before = MarkupRule.objects.count()
    with pytest.raises(PricingError) as error:
        services.markup_rule_save(
            supplier=None,
            brand=None,
            price_from=D("400"),
            price_to=D("600"),
            markup_percent=D("33"),
        )
    assert "price_from" in error.value.errors
    assert MarkupRule.objects.count() == before
    # the same band for another scope is fine
    services.markup_rule_save(
        supplier=levels["other"],
        brand=None,
        price_from=D("400"),
        price_to=D("600"),
        markup_percent=D("33"),
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"price_from": D("-1")}, "price_from"),
        ({"price_from": D("10"), "price_to": D("10")}, "price_to"),
        ({"markup_percent": D("-5")}, "markup_percent"),
        ({"markup_percent": D("5000")}, "markup_percent"),
    ],
)
def test_a_bad_rule_is_refused_clearly(fields, field):
    values = {"price_from": D("0"), "price_to": None, "markup_percent": D("10"), **fields}
    with pytest.raises(PricingError) as error:
        services.markup_rule_save(supplier=None, brand=None, **values)
    assert field in error.value.errors
    assert not MarkupRule.objects.exists()


def test_a_rule_change_reprices_the_offers_it_touches(levels, django_capture_on_commit_callbacks):
    # given
    part = PartFactory(brand=levels["mahle"])
    offer = OfferFactory(
        warehouse=WarehouseFactory(supplier=levels["other"]), part=part, purchase_price=D("100")
    )
    assert offer.price == D("140.00")

    # when: a brand rule for MAHLE
    with django_capture_on_commit_callbacks(execute=True):
        rule = services.markup_rule_save(
            supplier=None,
            brand=levels["mahle"],
            price_from=D("0"),
            price_to=None,
            markup_percent=D("50"),
        )

    # then
    offer.refresh_from_db()
    assert offer.price == D("150.00")
    with django_capture_on_commit_callbacks(execute=True):
        services.markup_rule_delete(rule=rule)
    offer.refresh_from_db()
    assert offer.price == D("140.00")


def test_rounding_and_margin_changes_reprice_every_supplier(django_capture_on_commit_callbacks):
    offers = [
        OfferFactory(warehouse=WarehouseFactory(supplier=SupplierFactory(markup_percent=D(m))))
        for m in ("10", "20")
    ]
    assert [o.price for o in offers] == [D("110.00"), D("120.00")]
    with django_capture_on_commit_callbacks(execute=True):
        services.pricing_settings_update(
            default_markup_percent=D("30"),
            min_margin_amount=D("15"),
            min_margin_percent=D("0"),
            vat_percent=D("22"),
        )
    assert sorted(Offer.objects.values_list("price", flat=True)) == [D("115.00"), D("120.00")]
    with django_capture_on_commit_callbacks(execute=True):
        services.currency_rounding_set(currency="rub", step=D("50"), mode=RoundingMode.UP)
    assert sorted(Offer.objects.values_list("price", flat=True)) == [D("150.00"), D("150.00")]


def test_a_rate_from_a_later_day_reprices_on_that_day(
    django_capture_on_commit_callbacks, monkeypatch
):
    # given
    supplier = SupplierFactory(currency="EUR", markup_percent=D("0"))
    today = timezone.localdate()
    ExchangeRate.objects.create(currency="EUR", rate=D("90"), valid_from=today)
    offer = OfferFactory(warehouse=WarehouseFactory(supplier=supplier), purchase_price=D("2"))
    assert offer.price == D("180.00")

    # when: tomorrow's rate is entered
    tomorrow = today + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.exchange_rate_set(currency="eur", rate=D("100"), valid_from=tomorrow)

    # then: today's price stays, and tomorrow's daily task moves it
    offer.refresh_from_db()
    assert offer.price == D("180.00")
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    assert tasks.reprice_for_rates_starting_today() == ["EUR"]
    offer.refresh_from_db()
    assert offer.price == D("200.00")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"currency": "RUB"}, "currency"),
        ({"currency": "EURO"}, "currency"),
        ({"rate": D("0")}, "rate"),
        ({"rate": D("1.0000001")}, "rate"),
    ],
)
def test_a_bad_rate_is_refused(fields, field):
    values = {"currency": "EUR", "rate": D("90"), "valid_from": datetime.date(2026, 1, 1), **fields}
    with pytest.raises(PricingError) as error:
        services.exchange_rate_set(**values)
    assert field in error.value.errors
    assert not ExchangeRate.objects.exists()


@pytest.mark.parametrize(
    ("purchase", "rate", "brand"),
    [
        (D("55.31"), D("93.456789"), True),
        (D("0.01"), D("0.5"), False),
        (D("4.99"), D("100.000001"), True),
        (D("12345.67"), D("97.123456"), False),
    ],
)
def test_repricing_agrees_with_the_rules_to_the_cent(levels, purchase, rate, brand):
    # given: a supplier in EUR with bands, a brand rule, margin and whole-ruble rounding
    supplier = SupplierFactory(code="eu", currency="EUR", markup_percent=D("12.5"))
    MarkupRuleFactory(supplier=supplier, price_to=D("300"), markup_percent=D("33.33"))
    PricingSettings.objects.create(pk=1, min_margin_amount=D("7.77"), min_margin_percent=D("3"))
    CurrencyRounding.objects.create(currency="RUB", step=D("1"), mode=RoundingMode.NEAREST)
    ExchangeRate.objects.create(currency="EUR", rate=rate, valid_from=datetime.date(2026, 1, 1))
    part = PartFactory(brand=levels["bosch"] if brand else levels["mahle"])
    offer = OfferFactory(
        warehouse=WarehouseFactory(supplier=supplier), part=part, purchase_price=purchase
    )
    Offer.objects.filter(pk=offer.pk).update(price=D("0"))

    # when, then
    assert services.supplier_reprice_offers(supplier=supplier) == 1
    offer.refresh_from_db()
    assert offer.price == sale_price(
        supplier=supplier, purchase_price=purchase, currency="EUR", brand_id=part.brand_id
    )
    assert services.supplier_reprice_offers(supplier=supplier) == 0


def reference_price(cost, markup, min_amount, min_percent, rounding):
    """The rules as docs/pricing.md states them, with no shortcut."""
    price = cost * (1 + markup / 100)
    floor = max(cost + min_amount, cost * (1 + min_percent / 100))
    if price < floor:
        return rounding.up(floor)
    rounded = rounding.apply(price)
    return rounded if rounded >= floor else rounding.up(floor)


@pytest.mark.parametrize("step", ["0.01", "1", "10"])
@pytest.mark.parametrize("mode", [RoundingMode.NEAREST, RoundingMode.UP])
@pytest.mark.parametrize(("min_amount", "min_percent"), [("0", "0"), ("25", "0"), ("3", "12")])
def test_the_pricers_shortcut_equals_the_rules_as_stated(step, mode, min_amount, min_percent):
    # given: bands with markups below, at and above the minimum margin
    supplier = SupplierFactory(markup_percent=None)
    for low, high, markup in [("0", "100", "0"), ("100", "1000", "8"), ("1000", None, "45")]:
        MarkupRuleFactory(
            supplier=supplier,
            price_from=D(low),
            price_to=D(high) if high else None,
            markup_percent=D(markup),
        )
    PricingSettings.objects.create(
        pk=1, min_margin_amount=D(min_amount), min_margin_percent=D(min_percent)
    )
    CurrencyRounding.objects.create(currency="RUB", step=D(step), mode=mode)
    pricer = SalePricer(supplier)
    rounding = Rounding(D(step), mode)

    # then
    for cents in [*range(0, 30000, 37), *range(99_000, 101_000, 3), 123_456_789]:
        cost = D(cents) / 100
        markup = D("0") if cost < 100 else D("8") if cost < 1000 else D("45")
        expected = reference_price(cost, markup, D(min_amount), D(min_percent), rounding)
        assert pricer.price(cost, "RUB") == expected, cost
