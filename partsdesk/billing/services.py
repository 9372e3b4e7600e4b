"""The ledger: the one place money moves (`post`), and the operations built on it.

Every operation is a balanced set of entries in integer minor units, posted in one
transaction with the balances it changes, under the row locks of its accounts (taken in
ascending id, so that concurrent operations never deadlock). Its idempotency key is unique
in the database: the same key again returns the first operation, the same key with a
different request is refused. Corrections are reversing operations, never edits.
"""

import hashlib
import json
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partsdesk.accounts.models import Customer, CustomerKind, User

from .models import (
    Account,
    AccountKind,
    CreditTerms,
    Entry,
    Operation,
    OperationKind,
)

MINOR_PER_UNIT = 100


def to_minor(amount: Decimal) -> int:
    """Decimal money → integer minor units (kopecks), half up."""
    return int((Decimal(amount) * MINOR_PER_UNIT).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def from_minor(amount: int) -> Decimal:
    return (Decimal(amount) / MINOR_PER_UNIT).quantize(Decimal("0.01"))


class BillingError(Exception):
    """A refused money operation: `code` for the API, `message` for people; nothing changed."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class InsufficientFunds(BillingError):
    def __init__(self, message: str | None = None):
        super().__init__("not_enough_balance", message or _("There is not enough money."))


class IdempotencyConflict(BillingError):
    def __init__(self):
        super().__init__(
            "idempotency_conflict",
            _("This idempotency key was already used for a different request."),
        )


# --- accounts ----------------------------------------------------------------------------

SHOP_ACCOUNTS = {
    "bank": (AccountKind.BANK, _("Bank account")),
    "revenue": (AccountKind.REVENUE, _("Revenue")),
    "refunds": (AccountKind.REFUNDS, _("Refunds")),
    "corrections": (AccountKind.CORRECTIONS, _("Corrections")),
}


def shop_account(code: str, *, kind: str | None = None, name: str = "") -> Account:
    """The shop's account by code ("bank", "revenue", "cash_desk:3", "provider:sandbox"),
    opened on first use."""
    if kind is None:
        kind, default_name = SHOP_ACCOUNTS[code]
        name = name or str(default_name)
    account, _created = Account.objects.get_or_create(
        code=code, defaults={"kind": kind, "name": (name or code)[:200]}
    )
    return account


def provider_account(provider: str) -> Account:
    return shop_account(
        f"provider:{provider}", kind=AccountKind.PROVIDER, name=_("Provider %s") % provider
    )


def cash_desk_account(pickup_point) -> Account:
    return shop_account(
        f"cash_desk:{pickup_point.pk}",
        kind=AccountKind.CASH_DESK,
        name=_("Cash desk: %s") % pickup_point.name,
    )


@dataclass(frozen=True)
class CustomerAccounts:
    available: Account
    reserved: Account


def customer_accounts(customer: Customer) -> CustomerAccounts:
    """The customer's available and reserved accounts, opened on first use."""
    accounts = {a.kind: a for a in Account.objects.filter(customer=customer)}
    for kind in (AccountKind.AVAILABLE, AccountKind.RESERVED):
        if kind not in accounts:
            accounts[kind], _created = Account.objects.get_or_create(
                customer=customer,
                kind=kind,
                defaults={
                    "code": f"customer:{customer.pk}:{kind}",
                    "name": f"{customer.display_name[:150]}: {AccountKind(kind).label}",
                },
            )
    return CustomerAccounts(accounts[AccountKind.AVAILABLE], accounts[AccountKind.RESERVED])


def credit_limit_of(customer: Customer) -> int:
    """How far below zero the customer's available balance may go (legal entities only)."""
    if customer.kind != CustomerKind.LEGAL_ENTITY:
        return 0
    terms = CreditTerms.objects.filter(customer=customer).first()
    return terms.limit if terms else 0


# --- posting -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Leg:
    account: Account
    amount: int


def _fingerprint(kind: str, legs: list[Leg], **refs) -> str:
    body = {
        "kind": kind,
        "legs": sorted((leg.account.pk, leg.amount) for leg in legs),
        **{name: value for name, value in refs.items() if value not in (None, "")},
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


def _existing(key: str, fingerprint: str) -> Operation | None:
    operation = Operation.objects.filter(idempotency_key=key).first()
    if operation is not None and operation.fingerprint != fingerprint:
        raise IdempotencyConflict()
    return operation


def _floor(account: Account) -> int | None:
    """The lowest balance an account may reach; None when it has no floor (shop accounts)."""
    if account.kind == AccountKind.AVAILABLE:
        return -credit_limit_of(account.customer)
    if account.kind == AccountKind.RESERVED:
        return 0
    return None


@transaction.atomic
def post(
    kind: str,
    legs: list[Leg],
    *,
    key: str,
    customer: Customer | None = None,
    order=None,
    position=None,
    document: str = "",
    memo: str = "",
    actor: User | None = None,
    reverses: Operation | None = None,
) -> Operation:
    """Post one balanced operation, or return the one already posted under `key`.

    The returned operation's `is_new` tells whether this call posted it.
    Refused with InsufficientFunds when a customer account would go below its floor, with
    IdempotencyConflict when `key` was used for a different operation; nothing is written
    then.
    """
    legs = [leg for leg in legs if leg.amount]
    if not legs or sum(leg.amount for leg in legs) != 0:
        raise ValueError("An operation's entries must be non-zero and sum to zero.")
    if not key or len(key) > 200:
        raise BillingError("invalid_key", _("An idempotency key of 1 to 200 characters is needed."))
    fingerprint = _fingerprint(
        kind,
        legs,
        customer=customer and customer.pk,
        order=order and order.pk,
        position=position and position.pk,
        document=document,
        reverses=reverses and reverses.pk,
    )
    existing = _existing(key, fingerprint)
    if existing is not None:
        existing.is_new = False
        return existing

    # Lock every account touched, in id order; the balances are read under the locks.
    ids = sorted({leg.account.pk for leg in legs})
    locked = {
        account.pk: account
        for account in Account.objects.select_for_update(of=("self",))
        .select_related("customer")
        .filter(pk__in=ids)
        .order_by("pk")
    }
    # A concurrent request with the same key may have committed while we waited.
    existing = _existing(key, fingerprint)
    if existing is not None:
        existing.is_new = False
        return existing

    # Each leg becomes an entry with the balance after it, so the floor is checked after
    # every leg (for one leg per account, the same as checking the account's net change).
    totals: dict[int, int] = {}
    floors: dict[int, int | None] = {}
    for leg in legs:
        account = locked[leg.account.pk]
        totals[account.pk] = totals.get(account.pk, 0) + leg.amount
        if leg.amount > 0:
            continue  # money coming in never breaks a floor (and needs no credit lookup)
        if account.pk not in floors:
            floors[account.pk] = _floor(account)
        floor = floors[account.pk]
        if floor is not None and account.balance + totals[account.pk] < floor:
            raise InsufficientFunds()

    now = timezone.now()
    try:
        with transaction.atomic():
            operation = Operation.objects.create(
                kind=kind,
                idempotency_key=key,
                fingerprint=fingerprint,
                customer=customer,
                order=order,
                position=position,
                document=document[:64],
                reverses=reverses,
                memo=memo[:500],
                actor=actor,
                created_at=now,
            )
    except IntegrityError:
        # The same key committed by another transaction between our check and insert.
        existing = _existing(key, fingerprint)
        if existing is None:
            raise
        existing.is_new = False
        return existing
    entries = []
    for leg in legs:
        account = locked[leg.account.pk]
        account.balance += leg.amount
        entries.append(
            Entry(
                operation=operation,
                account=account,
                amount=leg.amount,
                balance_after=account.balance,
                created_at=now,
            )
        )
    Entry.objects.bulk_create(entries)
    for account_id in totals:
        Account.objects.filter(pk=account_id).update(balance=locked[account_id].balance)
    operation.is_new = True
    return operation


@transaction.atomic
def reverse(operation: Operation, *, actor: User | None, reason: str) -> Operation:
    """Undo an operation by posting its entries with the sign turned (once per operation)."""
    reason = reason.strip()
    if not reason:
        raise BillingError("reason_required", _("Write the reason for the reversal."))
    if operation.kind == OperationKind.REVERSAL:
        raise BillingError("not_reversible", _("A reversal is not reversed; post a new operation."))
    legs = [Leg(entry.account, -entry.amount) for entry in operation.entries.select_related()]
    if Operation.objects.filter(reverses=operation).exists():
        raise BillingError("already_reversed", _("This operation has already been reversed."))
    reversal = post(
        OperationKind.REVERSAL,
        legs,
        key=f"reverse:{operation.pk}",
        customer=operation.customer,
        order=operation.order,
        position=operation.position,
        document=operation.document,
        memo=reason,
        actor=actor,
        reverses=operation,
    )
    if not reversal.is_new:
        # Another reversal committed while this one waited on the account locks: the same
        # answer as a reversal asked for after it.
        raise BillingError("already_reversed", _("This operation has already been reversed."))
    return reversal


# --- a customer's balance ----------------------------------------------------------------


def _positive(amount: int) -> int:
    # bool is an int to Python (and to a lax JSON schema): True is not one kopeck.
    if type(amount) is not int or amount <= 0:
        raise BillingError("invalid_amount", _("The amount must be more than zero."))
    return amount


def top_up(
    customer: Customer,
    *,
    amount: int,
    source: Account,
    key: str,
    document: str = "",
    memo: str = "",
    actor: User | None = None,
    order=None,
) -> Operation:
    """Money came in through `source` (a provider, a cash desk, the bank) for the customer.

    Once it commits, the customer's orders on hold for not enough balance are tried again
    (billing.tasks.retry_held_orders)."""
    accounts = customer_accounts(customer)
    operation = post(
        OperationKind.TOP_UP,
        [Leg(accounts.available, _positive(amount)), Leg(source, -amount)],
        key=key,
        customer=customer,
        order=order,
        document=document,
        memo=memo,
        actor=actor,
    )
    if operation.is_new:
        from .tasks import retry_held_orders

        customer_id = customer.pk
        transaction.on_commit(lambda: retry_held_orders.delay(customer_id), robust=True)
    return operation


def reserve(
    customer: Customer,
    *,
    amount: int,
    key: str,
    order=None,
    position=None,
    memo: str = "",
    actor: User | None = None,
) -> Operation:
    """Available → reserved for an order; InsufficientFunds when the balance (plus the
    credit limit) does not cover it."""
    accounts = customer_accounts(customer)
    return post(
        OperationKind.RESERVE,
        [Leg(accounts.available, -_positive(amount)), Leg(accounts.reserved, amount)],
        key=key,
        customer=customer,
        order=order,
        position=position,
        memo=memo,
        actor=actor,
    )


def release(
    customer: Customer,
    *,
    amount: int,
    key: str,
    order=None,
    position=None,
    memo: str = "",
    actor: User | None = None,
) -> Operation:
    """Reserved → available (a position cancelled or rejected before it was issued)."""
    accounts = customer_accounts(customer)
    return post(
        OperationKind.RELEASE,
        [Leg(accounts.reserved, -_positive(amount)), Leg(accounts.available, amount)],
        key=key,
        customer=customer,
        order=order,
        position=position,
        memo=memo,
        actor=actor,
    )


def capture(
    customer: Customer,
    *,
    amount: int,
    key: str,
    order=None,
    position=None,
    memo: str = "",
    actor: User | None = None,
) -> Operation:
    """Reserved → the shop's revenue (the position was issued)."""
    accounts = customer_accounts(customer)
    return post(
        OperationKind.CAPTURE,
        [Leg(accounts.reserved, -_positive(amount)), Leg(shop_account("revenue"), amount)],
        key=key,
        customer=customer,
        order=order,
        position=position,
        memo=memo,
        actor=actor,
    )


def refund(
    customer: Customer,
    *,
    amount: int,
    key: str,
    order=None,
    position=None,
    memo: str = "",
    actor: User | None = None,
) -> Operation:
    """Money the shop had taken goes back to the customer's available balance."""
    accounts = customer_accounts(customer)
    return post(
        OperationKind.REFUND,
        [Leg(accounts.available, _positive(amount)), Leg(shop_account("refunds"), -amount)],
        key=key,
        customer=customer,
        order=order,
        position=position,
        memo=memo,
        actor=actor,
    )


def withdraw(
    customer: Customer,
    *,
    amount: int,
    destination: Account,
    key: str,
    document: str = "",
    memo: str = "",
    actor: User | None = None,
) -> Operation:
    """Available balance paid out to the customer through `destination`."""
    accounts = customer_accounts(customer)
    return post(
        OperationKind.WITHDRAWAL,
        [Leg(accounts.available, -_positive(amount)), Leg(destination, amount)],
        key=key,
        customer=customer,
        document=document,
        memo=memo,
        actor=actor,
    )


@transaction.atomic
def correct(customer: Customer, *, amount: int, reason: str, actor: User, key: str) -> Operation:
    """A staff correction of the available balance (+ or −): needs the permission and a
    reason, and goes to the customer's audit log."""
    from partsdesk.accounts.services import audit

    if not actor.has_perm("billing.correct_balance"):
        raise BillingError("not_allowed", _("You may not correct balances."))
    reason = reason.strip()
    if not reason:
        raise BillingError("reason_required", _("Write the reason for the correction."))
    if type(amount) is not int or amount == 0:
        raise BillingError("invalid_amount", _("The amount must not be zero."))
    accounts = customer_accounts(customer)
    operation = post(
        OperationKind.CORRECTION,
        [Leg(accounts.available, amount), Leg(shop_account("corrections"), -amount)],
        key=key,
        customer=customer,
        memo=reason,
        actor=actor,
    )
    if operation.is_new:
        audit(
            customer=customer,
            actor=actor,
            action="balance_corrected",
            operation=operation.pk,
            amount=amount,
            reason=reason[:500],
        )
    return operation


def currency() -> str:
    return settings.SHOP_CURRENCY
