"""The issue's "Done when": a legal entity gets an invoice and a 1C statement file credits it."""

from io import StringIO

from django.core.management import call_command

from partsdesk.accounts.demo import load_demo_accounts
from partsdesk.accounts.models import Customer
from partsdesk.billing.checks import ledger_discrepancies
from partsdesk.billing.selectors import balance_of
from partsdesk.invoices.demo import DEMO_TOP_UP, load_demo
from partsdesk.invoices.models import BankPayment, Invoice, InvoiceStatus, ShopRequisites


def test_the_demo_company_is_credited_by_the_demo_statement(db, tmp_path):
    # given the demo people, and the invoices demo loaded twice (idempotent)
    load_demo_accounts()
    path = tmp_path / "bank_statement_1c.txt"
    first = load_demo(statement_path=path)
    again = load_demo(statement_path=path)
    assert first["invoice"] == again["invoice"]
    assert ShopRequisites.objects.count() == 1
    company = Customer.objects.get(user__email="buyer@romashka.example")
    invoice = Invoice.objects.get(customer=company)
    assert invoice.status == InvoiceStatus.ISSUED
    assert path.read_bytes().startswith(b"1CClientBankExchange")
    # when the statement is imported (twice: the second changes nothing)
    call_command("import_bank_statement", str(path), stdout=StringIO())
    call_command("import_bank_statement", str(path), stdout=StringIO())
    # then the invoice is paid and the balance holds its amount; the stray payment waits
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    assert balance_of(company).available == DEMO_TOP_UP
    assert list(BankPayment.objects.order_by("number").values_list("status", flat=True)) == [
        "matched",
        "unmatched",
    ]
    assert ledger_discrepancies() == []
