"""The desk's money pages for one customer, under `/desk/billing/` (names `desk:billing_*`):
balance, credit terms and every operation; a correction, a reversal and credit terms
(each with its permission, a reason and an audit entry); the customer's statement, CSV, PDF
and act. Only for staff who see the customer (desk.selectors.customers_visible_to) and may
see the ledger (`billing.view_ledger`); anyone else's customer is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partsdesk.accounts.models import Customer, CustomerKind
from partsdesk.desk import selectors as desk_selectors

from . import services, staff, statements
from .forms import CorrectionForm, CreditTermsForm, PeriodForm, ReversalForm
from .models import CreditTerms, Operation
from .selectors import balance_of
from .services import BillingError, from_minor
from .statements import PeriodError
from .views import download

PAGE_SIZE = 50
VIEW = ["accounts.view_customer", "billing.view_ledger"]


def _render(request, template: str, context: dict, *, status: int = 200):
    context = {
        **context,
        "desk_section": "customers",
        "is_administrator": desk_selectors.is_administrator(request.user),
    }
    return render(request, template, context, status=status)


def _visible_customer(request, customer_id: int) -> Customer:
    """The customer if this staff member may see them; 404 otherwise."""
    return get_object_or_404(
        desk_selectors.customers_visible_to(request.user).select_related("user"), pk=customer_id
    )


def _money_page(request, customer: Customer, *, status: int = 200, **forms):
    user = request.user
    is_legal_entity = customer.kind == CustomerKind.LEGAL_ENTITY
    page = Paginator(statements.operations_of(customer), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "customer": customer,
        "balance": balance_of(customer),
        "is_legal_entity": is_legal_entity,
        "page": page,
        "rows": statements.operation_rows(customer, page.object_list),
        "can_correct": user.has_perm("billing.correct_balance"),
        "period_form": PeriodForm.from_query({}),
    }
    if context["can_correct"]:
        context["correction_form"] = forms.get("correction_form") or CorrectionForm()
    if is_legal_entity and user.has_perm("billing.set_credit_terms"):
        terms = CreditTerms.objects.filter(customer=customer).first()
        context["credit_form"] = forms.get("credit_form") or CreditTermsForm(
            initial={
                "limit": from_minor(terms.limit if terms else 0),
                "deferral_days": terms.deferral_days if terms else 0,
            }
        )
    return _render(request, "billing/desk/customer_money.html", context, status=status)


@require_GET
@login_required
@permission_required(VIEW, raise_exception=True)
def customer_money(request, customer_id: int):
    return _money_page(request, _visible_customer(request, customer_id))


def _add_error(form, error: BillingError) -> None:
    form.add_error(None, error.message)


@require_POST
@login_required
@permission_required([*VIEW, "billing.correct_balance"], raise_exception=True)
def correct(request, customer_id: int):
    customer = _visible_customer(request, customer_id)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            operation = services.correct(
                customer,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
                key=f"correction:{customer.pk}:{form.cleaned_data['key']}",
            )
        except BillingError as error:
            _add_error(form, error)
        else:
            if operation.is_new:
                messages.success(request, _("The balance is corrected."))
            else:
                messages.info(request, _("This correction was already made."))
            return redirect("desk:billing_customer", customer_id=customer.pk)
    return _money_page(request, customer, status=400, correction_form=form)


@require_http_methods(["GET", "POST"])
@login_required
@permission_required([*VIEW, "billing.correct_balance"], raise_exception=True)
def reverse(request, customer_id: int, operation_id: int):
    customer = _visible_customer(request, customer_id)
    operation = get_object_or_404(Operation, pk=operation_id, customer=customer)
    row = statements.operation_rows(customer, [operation])[0]
    form = ReversalForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                staff.operation_reverse(
                    operation=operation, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except BillingError as error:
                _add_error(form, error)
            else:
                messages.success(request, _("The operation is reversed."))
                return redirect("desk:billing_customer", customer_id=customer.pk)
    return _render(
        request,
        "billing/desk/reverse.html",
        {"customer": customer, "row": row, "form": form},
        status=status,
    )


@require_POST
@login_required
@permission_required([*VIEW, "billing.set_credit_terms"], raise_exception=True)
def credit_terms(request, customer_id: int):
    customer = _visible_customer(request, customer_id)
    if customer.kind != CustomerKind.LEGAL_ENTITY:
        raise Http404("not a legal entity")
    form = CreditTermsForm(request.POST)
    if form.is_valid():
        try:
            staff.credit_terms_set(
                customer=customer,
                limit=form.cleaned_data["limit"],
                deferral_days=form.cleaned_data["deferral_days"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except BillingError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The credit terms are saved."))
            return redirect("desk:billing_customer", customer_id=customer.pk)
    return _money_page(request, customer, status=400, credit_form=form)


def _period(request):
    form = PeriodForm.from_query(request.GET)
    if form.is_valid():
        return form, form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    return form, None, None


def _statement_page(request, customer, form, found, *, status: int = 200):
    return _render(
        request,
        "billing/desk/statement.html",
        {
            "customer": customer,
            "form": form,
            "statement": found,
            "period_query": request.GET.urlencode() if found else "",
            "is_legal_entity": customer.kind == CustomerKind.LEGAL_ENTITY,
        },
        status=status,
    )


@require_GET
@login_required
@permission_required(VIEW, raise_exception=True)
def statement(request, customer_id: int):
    customer = _visible_customer(request, customer_id)
    form, start, end = _period(request)
    if start is None:
        return _statement_page(request, customer, form, None, status=400)
    return _statement_page(request, customer, form, statements.statement(customer, start, end))


@require_GET
@login_required
@permission_required(VIEW, raise_exception=True)
def statement_file(request, customer_id: int, kind: str):
    customer = _visible_customer(request, customer_id)
    form, start, end = _period(request)
    if start is None:
        return _statement_page(request, customer, form, None, status=400)
    if kind == "act" and customer.kind != CustomerKind.LEGAL_ENTITY:
        raise Http404("not a legal entity")
    found = statements.statement(customer, start, end)
    if kind == "csv":
        return download(
            statements.statement_csv(found),
            content_type="text/csv; charset=utf-8",
            name=statements.file_name("statement", found, "csv"),
        )
    try:
        if kind == "act":
            content = statements.act_pdf(statements.act(customer, start, end))
        else:
            content = statements.statement_pdf(found)
    except PeriodError as error:
        form.add_error(None, error.message)
        return _statement_page(request, customer, form, None, status=400)
    name = statements.file_name("act" if kind == "act" else "statement", found, "pdf")
    return download(content, content_type="application/pdf", name=name)


urlpatterns = [
    path("customers/<int:customer_id>/", customer_money, name="billing_customer"),
    path("customers/<int:customer_id>/correct/", correct, name="billing_correct"),
    path(
        "customers/<int:customer_id>/operations/<int:operation_id>/reverse/",
        reverse,
        name="billing_reverse",
    ),
    path("customers/<int:customer_id>/credit-terms/", credit_terms, name="billing_credit_terms"),
    path("customers/<int:customer_id>/statement/", statement, name="billing_statement"),
    path(
        "customers/<int:customer_id>/statement.csv",
        statement_file,
        {"kind": "csv"},
        name="billing_statement_csv",
    ),
    path(
        "customers/<int:customer_id>/statement.pdf",
        statement_file,
        {"kind": "pdf"},
        name="billing_statement_pdf",
    ),
    path(
        "customers/<int:customer_id>/act.pdf",
        statement_file,
        {"kind": "act"},
        name="billing_act_pdf",
    ),
]
