"""The desk's money: the card on the customer page, corrections, reversals, credit terms,
statements for staff who see the customer."""

import pytest
from django.urls import reverse

from partsdesk.accounts.models import AuditEntry, CustomerKind
from partsdesk.accounts.roles import Role
from partsdesk.accounts.tests.factories import CustomerFactory, ManagerFactory
from partsdesk.billing import services, staff
from partsdesk.billing.models import CreditTerms, Operation, OperationKind
from partsdesk.billing.selectors import balance_of
from partsdesk.billing.services import BillingError

from .test_statements import csv_rows, pdf_text

pytestmark = pytest.mark.django_db

JANUARY = {"date_from": "2026-01-01", "date_to": "2026-01-31"}


@pytest.fixture
def manager():
    return ManagerFactory(username="anna")


@pytest.fixture
def admin():
    return ManagerFactory(username="root", roles=[Role.MANAGER, Role.ADMINISTRATOR])


@pytest.fixture
def customer(manager):
    return CustomerFactory(manager=manager, full_name="Иван Сидоров")


@pytest.fixture
def company(manager):
    return CustomerFactory(
        manager=manager, kind=CustomerKind.LEGAL_ENTITY, company_name="ООО Ромашка"
    )


def top_up(customer, amount: int, key: str = "t"):
    return services.top_up(
        customer, amount=amount, source=services.shop_account("bank"), key=key, document="payment:5"
    )


def correction_post(client, customer, **data):
    return client.post(
        reverse("desk:billing_correct", kwargs={"customer_id": customer.pk}),
        {"key": "k1", "amount": "10.00", "reason": "Goodwill", **data},
    )


def test_the_customer_page_shows_the_money_card_to_the_manager(client, manager, customer):
    # given
    top_up(customer, 123_400)
    client.force_login(manager)
    # when
    html = client.get(reverse("desk:customer", kwargs={"customer_id": customer.pk})).content
    html = html.decode()
    # then
    assert 'id="money"' in html and "1 234.00 ₽" in html and "Payment 5" in html
    assert "Correct the balance" not in html  # a manager may not correct


def test_a_manager_without_the_permission_cannot_correct(client, manager, customer):
    client.force_login(manager)
    response = correction_post(client, customer)
    assert response.status_code == 403
    assert balance_of(customer).available == 0
    assert not AuditEntry.objects.filter(customer=customer).exists()


def test_a_correction_needs_a_reason_and_changes_nothing_without_one(client, admin, customer):
    client.force_login(admin)
    response = correction_post(client, customer, reason="   ")
    assert response.status_code == 400
    assert "Give a reason." in response.content.decode()
    assert not Operation.objects.filter(customer=customer).exists()


def test_a_correction_sent_twice_is_posted_once_and_audited(client, admin, customer):
    top_up(customer, 1_000)
    client.force_login(admin)
    correction_post(client, customer, amount="-2.50", reason="Rounding")
    correction_post(client, customer, amount="-2.50", reason="Rounding")
    assert balance_of(customer).available == 750
    entry = AuditEntry.objects.get(customer=customer)
    assert (entry.action, entry.actor, entry.details["amount"], entry.details["reason"]) == (
        "balance_corrected",
        admin,
        -250,
        "Rounding",
    )


def test_a_correction_below_zero_is_refused_clearly(client, admin, customer):
    client.force_login(admin)
    response = correction_post(client, customer, amount="-1.00")
    assert response.status_code == 400
    assert "There is not enough money." in response.content.decode()


def test_another_managers_customer_is_a_404(client, customer):
    client.force_login(ManagerFactory(username="boris"))
    url = reverse("desk:billing_customer", kwargs={"customer_id": customer.pk})
    assert client.get(url).status_code == 404
    statement = reverse("desk:billing_statement_csv", kwargs={"customer_id": customer.pk})
    assert client.get(statement, JANUARY).status_code == 404


