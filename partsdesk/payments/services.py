"""Payments through a provider and withdrawals: everything here that changes state.

A payment is opened (`top_up_start`, `order_payment_start`) under the client's idempotency
key, then the provider is asked for its page. Its outcome arrives by a webhook
(`webhook_receive`) or by asking the provider (`payment_refresh`); both end in
`payment_settle`, the one path that moves a payment to succeeded and credits the balance —
under the payment's row lock, with the provider's event recorded in the same transaction and
the ledger key "payment:<id>", so however many times and however concurrently it is told,
the money is credited once.
"""

import hashlib
import json
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partsdesk.accounts.models import Customer, User
from partsdesk.billing.models import Account, OperationKind
from partsdesk.billing.services import (
    BillingError,
    Leg,
    customer_accounts,
    from_minor,
    post,
    provider_account,
    shop_account,
    top_up,
)
from partsdesk.notifications.models import Event
from partsdesk.notifications.services import notify
from partsdesk.orders.models import Order, PaymentMethod

from .banking import account_valid, bik_valid
from .models import Payment, ProviderEvent, Withdrawal
from .providers import ProviderError, ProviderPayment, get_provider
from .statuses import (
    PAYMENT_TRANSITIONS,
    WITHDRAWAL_TRANSITIONS,
    Destination,
    PaymentStatus,
    Purpose,
    WithdrawalStatus,
    check_transition,
)

log = logging.getLogger(__name__)

MIN_AMOUNT = 100  # 1.00
MAX_AMOUNT = 100_000_000  # 1 000 000.00


class PaymentError(BillingError):
    """A refused payment or withdrawal request: nothing changed."""


def _money(amount: int) -> str:
    return f"{from_minor(amount)} {settings.SHOP_CURRENCY}"


def _check_amount(amount: int) -> None:
    if not isinstance(amount, int) or not MIN_AMOUNT <= amount <= MAX_AMOUNT:
        raise PaymentError(
            "invalid_amount",
            _("The amount must be from %(low)s to %(high)s.")
            % {"low": _money(MIN_AMOUNT), "high": _money(MAX_AMOUNT)},
        )


def _check_key(key: str) -> None:
    if not key or len(key) > 200:
        raise PaymentError(
            "invalid_idempotency_key", _("An idempotency key of 1 to 200 characters is needed.")
        )


def _fingerprint(**request) -> str:
    return hashlib.sha256(json.dumps(request, sort_keys=True, default=str).encode()).hexdigest()


def _return_url(payment: Payment) -> str:
    return payment.return_url or settings.SITE_URL + reverse("payments:payment", args=[payment.pk])


# --- opening a payment -------------------------------------------------------------------


def _payment_open(
    customer: Customer,
    *,
    purpose: str,
    amount: int,
    idempotency_key: str,
    return_url: str = "",
    order: Order | None = None,
) -> Payment:
    """The payment under this key (made now or before) and at its provider; PaymentError
    `idempotency_conflict` when the key was used for a different request."""
    _check_amount(amount)
    _check_key(idempotency_key)
    fingerprint = _fingerprint(
        purpose=purpose,
        amount=amount,
        currency=settings.SHOP_CURRENCY,
        order=order.number if order else None,
        return_url=return_url,
    )
    payment = _payment_by_key(customer, idempotency_key, fingerprint)
    if payment is None:
        try:
            with transaction.atomic():
                payment = Payment.objects.create(
                    customer=customer,
                    order=order,
                    purpose=purpose,
                    provider=settings.PAYMENT_PROVIDER,
                    amount=amount,
                    currency=settings.SHOP_CURRENCY,
                    return_url=return_url,
                    idempotency_key=idempotency_key,
                    request_fingerprint=fingerprint,
                )
        except IntegrityError:
            # The same key committed by a concurrent request a moment ago.
            payment = _payment_by_key(customer, idempotency_key, fingerprint)
            if payment is None:
                raise
    return payment_at_provider(payment)


def _payment_by_key(customer: Customer, key: str, fingerprint: str) -> Payment | None:
    payment = Payment.objects.filter(customer=customer, idempotency_key=key).first()
    if payment is not None and payment.request_fingerprint != fingerprint:
        raise PaymentError(
            "idempotency_conflict",
            _("This idempotency key was already used for a different request."),
        )
    return payment


