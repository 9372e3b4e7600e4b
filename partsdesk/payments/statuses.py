"""The statuses of payments and withdrawals and the one table of transitions for each.

Every status change goes through `check_transition`, which refuses a pair not in the table.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Succeeded")
    CANCELED = "canceled", _("Canceled")


class WithdrawalStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    PAID = "paid", _("Paid out")
    DECLINED = "declined", _("Declined")


class Purpose(models.TextChoices):
    TOP_UP = "top_up", _("Balance top-up")
    ORDER = "order", _("Payment for an order")


class Destination(models.TextChoices):
    CARD = "card", _("To the card")
    BANK = "bank", _("To a bank account")


PAYMENT_TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        (PaymentStatus.PENDING, PaymentStatus.SUCCEEDED),
        (PaymentStatus.PENDING, PaymentStatus.CANCELED),
    }
)

WITHDRAWAL_TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        (WithdrawalStatus.REQUESTED, WithdrawalStatus.PAID),
        (WithdrawalStatus.REQUESTED, WithdrawalStatus.DECLINED),
    }
)


def can_move(table: frozenset[tuple[str, str]], source: str, target: str) -> bool:
    return (source, target) in table


def check_transition(table: frozenset[tuple[str, str]], source: str, target: str) -> None:
    if not can_move(table, source, target):
        raise ValueError(f"{source} → {target} is not an allowed transition")
