import pytest

from partsdesk.accounts.models import AuditEntry, LoginAttempt
from partsdesk.accounts.roles import Role
from partsdesk.accounts.selectors import home_url_name
from partsdesk.accounts.services import (
    AccountError,
    customer_anonymize,
    customer_block,
    customer_unblock,
    manager_reassign,
    sign_in,
)
from partsdesk.accounts.tests.factories import CustomerFactory, ManagerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_blocking_twice_is_refused_and_audited_once():
    admin = ManagerFactory(roles=[Role.ADMINISTRATOR])
    customer = CustomerFactory()
    customer_block(customer=customer, reason="chargebacks", actor=admin)
    with pytest.raises(AccountError) as twice:
        customer_block(customer=customer, reason="again", actor=admin)
    assert twice.value.code == "already_blocked"
    customer_unblock(customer=customer, reason="paid", actor=admin)
    with pytest.raises(AccountError) as not_blocked:
        customer_unblock(customer=customer, reason="again", actor=admin)
    assert not_blocked.value.code == "not_blocked"
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "blocked",
        "unblocked",
    ]


def test_reassigning_to_the_same_manager_is_refused():
    olga, pavel = ManagerFactory(), ManagerFactory(roles=[Role.MANAGER, Role.SENIOR_MANAGER])
    customer = CustomerFactory(manager=olga)
    with pytest.raises(AccountError):
        manager_reassign(customer=customer, manager=olga, actor=pavel)
    manager_reassign(customer=customer, manager=pavel, actor=pavel)
    entry = AuditEntry.objects.get()
    assert (entry.details["previous_id"], entry.details["manager_id"]) == (olga.pk, pavel.pk)


def test_anonymizing_scrubs_the_sign_in_log_but_keeps_its_rows():
    customer = CustomerFactory(user=UserFactory(email="ivan@example.com"))
    sign_in(identifier="ivan@example.com", password="wrong", ip="203.0.113.9")
    customer_anonymize(customer)
    attempt = LoginAttempt.objects.get()
    assert (attempt.identifier_key, attempt.ip) == (f"deleted-{customer.pk}", None)


@pytest.mark.parametrize(
    ("roles", "landing"),
    [([Role.MANAGER], "desk:home"), ([Role.WAREHOUSE], "storefront:home")],
)
def test_staff_land_where_their_role_can_work(roles, landing):
    assert home_url_name(ManagerFactory(roles=roles)) == landing


def test_customers_land_in_their_account():
    assert home_url_name(CustomerFactory().user) == "accounts:dashboard"
