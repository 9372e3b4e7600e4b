"""Reads of payments and withdrawals for the customer's pages, the desk and the API."""

import datetime

from django.db.models import QuerySet

from partsdesk.accounts.models import Customer, User

from .models import Payment, Withdrawal
from .providers import get_provider
from .services import refundable_left
from .statuses import PaymentStatus, WithdrawalStatus


def payments_of(customer: Customer) -> QuerySet[Payment]:
    return Payment.objects.filter(customer=customer).select_related("order")


def payment_of(customer: Customer, payment_id: int) -> Payment | None:
    return payments_of(customer).filter(pk=payment_id).first()


def pending_minutes(provider_code: str) -> int:
    try:
        return get_provider(provider_code).pending_minutes
    except LookupError:
        return 60


def withdrawals_of(customer: Customer) -> QuerySet[Withdrawal]:
    return Withdrawal.objects.filter(customer=customer).select_related("payment")


def withdrawal_of(customer: Customer, withdrawal_id: int) -> Withdrawal | None:
    return withdrawals_of(customer).filter(pk=withdrawal_id).first()


def refundable_payments(customer: Customer) -> list[Payment]:
    """The customer's succeeded payments whose card can still take money back, each with
    `refundable` (minor units)."""
    found = []
    for payment in payments_of(customer).filter(status=PaymentStatus.SUCCEEDED)[:50]:
        payment.refundable = refundable_left(payment)
        if payment.refundable > 0:
            found.append(payment)
    return found


def desk_payments(
    user: User,
    *,
    status: str = "",
    provider: str = "",
    query: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[Payment]:
    """Payments of the customers `user` sees, newest first, filtered."""
    from partsdesk.desk.selectors import customers_visible_to

    found = Payment.objects.filter(customer__in=customers_visible_to(user)).select_related(
        "customer__user", "order"
    )
    if status:
        found = found.filter(status=status)
    if provider:
        found = found.filter(provider=provider)
    if query:
        query = query.strip()
        if query.isdigit():
            found = found.filter(pk=int(query))
        else:
            found = (
                found.filter(customer__full_name__icontains=query)
                | found.filter(provider_payment_id=query)
                | found.filter(order__number=query)
            )
    if date_from:
        found = found.filter(created_at__date__gte=date_from)
    if date_to:
        found = found.filter(created_at__date__lte=date_to)
    return found.order_by("-created_at", "-id")


def desk_withdrawals(
    user: User, *, status: str = WithdrawalStatus.REQUESTED
) -> QuerySet[Withdrawal]:
    from partsdesk.desk.selectors import customers_visible_to

    found = Withdrawal.objects.filter(customer__in=customers_visible_to(user)).select_related(
        "customer__user", "payment", "decided_by"
    )
    if status:
        found = found.filter(status=status)
    return (
        found.order_by("created_at", "id")
        if status == WithdrawalStatus.REQUESTED
        else (found.order_by("-created_at", "-id"))
    )
