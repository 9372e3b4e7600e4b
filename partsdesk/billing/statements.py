"""Statements: a customer's money with the shop over a period, and the reconciliation act.

The balance a statement follows is the customer's money with the shop: available plus
reserved. Reserving or releasing only moves money between the customer's own two accounts,
so it is no movement; a capture (payment for an issued position), a top-up, a refund, a
withdrawal, a correction or a reversal of one of them is.

A period is a pair of dates in the shop's time zone (settings.TIME_ZONE), both inclusive:
from 00:00 of the first day to 00:00 of the day after the last. Two queries: the customer's
two accounts with their balances just before and just after the period (the last entry's
`balance_after`, found through the (account, created_at, id) index), then the entries of
the period in order.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partsdesk.accounts.models import Customer, CustomerKind

from .models import Account, AccountKind, Entry, Operation, OperationKind
from .services import from_minor

# The longest period one statement covers.
MAX_PERIOD_DAYS = 3 * 366

# How a document reference ("payment:12") reads; unknown prefixes are shown as they are.
DOCUMENT_NAMES = {
    "payment": gettext_lazy("Payment"),
    "invoice": gettext_lazy("Invoice"),
    "cash": gettext_lazy("Cash receipt"),
    "receipt": gettext_lazy("Cash receipt"),
    "withdrawal": gettext_lazy("Withdrawal"),
    "refund": gettext_lazy("Refund"),
    "bank": gettext_lazy("Bank payment"),
}


class PeriodError(ValueError):
    """A period that cannot be a statement's; `code` for the API, `message` for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def period_check(date_from: datetime.date, date_to: datetime.date) -> None:
    """Refuse a period that ends before it starts or is longer than MAX_PERIOD_DAYS."""
    if date_to < date_from:
        raise PeriodError("invalid_period", _("The period ends before it starts."))
    if (date_to - date_from).days + 1 > MAX_PERIOD_DAYS:
        raise PeriodError(
            "period_too_long",
            _("A statement covers at most %(days)d days; choose a shorter period.")
            % {"days": MAX_PERIOD_DAYS},
        )


def period_bounds(
    date_from: datetime.date, date_to: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) in UTC-aware datetimes for dates in the shop's time zone."""
    zone = timezone.get_default_timezone()
    start = timezone.make_aware(datetime.datetime.combine(date_from, datetime.time.min), zone)
    end = timezone.make_aware(
        datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min), zone
    )
    return start, end


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The current month up to today, in the shop's time zone."""
    today = today or timezone.localdate()
    return today.replace(day=1), today


@dataclass(frozen=True)
class OperationFacts:
    """What a statement line is made of, read as plain columns (no model instances)."""

    pk: int
    kind: str
    created_at: datetime.datetime
    document: str
    memo: str
    order_id: int | None
    order_number: str
    position_id: int | None
    position_text: str
    reverses_id: int | None
    reverses_kind: str


FACT_COLUMNS = {
    "pk": "operation_id",
    "kind": "operation__kind",
    "created_at": "operation__created_at",
    "document": "operation__document",
    "memo": "operation__memo",
    "order_id": "operation__order_id",
    "order_number": "operation__order__number",
    "position_id": "operation__position_id",
    "brand_name": "operation__position__brand_name",
    "number": "operation__position__number",
    "reverses_id": "operation__reverses_id",
    "reverses_kind": "operation__reverses__kind",
}


def _facts(values: dict) -> OperationFacts:
    row = {name: values[column] for name, column in FACT_COLUMNS.items()}
    return OperationFacts(
        pk=row["pk"],
        kind=row["kind"],
        created_at=row["created_at"],
        document=row["document"],
        memo=row["memo"],
        order_id=row["order_id"],
        order_number=row["order_number"] or "",
        position_id=row["position_id"],
        position_text=f"{row['brand_name']} {row['number']}" if row["position_id"] else "",
        reverses_id=row["reverses_id"],
        reverses_kind=row["reverses_kind"] or "",
    )


def facts_of(operation: Operation) -> OperationFacts:
    """The facts of an operation loaded with its order, position and reversed operation."""
    position = operation.position if operation.position_id else None
    return OperationFacts(
        pk=operation.pk,
        kind=operation.kind,
        created_at=operation.created_at,
        document=operation.document,
        memo=operation.memo,
        order_id=operation.order_id,
        order_number=operation.order.number if operation.order_id else "",
        position_id=operation.position_id,
        position_text=f"{position.brand_name} {position.number}" if position else "",
        reverses_id=operation.reverses_id,
        reverses_kind=operation.reverses.kind if operation.reverses_id else "",
    )


