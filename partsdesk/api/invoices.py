"""Bank invoices for companies (`/api/v1/invoices…`): the list, a top-up invoice, the PDF,
and an order's invoice. Legal-entity customers only (others get 403 `not_legal_entity`);
another customer's invoice or order is a 404."""

import datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status
from pydantic import Field

from partsdesk.billing.services import from_minor, to_minor
from partsdesk.invoices import selectors, services
from partsdesk.invoices.models import Invoice
from partsdesk.invoices.pdf import invoice_file_name, invoice_pdf
from partsdesk.invoices.services import MAX_INVOICE_AMOUNT, InvoiceError
from partsdesk.orders.models import Order

from .account import the_customer
from .errors import ApiError
from .search import Out
from .security import signed_in

router = Router(tags=["invoices"], auth=signed_in)

ERROR_STATUS = {
    "not_legal_entity": 403,
    "customer_blocked": 403,
    "no_inn": 409,
    "no_requisites": 409,
    "not_bank_invoice": 409,
    "nothing_to_pay": 409,
    "invalid_amount": 422,
}


class InvoiceLineOut(Out):
    name: str
    quantity: int
    unit: str
    price: Decimal
    amount: Decimal


class InvoiceOut(Out):
    number: str
    status: str
    status_name: str
    issued_on: datetime.date
    due_on: datetime.date
    paid_at: datetime.datetime | None
    amount: Decimal = Field(description="VAT included")
    vat_percent: Decimal
    vat_amount: Decimal
    currency: str
    order_number: str | None
    purpose: str = Field(description="Quote it in the payment order")
    lines: list[InvoiceLineOut]
    pdf_url: str


class InvoiceIn(Out):
    amount: Decimal = Field(gt=0, max_digits=12, decimal_places=2, description="Roubles")


def invoice_out(invoice: Invoice) -> dict:
    return {
        "number": invoice.number,
        "status": invoice.status,
        "status_name": invoice.get_status_display(),
        "issued_on": invoice.issued_on,
        "due_on": invoice.due_on,
        "paid_at": invoice.paid_at,
        "amount": from_minor(invoice.amount),
        "vat_percent": invoice.vat_percent,
        "vat_amount": from_minor(invoice.vat_amount),
        "currency": invoice.currency,
        "order_number": invoice.order.number if invoice.order_id else None,
        "purpose": invoice.purpose,
        "lines": [
            {
                "name": line["name"],
                "quantity": line["quantity"],
                "unit": line["unit"],
                "price": from_minor(line["price"]),
                "amount": from_minor(line["amount"]),
            }
            for line in invoice.lines
        ],
        "pdf_url": f"/api/v1/invoices/{invoice.number}/pdf",
    }


def invoice_error(error: InvoiceError) -> ApiError:
    return ApiError(error.code, error.message, status=ERROR_STATUS.get(error.code, 400))


def the_company(request):
    customer = the_customer(request)
    if not selectors.may_have_invoices(customer):
        raise ApiError(
            "not_legal_entity",
            _("Bank invoices are for companies and entrepreneurs only."),
            status=403,
        )
    return customer


@router.get("/invoices", response=list[InvoiceOut], summary="Your bank invoices, newest first")
def invoices(request):
    return [invoice_out(invoice) for invoice in selectors.invoices_of(the_company(request))[:200]]


@router.post(
    "/invoices",
    response={201: InvoiceOut},
    summary="Issue an invoice to top up the balance by `amount` (roubles, VAT included)",
)
def invoice_issue(request, data: InvoiceIn):
    customer = the_company(request)
    amount = to_minor(data.amount)
    if amount > MAX_INVOICE_AMOUNT:
        raise ApiError("invalid_amount", _("The amount is too large for one invoice."), 422)
    try:
        invoice = services.invoice_issue(customer=customer, amount=amount, actor=request.auth)
    except InvoiceError as error:
        raise invoice_error(error) from error
    return Status(201, invoice_out(invoice))


@router.get(
    "/invoices/{number}/pdf",
    summary="The invoice as PDF",
    openapi_extra={
        "responses": {200: {"description": "application/pdf", "content": {"application/pdf": {}}}}
    },
)
def invoice_download(request, number: str):
    invoice = selectors.invoice_of(the_company(request), number)
    if invoice is None:
        raise ApiError("not_found", _("Not found."), status=404)
    response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{invoice_file_name(invoice)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.post(
    "/orders/{number}/invoice",
    response={200: InvoiceOut, 201: InvoiceOut},
    summary="The invoice of an order paid by bank invoice (issued on the first call: 201)",
)
def order_invoice(request, number: str):
    customer = the_company(request)
    order = Order.objects.filter(customer=customer, number=number).first()
    if order is None:
        raise ApiError("not_found", _("Not found."), status=404)
    existed = selectors.invoices_of(customer).filter(order=order).exclude(status="cancelled")
    existed = existed.exists()
    try:
        invoice = services.invoice_for_order(order, actor=request.auth)
    except InvoiceError as error:
        raise invoice_error(error) from error
    return Status(200 if existed else 201, invoice_out(invoice))