def test_a_reversal_needs_the_permission_and_a_reason_and_is_audited(
    client, manager, admin, customer
):
    # given
    operation = top_up(customer, 5_000)
    url = reverse(
        "desk:billing_reverse", kwargs={"customer_id": customer.pk, "operation_id": operation.pk}
    )
    # a manager may not
    client.force_login(manager)
    assert client.post(url, {"reason": "mistake"}).status_code == 403
    # an administrator must give a reason
    client.force_login(admin)
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": " "}).status_code == 400
    # when
    response = client.post(url, {"reason": "Posted to the wrong customer"})
    # then
    assert response.status_code == 302
    assert balance_of(customer).available == 0
    reversal = Operation.objects.get(kind=OperationKind.REVERSAL)
    assert (reversal.reverses, reversal.actor, reversal.memo) == (
        operation,
        admin,
        "Posted to the wrong customer",
    )
    entry = AuditEntry.objects.get(customer=customer, action="operation_reversed")
    assert entry.details["operation"] == operation.pk and entry.actor == admin
    # a second reversal is refused clearly
    again = client.post(url, {"reason": "again"})
    assert again.status_code == 400
    assert "already been reversed" in again.content.decode()


def test_a_reversal_of_spent_money_is_refused(admin, customer):
    operation = top_up(customer, 5_000)
    services.reserve(customer, amount=5_000, key="r")
    with pytest.raises(BillingError) as refused:
        staff.operation_reverse(operation=operation, actor=admin, reason="wrong customer")
    assert refused.value.code == "not_enough_balance"
    assert not AuditEntry.objects.filter(customer=customer).exists()


def test_credit_terms_are_set_audited_and_not_below_the_debt(client, admin, company):
    # given: the company owes 300.00 under a 500.00 limit
    CreditTerms.objects.create(customer=company, limit=50_000, deferral_days=10)
    services.reserve(company, amount=30_000, key="r")
    client.force_login(admin)
    url = reverse("desk:billing_credit_terms", kwargs={"customer_id": company.pk})
    # when: below the debt
    refused = client.post(url, {"limit": "299.99", "deferral_days": "10"})
    # then
    assert refused.status_code == 400
    assert "The customer owes 300.00 now" in refused.content.decode()
    assert balance_of(company).credit_limit == 50_000
    # when: enough
    response = client.post(url, {"limit": "1000", "deferral_days": "30", "reason": "Good payer"})
    # then
    assert response.status_code == 302
    balance = balance_of(company)
    assert (balance.credit_limit, balance.deferral_days) == (100_000, 30)
    entry = AuditEntry.objects.get(customer=company, action="credit_terms_changed")
    assert entry.details == {
        "previous_limit": "500.00",
        "limit": "1000.00",
        "previous_deferral_days": 10,
        "deferral_days": 30,
        "reason": "Good payer",
    }


def test_credit_terms_need_the_permission_and_a_legal_entity(client, manager, admin, customer):
    client.force_login(manager)
    url = reverse("desk:billing_credit_terms", kwargs={"customer_id": customer.pk})
    assert client.post(url, {"limit": "10", "deferral_days": "1"}).status_code == 403
    client.force_login(admin)
    assert client.post(url, {"limit": "10", "deferral_days": "1"}).status_code == 404
    with pytest.raises(BillingError) as refused:
        staff.credit_terms_set(customer=customer, limit=1_000, deferral_days=1, actor=admin)
    assert refused.value.code == "not_a_legal_entity"
    assert not CreditTerms.objects.exists()


def test_the_money_page_shows_forms_by_permission(client, manager, admin, company):
    url = reverse("desk:billing_customer", kwargs={"customer_id": company.pk})
    client.force_login(manager)
    html = client.get(url).content.decode()
    assert "correction-form" not in html and "credit-terms-form" not in html
    client.force_login(admin)
    html = client.get(url).content.decode()
    assert "correction-form" in html and "credit-terms-form" in html


def test_staff_download_the_statement_and_act_of_a_customer_they_see(client, manager, company):
    top_up(company, 10_000)
    client.force_login(manager)
    kwargs = {"customer_id": company.pk}
    page = client.get(reverse("desk:billing_statement", kwargs=kwargs))
    assert page.status_code == 200 and "Payment 5" in page.content.decode()
    csv = client.get(reverse("desk:billing_statement_csv", kwargs=kwargs))
    assert csv_rows(csv.content)[-1][2:5] == ["Closing balance", "", "100.00"]
    act = client.get(reverse("desk:billing_act_pdf", kwargs=kwargs))
    assert "in favour of ООО Ромашка is 100.00" in pdf_text(act.content)