def kind_labels() -> dict[str, str]:
    """Operation kinds as they read in the active language (looked up once per statement)."""
    return {kind.value: str(kind.label) for kind in OperationKind}


def document_label(facts: OperationFacts, labels: dict[str, str] | None = None) -> str:
    """What the movement's document reads as: the order, else the payment, invoice, cash
    receipt or withdrawal behind it, else the correction or reversal itself."""
    labels = labels or kind_labels()
    parts = []
    if facts.order_id:
        parts.append(_("Order %(number)s") % {"number": facts.order_number})
    if facts.document:
        prefix, _sep, ref = facts.document.partition(":")
        name = DOCUMENT_NAMES.get(prefix)
        parts.append(f"{name} {ref}" if name and ref else facts.document)
    if not parts:
        if facts.kind == OperationKind.REVERSAL and facts.reverses_id:
            parts.append(_("Reversal of operation %(id)d") % {"id": facts.reverses_id})
        else:
            parts.append(_("%(kind)s #%(id)d") % {"kind": labels[facts.kind], "id": facts.pk})
    return ", ".join(parts)


def description_of(facts: OperationFacts, labels: dict[str, str] | None = None) -> str:
    """The operation's kind, the position it is for and the memo (a staff reason)."""
    labels = labels or kind_labels()
    text = labels[facts.kind]
    if facts.kind == OperationKind.REVERSAL and facts.reverses_kind:
        text = _("Reversal: %(kind)s") % {"kind": labels[facts.reverses_kind]}
    if facts.position_text:
        text += f": {facts.position_text}"
    if facts.memo:
        text += f" — {facts.memo}"
    return text


@dataclass(frozen=True)
class Movement:
    """One operation that changed the customer's money with the shop; amounts in minor units."""

    operation_id: int
    at: datetime.datetime
    kind: str
    kind_name: str
    document: str
    description: str
    order_number: str
    amount: int
    balance: int

    @property
    def amount_in(self) -> int:
        return self.amount if self.amount > 0 else 0

    @property
    def amount_out(self) -> int:
        return -self.amount if self.amount < 0 else 0


@dataclass(frozen=True)
class Statement:
    customer: Customer
    date_from: datetime.date
    date_to: datetime.date
    opening: int
    closing: int
    movements: list[Movement] = field(default_factory=list)
    # The customer's stored balances (available + reserved) at the end of the period, read
    # from the entries independently of the movements: equal to `closing` when it reconciles.
    closing_stored: int = 0

    @property
    def total_in(self) -> int:
        return sum(m.amount_in for m in self.movements)

    @property
    def total_out(self) -> int:
        return sum(m.amount_out for m in self.movements)

    @property
    def reconciles(self) -> bool:
        return (
            self.opening + sum(m.amount for m in self.movements) == self.closing
            and self.closing == self.closing_stored
        )

    def decimal(self, minor: int) -> Decimal:
        return from_minor(minor)


def _balance_at(moment_filter: dict) -> Subquery:
    return Subquery(
        Entry.objects.filter(account=OuterRef("pk"), **moment_filter)
        .order_by("-created_at", "-id")
        .values("balance_after")[:1]
    )


def statement(customer: Customer, date_from: datetime.date, date_to: datetime.date) -> Statement:
    """The customer's statement for the dates (inclusive, shop's time zone); see the module.

    Raises PeriodError for a period that ends before it starts or is too long.
    """
    period_check(date_from, date_to)
    start, end = period_bounds(date_from, date_to)
    accounts = list(
        Account.objects.filter(
            customer=customer, kind__in=[AccountKind.AVAILABLE, AccountKind.RESERVED]
        )
        .annotate(
            opening=_balance_at({"created_at__lt": start}),
            closing=_balance_at({"created_at__lt": end}),
        )
        .values("pk", "opening", "closing")
    )
    opening = sum(a["opening"] or 0 for a in accounts)
    closing_stored = sum(a["closing"] or 0 for a in accounts)
    entries = (
        Entry.objects.filter(
            account_id__in=[a["pk"] for a in accounts], created_at__gte=start, created_at__lt=end
        )
        .order_by("created_at", "id")
        .values("amount", *FACT_COLUMNS.values())
    )
    # An operation's entries on the two accounts, netted: in the order they were posted.
    nets: dict[int, list] = {}
    for row in entries:
        operation_id = row["operation_id"]
        if operation_id in nets:
            nets[operation_id][1] += row["amount"]
        else:
            nets[operation_id] = [row, row["amount"]]
    labels = kind_labels()
    movements = []
    balance = opening
    for row, amount in nets.values():
        if amount == 0:
            continue
        balance += amount
        facts = _facts(row)
        movements.append(
            Movement(
                operation_id=facts.pk,
                at=facts.created_at,
                kind=facts.kind,
                kind_name=labels[facts.kind],
                document=document_label(facts, labels),
                description=description_of(facts, labels),
                order_number=facts.order_number,
                amount=amount,
                balance=balance,
            )
        )
    return Statement(
        customer=customer,
        date_from=date_from,
        date_to=date_to,
        opening=opening,
        closing=balance,
        movements=movements,
        closing_stored=closing_stored,
    )


