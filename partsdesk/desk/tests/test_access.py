"""Who may open which desk page and take which action: the permission matrix."""

import pytest
from django.urls import reverse

from partsdesk.accounts.models import AuditEntry, Customer
from partsdesk.accounts.tests.factories import CustomerFactory

WHO = ["anonymous", "customer", "own_manager", "other_manager", "senior_manager", "administrator"]


@pytest.fixture
def people(customer, manager, other_manager, senior_manager, administrator):
    return {
        "anonymous": None,
        "customer": CustomerFactory().user,
        "own_manager": manager,
        "other_manager": other_manager,
        "senior_manager": senior_manager,
        "administrator": administrator,
    }


def sign_in(client, user):
    if user is not None:
        client.force_login(user)


def state(customer: Customer) -> tuple:
    customer.refresh_from_db()
    return (
        customer.manager_id,
        customer.blocked_at,
        customer.blocked_reason,
        AuditEntry.objects.count(),
    )


def assert_sent_to_sign_in(response):
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login") + "?next=")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("customer", 403),
        ("own_manager", 200),
        ("other_manager", 200),
        ("senior_manager", 200),
        ("administrator", 200),
    ],
)
def test_desk_home(client, people, who, status):
    # given
    sign_in(client, people[who])

    # when
    response = client.get(reverse("desk:home"))

    # then
    assert response.status_code == status
    if who == "anonymous":
        assert_sent_to_sign_in(response)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("customer", 403),
        ("own_manager", 200),
        ("other_manager", 404),
        ("senior_manager", 200),
        ("administrator", 200),
    ],
)
def test_customer_page(client, people, customer, who, status):
    # given
    sign_in(client, people[who])

    # when
    response = client.get(reverse("desk:customer", kwargs={"customer_id": customer.pk}))

    # then
    assert response.status_code == status
    if who == "anonymous":
        assert_sent_to_sign_in(response)


def test_an_unknown_customer_is_404_for_everyone_who_sees_all(client, administrator):
    client.force_login(administrator)
    response = client.get(reverse("desk:customer", kwargs={"customer_id": 999_999}))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("customer", 403),
        ("own_manager", 403),
        ("other_manager", 403),
        ("senior_manager", 302),
        ("administrator", 302),
    ],
)
def test_reassign(client, people, customer, other_manager, who, status):
    # given
    sign_in(client, people[who])
    before = state(customer)

    # when
    response = client.post(
        reverse("desk:customer_reassign", kwargs={"customer_id": customer.pk}),
        {"manager": other_manager.pk},
    )

    # then
    assert response.status_code == status
    if status == 302 and who != "anonymous":
        assert response.url == reverse("desk:customer", kwargs={"customer_id": customer.pk})
        customer.refresh_from_db()
        assert customer.manager == other_manager
        assert (
            AuditEntry.objects.filter(customer=customer, action="manager_reassigned").count() == 1
        )
    else:
        assert state(customer) == before
    if who == "anonymous":
        assert_sent_to_sign_in(response)


BLOCKERS = [
    ("anonymous", 302),
    ("customer", 403),
    ("own_manager", 403),
    ("other_manager", 403),
    ("senior_manager", 403),
    ("administrator", 302),
]


@pytest.mark.parametrize(("who", "status"), BLOCKERS)
def test_block(client, people, customer, who, status):
    # given
    sign_in(client, people[who])
    before = state(customer)

    # when
    response = client.post(
        reverse("desk:customer_block", kwargs={"customer_id": customer.pk}),
        {"block-reason": "Fraudulent orders"},
    )

    # then
    assert response.status_code == status
    if who == "administrator":
        customer.refresh_from_db()
        assert customer.is_blocked
        assert customer.blocked_reason == "Fraudulent orders"
    else:
        assert state(customer) == before
    if who == "anonymous":
        assert_sent_to_sign_in(response)


@pytest.mark.parametrize(("who", "status"), BLOCKERS)
def test_unblock(client, people, customer, administrator, who, status):
    # given: a blocked customer
    from partsdesk.accounts.services import customer_block

    customer_block(customer=customer, reason="Unpaid invoices", actor=administrator)
    sign_in(client, people[who])
    before = state(customer)

    # when
    response = client.post(
        reverse("desk:customer_unblock", kwargs={"customer_id": customer.pk}),
        {"unblock-reason": "Paid in full"},
    )

    # then
    assert response.status_code == status
    if who == "administrator":
        customer.refresh_from_db()
        assert not customer.is_blocked
    else:
        assert state(customer) == before
    if who == "anonymous":
        assert_sent_to_sign_in(response)


@pytest.mark.parametrize("name", ["desk:customer_reassign", "desk:customer_block"])
def test_actions_refuse_get(client, administrator, customer, name):
    client.force_login(administrator)
    response = client.get(reverse(name, kwargs={"customer_id": customer.pk}))
    assert response.status_code == 405


@pytest.mark.parametrize(
    "name", ["desk:customer_reassign", "desk:customer_block", "desk:customer_unblock"]
)
def test_actions_need_the_csrf_token(customer, administrator, name):
    # given: a browser-like client that enforces CSRF
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(administrator)
    before = state(customer)

    # when
    response = client.post(
        reverse(name, kwargs={"customer_id": customer.pk}), {"block-reason": "x"}
    )

    # then
    assert response.status_code == 403
    assert state(customer) == before


def test_a_manager_posting_for_a_customer_of_another_gets_nothing_changed(
    client, other_manager, customer
):
    client.force_login(other_manager)
    before = state(customer)
    response = client.post(
        reverse("desk:customer_block", kwargs={"customer_id": customer.pk}),
        {"block-reason": "x"},
    )
    assert response.status_code == 403
    assert state(customer) == before


def test_the_admin_link_is_only_for_administrators(client, manager, administrator):
    client.force_login(manager)
    assert 'href="/admin/"' not in client.get(reverse("desk:home")).content.decode()
    client.force_login(administrator)
    assert 'href="/admin/"' in client.get(reverse("desk:home")).content.decode()
