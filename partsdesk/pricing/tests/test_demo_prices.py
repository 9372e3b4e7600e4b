"""`make demo`'s prices: markup rules, whole rubles, price groups, the company in wholesale."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from partsdesk.accounts.models import Customer
from partsdesk.catalog.demo import load_demo
from partsdesk.pricing.models import CurrencyRounding, MarkupRule, Offer, PriceGroup
from partsdesk.pricing.selectors import price_for_customer

pytestmark = pytest.mark.django_db


def test_the_demo_company_buys_wholesale_in_whole_rubles(capsys):
    # given: the catalog, then the people, then their price groups (the order of `make demo`)
    load_demo(parts=2000, offers=6000)
    call_command("load_demo_accounts", "--json")
    capsys.readouterr()

    # when
    call_command("load_demo_prices", "--json")
    first = json.loads(capsys.readouterr().out)
    call_command("load_demo_prices", "--json")
    second = json.loads(capsys.readouterr().out)

    # then
    assert first["customers_placed"] == ["buyer@romashka.example"]
    assert second["customers_placed"] == [] and second["lines"] == []
    company = Customer.objects.select_related("price_group").get(
        user__email="buyer@romashka.example"
    )
    assert company.price_group.name == "Опт 2"
    assert Customer.objects.get(user__email="ivan@example.com").price_group is None
    assert PriceGroup.objects.count() == 3
    assert MarkupRule.objects.filter(brand__isnull=False).exists()
    assert MarkupRule.objects.filter(supplier__isnull=False, brand__isnull=True).exists()
    assert CurrencyRounding.objects.get(currency="RUB").step == Decimal("1")
    prices = list(Offer.objects.values_list("price", flat=True)[:500])
    assert all(price == price.to_integral_value() for price in prices)
    assert price_for_customer(company, Decimal("1000")) == Decimal("900")
