"""Reads of the ledger: a customer's balance, an order's money, entries over a period."""

from dataclasses import dataclass

from django.db.models import Sum

from partsdesk.accounts.models import Customer

from .models import Account, AccountKind, CreditTerms, Entry, Operation
from .services import credit_limit_of


@dataclass(frozen=True)
class Balance:
    available: int
    reserved: int
    credit_limit: int
    deferral_days: int

    @property
    def spendable(self) -> int:
        """What the customer may still reserve: available plus the unused credit."""
        return self.available + self.credit_limit


def balance_of(customer: Customer) -> Balance:
    balances = dict(Account.objects.filter(customer=customer).values_list("kind", "balance"))
    terms = CreditTerms.objects.filter(customer=customer).first()
    return Balance(
        available=balances.get(AccountKind.AVAILABLE, 0),
        reserved=balances.get(AccountKind.RESERVED, 0),
        credit_limit=credit_limit_of(customer),
        deferral_days=terms.deferral_days if terms else 0,
    )


def reserved_for_position(position) -> int:
    """What is reserved on the customer's reserved account for this position now."""
    total = Entry.objects.filter(
        operation__position=position,
        account__kind=AccountKind.RESERVED,
        account__customer_id=position.order.customer_id,
    ).aggregate(total=Sum("amount"))["total"]
    return total or 0


def operations_of(customer: Customer):
    return Operation.objects.filter(customer=customer).order_by("-created_at", "-id")