# --- the balance chart --------------------------------------------------------------------

CHART_DAYS = 90


@dataclass(frozen=True)
class ChartPoint:
    # The names the watch's step chart reads (watch.charts.price_chart_svg).
    recorded_at: datetime.datetime
    price: Decimal


def balance_history(customer: Customer, *, days: int = CHART_DAYS) -> list[ChartPoint]:
    """The customer's money with the shop over the last `days` days: the balance at the start,
    then after every movement (oldest first)."""
    today = timezone.localdate()
    date_from = today - datetime.timedelta(days=days - 1)
    found = statement(customer, date_from, today)
    start, _end = period_bounds(date_from, today)
    points = [ChartPoint(start, from_minor(found.opening))]
    points += [ChartPoint(m.at, from_minor(m.balance)) for m in found.movements]
    return points


# --- the reconciliation act (legal entities) ---------------------------------------------


class ActRefused(PeriodError):
    pass


@dataclass(frozen=True)
class ActRow:
    """A row of the act from the shop's side: debit is what the customer came to owe
    (goods issued, money paid out), credit what the customer paid (or got back)."""

    at: datetime.datetime
    document: str
    debit: int
    credit: int


@dataclass(frozen=True)
class Act:
    statement: Statement
    rows: list[ActRow]

    @property
    def opening_debit(self) -> int:
        return -self.statement.opening if self.statement.opening < 0 else 0

    @property
    def opening_credit(self) -> int:
        return self.statement.opening if self.statement.opening > 0 else 0

    @property
    def closing_debit(self) -> int:
        return -self.statement.closing if self.statement.closing < 0 else 0

    @property
    def closing_credit(self) -> int:
        return self.statement.closing if self.statement.closing > 0 else 0

    @property
    def turnover_debit(self) -> int:
        return sum(row.debit for row in self.rows)

    @property
    def turnover_credit(self) -> int:
        return sum(row.credit for row in self.rows)


def act(customer: Customer, date_from: datetime.date, date_to: datetime.date) -> Act:
    """The reconciliation act (акт сверки) for a legal entity; ActRefused for an individual."""
    if customer.kind != CustomerKind.LEGAL_ENTITY:
        raise ActRefused(
            "not_a_legal_entity", _("A reconciliation act is for legal entities only.")
        )
    found = statement(customer, date_from, date_to)
    rows = [
        ActRow(
            at=m.at,
            document=(
                _("%(document)s (reversal)") % {"document": m.document}
                if m.kind == OperationKind.REVERSAL
                else m.document
            ),
            debit=m.amount_out,
            credit=m.amount_in,
        )
        for m in found.movements
    ]
    return Act(statement=found, rows=rows)


# --- downloads ---------------------------------------------------------------------------


def csv_amount(minor: int) -> str:
    """An amount as the shop's language writes decimals (ru: `1234,50`), with no thousands
    separator or currency sign, so that a spreadsheet reads it as a number."""
    separator = formats.get_format("DECIMAL_SEPARATOR", lang=settings.LANGUAGE_CODE)
    return str(from_minor(minor)).replace(".", separator)


