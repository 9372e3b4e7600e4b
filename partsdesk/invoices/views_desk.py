"""The staff side under `/desk/invoices/` (names in `desk:invoices:`): the shop's requisites,
bank statement upload, the queue of unmatched payments, cash received at pickup points.

Requisites, statements and the queue need `billing.import_bank_statement` (administrators,
senior managers); cash needs `billing.record_cash` (managers, warehouse, administrators).
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from partsdesk.desk.selectors import is_administrator

from . import selectors, services
from .forms import AssignForm, CashReceiptForm, IgnoreForm, RequisitesForm, StatementUploadForm
from .models import BankPayment, Invoice, StatementImport
from .services import CASH_PERMISSION, STATEMENT_PERMISSION, InvoiceError


def staff_with(permission: str):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _render(request, template: str, section: str, context: dict, *, status: int = 200):
    context = {
        **context,
        "desk_section": "money",
        "money_section": section,
        "is_administrator": is_administrator(request.user),
    }
    return render(request, template, context, status=status)


@login_required
def home(request):
    if request.user.has_perm(STATEMENT_PERMISSION):
        return redirect("desk:invoices:unmatched")
    if request.user.has_perm(CASH_PERMISSION):
        return redirect("desk:invoices:cash")
    raise PermissionDenied


@staff_with(STATEMENT_PERMISSION)
@require_http_methods(["GET", "POST"])
def requisites(request):
    row = selectors.requisites()
    form = RequisitesForm(request.POST or None, instance=row if row.pk else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.requisites_save(data=form.cleaned_data, actor=request.user)
        except InvoiceError as error:
            for field, message in error.errors.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("The requisites are saved."))
            return redirect("desk:invoices:requisites")
    status = 400 if request.method == "POST" else 200
    return _render(
        request, "invoices/desk/requisites.html", "requisites", {"form": form}, status=status
    )


@staff_with(STATEMENT_PERMISSION)
@require_http_methods(["GET", "POST"])
def statements(request):
    form = StatementUploadForm(request.POST or None, request.FILES or None)
    summary = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                summary = services.statement_import(
                    data=upload.read(), file_name=upload.name, actor=request.user
                )
            except InvoiceError as error:
                form.add_error("file", error.message)
            else:
                messages.success(
                    request,
                    _(
                        "Statement imported: %(matched)d credited, %(unmatched)d to match by "
                        "hand, %(duplicates)d already imported, %(ignored)d not incoming."
                    )
                    % summary.as_dict(),
                )
                return redirect("desk:invoices:statements")
    context = {
        "form": form,
        "imports": StatementImport.objects.select_related("imported_by")[:30],
        "requisites_ready": selectors.requisites().complete,
    }
    return _render(request, "invoices/desk/statements.html", "statements", context, status=status)


@staff_with(STATEMENT_PERMISSION)
def unmatched(request):
    payments = list(selectors.payments_unmatched().select_related("statement")[:200])
    for payment in payments:
        customer = selectors.customer_find(payment.payer_inn) if payment.payer_inn else None
        numbers = services.invoice_numbers_in(payment.purpose)
        payment.assign_form = AssignForm(
            initial={
                "customer": payment.payer_inn if customer else "",
                "invoice": numbers[0] if numbers else "",
            },
            prefix=f"p{payment.pk}",
        )
        payment.ignore_form = IgnoreForm(prefix=f"p{payment.pk}")
        payment.suggested = customer
    context = {"payments": payments, "handled": selectors.payments_handled()}
    return _render(request, "invoices/desk/unmatched.html", "unmatched", context)


@staff_with(STATEMENT_PERMISSION)
@require_POST
def payment_assign(request, payment_id: int):
    payment = get_object_or_404(BankPayment, pk=payment_id)
    form = AssignForm(request.POST, prefix=f"p{payment.pk}")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("desk:invoices:unmatched")
    try:
        services.payment_assign(
            payment,
            customer=form.cleaned_data["customer"],
            invoice=form.cleaned_data["invoice_obj"],
            actor=request.user,
            note=form.cleaned_data["note"],
        )
    except InvoiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Payment No. %(number)s is credited to %(customer)s.")
            % {"number": payment.number, "customer": form.cleaned_data["customer"]},
        )
    return redirect("desk:invoices:unmatched")


@staff_with(STATEMENT_PERMISSION)
@require_POST
def payment_ignore(request, payment_id: int):
    payment = get_object_or_404(BankPayment, pk=payment_id)
    form = IgnoreForm(request.POST, prefix=f"p{payment.pk}")
    if not form.is_valid():
        messages.error(request, _("Write why the payment is ignored."))
        return redirect("desk:invoices:unmatched")
    try:
        services.payment_ignore(payment, actor=request.user, reason=form.cleaned_data["reason"])
    except InvoiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Payment No. %(number)s is ignored.") % {"number": payment.number}
        )
    return redirect("desk:invoices:unmatched")


@staff_with(CASH_PERMISSION)
@require_http_methods(["GET", "POST"])
def cash(request):
    form = CashReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            receipt = services.cash_receipt_record(
                pickup_point=data["pickup_point"],
                number=data["number"],
                amount=data["amount"],
                actor=request.user,
                customer=data["customer"],
                order_number=data["order_number"],
            )
        except InvoiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Receipt %(number)s is recorded and credited to %(customer)s.")
                % {"number": receipt.number, "customer": receipt.customer},
            )
            return redirect("desk:invoices:cash")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "receipts": selectors.cash_receipts_recent()}
    return _render(request, "invoices/desk/cash.html", "cash", context, status=status)


@staff_with(STATEMENT_PERMISSION)
def invoices(request):
    query = request.GET.get("q", "").strip()
    rows = selectors.invoices_search(query)[:100]
    context = {"invoices": rows, "query": query}
    return _render(request, "invoices/desk/invoices.html", "invoices", context)


@staff_with(STATEMENT_PERMISSION)
@require_POST
def invoice_cancel(request, number: str):
    invoice = get_object_or_404(Invoice, number=number)
    try:
        services.invoice_cancel(invoice, actor=request.user)
    except InvoiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Invoice %(number)s is cancelled.") % {"number": number})
    return redirect("desk:invoices:invoices")
