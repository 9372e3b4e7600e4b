"""The customer's payments: list, top-up, the page a payment returns to, paying a card
order, withdrawals. Every payment shown is the signed-in customer's own; another's is a 404."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from partsdesk.accounts.selectors import customer_of, home_url_name
from partsdesk.billing.selectors import balance_of
from partsdesk.orders import selectors as order_selectors

from . import selectors, services
from .forms import TopUpForm, WithdrawalForm
from .services import PaymentError, WithdrawalTo
from .statuses import Destination, PaymentStatus

PAGE_SIZE = 20


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


def _with_wait(payment):
    if payment.status == PaymentStatus.PENDING:
        payment.pending_minutes = selectors.pending_minutes(payment.provider)
    return payment


@customer_required
@require_GET
def payments(request, customer):
    page = Paginator(selectors.payments_of(customer), PAGE_SIZE).get_page(request.GET.get("page"))
    for payment in page.object_list:
        _with_wait(payment)
    return render(
        request,
        "payments/payments.html",
        {"page": page, "balance": balance_of(customer)},
    )


@customer_required
@require_http_methods(["GET", "POST"])
def top_up(request, customer):
    form = TopUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            payment = services.top_up_start(
                customer=customer,
                amount=form.amount_minor(),
                idempotency_key=f"web:{form.cleaned_data['key']}",
            )
        except PaymentError as error:
            form.add_error(None, error.message)
        else:
            if payment.confirmation_url and payment.status == PaymentStatus.PENDING:
                return redirect(payment.confirmation_url)
            return redirect("payments:payment", payment_id=payment.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "payments/top_up.html",
        {"form": form, "balance": balance_of(customer)},
        status=status,
    )


@customer_required
@require_GET
def payment(request, customer, payment_id: int):
    found = selectors.payment_of(customer, payment_id)
    if found is None:
        raise Http404(payment_id)
    # Back from the payment page: ask the provider too, in case its webhook is late.
    found = _with_wait(services.payment_refresh(found))
    return render(request, "payments/payment.html", {"payment": found})


@customer_required
@require_http_methods(["GET", "POST"])
def order_pay(request, customer, number: str):
    order = order_selectors.order_of(customer, number)
    if order is None:
        raise Http404(number)
    if request.method == "POST":
        try:
            started = services.order_payment_start(customer=customer, order=order)
        except PaymentError as error:
            messages.error(request, error.message)
        else:
            if started.confirmation_url:
                return redirect(started.confirmation_url)
            return redirect("payments:payment", payment_id=started.pk)
    return render(
        request,
        "payments/order_pay.html",
        {
            "order": order,
            "to_pay": services.order_amount_to_pay(order),
            "paid": services.order_paid_amount(order),
            "just_placed": request.GET.get("placed") == "1",
        },
    )


@customer_required
@require_http_methods(["GET", "POST"])
def withdrawals(request, customer):
    refundable = selectors.refundable_payments(customer)
    form = WithdrawalForm(request.POST or None, payments=refundable)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        payment = None
        if data["destination"] == Destination.CARD and data["payment"]:
            payment = selectors.payment_of(customer, data["payment"])
        try:
            services.withdrawal_request(
                customer=customer,
                amount=form.amount_minor(),
                to=WithdrawalTo(
                    destination=data["destination"],
                    payment=payment,
                    bank_bik=data["bank_bik"].strip(),
                    bank_account=data["bank_account"].strip(),
                    account_holder=data["account_holder"],
                ),
            )
        except PaymentError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Your request is received; the money is held until it is paid out.")
            )
            return redirect("payments:withdrawals")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "payments/withdrawals.html",
        {
            "form": form,
            "balance": balance_of(customer),
            "withdrawals": selectors.withdrawals_of(customer)[:100],
            "has_cards": bool(refundable),
        },
        status=status,
    )
