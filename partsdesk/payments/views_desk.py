"""Payments and the withdrawal queue in the desk. Staff who see balances
(`billing.view_ledger`) see the payments of the customers they see; approving or declining a
withdrawal needs `billing.approve_withdrawal`."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partsdesk.desk.selectors import customers_visible_to, is_administrator

from . import selectors, services
from .forms import DeclineForm, PaymentFilterForm, WithdrawalFilterForm
from .models import Withdrawal
from .services import PaymentError

PAGE_SIZE = 50


def ledger_staff_required(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("billing.view_ledger"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _render(request, template: str, context: dict):
    context = {
        **context,
        "desk_section": "payments",
        "is_administrator": is_administrator(request.user),
        "can_decide": request.user.has_perm("billing.approve_withdrawal"),
    }
    return render(request, template, context)


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@ledger_staff_required
@require_GET
def payments(request):
    form = PaymentFilterForm(request.GET or None)
    found = selectors.desk_payments(request.user, **form.filters())
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(
        request,
        "payments/desk/payments.html",
        {"form": form, "page": page, "query_string": _query_without_page(request)},
    )


@ledger_staff_required
@require_GET
def withdrawals(request):
    form = WithdrawalFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else "requested"
    page = Paginator(selectors.desk_withdrawals(request.user, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return _render(
        request,
        "payments/desk/withdrawals.html",
        {
            "form": form,
            "page": page,
            "decline_form": DeclineForm(),
            "query_string": _query_without_page(request),
        },
    )


def _withdrawal(request, withdrawal_id: int) -> Withdrawal:
    if not request.user.has_perm("billing.approve_withdrawal"):
        raise PermissionDenied
    return get_object_or_404(
        Withdrawal.objects.filter(customer__in=customers_visible_to(request.user)),
        pk=withdrawal_id,
    )


@ledger_staff_required
@require_POST
def withdrawal_approve(request, withdrawal_id: int):
    withdrawal = _withdrawal(request, withdrawal_id)
    try:
        services.withdrawal_approve(withdrawal, actor=request.user)
    except PaymentError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Withdrawal %(id)s is paid out.") % {"id": withdrawal.pk})
    return redirect("desk:payments_withdrawals")


@ledger_staff_required
@require_POST
def withdrawal_decline(request, withdrawal_id: int):
    withdrawal = _withdrawal(request, withdrawal_id)
    form = DeclineForm(request.POST)
    try:
        services.withdrawal_decline(
            withdrawal,
            actor=request.user,
            reason=form.cleaned_data["reason"] if form.is_valid() else "",
        )
    except PaymentError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Withdrawal %(id)s is declined.") % {"id": withdrawal.pk})
    return redirect("desk:payments_withdrawals")