def csv_time(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M:%S")


def statement_csv(found: Statement) -> bytes:
    """The statement as CSV for a spreadsheet in Russian settings: UTF-8 with a BOM, `;`
    between fields, amounts by csv_amount, times in the shop's time zone; the first row after
    the header is the opening balance, the last the closing one."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [_("Date"), _("Document"), _("Description"), _("Amount"), _("Balance"), _("Operation")]
    )
    writer.writerow(
        [
            found.date_from.strftime("%d.%m.%Y"),
            "",
            _("Opening balance"),
            "",
            csv_amount(found.opening),
            "",
        ]
    )
    for m in found.movements:
        writer.writerow(
            [
                csv_time(m.at),
                m.document,
                m.description,
                csv_amount(m.amount),
                csv_amount(m.balance),
                m.operation_id,
            ]
        )
    writer.writerow(
        [
            found.date_to.strftime("%d.%m.%Y"),
            "",
            _("Closing balance"),
            "",
            csv_amount(found.closing),
            "",
        ]
    )
    return "\ufeff".encode() + out.getvalue().encode()


def file_name(kind: str, found: Statement, extension: str) -> str:
    return f"{kind}-{found.customer.pk}-{found.date_from:%Y%m%d}-{found.date_to:%Y%m%d}.{extension}"


# A PDF is typeset in the request, about 10 ms a movement (1 000 movements, 25 pages: 5–10 s
# on a busy 2-core machine): longer ones are refused before any work; the CSV has no limit.
MAX_PDF_MOVEMENTS = 1000


def _pdf_size_check(found: Statement) -> None:
    if len(found.movements) > MAX_PDF_MOVEMENTS:
        raise PeriodError(
            "too_many_movements",
            _(
                "The period has %(count)d movements, more than a PDF holds (%(limit)d): "
                "choose a shorter period or download the CSV."
            )
            % {"count": len(found.movements), "limit": MAX_PDF_MOVEMENTS},
        )


def statement_pdf(found: Statement) -> bytes:
    """The statement's PDF; PeriodError `too_many_movements` beyond MAX_PDF_MOVEMENTS."""
    from .pdf import render_pdf

    _pdf_size_check(found)
    return render_pdf("billing/pdf/statement.html", {"statement": found})


def act_pdf(found: Act) -> bytes:
    """The act's PDF; PeriodError `too_many_movements` beyond MAX_PDF_MOVEMENTS."""
    from partsdesk.invoices.words import amount_in_words

    from .pdf import render_pdf

    _pdf_size_check(found.statement)
    closing = found.closing_debit or found.closing_credit
    return render_pdf(
        "billing/pdf/act.html",
        {
            "act": found,
            "statement": found.statement,
            # The legal document states the closing debt in words too (in Russian).
            "closing_words": amount_in_words(closing) if closing else "",
        },
    )


# --- the list of operations --------------------------------------------------------------


@dataclass(frozen=True)
class OperationRow:
    """One ledger operation of the customer with what it did to each of their accounts."""

    operation_id: int
    at: datetime.datetime
    kind: str
    kind_name: str
    document: str
    description: str
    order_number: str
    order_id: int | None
    available_change: int
    reserved_change: int
    reversed: bool

    @property
    def reversible(self) -> bool:
        return not self.reversed and self.kind != OperationKind.REVERSAL

    @property
    def amount(self) -> int:
        """The change of the customer's money with the shop (0 for a reserve or release)."""
        return self.available_change + self.reserved_change


def operations_of(customer: Customer):
    """The customer's operations, newest first (page it, then pass a page to operation_rows)."""
    return (
        Operation.objects.filter(customer=customer)
        .select_related("order", "position", "reverses", "reversed_by")
        .order_by("-created_at", "-id")
    )


def operation_rows(customer: Customer, operations) -> list[OperationRow]:
    """Rows for `operations` (a page of operations_of): one more query for their entries."""
    operations = list(operations)
    changes: dict[tuple[int, str], int] = {}
    for operation_id, kind, amount in Entry.objects.filter(
        operation_id__in=[o.pk for o in operations], account__customer=customer
    ).values_list("operation_id", "account__kind", "amount"):
        changes[operation_id, kind] = changes.get((operation_id, kind), 0) + amount
    labels = kind_labels()
    rows = []
    for operation in operations:
        try:
            reversed_ = operation.reversed_by is not None
        except Operation.DoesNotExist:
            reversed_ = False
        rows.append(
            OperationRow(
                operation_id=operation.pk,
                at=operation.created_at,
                kind=operation.kind,
                kind_name=labels[operation.kind],
                document=document_label(facts_of(operation), labels),
                description=description_of(facts_of(operation), labels),
                order_number=operation.order.number if operation.order_id else "",
                order_id=operation.order_id,
                available_change=changes.get((operation.pk, AccountKind.AVAILABLE), 0),
                reserved_change=changes.get((operation.pk, AccountKind.RESERVED), 0),
                reversed=reversed_,
            )
        )
    return rows


def latest_operations(customer: Customer, *, limit: int = 10) -> list[OperationRow]:
    return operation_rows(customer, operations_of(customer)[:limit])
