"""Payments and withdrawals for the mobile app (`/api/v1/payments…`, `/api/v1/withdrawals`,
`/api/v1/orders/{number}/payments`). Only the caller's own exist here; another customer's
is a 404.

Opening a payment needs an `Idempotency-Key` header: the same key again answers with the
same payment, identically; the same key with a different body is 409 `idempotency_conflict`.
The customer then pays at `confirmation_url`; the balance is credited when the provider
confirms (a webhook), once.
"""

import datetime
import math
from decimal import Decimal

from django.core.paginator import Paginator
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Status
from pydantic import Field

from partsdesk.billing.services import from_minor, to_minor
from partsdesk.orders import selectors as order_selectors
from partsdesk.payments import selectors, services
from partsdesk.payments.models import Payment, Withdrawal
from partsdesk.payments.services import MAX_AMOUNT, MIN_AMOUNT, PaymentError, WithdrawalTo
from partsdesk.payments.statuses import Destination, PaymentStatus, Purpose, WithdrawalStatus

from .account import the_customer
from .errors import ApiError
from .search import Out
from .security import signed_in

router = Router(tags=["payments"], auth=signed_in)

PAGE_SIZE = 20
STATUS_OF_ERROR = {
    "idempotency_conflict": 409,
    "already_paid": 409,
    "not_a_card_order": 409,
    "provider_unavailable": 502,
    "not_enough_balance": 409,
    "not_found": 404,
}
KEY_HEADER = Header(
    None,
    alias="Idempotency-Key",
    description="Any unique string of 1 to 200 characters, one per payment the client means",
)


def payment_error(error: PaymentError) -> ApiError:
    return ApiError(error.code, error.message, status=STATUS_OF_ERROR.get(error.code, 422))


class TopUpIn(Out):
    amount: Decimal = Field(ge=from_minor(MIN_AMOUNT), le=from_minor(MAX_AMOUNT), decimal_places=2)
    return_url: str = Field(
        "",
        max_length=500,
        description="Where the payment page sends the customer back (http or https); "
        "the shop's own payment page when empty",
    )


class OrderPaymentIn(Out):
    return_url: str = Field("", max_length=500)


class PaymentOut(Out):
    id: int
    purpose: Purpose
    order_number: str | None
    amount: Decimal
    currency: str
    status: PaymentStatus
    status_name: str
    provider: str
    confirmation_url: str
    pending_minutes: int | None = Field(description="How long a pending payment may take")
    cancellation_reason: str
    created_at: datetime.datetime
    succeeded_at: datetime.datetime | None


class PaymentPageOut(Out):
    count: int
    page: int
    pages: int
    results: list[PaymentOut]


class WithdrawalIn(Out):
    amount: Decimal = Field(ge=from_minor(MIN_AMOUNT), le=from_minor(MAX_AMOUNT), decimal_places=2)
    destination: Destination
    payment_id: int | None = Field(None, description="For a card: the payment refunded to")
    bank_bik: str = Field("", max_length=9)
    bank_account: str = Field("", max_length=20)
    account_holder: str = Field("", max_length=200)


class WithdrawalOut(Out):
    id: int
    amount: Decimal
    currency: str
    destination: Destination
    payment_id: int | None
    bank_bik: str
    bank_account: str
    account_holder: str
    status: WithdrawalStatus
    status_name: str
    reason: str
    created_at: datetime.datetime
    decided_at: datetime.datetime | None


def payment_out(payment: Payment) -> dict:
    pending = payment.status == PaymentStatus.PENDING
    return {
        "id": payment.pk,
        "purpose": payment.purpose,
        "order_number": payment.order.number if payment.order_id else None,
        "amount": from_minor(payment.amount),
        "currency": payment.currency,
        "status": payment.status,
        "status_name": str(payment.get_status_display()),
        "provider": payment.provider,
        "confirmation_url": payment.confirmation_url,
        "pending_minutes": selectors.pending_minutes(payment.provider) if pending else None,
        "cancellation_reason": payment.cancellation_reason,
        "created_at": payment.created_at,
        "succeeded_at": payment.succeeded_at,
    }


def withdrawal_out(withdrawal: Withdrawal) -> dict:
    return {
        "id": withdrawal.pk,
        "amount": from_minor(withdrawal.amount),
        "currency": withdrawal.currency,
        "destination": withdrawal.destination,
        "payment_id": withdrawal.payment_id,
        "bank_bik": withdrawal.bank_bik,
        "bank_account": withdrawal.bank_account,
        "account_holder": withdrawal.account_holder,
        "status": withdrawal.status,
        "status_name": str(withdrawal.get_status_display()),
        "reason": withdrawal.reason,
        "created_at": withdrawal.created_at,
        "decided_at": withdrawal.decided_at,
    }


