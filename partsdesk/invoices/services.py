"""Everything that changes invoices, bank payments and cash receipts.

Money moves only through `partsdesk.billing.services.top_up`, under idempotency keys that
make a repeated call a no-op: `bank:<bank payment id>` and `cash:<point id>:<receipt no.>`.
An order paid by an invoice or in cash has its positions reserved after the transaction
commits (`billing.order_payments.order_reserve`); a failure there is logged, never undoes
the credit (the money stays on the customer's balance and the manager reserves it later).
"""

import datetime
import logging
import re
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partsdesk.accounts.models import Customer, CustomerKind, User
from partsdesk.billing.models import CreditTerms
from partsdesk.billing.services import (
    BillingError,
    cash_desk_account,
    from_minor,
    shop_account,
    to_minor,
)
from partsdesk.billing.services import top_up as ledger_top_up
from partsdesk.orders.models import Order, PaymentMethod
from partsdesk.orders.statuses import DROPPED_STATUSES
from partsdesk.shop.services import number_next

from . import checks, selectors, statement_1c
from .models import (
    BankPayment,
    BankPaymentStatus,
    CashReceipt,
    Invoice,
    InvoiceStatus,
    ShopRequisites,
    StatementImport,
)

log = logging.getLogger(__name__)

# The legal document's language (its texts are translatable like the rest).
INVOICE_LANGUAGE = getattr(settings, "INVOICE_LANGUAGE", "ru")
MAX_INVOICE_AMOUNT = 100_000_000_00  # 100 million roubles, in kopecks
REQUISITES_PERMISSION = "billing.import_bank_statement"
STATEMENT_PERMISSION = "billing.import_bank_statement"
CASH_PERMISSION = "billing.record_cash"

# The one transition table of an invoice.
TRANSITIONS = {
    InvoiceStatus.ISSUED: {InvoiceStatus.PAID, InvoiceStatus.CANCELLED},
    InvoiceStatus.PAID: set(),
    InvoiceStatus.CANCELLED: set(),
}