def payment_at_provider(payment: Payment) -> Payment:
    """Make sure the provider has the payment (its id and page are stored once; the
    provider's own idempotency key makes a repeated call return the same payment)."""
    if payment.provider_payment_id or payment.status != PaymentStatus.PENDING:
        return payment
    provider = get_provider(payment.provider)
    if payment.purpose == Purpose.ORDER and payment.order_id:
        description = _("Order %(number)s") % {"number": payment.order.number}
    else:
        description = _("Balance top-up, customer %(id)s") % {"id": payment.customer_id}
    try:
        created = provider.create(
            amount=payment.amount,
            currency=payment.currency,
            description=description,
            return_url=_return_url(payment),
            idempotency_key=f"partsdesk-payment-{payment.pk}",
        )
    except ProviderError as error:
        raise PaymentError("provider_unavailable", error.message) from error
    Payment.objects.filter(pk=payment.pk, provider_payment_id="").update(
        provider_payment_id=created.provider_payment_id,
        confirmation_url=created.confirmation_url,
        updated_at=timezone.now(),
    )
    payment.refresh_from_db()
    return payment


def top_up_start(
    *, customer: Customer, amount: int, idempotency_key: str, return_url: str = ""
) -> Payment:
    """A top-up of `amount` minor units; the customer pays at `payment.confirmation_url`."""
    return _payment_open(
        customer,
        purpose=Purpose.TOP_UP,
        amount=amount,
        idempotency_key=idempotency_key,
        return_url=return_url,
    )


def order_paid_amount(order: Order) -> int:
    """What succeeded card payments brought in for the order."""
    return (
        Payment.objects.filter(order=order, status=PaymentStatus.SUCCEEDED).aggregate(
            total=Sum("amount")
        )["total"]
        or 0
    )


def order_amount_to_pay(order: Order) -> int:
    """What a card order still needs by card: what it owes (neither reserved nor paid)
    less what the customer's available balance already covers; 0 for other orders."""
    from partsdesk.billing.order_payments import order_money
    from partsdesk.billing.selectors import balance_of

    if order.payment_method != PaymentMethod.CARD:
        return 0
    due = order_money(order).due
    return max(0, due - max(0, balance_of(order.customer).available))


def order_payment_start(
    *, customer: Customer, order: Order, idempotency_key: str = "", return_url: str = ""
) -> Payment:
    """Pay a card order's outstanding amount by card: a top-up that, once it succeeds,
    reserves the order from the balance. Without a key, a pending payment of the same
    amount for the order is reused."""
    if order.customer_id != customer.pk:
        raise PaymentError("not_found", _("Not found."))
    if order.payment_method != PaymentMethod.CARD:
        raise PaymentError("not_a_card_order", _("This order is not paid by card."))
    amount = order_amount_to_pay(order)
    if amount <= 0:
        raise PaymentError(
            "already_paid", _("This order is already paid or your balance covers it.")
        )
    if not idempotency_key:
        pending = (
            Payment.objects.filter(
                order=order, status=PaymentStatus.PENDING, amount=amount, return_url=return_url
            )
            .order_by("-created_at")
            .first()
        )
        if pending is not None:
            return payment_at_provider(pending)
        idempotency_key = f"order:{order.number}:{uuid.uuid4().hex}"
    return _payment_open(
        customer,
        purpose=Purpose.ORDER,
        amount=amount,
        idempotency_key=idempotency_key,
        return_url=return_url,
        order=order,
    )


# --- the outcome -------------------------------------------------------------------------


