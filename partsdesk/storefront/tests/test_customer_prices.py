"""The prices a visitor sees in the pages and the API follow their price group."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from partsdesk.accounts.models import CustomerKind
from partsdesk.accounts.services import api_token_issue
from partsdesk.accounts.tests.factories import CustomerFactory
from partsdesk.pricing.tests.factories import PriceGroupFactory

OFFERS = "/api/v1/search/offers"
MAX_SEARCH_QUERIES = 5
# A signed-in caller adds the token (or session) look-up, their customer with the group, and
# the rounding once: a fixed number whatever the page holds.
MAX_SIGNED_IN_QUERIES = MAX_SEARCH_QUERIES + 5


@pytest.fixture
def wholesale(db):
    return PriceGroupFactory(name="Опт 2", discount_percent=Decimal("10"))


@pytest.fixture
def company(wholesale):
    return CustomerFactory(kind=CustomerKind.LEGAL_ENTITY, price_group=wholesale)


def offer_prices(body) -> list[tuple[str, str]]:
    return [(o["price"], o["retail_price"]) for g in body["groups"] for o in g["offers"]]


def token_client(customer) -> Client:
    key, _token = api_token_issue(user=customer.user)
    return Client(headers={"authorization": f"Bearer {key}"})


def test_the_api_answers_anonymous_callers_with_retail(oil_filters, client):
    body = client.get(OFFERS, {"number": "oc90", "brand": "knecht"}).json()
    assert offer_prices(body)[0] == ("375.00", "375.00")
    assert body["prices"] == {
        "price_group": None,
        "discount_percent": "0.00",
        "vat_included": True,
        "vat_percent": None,
    }


def test_the_api_answers_a_wholesale_customer_with_their_prices_in_the_same_order(
    oil_filters, company
):
    # given
    caller = token_client(company)

    # when
    body = caller.get(OFFERS, {"number": "oc90", "brand": "knecht"}).json()
    retail = Client().get(OFFERS, {"number": "oc90", "brand": "knecht"}).json()

    # then: 10 % off each, offer for offer
    assert [o["id"] for g in body["groups"] for o in g["offers"]] == [
        o["id"] for g in retail["groups"] for o in g["offers"]
    ]
    for price, retail_price in offer_prices(body):
        assert Decimal(price) == (Decimal(retail_price) * Decimal("0.9")).quantize(Decimal("0.01"))
    assert body["prices"]["price_group"] == "Опт 2"
    part = caller.get(f"/api/v1/parts/{oil_filters['oc90'].pk}").json()
    assert part["offers"][0]["price"] == "337.50"


def test_a_legal_entity_asks_the_api_for_prices_without_vat(oil_filters, company):
    body = (
        token_client(company)
        .get(OFFERS, {"number": "oc90", "brand": "knecht", "without_vat": "true"})
        .json()
    )
    # 375 retail, 337.50 wholesale, without 22 % VAT
    assert offer_prices(body)[0] == ("276.64", "307.38")
    assert body["prices"]["vat_included"] is False
    assert body["prices"]["vat_percent"] == "22.00"


def test_an_individual_asking_without_vat_gets_prices_with_vat(oil_filters, wholesale):
    person = CustomerFactory(price_group=wholesale)
    body = (
        token_client(person)
        .get(OFFERS, {"number": "oc90", "brand": "knecht", "without_vat": "true"})
        .json()
    )
    assert body["prices"]["vat_included"] is True
    assert offer_prices(body)[0] == ("337.50", "375.00")


def test_a_bad_token_is_refused_rather_than_answered_with_retail(oil_filters):
    caller = Client(headers={"authorization": "Bearer not-a-token"})
    response = caller.get(OFFERS, {"number": "oc90", "brand": "knecht"})
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"


def test_the_price_terms_endpoint_shows_only_the_callers_own(company, wholesale, client):
    other = CustomerFactory(personal_discount_percent=Decimal("3"))
    body = token_client(company).get("/api/v1/prices").json()
    assert body["price_group"] == "Опт 2"
    assert body["discount_percent"] == "10.00"
    assert body["can_exclude_vat"] is True
    assert token_client(other).get("/api/v1/prices").json()["price_group"] is None
    assert client.get("/api/v1/prices").status_code == 401


def test_signed_in_search_runs_a_fixed_number_of_queries(
    oil_filters, company, django_assert_max_num_queries
):
    caller = token_client(company)
    for url, params in [
        (OFFERS, {"number": "oc90", "brand": "knecht"}),
        (OFFERS, {"number": "oc90", "brand": "knecht", "without_vat": "true"}),
        ("/api/v1/search", {"q": "масляный фильтр"}),
        (f"/api/v1/parts/{oil_filters['oc90'].pk}", {}),
    ]:
        with django_assert_max_num_queries(MAX_SIGNED_IN_QUERIES):
            assert caller.get(url, params).status_code == 200


def test_the_offers_page_shows_a_customers_own_prices(oil_filters, client, company):
    url = reverse("storefront:offers", args=["knecht", "OC90"])
    anonymous = client.get(url).content.decode()
    assert "375.00" in anonymous and "Your prices" not in anonymous
    client.force_login(company.user)
    page = client.get(url).content.decode()
    assert "337.50" in page
    assert '<s class="muted retail-price"' in page
    assert "Your prices: Опт 2, 10 % off retail." in page


def test_a_legal_entity_switches_the_pages_to_prices_without_vat(oil_filters, client, company):
    # given
    client.force_login(company.user)
    url = reverse("storefront:offers", args=["knecht", "OC90"])

    # when
    response = client.post(reverse("storefront:prices_vat"), {"vat": "excluded", "next": url})

    # then
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url).content.decode()
    assert "276.64" in page and "Price without VAT" in page
    client.post(reverse("storefront:prices_vat"), {"vat": "included", "next": url})
    assert "337.50" in client.get(url).content.decode()


def test_an_individual_cannot_switch_vat_off_and_next_stays_on_the_site(
    oil_filters, client, wholesale
):
    person = CustomerFactory(price_group=wholesale)
    client.force_login(person.user)
    response = client.post(
        reverse("storefront:prices_vat"), {"vat": "excluded", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("storefront:home")
    page = client.get(reverse("storefront:offers", args=["knecht", "OC90"])).content.decode()
    assert "337.50" in page and "Price without VAT" not in page


def test_the_part_and_name_search_pages_show_a_customers_prices(oil_filters, client, company):
    client.force_login(company.user)
    part = client.get(reverse("storefront:part", args=[oil_filters["oc90"].pk])).content.decode()
    assert "337.50" in part
    found = client.get(reverse("storefront:search"), {"q": "масляный фильтр"}).content.decode()
    assert "337.50" in found


def test_the_personal_account_shows_the_price_group(client, company):
    client.force_login(company.user)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Price group: Опт 2" in page
