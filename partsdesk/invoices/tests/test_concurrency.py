"""Invoices under real concurrency on PostgreSQL (each thread its own connection)."""

import pytest

from partsdesk.accounts.models import CustomerKind
from partsdesk.accounts.tests.factories import CustomerFactory
from partsdesk.billing.models import Operation
from partsdesk.billing.selectors import balance_of
from partsdesk.invoices import services
from partsdesk.invoices.demo import DEMO_REQUISITES
from partsdesk.invoices.models import BankPayment, Invoice
from partsdesk.invoices.services import InvoiceError
from partsdesk.tests.concurrency import postgresql_only, run_together

from .factories import payment_for, statement

pytestmark = [
    postgresql_only,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def company_tx(db):
    services.requisites_save(data=DEMO_REQUISITES, actor=None)
    return CustomerFactory(
        kind=CustomerKind.LEGAL_ENTITY, company_name="ООО «Ромашка»", inn="7707083893"
    )


def test_concurrent_invoices_get_distinct_consecutive_numbers(company_tx):
    results = run_together(
        *[lambda: services.invoice_issue(customer=company_tx, amount=100_00)] * 10
    )
    assert not [r for r in results if isinstance(r, Exception)]
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert len(set(numbers)) == 10
    assert [int(n.split("-")[1]) for n in numbers] == list(range(1, 11))


def test_the_same_statement_imported_at_once_credits_once(company_tx):
    invoice = services.invoice_issue(customer=company_tx, amount=5_000_00)
    data = statement([payment_for(invoice)])
    results = run_together(
        *[lambda: services.statement_import(data=data, file_name="s", actor=None)] * 5
    )
    assert not [r for r in results if isinstance(r, Exception)]
    assert sum(r.matched for r in results) == 1
    assert sum(r.duplicates for r in results) == 4
    assert BankPayment.objects.count() == 1 and Operation.objects.count() == 1
    assert balance_of(company_tx).available == 5_000_00


def test_one_receipt_number_recorded_at_once_is_credited_once(company_tx):
    from partsdesk.accounts.roles import Role
    from partsdesk.accounts.tests.factories import ManagerFactory
    from partsdesk.orders.tests.factories import PickupPointFactory

    point = PickupPointFactory()
    staff = ManagerFactory(roles=[Role.WAREHOUSE])
    results = run_together(
        *[
            lambda: services.cash_receipt_record(
                pickup_point=point, number="77", amount=1_000_00, actor=staff, customer=company_tx
            )
        ]
        * 5
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 4 and all(isinstance(e, InvoiceError) for e in errors)
    assert {e.code for e in errors} == {"duplicate_receipt"}
    assert balance_of(company_tx).available == 1_000_00