@transaction.atomic
def payment_settle(
    *, provider: str, state: ProviderPayment, event_id: str = "", payload: dict | None = None
) -> Payment | None:
    """Apply what the provider says about a payment: once, whatever the number of times it
    is told. None when we have no such payment. PaymentError `amount_mismatch` (nothing
    written) when the provider's amount is not ours."""
    payment = (
        Payment.objects.select_for_update(of=("self",))
        .select_related("customer__user", "order")
        .filter(provider=provider, provider_payment_id=state.provider_payment_id)
        .first()
    )
    if payment is None:
        log.warning("%s: no payment %s", provider, state.provider_payment_id)
        return None
    if event_id:
        try:
            with transaction.atomic():
                ProviderEvent.objects.create(
                    provider=provider,
                    event_id=event_id[:200],
                    payment=payment,
                    payload=payload or {},
                )
        except IntegrityError:
            return payment  # delivered before: already applied
    if state.status == payment.status or state.status == PaymentStatus.PENDING:
        return payment
    if payment.status != PaymentStatus.PENDING:
        log.error(
            "%s says payment %s is %s, ours is final at %s",
            provider,
            payment.pk,
            state.status,
            payment.status,
        )
        return payment
    if state.status == PaymentStatus.SUCCEEDED and (
        state.amount != payment.amount or state.currency != payment.currency
    ):
        raise PaymentError(
            "amount_mismatch", _("The provider's amount differs from the payment's.")
        )
    check_transition(PAYMENT_TRANSITIONS, payment.status, state.status)
    payment.status = state.status
    if state.status == PaymentStatus.SUCCEEDED:
        payment.succeeded_at = timezone.now()
        payment.save(update_fields=["status", "succeeded_at", "updated_at"])
        top_up(
            payment.customer,
            amount=payment.amount,
            source=provider_account(provider),
            key=f"payment:{payment.pk}",
            document=payment.document,
            order=payment.order,
            memo=str(payment.get_purpose_display()),
        )
        _tell(
            payment.customer,
            gettext_lazy("Payment received: %(amount)s"),
            {"amount": _money(payment.amount)},
            payment,
        )
        if payment.order_id:
            order_id = payment.order_id
            transaction.on_commit(lambda: _reserve_order(order_id), robust=True)
    else:
        payment.cancellation_reason = (state.cancellation_reason or "canceled")[:200]
        payment.save(update_fields=["status", "cancellation_reason", "updated_at"])
        _tell(
            payment.customer,
            gettext_lazy("Payment canceled: %(amount)s"),
            {"amount": _money(payment.amount)},
            payment,
        )
    return payment


def _tell(customer: Customer, title, values: dict, payment: Payment) -> None:
    from django.utils import translation

    with translation.override(customer.user.language or "ru"):
        text = str(title) % values
    notify(
        user=customer.user,
        event=Event.PAYMENT,
        title=text,
        url=reverse("payments:payment", args=[payment.pk]),
    )


def _reserve_order(order_id: int) -> None:
    """A card payment for an order: reserve the order from the balance just credited."""
    from partsdesk.billing.order_payments import order_reserve

    order = Order.objects.get(pk=order_id)
    try:
        order_reserve(order)
    except BillingError as error:
        log.warning("order %s not reserved after its card payment: %s", order.number, error)


def payment_refresh(payment: Payment) -> Payment:
    """Ask the provider about a pending payment and apply the answer (the return page does
    this, so a webhook that never arrived does not leave the customer waiting)."""
    if payment.status != PaymentStatus.PENDING or not payment.provider_payment_id:
        return payment
    try:
        state = get_provider(payment.provider).fetch(payment.provider_payment_id)
    except ProviderError as error:
        log.warning("payment %s: provider not reached: %s", payment.pk, error)
        return payment
    if state.status == PaymentStatus.PENDING:
        return payment
    try:
        payment_settle(
            provider=payment.provider,
            state=state,
            event_id=f"fetch:{state.status}:{state.provider_payment_id}",
        )
    except PaymentError as error:
        log.error("payment %s: %s", payment.pk, error)
    payment.refresh_from_db()
    return payment


def webhook_receive(provider_code: str, request) -> Payment | None:
    """Verify and apply a provider's webhook. Raises LookupError for an unknown provider,
    providers.WebhookRejected for one we do not believe (nothing changes)."""
    provider = get_provider(provider_code)
    event = provider.parse_webhook(request)
    if event is None:
        return None
    return payment_settle(
        provider=provider_code, state=event.payment, event_id=event.event_id, payload=event.payload
    )


# --- withdrawals -------------------------------------------------------------------------


