"""The customer's invoices under `/account/invoices/` (legal entities only): the list, a
request for a top-up invoice, the PDF, and an order's invoice (issued on first download)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from partsdesk.accounts.selectors import customer_of, home_url_name
from partsdesk.orders.models import Order

from . import selectors, services
from .forms import InvoiceRequestForm
from .pdf import invoice_file_name, invoice_pdf
from .services import InvoiceError


def company_required(view):
    """A signed-in legal-entity customer; an individual gets a 404, staff their home."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        customer = customer_of(request.user)
        if customer is None:
            return redirect(home_url_name(request.user))
        if not selectors.may_have_invoices(customer):
            raise Http404(_("Bank invoices are for companies and entrepreneurs only."))
        return view(request, customer, *args, **kwargs)

    return wrapper


def pdf_response(invoice) -> HttpResponse:
    response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{invoice_file_name(invoice)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@company_required
@require_http_methods(["GET", "POST"])
def invoices(request, customer):
    form = InvoiceRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invoice = services.invoice_issue(
                customer=customer, amount=form.cleaned_data["amount"], actor=request.user
            )
        except InvoiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Invoice %(number)s is issued: download it and pay it from your bank.")
                % {"number": invoice.number},
            )
            return redirect("invoices:list")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "invoices/invoices.html",
        {
            "form": form,
            "invoices": selectors.invoices_of(customer)[:200],
            "requisites_ready": selectors.requisites().complete,
        },
        status=status,
    )


@company_required
@require_GET
def invoice_download(request, customer, number: str):
    invoice = selectors.invoice_of(customer, number)
    if invoice is None:
        raise Http404
    return pdf_response(invoice)


@company_required
@require_GET
def order_invoice(request, customer, order_number: str):
    order = Order.objects.filter(customer=customer, number=order_number).first()
    if order is None:
        raise Http404
    try:
        invoice = services.invoice_for_order(order, actor=request.user)
    except InvoiceError as error:
        messages.error(request, error.message)
        return redirect("orders:order", order.number)
    return pdf_response(invoice)
