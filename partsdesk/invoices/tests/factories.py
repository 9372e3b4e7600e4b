"""A realistic 1C statement (cp1251) paying invoices, for tests and the demo."""

import datetime

from partsdesk.invoices import statement_1c
from partsdesk.invoices.demo import DEMO_COMPANY_ACCOUNT, DEMO_REQUISITES
from partsdesk.invoices.models import Invoice


def payment_for(invoice: Invoice, **changes) -> statement_1c.Payment:
    """An incoming payment order that pays `invoice` exactly; `changes` spoil it."""
    fields = {
        "number": "731",
        "date": invoice.issued_on + datetime.timedelta(days=1),
        "amount": invoice.amount,
        "payer_name": invoice.buyer["name"],
        "payer_inn": invoice.buyer["inn"],
        "payer_kpp": invoice.buyer.get("kpp", ""),
        "payer_account": DEMO_COMPANY_ACCOUNT,
        "purpose": invoice.purpose,
    }
    fields.update(changes)
    return statement_1c.Payment(**fields)


def statement(
    payments: list[statement_1c.Payment],
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    account: str = DEMO_REQUISITES["settlement_account"],
) -> bytes:
    dates = [payment.date for payment in payments] or [datetime.date(2026, 11, 25)]
    return statement_1c.render(
        account=account,
        recipient_name=DEMO_REQUISITES["legal_name"],
        recipient_inn=DEMO_REQUISITES["inn"],
        recipient_kpp=DEMO_REQUISITES["kpp"],
        recipient_bank=DEMO_REQUISITES["bank_name"],
        recipient_bik=DEMO_REQUISITES["bik"],
        recipient_corr=DEMO_REQUISITES["correspondent_account"],
        start=start or min(dates),
        end=end or max(dates),
        payments=payments,
    )


def outgoing(number: str = "12", amount: int = 1_000_00) -> bytes:
    """A document the shop paid out (payer = the shop), to be inserted into a statement."""
    lines = [
        "СекцияДокумент=Платежное поручение",
        f"Номер={number}",
        "Дата=25.11.2026",
        f"Сумма={amount // 100}.{amount % 100:02d}",
        f"ПлательщикСчет={DEMO_REQUISITES['settlement_account']}",
        "ДатаСписано=25.11.2026",
        f"ПлательщикИНН={DEMO_REQUISITES['inn']}",
        "ПолучательСчет=40702810538000054321",
        "ПолучательИНН=7707083893",
        "НазначениеПлатежа=Оплата поставщику по счёту 2026-000001",
        "КонецДокумента",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("cp1251")


def with_document(data: bytes, document: bytes) -> bytes:
    """`data` with one more document before КонецФайла."""
    end = "КонецФайла".encode("cp1251")
    return data.replace(end, document + end)
