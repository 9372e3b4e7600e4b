"""Payments through a provider (top-ups and card payments for orders), the provider events
that were applied (deduplicated), withdrawals, and the built-in sandbox provider's own side
(what "the bank" knows about a sandbox payment).

Amounts are integer minor units (kopecks), like the ledger's.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .statuses import Destination, PaymentStatus, Purpose, WithdrawalStatus


class Payment(models.Model):
    customer = models.ForeignKey(
        "accounts.Customer",
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("customer"),
    )
    order = models.ForeignKey(
        "orders.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("order"),
    )
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    provider = models.CharField(_("payment provider"), max_length=32)
    amount = models.BigIntegerField(_("amount, minor units"))
    currency = models.CharField(_("currency"), max_length=3, default=settings.SHOP_CURRENCY)
    status = models.CharField(
        _("status"), max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    # Set once the provider has accepted the payment; empty until then.
    provider_payment_id = models.CharField(_("provider's payment id"), max_length=100, blank=True)
    confirmation_url = models.URLField(_("payment page"), max_length=1000, blank=True)
    return_url = models.CharField(_("return address"), max_length=500, blank=True)
    # The client's Idempotency-Key and a digest of what it asked for.
    idempotency_key = models.CharField(_("idempotency key"), max_length=200)
    request_fingerprint = models.CharField(max_length=64)
    cancellation_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    succeeded_at = models.DateTimeField(_("succeeded"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "idempotency_key"], name="payment_customer_key"
            ),
            models.UniqueConstraint(
                fields=["provider", "provider_payment_id"],
                condition=~Q(provider_payment_id=""),
                name="payment_provider_id",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="payment_status_idx")]

    def __str__(self) -> str:
        return f"payment:{self.pk}"

    @property
    def document(self) -> str:
        return f"payment:{self.pk}"


class ProviderEvent(models.Model):
    """A provider's notification, recorded in the same transaction as what it changed, so
    the same event delivered again changes nothing."""

    provider = models.CharField(_("payment provider"), max_length=32)
    event_id = models.CharField(_("event id"), max_length=200)
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    payload = models.JSONField(_("payload"), default=dict)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("provider event")
        verbose_name_plural = _("provider events")
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="provider_event_once")
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.event_id}"


class Withdrawal(models.Model):
    """A customer's request to get available balance back, held (available → reserved) from
    the moment it is asked until staff pay it out or decline it."""

    customer = models.ForeignKey(
        "accounts.Customer",
        on_delete=models.PROTECT,
        related_name="withdrawals",
        verbose_name=_("customer"),
    )
    amount = models.BigIntegerField(_("amount, minor units"))
    currency = models.CharField(_("currency"), max_length=3, default=settings.SHOP_CURRENCY)
    destination = models.CharField(_("where to"), max_length=8, choices=Destination.choices)
    # A card: the succeeded payment whose card gets the refund.
    payment = models.ForeignKey(
        Payment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="withdrawals",
        verbose_name=_("payment refunded"),
    )
    # A bank account.
    bank_bik = models.CharField(_("BIK"), max_length=9, blank=True)
    bank_account = models.CharField(_("account number"), max_length=20, blank=True)
    account_holder = models.CharField(_("account holder"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=WithdrawalStatus.choices,
        default=WithdrawalStatus.REQUESTED,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    # The last failed payout attempt (a provider refund refused), shown to staff.
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    # Refused payout attempts: each new attempt asks the provider under a new key (a refused
    # key stays refused), a retry after an unknown outcome under the same one.
    failed_attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    provider_refund_id = models.CharField(_("provider's refund id"), max_length=100, blank=True)
    hold_operation = models.ForeignKey(
        "billing.Operation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    payout_operation = models.ForeignKey(
        "billing.Operation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    release_operation = models.ForeignKey(
        "billing.Operation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("withdrawal")
        verbose_name_plural = _("withdrawals")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="withdrawal_amount_positive"),
            models.CheckConstraint(
                condition=Q(destination=Destination.CARD, payment__isnull=False)
                | Q(destination=Destination.BANK, payment__isnull=True),
                name="withdrawal_destination",
            ),
        ]

    def __str__(self) -> str:
        return f"withdrawal:{self.pk}"

    @property
    def document(self) -> str:
        return f"withdrawal:{self.pk}"


class SandboxPayment(models.Model):
    """The sandbox provider's own record of a payment: what "the bank" knows. Our Payment
    learns its outcome only through a signed webhook or by asking the sandbox (`fetch`)."""

    token = models.CharField(max_length=64, unique=True)
    idempotency_key = models.CharField(max_length=200, unique=True)
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    description = models.CharField(max_length=300, blank=True)
    return_url = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    refunded = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sandbox payment")
        verbose_name_plural = _("sandbox payments")

    def __str__(self) -> str:
        return self.token


class SandboxRefund(models.Model):
    payment = models.ForeignKey(SandboxPayment, on_delete=models.PROTECT, related_name="refunds")
    idempotency_key = models.CharField(max_length=200, unique=True)
    amount = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.payment_id}: {self.amount}"
