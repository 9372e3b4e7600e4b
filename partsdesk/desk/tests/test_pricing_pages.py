"""The desk's pricing pages: who may use them, and that a change reaches the offers."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from partsdesk.accounts.models import AuditEntry
from partsdesk.pricing.models import CurrencyRounding, ExchangeRate, MarkupRule, PriceGroup
from partsdesk.pricing.tests.factories import (
    MarkupRuleFactory,
    OfferFactory,
    PriceGroupFactory,
    SupplierFactory,
    WarehouseFactory,
)

PAGES = [
    "desk:pricing_rules",
    "desk:pricing_terms",
    "desk:pricing_rates",
    "desk:pricing_groups",
]


@pytest.mark.parametrize("name", PAGES)
def test_senior_managers_and_administrators_open_the_pricing_pages(
    client, senior_manager, administrator, name
):
    for user in (senior_manager, administrator):
        client.force_login(user)
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert reverse("desk:pricing_rules") in response.content.decode()  # the nav link


@pytest.mark.parametrize("name", PAGES)
def test_managers_and_customers_may_not(client, manager, customer, name):
    client.force_login(manager)
    assert client.get(reverse(name)).status_code == 403
    assert client.post(reverse(name), {}).status_code == 403
    client.force_login(customer.user)
    assert client.get(reverse(name)).status_code == 403
    client.logout()
    assert client.get(reverse(name)).status_code == 302


def test_a_rule_added_in_the_desk_reprices_the_offers(
    client, senior_manager, django_capture_on_commit_callbacks
):
    # given
    supplier = SupplierFactory(markup_percent=Decimal("25"))
    offer = OfferFactory(
        warehouse=WarehouseFactory(supplier=supplier), purchase_price=Decimal("80")
    )
    assert offer.price == Decimal("100.00")
    client.force_login(senior_manager)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("desk:pricing_rules"),
            {"supplier": supplier.pk, "brand": "", "price_from": "0", "price_to": "500",
             "markup_percent": "50"},
        )  # fmt: skip

    # then
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.price == Decimal("120.00")


def test_an_overlapping_rule_is_shown_as_a_form_error_and_not_saved(client, administrator):
    MarkupRuleFactory(price_from=Decimal("0"), price_to=Decimal("500"))
    client.force_login(administrator)
    response = client.post(
        reverse("desk:pricing_rules"),
        {"brand": "", "price_from": "100", "price_to": "", "markup_percent": "10"},
    )
    assert response.status_code == 400
    assert "overlaps" in str(response.context["form"].errors)
    assert MarkupRule.objects.count() == 1


def test_an_unknown_brand_spelling_is_a_form_error(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("desk:pricing_rules"),
        {"brand": "NOSUCHBRAND", "price_from": "0", "markup_percent": "10"},
    )
    assert response.status_code == 400
    assert "brand" in response.context["form"].errors
    assert not MarkupRule.objects.exists()


def test_rounding_margin_rates_and_groups_are_saved_from_the_desk(client, administrator):
    client.force_login(administrator)
    assert (
        client.post(
            reverse("desk:pricing_rounding"), {"currency": "RUB", "step": "1", "mode": "up"}
        )
    ).status_code == 302
    assert CurrencyRounding.objects.get(currency="RUB").step == Decimal("1")
    response = client.post(
        reverse("desk:pricing_terms"),
        {"default_markup_percent": "30", "min_margin_amount": "50", "min_margin_percent": "5",
         "vat_percent": "22"},
    )  # fmt: skip
    assert response.status_code == 302
    response = client.post(
        reverse("desk:pricing_rates"),
        {"currency": "eur", "rate": "95.5", "valid_from": "2026-02-01"},
    )
    assert response.status_code == 302
    assert ExchangeRate.objects.get().valid_from == datetime.date(2026, 2, 1)
    assert client.post(
        reverse("desk:pricing_groups"), {"name": "Опт 1", "discount_percent": "5"}
    ).status_code == 302  # fmt: skip
    assert PriceGroup.objects.get().discount_percent == Decimal("5")


def test_a_bad_rate_is_a_form_error(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("desk:pricing_rates"), {"currency": "RUB", "rate": "1", "valid_from": "2026-02-01"}
    )
    assert response.status_code == 400
    assert "currency" in response.context["form"].errors
    assert not ExchangeRate.objects.exists()


def test_a_senior_manager_sets_a_customers_price_group_with_an_audit_entry(
    client, senior_manager, customer
):
    # given
    group = PriceGroupFactory(name="Опт 2", discount_percent=Decimal("10"))
    client.force_login(senior_manager)
    page = reverse("desk:customer", kwargs={"customer_id": customer.pk})
    assert 'id="customer-prices-form"' in client.get(page).content.decode()

    # when
    response = client.post(
        reverse("desk:pricing_customer", kwargs={"customer_id": customer.pk}),
        {"price_group": group.pk, "personal_discount_percent": "2.5"},
        follow=True,
    )

    # then
    customer.refresh_from_db()
    assert customer.price_group == group
    assert customer.personal_discount_percent == Decimal("2.5")
    assert AuditEntry.objects.get(customer=customer).action == "price_terms_changed"
    assert "Price group: Опт 2" in response.content.decode()


def test_a_manager_sees_a_customers_price_group_but_cannot_change_it(client, manager, customer):
    client.force_login(manager)
    page = client.get(reverse("desk:customer", kwargs={"customer_id": customer.pk}))
    assert "Price group: retail" in page.content.decode()
    assert 'id="customer-prices-form"' not in page.content.decode()
    response = client.post(
        reverse("desk:pricing_customer", kwargs={"customer_id": customer.pk}),
        {"price_group": "", "personal_discount_percent": "50"},
    )
    assert response.status_code == 403
    customer.refresh_from_db()
    assert customer.personal_discount_percent == 0


def test_a_bad_discount_from_the_desk_changes_nothing(client, administrator, customer):
    client.force_login(administrator)
    response = client.post(
        reverse("desk:pricing_customer", kwargs={"customer_id": customer.pk}),
        {"price_group": "", "personal_discount_percent": "95"},
        follow=True,
    )
    assert response.status_code == 200
    customer.refresh_from_db()
    assert customer.personal_discount_percent == 0
    assert not AuditEntry.objects.filter(customer=customer).exists()
