"""The double-entry ledger: accounts, operations and their entries, in integer minor units.

Sign convention: an entry's `amount` is what it adds to its account's balance, and every
operation's entries sum to zero. A customer's accounts hold what the shop owes them, so a
top-up is +X on the customer's available account and −X on the account the money came
through (a cash desk, the bank, a provider's clearing account): the shop's own money accounts
therefore carry negative balances, shown with the sign turned (`Account.shown_balance`).

Nothing here is ever changed or deleted: a mistake is corrected by a reversing operation.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AccountKind(models.TextChoices):
    # A customer's own two accounts.
    AVAILABLE = "available", _("Available")
    RESERVED = "reserved", _("Reserved for orders")
    # The shop's accounts.
    CASH_DESK = "cash_desk", _("Cash desk")
    BANK = "bank", _("Bank account")
    PROVIDER = "provider", _("Payment provider clearing")
    REVENUE = "revenue", _("Revenue")
    REFUNDS = "refunds", _("Refunds")
    CORRECTIONS = "corrections", _("Corrections")


CUSTOMER_KINDS = frozenset({AccountKind.AVAILABLE, AccountKind.RESERVED})
# Accounts that hold the shop's money: their stored balance is negative (see the module).
MONEY_KINDS = frozenset({AccountKind.CASH_DESK, AccountKind.BANK, AccountKind.PROVIDER})


class Account(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=AccountKind.choices)
    customer = models.ForeignKey(
        "accounts.Customer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="billing_accounts",
        verbose_name=_("customer"),
    )
    # The shop's accounts are found by code: "bank", "revenue", "cash_desk:3",
    # "provider:sandbox"; a customer's by (customer, kind).
    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    currency = models.CharField(_("currency"), max_length=3, default=settings.SHOP_CURRENCY)
    # Equal to the sum of the account's entries: updated in the same transaction as they are
    # written, under the account's row lock.
    balance = models.BigIntegerField(_("balance, minor units"), default=0)
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("ledger account")
        verbose_name_plural = _("ledger accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "kind"],
                condition=Q(customer__isnull=False),
                name="account_customer_kind",
            ),
            models.CheckConstraint(
                condition=~Q(kind=AccountKind.RESERVED) | Q(balance__gte=0),
                name="account_reserved_not_negative",
            ),
        ]
        permissions = [
            ("correct_balance", _("Can correct a customer's balance")),
            ("view_ledger", _("Can see balances, payments and ledger operations")),
            ("record_cash", _("Can record cash received at a pickup point")),
            ("approve_withdrawal", _("Can approve and pay out withdrawals")),
            ("import_bank_statement", _("Can import bank statements and match payments")),
            ("set_credit_terms", _("Can set a customer's credit limit and deferral")),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def shown_balance(self) -> int:
        return -self.balance if self.kind in MONEY_KINDS else self.balance


class CreditTerms(models.Model):
    """A legal entity may owe the shop up to `limit` and pays within `deferral_days`."""

    customer = models.OneToOneField(
        "accounts.Customer",
        on_delete=models.CASCADE,
        related_name="credit_terms",
        verbose_name=_("customer"),
    )
    limit = models.BigIntegerField(_("credit limit, minor units"), default=0)
    deferral_days = models.PositiveSmallIntegerField(_("payment deferral, days"), default=0)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("credit terms")
        verbose_name_plural = _("credit terms")
        constraints = [models.CheckConstraint(condition=Q(limit__gte=0), name="credit_limit_min")]

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.limit} / {self.deferral_days}"


class AppendOnlyQuerySet(models.QuerySet):
    """Ledger rows are written once: no bulk change or delete either (`bulk_update` and the
    admin's "delete selected" go through these)."""

    def update(self, **kwargs):
        raise ValueError("Ledger rows are never changed.")

    def delete(self):
        raise ValueError("Ledger rows are never deleted.")


class AppendOnly(models.Model):
    """A ledger row: written once, never changed or deleted, one row or many."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Ledger rows are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Ledger rows are never deleted.")


class OperationKind(models.TextChoices):
    TOP_UP = "top_up", _("Top-up")
    RESERVE = "reserve", _("Reserved for an order")
    CAPTURE = "capture", _("Payment for an order")
    RELEASE = "release", _("Reserve released")
    REFUND = "refund", _("Refund")
    WITHDRAWAL = "withdrawal", _("Withdrawal")
    CORRECTION = "correction", _("Correction")
    REVERSAL = "reversal", _("Reversal")


class Operation(AppendOnly):
    """One balanced set of entries; `idempotency_key` makes a retried request a no-op."""

    kind = models.CharField(_("operation"), max_length=16, choices=OperationKind.choices)
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    # A digest of what was asked: the same key with a different request is refused.
    fingerprint = models.CharField(max_length=64)
    customer = models.ForeignKey(
        "accounts.Customer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="billing_operations",
        verbose_name=_("customer"),
    )
    order = models.ForeignKey(
        "orders.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="billing_operations",
        verbose_name=_("order"),
    )
    position = models.ForeignKey(
        "orders.OrderPosition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="billing_operations",
        verbose_name=_("order position"),
    )
    # The payment, invoice, cash receipt or withdrawal behind it, e.g. "payment:12".
    document = models.CharField(_("document"), max_length=64, blank=True, db_index=True)
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name=_("reverses"),
    )
    memo = models.CharField(_("description"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    created_at = models.DateTimeField(_("time"), db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("ledger operation")
        verbose_name_plural = _("ledger operations")

    def __str__(self) -> str:
        return f"{self.kind} {self.idempotency_key}"


class Entry(AppendOnly):
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="entries")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    amount = models.BigIntegerField(_("amount, minor units"))
    # The account's balance just after this entry (statements read running balances).
    balance_after = models.BigIntegerField(_("balance after"))
    created_at = models.DateTimeField(_("time"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [models.Index(fields=["account", "created_at", "id"], name="entry_account_idx")]
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="entry_not_zero")]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.amount:+d}"
