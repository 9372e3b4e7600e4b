from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partsdesk.accounts import services as account_services
from partsdesk.accounts.models import Customer
from partsdesk.accounts.services import AccountError

from . import selectors
from .forms import ReasonForm, ReassignForm, add_account_error

PAGE_SIZE = 50


def _render(request, template: str, context: dict, *, status: int = 200):
    context = {
        **context,
        "desk_section": "customers",
        "is_administrator": selectors.is_administrator(request.user),
    }
    return render(request, template, context, status=status)


def _visible_customer(request, customer_id: int) -> Customer:
    """The customer if this staff member may see them; 404 otherwise (never reveal who exists)."""
    return get_object_or_404(
        selectors.customers_visible_to(request.user).select_related("user", "manager", "offer"),
        pk=customer_id,
    )


@require_GET
@login_required
@permission_required("accounts.view_customer", raise_exception=True)
def home(request):
    query = request.GET.get("q", "").strip()[:100]
    customers = selectors.customers_search(request.user, query=query)
    page = Paginator(customers, PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(request, "desk/home.html", {"page": page, "query": query})


def _customer_page(request, customer: Customer, *, status: int = 200, **forms):
    can_reassign = request.user.has_perm("accounts.reassign_manager")
    can_block = request.user.has_perm("accounts.block_customer")
    context = selectors.customer_card(customer)
    if can_reassign:
        context["reassign_form"] = forms.get("reassign_form") or ReassignForm(
            initial={"manager": customer.manager_id}
        )
    if can_block:
        if customer.is_blocked:
            context["unblock_form"] = forms.get("unblock_form") or ReasonForm(prefix="unblock")
        else:
            context["block_form"] = forms.get("block_form") or ReasonForm(prefix="block")
    return _render(request, "desk/customer.html", context, status=status)


@require_GET
@login_required
@permission_required("accounts.view_customer", raise_exception=True)
def customer_detail(request, customer_id: int):
    return _customer_page(request, _visible_customer(request, customer_id))


@require_POST
@login_required
@permission_required(["accounts.view_customer", "accounts.reassign_manager"], raise_exception=True)
def customer_reassign(request, customer_id: int):
    customer = _visible_customer(request, customer_id)
    form = ReassignForm(request.POST)
    if form.is_valid():
        try:
            account_services.manager_reassign(
                customer=customer, manager=form.cleaned_data["manager"], actor=request.user
            )
        except AccountError as error:
            add_account_error(form, error)
        else:
            messages.success(request, _("The personal manager is changed."))
            return redirect("desk:customer", customer_id=customer.pk)
    return _customer_page(request, customer, status=400, reassign_form=form)


@require_POST
@login_required
@permission_required(["accounts.view_customer", "accounts.block_customer"], raise_exception=True)
def customer_block(request, customer_id: int):
    customer = _visible_customer(request, customer_id)
    form = ReasonForm(request.POST, prefix="block")
    if customer.is_blocked:
        messages.warning(request, _("The customer is already blocked."))
        return redirect("desk:customer", customer_id=customer.pk)
    if form.is_valid():
        try:
            account_services.customer_block(
                customer=customer, reason=form.cleaned_data["reason"], actor=request.user
            )
        except AccountError as error:
            add_account_error(form, error)
        else:
            messages.success(request, _("The customer is blocked and signed out everywhere."))
            return redirect("desk:customer", customer_id=customer.pk)
    return _customer_page(request, customer, status=400, block_form=form)


@require_POST
@login_required
@permission_required(["accounts.view_customer", "accounts.block_customer"], raise_exception=True)
def customer_unblock(request, customer_id: int):
    customer = _visible_customer(request, customer_id)
    form = ReasonForm(request.POST, prefix="unblock")
    if not customer.is_blocked:
        messages.warning(request, _("The customer is not blocked."))
        return redirect("desk:customer", customer_id=customer.pk)
    if form.is_valid():
        try:
            account_services.customer_unblock(
                customer=customer, reason=form.cleaned_data["reason"], actor=request.user
            )
        except AccountError as error:
            add_account_error(form, error)
        else:
            messages.success(request, _("The customer is unblocked."))
            return redirect("desk:customer", customer_id=customer.pk)
    return _customer_page(request, customer, status=400, unblock_form=form)
