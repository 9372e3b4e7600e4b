"""The balance in the personal account, under `/account/balance/` (names in `billing:`):
the widget, the chart and the latest operations; every operation; a statement for a period
with its CSV and PDF; the reconciliation act for legal entities. Only the signed-in
customer's own money is ever shown."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from partsdesk.accounts.models import CustomerKind
from partsdesk.accounts.selectors import customer_of, home_url_name

from . import statements
from .charts import balance_chart_of
from .forms import PeriodForm
from .selectors import balance_of
from .statements import PeriodError

PAGE_SIZE = 50


def customer_required(view):
    """Signed in as a customer: the view gets `customer`; staff go to their own home."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        customer = customer_of(request.user)
        if customer is None:
            return redirect(home_url_name(request.user))
        return view(request, customer, *args, **kwargs)

    return wrapper


def download(content: bytes, *, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@customer_required
def balance(request, customer):
    return render(
        request,
        "billing/balance.html",
        {
            "customer": customer,
            "balance": balance_of(customer),
            "is_legal_entity": customer.kind == CustomerKind.LEGAL_ENTITY,
            "chart": balance_chart_of(customer),
            "chart_days": statements.CHART_DAYS,
            "operations": statements.latest_operations(customer),
            "top_up_url": reverse("payments:top_up"),
            "period_form": PeriodForm.from_query({}),
        },
    )


@require_GET
@customer_required
def operations(request, customer):
    page = Paginator(statements.operations_of(customer), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "billing/operations.html",
        {"page": page, "rows": statements.operation_rows(customer, page.object_list)},
    )


def _period(request):
    form = PeriodForm.from_query(request.GET)
    if form.is_valid():
        return form, form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    return form, None, None


@require_GET
@customer_required
def statement(request, customer):
    form, start, end = _period(request)
    found = statements.statement(customer, start, end) if start else None
    return render(
        request,
        "billing/statement.html",
        {
            "form": form,
            "statement": found,
            "period_query": request.GET.urlencode() if found else "",
            "is_legal_entity": customer.kind == CustomerKind.LEGAL_ENTITY,
        },
        status=200 if found or not form.is_bound else 400,
    )


def _refused(request, form):
    return render(
        request,
        "billing/statement.html",
        {"form": form, "statement": None, "period_query": ""},
        status=400,
    )


@require_GET
@customer_required
def statement_csv(request, customer):
    form, start, end = _period(request)
    if start is None:
        return _refused(request, form)
    found = statements.statement(customer, start, end)
    return download(
        statements.statement_csv(found),
        content_type="text/csv; charset=utf-8",
        name=statements.file_name("statement", found, "csv"),
    )


@require_GET
@customer_required
def statement_pdf(request, customer):
    form, start, end = _period(request)
    if start is None:
        return _refused(request, form)
    found = statements.statement(customer, start, end)
    try:
        content = statements.statement_pdf(found)
    except PeriodError as error:
        form.add_error(None, error.message)
        return _refused(request, form)
    return download(
        content,
        content_type="application/pdf",
        name=statements.file_name("statement", found, "pdf"),
    )


@require_GET
@customer_required
def act_pdf(request, customer):
    if customer.kind != CustomerKind.LEGAL_ENTITY:
        raise Http404("not a legal entity")
    form, start, end = _period(request)
    if start is None:
        return _refused(request, form)
    found = statements.act(customer, start, end)
    try:
        content = statements.act_pdf(found)
    except PeriodError as error:
        form.add_error(None, error.message)
        return _refused(request, form)
    return download(
        content,
        content_type="application/pdf",
        name=statements.file_name("act", found.statement, "pdf"),
    )
