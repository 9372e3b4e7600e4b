"""The customer's balance for the mobile app (`/api/v1/balance…`, `/api/v1/statements…`):
the balance widget, the operations page by page, a statement for a period as JSON, CSV or
PDF, and the reconciliation act for legal entities. Amounts are decimals in the shop's
currency. Only the caller's own money exists here."""

import datetime
import math
from decimal import Decimal

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from ninja import Query, Router

from partsdesk.billing import statements
from partsdesk.billing.selectors import balance_of
from partsdesk.billing.services import currency, from_minor
from partsdesk.billing.statements import ActRefused, PeriodError

from .account import the_customer
from .errors import ApiError
from .search import Out
from .security import signed_in

router = Router(tags=["balance"], auth=signed_in)

PAGE_SIZE = 20


class BalanceOut(Out):
    currency: str
    available: Decimal
    reserved: Decimal
    credit_limit: Decimal
    deferral_days: int
    spendable: Decimal


class OperationOut(Out):
    id: int
    at: datetime.datetime
    kind: str
    kind_name: str
    document: str
    description: str
    order_number: str
    available_change: Decimal
    reserved_change: Decimal
    amount: Decimal
    reversed: bool


class OperationPageOut(Out):
    count: int
    page: int
    pages: int
    results: list[OperationOut]


class MovementOut(Out):
    operation_id: int
    at: datetime.datetime
    kind: str
    kind_name: str
    document: str
    description: str
    order_number: str
    amount: Decimal
    balance: Decimal


class StatementOut(Out):
    currency: str
    date_from: datetime.date
    date_to: datetime.date
    time_zone: str
    opening: Decimal
    total_in: Decimal
    total_out: Decimal
    closing: Decimal
    movements: list[MovementOut]


@router.get("/balance", response=BalanceOut, summary="Available, reserved, credit terms")
def balance_get(request):
    found = balance_of(the_customer(request))
    return {
        "currency": currency(),
        "available": from_minor(found.available),
        "reserved": from_minor(found.reserved),
        "credit_limit": from_minor(found.credit_limit),
        "deferral_days": found.deferral_days,
        "spendable": from_minor(found.spendable),
    }


@router.get(
    "/balance/operations",
    response=OperationPageOut,
    summary="Every operation on the caller's balance, newest first",
    description="`available_change` and `reserved_change` say what it did to each account; "
    "`amount` is their sum (0 for a reserve or release).",
)
def balance_operations(request, page: int = Query(1, ge=1)):
    customer = the_customer(request)
    paginator = Paginator(statements.operations_of(customer), PAGE_SIZE)
    current = paginator.get_page(page)
    return {
        "count": paginator.count,
        "page": current.number,
        "pages": max(1, math.ceil(paginator.count / PAGE_SIZE)),
        "results": [
            {
                "id": row.operation_id,
                "at": row.at,
                "kind": row.kind,
                "kind_name": row.kind_name,
                "document": row.document,
                "description": row.description,
                "order_number": row.order_number,
                "available_change": from_minor(row.available_change),
                "reserved_change": from_minor(row.reserved_change),
                "amount": from_minor(row.amount),
                "reversed": row.reversed,
            }
            for row in statements.operation_rows(customer, current.object_list)
        ],
    }


class PeriodIn(Out):
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def _statement(request, period: PeriodIn) -> statements.Statement:
    customer = the_customer(request)
    start, end = statements.default_period()
    try:
        return statements.statement(customer, period.date_from or start, period.date_to or end)
    except PeriodError as error:
        raise ApiError(error.code, error.message, status=422) from error


PERIOD_HELP = (
    "`date_from` and `date_to` (YYYY-MM-DD, inclusive, in the shop's time zone; the current "
    "month by default). A period that ends before it starts answers 422 `invalid_period`, "
    f"one longer than {statements.MAX_PERIOD_DAYS} days 422 `period_too_long`; a PDF of more "
    f"than {statements.MAX_PDF_MOVEMENTS} movements 422 `too_many_movements` (take the CSV)."
)


@router.get(
    "/statements",
    response=StatementOut,
    summary="The statement for a period: opening balance, movements, closing balance",
    description="The balance is the money with the shop: available plus reserved. " + PERIOD_HELP,
)
def statement_get(request, period: Query[PeriodIn]):
    found = _statement(request, period)
    return {
        "currency": currency(),
        "date_from": found.date_from,
        "date_to": found.date_to,
        "time_zone": settings.TIME_ZONE,
        "opening": from_minor(found.opening),
        "total_in": from_minor(found.total_in),
        "total_out": from_minor(found.total_out),
        "closing": from_minor(found.closing),
        "movements": [
            {
                "operation_id": m.operation_id,
                "at": m.at,
                "kind": m.kind,
                "kind_name": m.kind_name,
                "document": m.document,
                "description": m.description,
                "order_number": m.order_number,
                "amount": from_minor(m.amount),
                "balance": from_minor(m.balance),
            }
            for m in found.movements
        ],
    }


def _file(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def _file_doc(media_type: str) -> dict:
    return {"responses": {200: {"description": media_type, "content": {media_type: {}}}}}


@router.get(
    "/statements/csv",
    summary="The statement as CSV (UTF-8 with BOM, `;`, amounts as the shop's language writes)",
    description=PERIOD_HELP,
    openapi_extra=_file_doc("text/csv"),
)
def statement_csv(request, period: Query[PeriodIn]):
    found = _statement(request, period)
    return _file(
        statements.statement_csv(found),
        "text/csv; charset=utf-8",
        statements.file_name("statement", found, "csv"),
    )


@router.get(
    "/statements/pdf",
    summary="The statement as PDF",
    description=PERIOD_HELP,
    openapi_extra=_file_doc("application/pdf"),
)
def statement_pdf(request, period: Query[PeriodIn]):
    found = _statement(request, period)
    try:
        content = statements.statement_pdf(found)
    except PeriodError as error:
        raise ApiError(error.code, error.message, status=422) from error
    return _file(content, "application/pdf", statements.file_name("statement", found, "pdf"))


@router.get(
    "/statements/act.pdf",
    summary="The reconciliation act for a period (legal entities)",
    description="An individual gets 403 `not_a_legal_entity`. " + PERIOD_HELP,
    openapi_extra=_file_doc("application/pdf"),
)
def statement_act_pdf(request, period: Query[PeriodIn]):
    customer = the_customer(request)
    start, end = statements.default_period()
    try:
        found = statements.act(customer, period.date_from or start, period.date_to or end)
        content = statements.act_pdf(found)
    except ActRefused as error:
        raise ApiError(error.code, error.message, status=403) from error
    except PeriodError as error:
        raise ApiError(error.code, error.message, status=422) from error
    return _file(content, "application/pdf", statements.file_name("act", found.statement, "pdf"))
