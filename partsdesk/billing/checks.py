"""Consistency checks of the whole ledger, for an operator job (`manage.py ledger_check`)
and for the tests that prove the ledger.

Five set-based queries, whatever the number of accounts:

- `balance_mismatch`: an account whose stored balance is not the sum of its entries;
- `unbalanced_operation`: an operation whose entries do not sum to zero (or it has none);
- `running_balance`: an entry whose `balance_after` is not its account's running sum in
  the order statements read entries (created_at, id);
- `below_floor`: a customer's available account below its floor (zero, or minus the
  credit limit of a legal entity);
- `reserved_negative`: a reserved account below zero.
"""

from dataclasses import asdict, dataclass

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    F,
    Q,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce

from partsdesk.accounts.models import CustomerKind

from .models import Account, AccountKind, Entry, Operation

KINDS = (
    "balance_mismatch",
    "unbalanced_operation",
    "running_balance",
    "below_floor",
    "reserved_negative",
)


@dataclass(frozen=True)
class Discrepancy:
    kind: str  # one of KINDS
    model: str  # "account", "operation" or "entry"
    pk: int
    expected: int  # what the ledger's rules say it should be (or at least)
    actual: int  # what is stored

    def as_dict(self) -> dict:
        return asdict(self)


def _mismatched_balances() -> list[Discrepancy]:
    rows = (
        Account.objects.annotate(total=Coalesce(Sum("entries__amount"), 0))
        .exclude(balance=F("total"))
        .values_list("pk", "total", "balance")
        .order_by("pk")
    )
    return [Discrepancy("balance_mismatch", "account", *row) for row in rows]


def _unbalanced_operations() -> list[Discrepancy]:
    rows = (
        Operation.objects.annotate(total=Coalesce(Sum("entries__amount"), 0), n=Count("entries"))
        .filter(~Q(total=0) | Q(n=0))
        .values_list("pk", "total")
        .order_by("pk")
    )
    return [Discrepancy("unbalanced_operation", "operation", pk, 0, total) for pk, total in rows]


def _broken_running_balances() -> list[Discrepancy]:
    rows = (
        Entry.objects.annotate(
            running=Window(
                Sum("amount"),
                partition_by=[F("account_id")],
                order_by=[F("created_at").asc(), F("id").asc()],
            )
        )
        .filter(~Q(running=F("balance_after")))
        .values_list("pk", "running", "balance_after")
        .order_by("pk")
    )
    return [Discrepancy("running_balance", "entry", *row) for row in rows]


def _below_floor() -> list[Discrepancy]:
    rows = (
        Account.objects.filter(kind=AccountKind.AVAILABLE)
        .annotate(
            floor=Case(
                When(
                    customer__kind=CustomerKind.LEGAL_ENTITY,
                    then=-Coalesce(F("customer__credit_terms__limit"), Value(0)),
                ),
                default=Value(0),
                output_field=BigIntegerField(),
            )
        )
        .filter(balance__lt=F("floor"))
        .values_list("pk", "floor", "balance")
        .order_by("pk")
    )
    rows = list(rows)
    reserved = (
        Account.objects.filter(kind=AccountKind.RESERVED, balance__lt=0)
        .values_list("pk", "balance")
        .order_by("pk")
    )
    return [Discrepancy("below_floor", "account", *row) for row in rows] + [
        Discrepancy("reserved_negative", "account", pk, 0, balance) for pk, balance in reserved
    ]


def ledger_discrepancies() -> list[Discrepancy]:
    """Everything in the ledger that breaks its invariants; empty when it is sound."""
    return (
        _mismatched_balances()
        + _unbalanced_operations()
        + _broken_running_balances()
        + _below_floor()
    )