def refundable_left(payment: Payment) -> int:
    """What may still go back to the card of a succeeded payment."""
    if payment.status != PaymentStatus.SUCCEEDED:
        return 0
    taken = (
        Withdrawal.objects.filter(
            payment=payment, status__in=[WithdrawalStatus.REQUESTED, WithdrawalStatus.PAID]
        ).aggregate(total=Sum("amount"))["total"]
        or 0
    )
    return max(0, payment.amount - taken)


def _lock_customer_accounts(customer: Customer) -> tuple[Account, Account]:
    accounts = customer_accounts(customer)
    locked = {
        a.pk: a
        for a in Account.objects.select_for_update()
        .filter(pk__in=[accounts.available.pk, accounts.reserved.pk])
        .order_by("pk")
    }
    return locked[accounts.available.pk], locked[accounts.reserved.pk]


@dataclass(frozen=True)
class WithdrawalTo:
    destination: str
    payment: Payment | None = None
    bank_bik: str = ""
    bank_account: str = ""
    account_holder: str = ""


@transaction.atomic
def withdrawal_request(*, customer: Customer, amount: int, to: WithdrawalTo) -> Withdrawal:
    """Ask for `amount` of the available balance back; it is held (available → reserved)
    at once, so it cannot be spent twice while staff decide."""
    _check_amount(amount)
    payment = None
    if to.destination == Destination.CARD:
        if to.payment is None:
            raise PaymentError("invalid_destination", _("Choose the payment to refund to."))
        payment = (
            Payment.objects.select_for_update()
            .filter(pk=to.payment.pk, customer=customer, status=PaymentStatus.SUCCEEDED)
            .first()
        )
        if payment is None:
            raise PaymentError("invalid_destination", _("Choose the payment to refund to."))
        if amount > refundable_left(payment):
            raise PaymentError(
                "too_much_for_card",
                _("At most %(amount)s can go back to this card.")
                % {"amount": _money(refundable_left(payment))},
            )
    elif to.destination == Destination.BANK:
        if not bik_valid(to.bank_bik):
            raise PaymentError("invalid_bik", _("A BIK is nine digits starting with 04."))
        if not account_valid(to.bank_bik, to.bank_account):
            raise PaymentError(
                "invalid_account",
                _("The account number must be 20 digits and agree with the BIK."),
            )
        if not to.account_holder.strip():
            raise PaymentError("invalid_holder", _("Write whose account it is."))
    else:
        raise PaymentError("invalid_destination", _("Choose where the money goes."))
    available, reserved = _lock_customer_accounts(customer)
    # Only the customer's own money goes out, never a credit limit.
    if available.balance < amount:
        raise PaymentError(
            "not_enough_balance",
            _("At most %(amount)s is available.") % {"amount": _money(max(0, available.balance))},
        )
    withdrawal = Withdrawal.objects.create(
        customer=customer,
        amount=amount,
        currency=settings.SHOP_CURRENCY,
        destination=to.destination,
        payment=payment,
        bank_bik=to.bank_bik if payment is None else "",
        bank_account=to.bank_account if payment is None else "",
        account_holder=to.account_holder.strip()[:200] if payment is None else "",
    )
    withdrawal.hold_operation = post(
        OperationKind.RESERVE,
        [Leg(available, -amount), Leg(reserved, amount)],
        key=f"withdrawal:{withdrawal.pk}:hold",
        customer=customer,
        document=withdrawal.document,
        memo=str(gettext_lazy("Withdrawal requested")),
    )
    withdrawal.save(update_fields=["hold_operation"])
    return withdrawal


def _decidable(withdrawal: Withdrawal, target: str) -> Withdrawal:
    locked = (
        Withdrawal.objects.select_for_update(of=("self",))
        .select_related("customer__user", "payment")
        .get(pk=withdrawal.pk)
    )
    if locked.status != WithdrawalStatus.REQUESTED:
        raise PaymentError(
            "already_decided",
            _("This withdrawal is already %(status)s.")
            % {"status": locked.get_status_display().lower()},
        )
    check_transition(WITHDRAWAL_TRANSITIONS, locked.status, target)
    return locked


