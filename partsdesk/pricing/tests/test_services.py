import datetime
from decimal import Decimal

import pytest

from partsdesk.catalog.tests.factories import PartFactory
from partsdesk.pricing.models import ExchangeRate, Offer
from partsdesk.pricing.selectors import MissingExchangeRate, exchange_rate
from partsdesk.pricing.services import OfferError, offer_create, sale_price, supplier_reprice_offers
from partsdesk.pricing.tests.factories import OfferFactory, SupplierFactory, WarehouseFactory

pytestmark = pytest.mark.django_db


def test_sale_price_in_shop_currency_is_purchase_price_times_markup():
    supplier = SupplierFactory(markup_percent=Decimal("40"))
    assert sale_price(
        supplier=supplier, purchase_price=Decimal("100.10"), currency="RUB"
    ) == Decimal("140.14")


def test_sale_price_converts_with_the_rate_valid_on_the_day():
    # given
    supplier = SupplierFactory(currency="EUR", markup_percent=Decimal("20"))
    ExchangeRate.objects.create(
        currency="EUR", rate=Decimal("90"), valid_from=datetime.date(2026, 1, 1)
    )
    ExchangeRate.objects.create(
        currency="EUR", rate=Decimal("100"), valid_from=datetime.date(2026, 6, 1)
    )
    ExchangeRate.objects.create(
        currency="EUR", rate=Decimal("999"), valid_from=datetime.date(2999, 1, 1)
    )

    # then
    assert exchange_rate("EUR", datetime.date(2026, 3, 1)) == Decimal("90")
    assert exchange_rate("EUR", datetime.date(2026, 7, 1)) == Decimal("100")
    assert sale_price(supplier=supplier, purchase_price=Decimal("10"), currency="EUR") == Decimal(
        "1200.00"
    )


def test_sale_price_without_a_rate_is_refused():
    supplier = SupplierFactory(currency="USD")
    with pytest.raises(MissingExchangeRate):
        sale_price(supplier=supplier, purchase_price=Decimal("1"), currency="USD")


def test_offer_create_sets_the_sale_price():
    warehouse = WarehouseFactory(supplier=SupplierFactory(markup_percent=Decimal("25")))
    offer = offer_create(
        warehouse=warehouse,
        part=PartFactory(),
        purchase_price=Decimal("80"),
        quantity=10,
        quantity_is_lower_bound=True,
        delivery_days_min=1,
        delivery_days_max=3,
    )
    assert offer.price == Decimal("100.00")
    assert offer.currency == "RUB"
    assert offer.quantity_display == "10+"
    assert offer.delivery_display == "1–3"


@pytest.mark.parametrize(
    "bad",
    [
        {"purchase_price": Decimal("-1")},
        {"quantity": -1},
        {"delivery_days_min": 5, "delivery_days_max": 2},
        {"delivery_days_min": -1},
        {"pack_multiple": 0},
    ],
)
def test_offer_create_refuses_bad_input_and_changes_nothing(bad):
    fields = {
        "warehouse": WarehouseFactory(),
        "part": PartFactory(),
        "purchase_price": Decimal("10"),
        "quantity": 1,
        "delivery_days_min": 1,
        "delivery_days_max": 2,
        **bad,
    }
    with pytest.raises(OfferError):
        offer_create(**fields)
    assert not Offer.objects.exists()


def test_reprice_follows_a_new_markup_and_a_new_rate():
    # given
    supplier = SupplierFactory(currency="EUR", markup_percent=Decimal("10"))
    ExchangeRate.objects.create(
        currency="EUR", rate=Decimal("100"), valid_from=datetime.date(2026, 1, 1)
    )
    warehouse = WarehouseFactory(supplier=supplier)
    eur = OfferFactory(warehouse=warehouse, purchase_price=Decimal("1.23"))
    rub = OfferFactory(warehouse=warehouse, purchase_price=Decimal("50"), currency="RUB")
    other = OfferFactory(purchase_price=Decimal("50"))
    assert (eur.price, rub.price) == (Decimal("135.30"), Decimal("55.00"))

    # when
    supplier.markup_percent = Decimal("33.33")
    supplier.save()
    ExchangeRate.objects.create(
        currency="EUR", rate=Decimal("101.5"), valid_from=datetime.date(2026, 2, 1)
    )
    changed = supplier_reprice_offers(supplier=supplier)

    # then: 1.23 × 101.5 × 1.3333 = 166.4558…; 50 × 1.3333 = 66.665
    eur.refresh_from_db()
    rub.refresh_from_db()
    other_price = other.price
    other.refresh_from_db()
    assert changed == 2
    assert eur.price == sale_price(
        supplier=supplier, purchase_price=eur.purchase_price, currency="EUR"
    )
    assert eur.price == Decimal("166.46")
    assert rub.price == Decimal("66.67")
    assert other.price == other_price


def test_reprice_offers_command(capsys):
    import json

    from django.core.management import CommandError, call_command

    supplier = SupplierFactory(code="alpha", markup_percent=Decimal("0"))
    offer = OfferFactory(
        warehouse=WarehouseFactory(supplier=supplier), purchase_price=Decimal("10")
    )
    Offer.objects.filter(pk=offer.pk).update(price=Decimal("1"))

    call_command("reprice_offers", "alpha", "--json")

    assert json.loads(capsys.readouterr().out) == {"repriced": {"alpha": 1}, "total": 1}
    offer.refresh_from_db()
    assert offer.price == Decimal("10.00")
    with pytest.raises(CommandError, match="nope"):
        call_command("reprice_offers", "nope")


@pytest.mark.parametrize(
    ("purchase", "rate"),
    [
        (Decimal("55.31"), Decimal("93.456789")),  # 5169.095…: a half-cent case
        (Decimal("0.01"), Decimal("0.5")),
        (Decimal("19.99"), Decimal("1.005")),
        (Decimal("12345.67"), Decimal("97.123456")),
    ],
)
def test_repricing_agrees_with_sale_price_to_the_cent(purchase, rate):
    supplier = SupplierFactory(currency="EUR", markup_percent=Decimal("0"))
    ExchangeRate.objects.create(currency="EUR", rate=rate, valid_from=datetime.date(2026, 1, 1))
    offer = OfferFactory(warehouse=WarehouseFactory(supplier=supplier), purchase_price=purchase)
    Offer.objects.filter(pk=offer.pk).update(price=Decimal("0"))

    assert supplier_reprice_offers(supplier=supplier) == 1
    offer.refresh_from_db()
    assert offer.price == sale_price(supplier=supplier, purchase_price=purchase, currency="EUR")
    assert supplier_reprice_offers(supplier=supplier) == 0  # nothing left to change
