"""The customer's promotions page and the desk's: who may open them, what they change."""

from decimal import Decimal

import pytest
from django.urls import reverse

from partsdesk.accounts.roles import Role
from partsdesk.accounts.tests.factories import ManagerFactory
from partsdesk.catalog.tests.factories import BrandFactory
from partsdesk.orders.tests.factories import place_order

from ..models import PromoCode, PromoRedemption, Promotion
from .factories import PromoCodeFactory, PromotionFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def administrator(db):
    return ManagerFactory(username="admin", roles=[Role.ADMINISTRATOR])


def test_the_account_page_lists_promotions_on_now_and_the_codes_used(client, customer):
    # given
    brand = BrandFactory(name="BOSCH")
    PromotionFactory(brand=brand, percent=D("15"), name="Bosch week", description="Wipers too")
    PromotionFactory(brand=brand, name="Old sale", is_active=False)
    order = place_order(customer)
    PromoRedemption.objects.create(
        code=PromoCodeFactory(code="HELLO"), customer=customer, order=order, discount=D("12.00")
    )
    client.force_login(customer.user)

    # when
    html = client.get(reverse("promotions:account")).content.decode()

    # then
    assert "Bosch week" in html and "−15 %" in html and "Wipers too" in html
    assert "Old sale" not in html
    assert "HELLO" in html and order.number in html and "12.00" in html
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("promotions:account") in dashboard


def test_another_customers_codes_are_not_shown(client, customer, stranger):
    order = place_order(stranger)
    PromoRedemption.objects.create(
        code=PromoCodeFactory(code="THEIRS"), customer=stranger, order=order, discount=D("1")
    )
    client.force_login(customer.user)

    assert "THEIRS" not in client.get(reverse("promotions:account")).content.decode()


def test_only_staff_who_manage_promotions_open_the_desk_pages(
    client, manager, senior_manager, administrator, customer
):
    url = reverse("desk:promotions")
    for user in (senior_manager, administrator):
        client.force_login(user)
        assert client.get(url).status_code == 200
        assert url in client.get(reverse("desk:home")).content.decode()
    for user in (manager, customer.user):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(reverse("desk:promo_code_add"), {}).status_code == 403


def test_the_desk_creates_edits_and_deactivates_a_code_with_its_usage(
    client, senior_manager, customer
):
    client.force_login(senior_manager)

    # when a code is created (in any case)
    response = client.post(
        reverse("desk:promo_code_add"),
        {
            "code": "spring 5",
            "kind": "fixed",
            "value": "500",
            "minimum_order": "3000",
            "limit_total": "100",
            "limit_per_customer": "1",
            "is_active": "on",
            "valid_from": "2026-03-01T00:00",
            "valid_until": "2026-04-01T00:00",
        },
    )

    # then it is stored upper-case and listed with its usage
    assert response.status_code == 302
    code = PromoCode.objects.get()
    assert (code.code, code.kind, code.value, code.limit_total) == (
        "SPRING5",
        "fixed",
        D("500"),
        100,
    )
    PromoRedemption.objects.create(
        code=code, customer=customer, order=place_order(customer), discount=D("500")
    )
    listing = client.get(reverse("desk:promotions")).content.decode()
    assert "SPRING5" in listing and "100 in total, 1 per customer" in listing

    # a second code spelled differently is the same code
    again = client.post(
        reverse("desk:promo_code_add"),
        {"code": "Spring5", "kind": "percent", "value": "5", "minimum_order": "0"},
    )
    assert again.status_code == 400
    assert "The code SPRING5 already exists." in again.content.decode()

    # a bad edit is refused; deactivating stops the code
    edit = client.post(
        reverse("desk:promo_code_edit", args=[code.pk]),
        {"code": "SPRING5", "kind": "percent", "value": "150", "minimum_order": "0"},
    )
    assert edit.status_code == 400
    assert "A percent discount is at most 100." in edit.content.decode()
    client.post(reverse("desk:promo_code_off", args=[code.pk]))
    assert not PromoCode.objects.get().is_active


def test_the_desk_creates_a_promotion_for_a_brand(client, senior_manager):
    BrandFactory(name="BOSCH", slug="bosch")
    client.force_login(senior_manager)

    refused = client.post(reverse("desk:promotion_add"), {"name": "Sale", "percent": "10"})
    response = client.post(
        reverse("desk:promotion_add"),
        {"name": "Bosch week", "brand": "bosch", "percent": "12.5", "is_active": "on"},
    )

    assert refused.status_code == 400
    assert "Choose a brand, a supplier or both." in refused.content.decode()
    assert response.status_code == 302
    promotion = Promotion.objects.get()
    assert (promotion.brand.name, promotion.percent) == ("BOSCH", D("12.5"))
    client.post(reverse("desk:promotion_off", args=[promotion.pk]))
    assert not Promotion.objects.get().is_active
