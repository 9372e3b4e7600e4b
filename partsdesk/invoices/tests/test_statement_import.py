import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from partsdesk.billing.models import Operation
from partsdesk.billing.selectors import balance_of
from partsdesk.billing.services import shop_account
from partsdesk.invoices import services
from partsdesk.invoices.models import (
    BankPayment,
    BankPaymentStatus,
    InvoiceStatus,
    StatementImport,
)
from partsdesk.invoices.services import InvoiceError, invoice_numbers_in, statement_import
from partsdesk.orders.models import PaymentMethod
from partsdesk.orders.tests.factories import place_order
from partsdesk.pricing.tests.factories import OfferFactory

from .factories import outgoing, payment_for, statement, with_document


@pytest.fixture
def invoice(requisites, company):
    return services.invoice_issue(customer=company, amount=15_250_50)


def run(data: bytes):
    return statement_import(data=data, file_name="statement.txt", actor=None)


def test_an_exact_payment_credits_the_customer_and_pays_the_invoice(invoice, company):
    # when
    summary = run(statement([payment_for(invoice)]))
    # then
    assert (summary.matched, summary.unmatched, summary.duplicates, summary.ignored) == (1, 0, 0, 0)
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID and invoice.paid_at is not None
    payment = BankPayment.objects.get()
    assert payment.status == BankPaymentStatus.MATCHED
    assert (payment.invoice, payment.customer) == (invoice, company)
    assert payment.operation.idempotency_key == f"bank:{payment.pk}"
    assert payment.operation.document == f"invoice:{invoice.pk}"
    assert balance_of(company).available == 15_250_50
    assert shop_account("bank").shown_balance == 15_250_50


@pytest.mark.parametrize(
    "spoil",
    [
        {"payer_inn": "7736207543"},  # someone else paid
        {"amount": 15_250_49},  # not the invoice's amount
        {"purpose": "Оплата за запчасти, НДС не облагается"},  # no invoice number
        {"purpose": "Оплата по счёту № 2026-999999"},  # no such invoice
    ],
    ids=["wrong_inn", "wrong_amount", "no_number", "unknown_number"],
)
def test_anything_else_waits_unmatched(invoice, company, spoil):
    summary = run(statement([payment_for(invoice, **spoil)]))
    assert (summary.matched, summary.unmatched) == (0, 1)
    payment = BankPayment.objects.get()
    assert payment.status == BankPaymentStatus.UNMATCHED and payment.operation is None
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.ISSUED
    assert balance_of(company).available == 0
    assert not Operation.objects.exists()


def test_a_paid_invoice_is_not_paid_twice(invoice, company):
    run(statement([payment_for(invoice, number="1")]))
    summary = run(statement([payment_for(invoice, number="2")]))
    assert (summary.matched, summary.unmatched) == (0, 1)
    assert balance_of(company).available == 15_250_50


def test_the_same_file_or_an_overlapping_statement_adds_nothing(invoice, company, other_company):
    # given one statement imported
    first = payment_for(invoice)
    stray = payment_for(invoice, number="900", payer_inn="7736207543", purpose="Аванс")
    run(statement([first]))
    # when the same file comes again, then a longer one that includes it
    again = run(statement([first]))
    later = payment_for(invoice, number="901", payer_inn="7736207543", purpose="Аванс 2")
    overlapping = run(statement([first, stray, later]))
    # then
    assert (again.matched, again.unmatched, again.duplicates) == (0, 0, 1)
    assert (overlapping.duplicates, overlapping.unmatched) == (1, 2)
    assert BankPayment.objects.count() == 3
    assert Operation.objects.count() == 1
    assert balance_of(company).available == 15_250_50
    assert StatementImport.objects.count() == 3


def test_outgoing_payments_and_other_accounts_are_not_incoming(invoice):
    data = with_document(statement([payment_for(invoice)]), outgoing())
    summary = run(data)
    assert (summary.documents, summary.matched, summary.ignored) == (2, 1, 1)


def test_a_statement_of_another_account_is_refused_and_changes_nothing(invoice):
    with pytest.raises(InvoiceError) as error:
        run(statement([payment_for(invoice)], account="40702810538000054321"))
    assert error.value.code == "wrong_account"
    assert not StatementImport.objects.exists() and not BankPayment.objects.exists()


def test_a_broken_file_is_refused_whole(invoice):
    data = statement([payment_for(invoice)]).replace("КонецФайла".encode("cp1251"), b"")
    with pytest.raises(InvoiceError) as error:
        run(data)
    assert error.value.code == "invalid_statement"
    assert "КонецФайла" in error.value.message
    assert not BankPayment.objects.exists() and not Operation.objects.exists()


def test_invoice_numbers_are_found_in_purposes():
    assert invoice_numbers_in("Оплата по счёту № 2026-000123 от 25.11.2026") == ["2026-000123"]
    assert invoice_numbers_in("по сч. 2026-123, 2026 – 000124; 2026-000123") == [
        "2026-000123",
        "2026-000124",
    ]
    assert invoice_numbers_in("Оплата 25.11.2026 сумма 1234.56") == []


def test_an_orders_invoice_payment_reserves_the_order(
    requisites, company, django_capture_on_commit_callbacks
):
    # given a bank-invoice order and its invoice
    order = place_order(
        company,
        [(OfferFactory(quantity=5), 1)],
        payment_method=PaymentMethod.BANK_INVOICE,
        funded=False,
    )
    invoice = services.invoice_for_order(order)
    # when the statement pays it
    with django_capture_on_commit_callbacks(execute=True):
        run(statement([payment_for(invoice)]))
    # then the money is credited and then reserved for the order
    balance = balance_of(company)
    assert (balance.available, balance.reserved) == (0, invoice.amount)


def test_a_failing_reserve_is_logged_not_raised(
    requisites, company, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    from partsdesk.billing import order_payments
    from partsdesk.billing.services import BillingError

    def refuse(order, **kwargs):
        raise BillingError("not_enough_balance", "no")

    monkeypatch.setattr(order_payments, "order_reserve", refuse)
    order = place_order(company, payment_method=PaymentMethod.BANK_INVOICE, funded=False)
    invoice = services.invoice_for_order(order)
    with django_capture_on_commit_callbacks(execute=True):
        run(statement([payment_for(invoice)]))
    assert balance_of(company).available == invoice.amount
    assert "not reserved" in caplog.text


def test_the_command_prints_a_json_summary(invoice, tmp_path):
    path = tmp_path / "statement.txt"
    path.write_bytes(statement([payment_for(invoice), payment_for(invoice, number="2", amount=5)]))
    out = StringIO()
    call_command("import_bank_statement", str(path), "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert {k: summary[k] for k in ("matched", "unmatched", "duplicates", "ignored")} == {
        "matched": 1,
        "unmatched": 1,
        "duplicates": 0,
        "ignored": 0,
    }
    out = StringIO()
    call_command("import_bank_statement", str(path), stdout=out)
    assert "2 already imported" in out.getvalue()


def test_the_command_refuses_a_bad_file(requisites, tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"not a statement")
    with pytest.raises(CommandError, match="1CClientBankExchange"):
        call_command("import_bank_statement", str(path), stdout=StringIO())


def test_the_customer_is_told(invoice, company):
    from partsdesk.notifications.models import Notification

    run(statement([payment_for(invoice)]))
    [notification] = Notification.objects.filter(user=company.user)
    assert invoice.number in notification.title and "15 250.50" in notification.title
