import pytest
from django.urls import reverse

from partsdesk.accounts.models import DeliveryAddress
from partsdesk.accounts.services import (
    AccountError,
    address_create,
    address_delete,
    address_make_default,
)
from partsdesk.accounts.tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

FORM = {
    "recipient_name": "Иван Петров",
    "recipient_phone": "8 916 123-45-67",
    "city": "Москва",
    "address": "ул. Лесная, 1, кв. 2",
    "postcode": "125047",
    "comment": "Домофон 12",
}


def add(customer, **overrides):
    return address_create(customer=customer, **{**FORM, **overrides})


def defaults(customer) -> list[str]:
    return list(
        DeliveryAddress.objects.filter(customer=customer, is_default=True).values_list(
            "address", flat=True
        )
    )


def test_add_an_address_from_the_page_the_first_is_the_default(client):
    # given
    customer = CustomerFactory()
    client.force_login(customer.user)

    # when
    response = client.post(reverse("accounts:address_add"), FORM)

    # then
    assert response.status_code == 302
    address = DeliveryAddress.objects.get(customer=customer)
    assert (address.recipient_phone, address.is_default) == ("+79161234567", True)
    page = client.get(reverse("accounts:addresses")).content.decode()
    assert "ул. Лесная, 1, кв. 2" in page


def test_a_bad_address_is_refused_and_nothing_is_stored(client):
    customer = CustomerFactory()
    client.force_login(customer.user)
    response = client.post(reverse("accounts:address_add"), {**FORM, "recipient_phone": "12"})
    assert response.status_code == 200
    assert "recipient_phone" in response.context["form"].errors
    assert not DeliveryAddress.objects.exists()


def test_edit_an_address(client):
    customer = CustomerFactory()
    address = add(customer)
    client.force_login(customer.user)
    response = client.post(
        reverse("accounts:address_edit", args=[address.pk]), {**FORM, "city": "Тверь"}
    )
    assert response.status_code == 302
    address.refresh_from_db()
    assert address.city == "Тверь"


def test_making_another_address_the_default_switches_it(client):
    # given
    customer = CustomerFactory()
    first = add(customer, address="first")
    second = add(customer, address="second")
    assert defaults(customer) == ["first"]
    client.force_login(customer.user)

    # when
    response = client.post(reverse("accounts:address_default", args=[second.pk]))

    # then
    assert response.status_code == 302
    assert defaults(customer) == ["second"]
    address_make_default(address=first)
    assert defaults(customer) == ["first"]


def test_a_new_address_can_take_the_default():
    customer = CustomerFactory()
    add(customer, address="first")
    add(customer, address="second", is_default=True)
    assert defaults(customer) == ["second"]


def test_deleting_the_default_passes_it_to_the_oldest_remaining(client):
    customer = CustomerFactory()
    first = add(customer, address="first")
    add(customer, address="second")
    add(customer, address="third")
    client.force_login(customer.user)
    assert client.get(reverse("accounts:address_delete", args=[first.pk])).status_code == 200
    response = client.post(reverse("accounts:address_delete", args=[first.pk]))
    assert response.status_code == 302
    assert defaults(customer) == ["second"]
    assert DeliveryAddress.objects.filter(customer=customer).count() == 2


def test_deleting_the_last_address():
    customer = CustomerFactory()
    address_delete(address=add(customer))
    assert not DeliveryAddress.objects.exists()


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "accounts:address_edit"),
        ("post", "accounts:address_edit"),
        ("get", "accounts:address_delete"),
        ("post", "accounts:address_delete"),
        ("post", "accounts:address_default"),
    ],
)
def test_another_customers_address_is_a_404_and_stays_as_it_was(client, method, name):
    # given
    owner, intruder = CustomerFactory(), CustomerFactory()
    address = add(owner, address="owner's")
    client.force_login(intruder.user)

    # when
    response = getattr(client, method)(reverse(name, args=[address.pk]), {**FORM, "city": "X"})

    # then
    assert response.status_code == 404
    address.refresh_from_db()
    assert (address.city, address.is_default) == ("Москва", True)


def test_anonymous_is_sent_to_sign_in_for_an_address(client):
    address = add(CustomerFactory())
    response = client.get(reverse("accounts:address_edit", args=[address.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("field", ["recipient_name", "city", "address"])
def test_required_address_fields(field):
    with pytest.raises(AccountError) as refused:
        add(CustomerFactory(), **{field: "  "})
    assert field in refused.value.errors