def withdrawal_approve(withdrawal: Withdrawal, *, actor: User) -> Withdrawal:
    """Pay a withdrawal out: a card gets a provider refund, a bank account a transfer
    (the shop's bank sends it). The ledger moves only when the refund went through; a
    refused refund leaves the withdrawal requested with the error, and PaymentError raised."""
    if not actor.has_perm("billing.approve_withdrawal"):
        raise PaymentError("not_allowed", _("You may not approve withdrawals."))
    failure = None
    with transaction.atomic():
        withdrawal = _decidable(withdrawal, WithdrawalStatus.PAID)
        if withdrawal.destination == Destination.CARD:
            payment = withdrawal.payment
            try:
                withdrawal.provider_refund_id = get_provider(payment.provider).refund(
                    provider_payment_id=payment.provider_payment_id,
                    amount=withdrawal.amount,
                    currency=withdrawal.currency,
                    idempotency_key=(
                        f"partsdesk-withdrawal-{withdrawal.pk}-{withdrawal.failed_attempts}"
                    ),
                    description=str(_("Withdrawal %(id)s") % {"id": withdrawal.pk}),
                )
            except ProviderError as error:
                failure = error
                withdrawal.last_error = error.message[:500]
                withdrawal.failed_attempts += 1
                withdrawal.save(update_fields=["last_error", "failed_attempts"])
            destination = provider_account(payment.provider)
        else:
            destination = shop_account("bank")
        if failure is None:
            _available, reserved = _lock_customer_accounts(withdrawal.customer)
            withdrawal.payout_operation = post(
                OperationKind.WITHDRAWAL,
                [Leg(reserved, -withdrawal.amount), Leg(destination, withdrawal.amount)],
                key=f"withdrawal:{withdrawal.pk}:payout",
                customer=withdrawal.customer,
                document=withdrawal.document,
                memo=str(withdrawal.get_destination_display()),
                actor=actor,
            )
            withdrawal.status = WithdrawalStatus.PAID
            withdrawal.decided_by = actor
            withdrawal.decided_at = timezone.now()
            withdrawal.last_error = ""
            withdrawal.save(
                update_fields=[
                    "payout_operation",
                    "provider_refund_id",
                    "status",
                    "decided_by",
                    "decided_at",
                    "last_error",
                ]
            )
            _tell_withdrawal(
                withdrawal, gettext_lazy("Withdrawal paid out: %(amount)s"), actor=actor
            )
    if failure is not None:
        raise PaymentError("refund_failed", failure.message)
    return withdrawal


@transaction.atomic
def withdrawal_decline(withdrawal: Withdrawal, *, actor: User, reason: str) -> Withdrawal:
    """Refuse a withdrawal: the held money goes back to available."""
    if not actor.has_perm("billing.approve_withdrawal"):
        raise PaymentError("not_allowed", _("You may not approve withdrawals."))
    reason = (reason or "").strip()
    if not reason:
        raise PaymentError("reason_required", _("Write the reason for declining."))
    withdrawal = _decidable(withdrawal, WithdrawalStatus.DECLINED)
    available, reserved = _lock_customer_accounts(withdrawal.customer)
    withdrawal.release_operation = post(
        OperationKind.RELEASE,
        [Leg(reserved, -withdrawal.amount), Leg(available, withdrawal.amount)],
        key=f"withdrawal:{withdrawal.pk}:release",
        customer=withdrawal.customer,
        document=withdrawal.document,
        memo=reason[:500],
        actor=actor,
    )
    withdrawal.status = WithdrawalStatus.DECLINED
    withdrawal.decided_by = actor
    withdrawal.decided_at = timezone.now()
    withdrawal.reason = reason[:500]
    withdrawal.save(
        update_fields=["release_operation", "status", "decided_by", "decided_at", "reason"]
    )
    _tell_withdrawal(withdrawal, gettext_lazy("Withdrawal declined: %(amount)s"), actor=actor)
    return withdrawal


def _tell_withdrawal(withdrawal: Withdrawal, title, *, actor: User) -> None:
    from django.utils import translation

    user = withdrawal.customer.user
    with translation.override(user.language or "ru"):
        text = str(title) % {"amount": _money(withdrawal.amount)}
    notify(
        user=user,
        event=Event.PAYMENT,
        title=text,
        body=withdrawal.reason,
        url=reverse("payments:withdrawals"),
    )