def _check_return_url(url: str) -> str:
    url = url.strip()
    if url and not (url.startswith("https://") or url.startswith("http://")):
        raise ApiError("invalid_return_url", _("The return address must be an http(s) URL."), 422)
    return url


@router.post(
    "/payments",
    response={201: PaymentOut},
    summary="Top up the balance by card: open a payment, then send the customer to its page",
    description="Needs the `Idempotency-Key` header. The same key again answers 201 with the "
    "same payment; with a different body, 409 `idempotency_conflict`.",
)
def payment_create(request, data: TopUpIn, idempotency_key: str | None = KEY_HEADER):
    customer = the_customer(request)
    if not idempotency_key or not idempotency_key.strip():
        raise ApiError(
            "idempotency_key_required", _("Send an Idempotency-Key header with the request.")
        )
    try:
        payment = services.top_up_start(
            customer=customer,
            amount=to_minor(data.amount),
            idempotency_key=idempotency_key.strip(),
            return_url=_check_return_url(data.return_url),
        )
    except PaymentError as error:
        raise payment_error(error) from error
    return Status(201, payment_out(payment))


@router.get("/payments", response=PaymentPageOut, summary="The caller's payments, newest first")
def payments_list(request, status: PaymentStatus | None = None, page: int = Query(1, ge=1)):
    customer = the_customer(request)
    found = selectors.payments_of(customer)
    if status:
        found = found.filter(status=status)
    paginator = Paginator(found, PAGE_SIZE)
    current = paginator.get_page(page)
    return {
        "count": paginator.count,
        "page": current.number,
        "pages": max(1, math.ceil(paginator.count / PAGE_SIZE)),
        "results": [payment_out(p) for p in current.object_list],
    }


@router.get(
    "/payments/{payment_id}",
    response=PaymentOut,
    summary="A payment; a pending one is checked with the provider first",
)
def payment_detail(request, payment_id: int):
    payment = selectors.payment_of(the_customer(request), payment_id)
    if payment is None:
        raise Http404(payment_id)
    return payment_out(services.payment_refresh(payment))


@router.post(
    "/orders/{number}/payments",
    response={201: PaymentOut},
    summary="Pay a card order by card (a top-up that then pays the order from the balance)",
    description="The amount is what the order still owes less the available balance. "
    "With an `Idempotency-Key` the same key answers the same payment; without one a pending "
    "payment of the same amount for the order is reused. 409 `already_paid`, "
    "`not_a_card_order`.",
)
def order_payment_create(
    request, number: str, data: OrderPaymentIn, idempotency_key: str | None = KEY_HEADER
):
    customer = the_customer(request)
    order = order_selectors.order_of(customer, number)
    if order is None:
        raise Http404(number)
    try:
        payment = services.order_payment_start(
            customer=customer,
            order=order,
            idempotency_key=(idempotency_key or "").strip(),
            return_url=_check_return_url(data.return_url),
        )
    except PaymentError as error:
        raise payment_error(error) from error
    return Status(201, payment_out(payment))


@router.post(
    "/withdrawals",
    response={201: WithdrawalOut},
    summary="Ask for available balance back to a card or a bank account",
    description="The amount is held at once (available → reserved) until staff pay it out "
    "or decline it. A card is that of one of the caller's succeeded payments (at most what "
    "it brought in); a bank account needs a valid BIK and account number.",
)
def withdrawal_create(request, data: WithdrawalIn):
    customer = the_customer(request)
    payment = None
    if data.destination == Destination.CARD:
        payment = selectors.payment_of(customer, data.payment_id) if data.payment_id else None
        if payment is None:
            raise ApiError("invalid_destination", _("Choose the payment to refund to."), status=422)
    try:
        withdrawal = services.withdrawal_request(
            customer=customer,
            amount=to_minor(data.amount),
            to=WithdrawalTo(
                destination=data.destination,
                payment=payment,
                bank_bik=data.bank_bik.strip(),
                bank_account=data.bank_account.strip(),
                account_holder=data.account_holder,
            ),
        )
    except PaymentError as error:
        raise payment_error(error) from error
    return Status(201, withdrawal_out(withdrawal))


@router.get("/withdrawals", response=list[WithdrawalOut], summary="The caller's withdrawals")
def withdrawals_list(request):
    customer = the_customer(request)
    return [withdrawal_out(w) for w in selectors.withdrawals_of(customer)[:100]]