class InvoiceError(Exception):
    """A refused request: `code` for the API, `message` for people; nothing changed."""

    def __init__(self, code: str, message: str, errors: dict | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.errors = errors or {}


def _require(actor: User | None, permission: str) -> None:
    if actor is not None and not actor.has_perm(permission):
        raise InvoiceError("not_allowed", _("You may not do this."))


# --- the shop's requisites ---------------------------------------------------------------

REQUISITE_FIELDS = [
    "legal_name",
    "inn",
    "kpp",
    "ogrn",
    "address",
    "bank_name",
    "bik",
    "correspondent_account",
    "settlement_account",
    "director",
    "chief_accountant",
    "payment_due_days",
]


def requisites_errors(data: dict) -> dict:
    """Field → message for everything wrong in `data` ({} when it is right)."""
    errors = {}
    for name, check in (
        ("inn", checks.validate_inn),
        ("kpp", checks.validate_kpp),
        ("ogrn", checks.validate_ogrn),
        ("bik", checks.validate_bik),
    ):
        value = (data.get(name) or "").strip()
        if not value and name in ("kpp", "ogrn"):
            continue
        try:
            check(value)
        except checks.ValidationError as error:
            errors[name] = error.messages[0]
    if "bik" not in errors:
        errors.update(
            checks.validate_accounts(
                bik=(data.get("bik") or "").strip(),
                correspondent_account=(data.get("correspondent_account") or "").strip(),
                settlement_account=(data.get("settlement_account") or "").strip(),
            )
        )
    for name in ("legal_name", "address", "bank_name"):
        if not (data.get(name) or "").strip():
            errors[name] = _("This field is required.")
    return errors


@transaction.atomic
def requisites_save(*, data: dict, actor: User | None) -> ShopRequisites:
    _require(actor, REQUISITES_PERMISSION)
    errors = requisites_errors(data)
    if errors:
        raise InvoiceError("invalid_requisites", _("Correct the requisites."), errors)
    values = {name: data[name] for name in REQUISITE_FIELDS if name in data}
    for name, value in values.items():
        if isinstance(value, str):
            values[name] = value.strip()
    row, _created = ShopRequisites.objects.select_for_update().update_or_create(
        pk=1, defaults=values
    )
    return row


def _requisites_locked() -> ShopRequisites:
    row = ShopRequisites.objects.select_for_update().filter(pk=1).first()
    if row is None or not row.complete:
        raise InvoiceError(
            "no_requisites", _("The shop's requisites are not filled in yet: ask an administrator.")
        )
    return row


# --- invoices ------------------------------------------------------------------------------


def _next_number(issued_on: datetime.date) -> str:
    """`2026-000123`: the year and a counter that restarts yearly (as orders' numbers are)."""
    year = issued_on.year
    return f"{year}-{number_next('invoice', str(year)):06d}"


def _money_text(minor: int) -> str:
    return f"{minor // 100}.{minor % 100:02d}"


def vat_text(*, vat_percent: Decimal, vat_amount: int) -> str:
    """«в т.ч. НДС 22 %: 1234.56» / «без НДС» (in the active language)."""
    if not vat_percent:
        return _("VAT not charged")
    return _("including VAT %(rate)s: %(vat)s") % {
        "rate": f"{vat_percent.normalize():f} %",
        "vat": _money_text(vat_amount),
    }


def _purpose(number: str, issued_on: datetime.date, vat_percent: Decimal, vat_amount: int) -> str:
    text = _("Payment for invoice No. %(number)s of %(date)s, %(vat)s") % {
        "number": number,
        "date": issued_on.strftime("%d.%m.%Y"),
        "vat": vat_text(vat_percent=vat_percent, vat_amount=vat_amount),
    }
    return text[:210]


def _buyer(customer: Customer) -> dict:
    return {
        "name": customer.company_name or customer.display_name,
        "inn": customer.inn,
        "kpp": customer.kpp,
        "address": customer.legal_address,
    }


def _supplier(row: ShopRequisites) -> dict:
    return {name: getattr(row, name) for name in REQUISITE_FIELDS if name != "payment_due_days"}


def _order_lines(order: Order) -> list[dict]:
    lines = []
    for position in order.positions.all():
        if position.status in DROPPED_STATUSES:
            continue
        price = to_minor(position.unit_price)
        name = " ".join(filter(None, [position.brand_name, position.number, position.part_name]))
        lines.append(
            {
                "name": name,
                "quantity": position.quantity,
                "unit": _("pcs"),
                "price": price,
                "amount": price * position.quantity,
            }
        )
    if lines and order.delivery_cost:
        cost = to_minor(order.delivery_cost)
        lines.append(
            {
                "name": _("Delivery of order %(number)s") % {"number": order.number},
                "quantity": 1,
                "unit": _("service"),
                "price": cost,
                "amount": cost,
            }
        )
    return lines


def _check_customer(customer: Customer) -> None:
    if customer.kind != CustomerKind.LEGAL_ENTITY:
        raise InvoiceError(
            "not_legal_entity", _("Bank invoices are for companies and entrepreneurs only.")
        )
    if customer.is_blocked:
        raise InvoiceError("customer_blocked", _("The account is blocked."))
    if not customer.inn:
        raise InvoiceError(
            "no_inn", _("Add the company's INN to your profile to receive invoices.")
        )


def _due_on(customer: Customer, issued_on: datetime.date, default_days: int) -> datetime.date:
    terms = CreditTerms.objects.filter(customer=customer).first()
    days = terms.deferral_days if terms and terms.deferral_days else default_days
    return issued_on + datetime.timedelta(days=days)


def _issue(
    *, customer: Customer, lines: list[dict], order: Order | None, actor: User | None
) -> Invoice:
    row = _requisites_locked()
    amount = sum(line["amount"] for line in lines)
    if amount <= 0:
        raise InvoiceError("invalid_amount", _("The amount must be more than zero."))
    if amount > MAX_INVOICE_AMOUNT:
        raise InvoiceError("invalid_amount", _("The amount is too large for one invoice."))
    issued_on = timezone.localdate()
    percent = selectors.vat_percent()
    vat = selectors.vat_in(amount, percent)
    number = _next_number(issued_on)
    with translation.override(INVOICE_LANGUAGE):
        purpose = _purpose(number, issued_on, percent, vat)
    return Invoice.objects.create(
        number=number,
        customer=customer,
        order=order,
        amount=amount,
        vat_percent=percent,
        vat_amount=vat,
        issued_on=issued_on,
        due_on=_due_on(customer, issued_on, row.payment_due_days),
        supplier=_supplier(row),
        buyer=_buyer(customer),
        lines=lines,
        purpose=purpose,
        created_by=actor,
    )


@transaction.atomic
def invoice_issue(*, customer: Customer, amount: int, actor: User | None = None) -> Invoice:
    """An invoice to top up the balance by `amount` (minor units, VAT included)."""
    _check_customer(customer)
    if not isinstance(amount, int) or amount <= 0:
        raise InvoiceError("invalid_amount", _("The amount must be more than zero."))
    with translation.override(INVOICE_LANGUAGE):
        name = _("Top-up of the balance: advance payment for auto parts")
        lines = [
            {"name": name, "quantity": 1, "unit": _("service"), "price": amount, "amount": amount}
        ]
    return _issue(customer=customer, lines=lines, order=None, actor=actor)


@transaction.atomic
def invoice_for_order(order: Order, *, actor: User | None = None) -> Invoice:
    """The order's invoice, issued on the first request (for what the order costs then);
    the same invoice on every later one. Orders paid by bank invoice only."""
    order = (
        Order.objects.select_for_update(of=("self",)).select_related("customer").get(pk=order.pk)
    )
    existing = Invoice.objects.filter(order=order).exclude(status=InvoiceStatus.CANCELLED).first()
    if existing is not None:
        return existing
    if order.payment_method != PaymentMethod.BANK_INVOICE:
        raise InvoiceError("not_bank_invoice", _("This order is not paid by bank invoice."))
    _check_customer(order.customer)
    with translation.override(INVOICE_LANGUAGE):
        lines = _order_lines(order)
    if not lines:
        raise InvoiceError("nothing_to_pay", _("Nothing in this order is left to pay for."))
    return _issue(customer=order.customer, lines=lines, order=order, actor=actor)


def _transition(invoice: Invoice, to: str) -> None:
    if to not in TRANSITIONS[InvoiceStatus(invoice.status)]:
        raise InvoiceError(
            "invalid_transition",
            _("The invoice is %(status)s already.") % {"status": invoice.get_status_display()},
        )
    invoice.status = to
    now = timezone.now()
    if to == InvoiceStatus.PAID:
        invoice.paid_at = now
    elif to == InvoiceStatus.CANCELLED:
        invoice.cancelled_at = now
    invoice.save(update_fields=["status", "paid_at", "cancelled_at"])


@transaction.atomic
def invoice_cancel(invoice: Invoice, *, actor: User | None) -> Invoice:
    """Withdraw an unpaid invoice (staff; an order may then be invoiced anew)."""
    _require(actor, STATEMENT_PERMISSION)
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    _transition(invoice, InvoiceStatus.CANCELLED)
    return invoice


# --- crediting and reserving --------------------------------------------------------------


def _reserve_later(order: Order | None) -> None:
    """After commit: reserve the order's positions from the money just credited."""
    if order is None:
        return
    order_id = order.pk

    def run():
        from partsdesk.billing.order_payments import order_reserve

        try:
            order_reserve(Order.objects.get(pk=order_id))
        except BillingError as error:
            log.warning("order %s not reserved after a payment: %s", order_id, error.message)
        except Exception:  # the credit is committed; never turn it into an error page
            log.exception("order %s not reserved after a payment", order_id)

    transaction.on_commit(run)


def _tell_credited(customer: Customer, *, amount: int, invoice: Invoice | None) -> None:
    """The customer hears that the money is on their balance (in their language)."""
    from django.urls import reverse

    from partsdesk.notifications.models import Event
    from partsdesk.notifications.services import notify
    from partsdesk.storefront.templatetags.storefront import money

    with translation.override(customer.user.language or settings.LANGUAGE_CODE):
        values = {"amount": money(from_minor(amount))}
        if invoice is not None:
            title = _("Invoice %(number)s is paid: %(amount)s is on your balance") % {
                **values,
                "number": invoice.number,
            }
        else:
            title = _("%(amount)s is on your balance") % values
    url = reverse("invoices:list") if invoice is not None else ""
    notify(user=customer.user, event=Event.PAYMENT, title=title, url=url)


def _credit_bank_payment(
    payment: BankPayment, *, customer: Customer, invoice: Invoice | None, actor: User | None
) -> None:
    document = f"invoice:{invoice.pk}" if invoice else f"bank_payment:{payment.pk}"
    operation = ledger_top_up(
        customer,
        amount=payment.amount,
        source=shop_account("bank"),
        key=f"bank:{payment.pk}",
        document=document,
        memo=payment.purpose[:500],
        actor=actor,
    )
    payment.status = BankPaymentStatus.MATCHED
    payment.customer = customer
    payment.invoice = invoice
    payment.operation = operation
    payment.handled_by = actor
    payment.handled_at = timezone.now()
    payment.save(
        update_fields=["status", "customer", "invoice", "operation", "handled_by", "handled_at"]
    )
    if invoice is not None:
        _transition(invoice, InvoiceStatus.PAID)
        _reserve_later(invoice.order)
    if operation.is_new:
        _tell_credited(customer, amount=payment.amount, invoice=invoice)


# --- bank statements -------------------------------------------------------------------------

INVOICE_NUMBER_RE = re.compile(r"(?<!\d)(\d{4})\s*[-‐–—]\s*(\d{1,6})(?!\d)")


def invoice_numbers_in(purpose: str) -> list[str]:
    """Invoice numbers written in a payment purpose ("2026-000123", "2026-123")."""
    numbers = []
    for year, counter in INVOICE_NUMBER_RE.findall(purpose):
        number = f"{year}-{int(counter):06d}"
        if number not in numbers:
            numbers.append(number)
    return numbers


def _match(payment: BankPayment) -> Invoice | None:
    """The invoice this payment pays: its number in the purpose, the payer's INN the
    customer's, the amount the invoice's, still awaiting payment."""
    numbers = invoice_numbers_in(payment.purpose)
    if not numbers or not payment.payer_inn:
        return None
    candidates = (
        Invoice.objects.select_for_update(of=("self",))
        .select_related("customer", "order")
        .filter(number__in=numbers, status=InvoiceStatus.ISSUED, amount=payment.amount)
        .order_by("id")
    )
    for invoice in candidates:
        if invoice.customer.inn.strip() == payment.payer_inn:
            return invoice
    return None


@dataclass
class ImportSummary:
    statement_id: int
    documents: int
    matched: int
    unmatched: int
    duplicates: int
    ignored: int

    def as_dict(self) -> dict:
        return asdict(self)


@transaction.atomic
def statement_import(*, data: bytes, file_name: str, actor: User | None) -> ImportSummary:
    """Read a 1C statement and store the incoming payments to the shop's settlement account;
    each one that matches an invoice is credited at once, the rest wait in the staff queue.
    A payment already imported (the same file again, an overlapping period) is skipped.
    A bad file raises InvoiceError and changes nothing."""
    import hashlib

    _require(actor, STATEMENT_PERMISSION)
    try:
        statement = statement_1c.parse(data)
    except statement_1c.StatementError as error:
        raise InvoiceError("invalid_statement", error.message) from error
    # The requisites' row lock also makes imports one at a time.
    row = _requisites_locked()
    account = row.settlement_account
    if statement.account_numbers and account not in statement.account_numbers:
        raise InvoiceError(
            "wrong_account",
            _("This statement is for account %(theirs)s, not the shop's %(ours)s.")
            % {"theirs": ", ".join(sorted(statement.account_numbers)), "ours": account},
        )
    start, end = statement.period
    record = StatementImport.objects.create(
        file_name=file_name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        account=account,
        period_start=start,
        period_end=end,
        documents=len(statement.documents),
        imported_by=actor,
    )
    counts = {"matched": 0, "unmatched": 0, "duplicates": 0, "ignored": 0}
    keys = [document.dedup_key() for document in statement.documents]
    seen = set(BankPayment.objects.filter(dedup_key__in=keys).values_list("dedup_key", flat=True))
    for document, key in zip(statement.documents, keys, strict=True):
        if document.recipient_account != account or document.payer_account == account:
            counts["ignored"] += 1
            continue
        if key in seen:
            counts["duplicates"] += 1
            continue
        seen.add(key)
        payment = BankPayment.objects.create(
            statement=record,
            dedup_key=key,
            date=document.received_on,
            number=document.number[:20],
            amount=document.amount,
            payer_inn=document.payer_inn[:12],
            payer_name=document.payer_name[:300],
            payer_account=document.payer_account[:20],
            payer_bik=document.payer_bik[:9],
            purpose=document.purpose[:500],
            status=BankPaymentStatus.UNMATCHED,
        )
        invoice = _match(payment)
        if invoice is None:
            counts["unmatched"] += 1
            continue
        _credit_bank_payment(payment, customer=invoice.customer, invoice=invoice, actor=None)
        counts["matched"] += 1
    for name, value in counts.items():
        setattr(record, name, value)
    record.save(update_fields=list(counts))
    return ImportSummary(statement_id=record.pk, documents=len(statement.documents), **counts)


def _lock_unmatched(payment: BankPayment) -> BankPayment:
    payment = BankPayment.objects.select_for_update().get(pk=payment.pk)
    if payment.status != BankPaymentStatus.UNMATCHED:
        raise InvoiceError(
            "already_handled",
            _("This payment has been handled already: %(status)s.")
            % {"status": payment.get_status_display()},
        )
    return payment


@transaction.atomic
def payment_assign(
    payment: BankPayment,
    *,
    customer: Customer,
    invoice: Invoice | None = None,
    actor: User,
    note: str = "",
) -> BankPayment:
    """Staff credit an unmatched payment to `customer` (and mark `invoice`, one of theirs
    still awaiting payment, paid)."""
    _require(actor, STATEMENT_PERMISSION)
    payment = _lock_unmatched(payment)
    if invoice is not None:
        invoice = (
            Invoice.objects.select_for_update(of=("self",))
            .select_related("order")
            .get(pk=invoice.pk)
        )
        if invoice.customer_id != customer.pk:
            raise InvoiceError("wrong_invoice", _("The invoice is another customer's."))
        if invoice.status != InvoiceStatus.ISSUED:
            raise InvoiceError("invoice_not_open", _("The invoice is not awaiting payment."))
    payment.note = note.strip()[:500]
    payment.save(update_fields=["note"])
    _credit_bank_payment(payment, customer=customer, invoice=invoice, actor=actor)
    return payment


@transaction.atomic
def payment_ignore(payment: BankPayment, *, actor: User, reason: str) -> BankPayment:
    """Staff set aside a payment that is not a customer's (a refund from a supplier, …)."""
    _require(actor, STATEMENT_PERMISSION)
    reason = reason.strip()
    if not reason:
        raise InvoiceError("reason_required", _("Write why the payment is ignored."))
    payment = _lock_unmatched(payment)
    payment.status = BankPaymentStatus.IGNORED
    payment.note = reason[:500]
    payment.handled_by = actor
    payment.handled_at = timezone.now()
    payment.save(update_fields=["status", "note", "handled_by", "handled_at"])
    return payment


# --- cash at a pickup point ------------------------------------------------------------------

CASH_NUMBER_RE = re.compile(r"^[\w\-/.]{1,40}$")


@transaction.atomic
def cash_receipt_record(
    *,
    pickup_point,
    number: str,
    amount: int,
    actor: User,
    customer: Customer | None = None,
    order_number: str = "",
) -> CashReceipt:
    """Cash received at `pickup_point` under receipt `number` (unique at the point), credited
    to the customer's balance; for an order, its positions are then reserved."""
    _require(actor, CASH_PERMISSION)
    number = (number or "").strip()
    if not CASH_NUMBER_RE.match(number):
        raise InvoiceError(
            "invalid_number", _("Write the receipt number (letters, digits, - / .).")
        )
    if not isinstance(amount, int) or amount <= 0:
        raise InvoiceError("invalid_amount", _("The amount must be more than zero."))
    order = None
    order_number = (order_number or "").strip()
    if order_number:
        order = Order.objects.select_related("customer").filter(number=order_number).first()
        if order is None:
            raise InvoiceError("order_not_found", _("There is no order with this number."))
        if customer is not None and customer.pk != order.customer_id:
            raise InvoiceError("wrong_customer", _("The order is another customer's."))
        customer = order.customer
    if customer is None:
        raise InvoiceError("customer_required", _("Choose a customer or give an order number."))
    if CashReceipt.objects.filter(pickup_point=pickup_point, number=number).exists():
        raise InvoiceError(
            "duplicate_receipt",
            _("Receipt %(number)s has already been recorded at this pickup point.")
            % {"number": number},
        )
    try:
        with transaction.atomic():
            receipt = CashReceipt.objects.create(
                pickup_point=pickup_point,
                number=number,
                customer=customer,
                order=order,
                amount=amount,
                received_by=actor,
            )
    except IntegrityError as error:  # recorded by someone else a moment ago
        raise InvoiceError(
            "duplicate_receipt",
            _("Receipt %(number)s has already been recorded at this pickup point.")
            % {"number": number},
        ) from error
    receipt.operation = ledger_top_up(
        customer,
        amount=amount,
        source=cash_desk_account(pickup_point),
        key=f"cash:{pickup_point.pk}:{number}",
        document=f"cash:{receipt.pk}",
        memo=_("Cash receipt %(number)s") % {"number": number},
        actor=actor,
        order=order,
    )
    receipt.save(update_fields=["operation"])
    _reserve_later(order)
    _tell_credited(customer, amount=amount, invoice=None)
    return receipt
