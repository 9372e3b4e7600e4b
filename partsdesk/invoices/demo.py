"""The demo's invoices: the shop's requisites, a top-up invoice for the demo company
(ООО «Ромашка», buyer@romashka.example) and a 1C bank statement that pays it, written to
`var/demo/bank_statement_1c.txt` for the demo user to upload at /desk/invoices/statements/
(or `manage.py import_bank_statement var/demo/bank_statement_1c.txt`). The statement also
carries a payment without an invoice number, which lands in the staff queue."""

import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from partsdesk.accounts.models import Customer

from . import services, statement_1c
from .models import Invoice, ShopRequisites

DEMO_REQUISITES = {
    "legal_name": "ООО «Партсдеск»",
    "inn": "7705123452",
    "kpp": "770501001",
    "ogrn": "1027700123450",
    "address": "115054, г. Москва, ул. Валовая, д. 26",
    "bank_name": "ПАО СБЕРБАНК",
    "bik": "044525225",
    "correspondent_account": "30101810400000000225",
    "settlement_account": "40702810938000012345",
    "director": "Смирнов П. А.",
    "chief_accountant": "Кузнецова О. В.",
    "payment_due_days": 5,
}
DEMO_COMPANY_EMAIL = "buyer@romashka.example"
DEMO_COMPANY_ACCOUNT = "40702810538000054321"
DEMO_TOP_UP = 50_000_00  # kopecks
STATEMENT_PATH = Path(settings.BASE_DIR) / "var" / "demo" / "bank_statement_1c.txt"


def statement_for(invoice: Invoice, *, extra_unmatched: bool = True) -> bytes:
    """A 1C statement of the shop's account paying `invoice` from its customer's account
    (and, with `extra_unmatched`, a second payment with no invoice number)."""
    row = ShopRequisites.objects.get(pk=1)
    day = invoice.issued_on + datetime.timedelta(days=1)
    payments = [
        statement_1c.Payment(
            number="731",
            date=day,
            amount=invoice.amount,
            payer_name=invoice.buyer["name"],
            payer_inn=invoice.buyer["inn"],
            payer_kpp=invoice.buyer.get("kpp", ""),
            payer_account=DEMO_COMPANY_ACCOUNT,
            purpose=invoice.purpose,
        )
    ]
    if extra_unmatched:
        payments.append(
            statement_1c.Payment(
                number="732",
                date=day,
                amount=12_500_00,
                payer_name=invoice.buyer["name"],
                payer_inn=invoice.buyer["inn"],
                payer_kpp=invoice.buyer.get("kpp", ""),
                payer_account=DEMO_COMPANY_ACCOUNT,
                purpose="Оплата за автозапчасти, НДС не облагается",
            )
        )
    return statement_1c.render(
        account=row.settlement_account,
        recipient_name=row.legal_name,
        recipient_inn=row.inn,
        recipient_kpp=row.kpp,
        recipient_bank=row.bank_name,
        recipient_bik=row.bik,
        recipient_corr=row.correspondent_account,
        start=invoice.issued_on,
        end=day,
        payments=payments,
    )


@transaction.atomic
def load_demo(*, statement_path: Path | None = None) -> dict:
    """Idempotent: the requisites once, the demo company's top-up invoice once, and the
    statement file (re)written for it."""
    if not ShopRequisites.objects.filter(pk=1).exists():
        services.requisites_save(data=DEMO_REQUISITES, actor=None)
    company = Customer.objects.filter(user__email=DEMO_COMPANY_EMAIL).first()
    if company is None:
        return {"requisites": True, "invoice": None, "statement": None}
    invoice = (
        Invoice.objects.filter(customer=company, order__isnull=True, amount=DEMO_TOP_UP)
        .order_by("id")
        .first()
    )
    if invoice is None:
        invoice = services.invoice_issue(customer=company, amount=DEMO_TOP_UP)
    path = statement_path or STATEMENT_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(statement_for(invoice))
    return {
        "requisites": True,
        "invoice": invoice.number,
        "statement": str(path),
        "at": timezone.now().isoformat(),
    }
