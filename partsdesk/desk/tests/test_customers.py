"""The customer list and the customer page: who is shown, search, pages, details."""

import pytest
from django.urls import reverse

from partsdesk.accounts.models import DeliveryAddress
from partsdesk.accounts.tests.factories import CustomerFactory, PublicOfferFactory


def names(response) -> list[str]:
    return [customer.display_name for customer in response.context["page"].object_list]


def test_a_manager_sees_only_their_customers(client, manager, other_manager, customer):
    # given
    CustomerFactory(manager=other_manager, full_name="Someone Else")

    # when
    client.force_login(manager)
    response = client.get(reverse("desk:home"))

    # then
    assert names(response) == ["ООО Ромашка"]
    assert "My customers" in response.content.decode()


def test_a_manager_gets_404_for_a_customer_of_another(client, other_manager, customer):
    client.force_login(other_manager)
    response = client.get(reverse("desk:customer", kwargs={"customer_id": customer.pk}))
    assert response.status_code == 404


def test_a_senior_manager_sees_everyone(client, senior_manager, other_manager, customer):
    # given
    CustomerFactory(manager=other_manager, full_name="Someone Else")
    CustomerFactory(manager=None, full_name="Nobody's")

    # when
    client.force_login(senior_manager)
    response = client.get(reverse("desk:home"))

    # then
    assert sorted(names(response)) == sorted(["ООО Ромашка", "Someone Else", "Nobody's"])


@pytest.mark.parametrize(
    "query",
    ["8 (916) 555-12-34", "+7 916 555 12 34", "89165551234", "9165551234", "+79165551234"],
)
def test_search_by_phone_in_any_spelling(client, administrator, customer, query):
    # given
    CustomerFactory(full_name="Other", user__phone="+79160000000")

    # when
    client.force_login(administrator)
    response = client.get(reverse("desk:home"), {"q": query})

    # then
    assert names(response) == ["ООО Ромашка"]


@pytest.mark.parametrize(
    "query", ["7707083893", "Ромашка", "ромашка", "sidorov", "ROMASHKA@example.com"]
)
def test_search_by_inn_name_company_and_email(client, administrator, customer, query):
    CustomerFactory(full_name="Other", inn="500100732259")
    client.force_login(administrator)
    response = client.get(reverse("desk:home"), {"q": query})
    assert names(response) == ["ООО Ромашка"]


def test_search_stays_within_a_managers_customers(client, other_manager, customer):
    client.force_login(other_manager)
    response = client.get(reverse("desk:home"), {"q": "7707083893"})
    assert names(response) == []
    assert "No customers found." in response.content.decode()


def test_the_list_has_pages_of_50_that_keep_the_query(client, settings, manager):
    # given: 51 customers (a fast hasher: 51 argon2 hashes would be slow)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    for number in range(51):
        CustomerFactory(manager=manager, full_name=f"Driver {number:02d}")
    client.force_login(manager)

    # when
    first = client.get(reverse("desk:home"), {"q": "driver"})
    second = client.get(reverse("desk:home"), {"q": "driver", "page": 2})

    # then
    assert len(names(first)) == 50
    assert names(second) == ["Driver 00"]  # newest first
    assert 'href="?q=driver&amp;page=2"' in first.content.decode()
    assert "Page 2 of 2" in second.content.decode()


def test_the_list_takes_the_same_queries_for_many_rows(
    client, settings, manager, django_assert_max_num_queries
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    for number in range(20):
        CustomerFactory(manager=manager, full_name=f"Driver {number:02d}")
    client.force_login(manager)
    with django_assert_max_num_queries(8):
        client.get(reverse("desk:home"))


def test_rows_link_to_the_customer_and_blocked_ones_are_marked(client, administrator, customer):
    # given
    from partsdesk.accounts.services import customer_block

    customer_block(customer=customer, reason="Fraud", actor=administrator)

    # when
    client.force_login(administrator)
    html = client.get(reverse("desk:home")).content.decode()

    # then
    assert f'href="/desk/customers/{customer.pk}/"' in html
    assert 'class="customer blocked"' in html
    assert '<span class="tag tag-warn">blocked</span>' in html


def test_the_customer_page_shows_details_and_addresses(client, manager, customer):
    # given
    offer = PublicOfferFactory(version=3)
    customer.offer = offer
    customer.offer_accepted_at = offer.published_at
    customer.save()
    DeliveryAddress.objects.create(
        customer=customer,
        recipient_name="Petr Sidorov",
        recipient_phone="+79161112233",
        city="Тула",
        address="ул. Ленина, 1",
        is_default=True,
    )

    # when
    client.force_login(manager)
    html = client.get(reverse("desk:customer", kwargs={"customer_id": customer.pk})).content
    html = html.decode()

    # then
    for text in [
        "legal entity",
        "Ivan Sidorov",
        "ООО Ромашка",
        "7707083893",
        "773601001",
        "Москва, ул. Вавилова, 19",
        "romashka@example.com",
        "+79165551234",
        "confirmed",
        "version 3, accepted",
        "Anna Petrova",
        "Тула, ул. Ленина, 1",
        "Petr Sidorov",
        "No staff actions yet.",
    ]:
        assert text in html, text


def test_a_manager_sees_no_action_forms(client, manager, customer):
    client.force_login(manager)
    html = client.get(reverse("desk:customer", kwargs={"customer_id": customer.pk})).content
    assert b"reassign-form" not in html
    assert b"block-form" not in html


def test_a_senior_manager_may_reassign_but_not_block(client, senior_manager, customer):
    client.force_login(senior_manager)
    html = client.get(reverse("desk:customer", kwargs={"customer_id": customer.pk})).content
    assert b'id="reassign-form"' in html
    assert b'id="block-form"' not in html
