from decimal import Decimal

import factory

from partsdesk.catalog.tests.factories import PartFactory
from partsdesk.pricing.models import MarkupRule, Offer, PriceGroup, Supplier, Warehouse
from partsdesk.pricing.services import sale_price


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"sup{n}")
    name = factory.LazyAttribute(lambda o: f"Supplier {o.code}")
    currency = "RUB"
    delivery_days = 2
    reliability_percent = 95
    markup_percent = Decimal("25")


class WarehouseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Warehouse

    supplier = factory.SubFactory(SupplierFactory)
    name = factory.Sequence(lambda n: f"Warehouse {n}")
    city = "Москва"


class OfferFactory(factory.django.DjangoModelFactory):
    """An offer priced by the markup rules, as pricing.services computes it."""

    class Meta:
        model = Offer

    warehouse = factory.SubFactory(WarehouseFactory)
    supplier = factory.LazyAttribute(lambda o: o.warehouse.supplier)
    part = factory.SubFactory(PartFactory)
    purchase_price = Decimal("100.00")
    currency = factory.LazyAttribute(lambda o: o.supplier.currency)
    price = factory.LazyAttribute(
        lambda o: sale_price(
            supplier=o.supplier,
            purchase_price=o.purchase_price,
            currency=o.currency,
            brand_id=o.part.brand_id,
        )
    )
    quantity = 5
    delivery_days_min = 1
    delivery_days_max = 2


class MarkupRuleFactory(factory.django.DjangoModelFactory):
    """A shop-wide band unless given a supplier and/or a brand (no repricing: call it)."""

    class Meta:
        model = MarkupRule

    supplier = None
    brand = None
    price_from = Decimal("0")
    price_to = None
    markup_percent = Decimal("40")


class PriceGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceGroup
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Wholesale {n}")
    discount_percent = Decimal("10")
