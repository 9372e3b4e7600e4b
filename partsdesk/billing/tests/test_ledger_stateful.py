"""A hypothesis state machine drives the ledger through random sequences of every operation
(top-up, reserve, capture, release, refund, withdraw, correction, reversal, an idempotent
replay, a reused key with another body) against a model of the balances in Python, and checks
the ledger's invariants after every step, on SQLite and on PostgreSQL.

Each example runs inside a savepoint rolled back at its end, so it starts from the same
clean ledger: the shop's accounts, three customers with their accounts open and nothing on
them (an individual, an individual with credit terms, which give it no credit, and a legal
entity with a credit limit).
"""

import os
import time
from dataclasses import dataclass, field

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)

from partsdesk.accounts.models import AuditEntry
from partsdesk.billing import services
from partsdesk.billing.checks import ledger_discrepancies
from partsdesk.billing.models import Account, CreditTerms, Entry, Operation

from . import factories

CREDIT = 20_000
EXAMPLES = int(os.environ.get("LEDGER_EXAMPLES", 200))
STEPS = int(os.environ.get("LEDGER_STEPS", 50))
amounts = st.integers(min_value=1, max_value=6_000)


@dataclass
class Posted:
    """An operation the ledger accepted, as the model knows it."""

    pk: int
    operation: object
    kind: str
    deltas: dict[int, int]  # account id → what the operation added to it
    call: object = None  # amount → the same call again (None for a reversal)
    amount: int = 0
    reverses: "Posted | None" = None
    audited: bool = False
    notes: list = field(default_factory=list)


class World:
    """What the machine works on, made once per test (the examples roll back to it)."""

    def __init__(self):
        self.bank = services.shop_account("bank")
        self.provider = services.provider_account("sandbox")
        self.revenue = services.shop_account("revenue")
        self.refunds = services.shop_account("refunds")
        self.corrections = services.shop_account("corrections")
        self.corrector = factories.corrector()
        person = factories.individual()
        with_terms = factories.individual()
        CreditTerms.objects.create(customer=with_terms, limit=1_000_000, deferral_days=30)
        company = factories.legal_entity(limit=CREDIT)
        self.customers = [person, with_terms, company]
        self.accounts = [services.customer_accounts(c) for c in self.customers]
        self.floors = {}
        for customer, accounts in zip(self.customers, self.accounts, strict=True):
            self.floors[accounts.available.pk] = factories.floor_of(customer)
            self.floors[accounts.reserved.pk] = 0
        assert [self.floors[a.available.pk] for a in self.accounts] == [0, 0, -CREDIT]
        self.account_ids = sorted(Account.objects.values_list("pk", flat=True))


customers = st.integers(min_value=0, max_value=2)


class LedgerMachine(RuleBasedStateMachine):
    world: World  # set by the test
    examples = 0  # counted for the test's report
    steps = 0
    posted = Bundle("posted")

    def __init__(self):
        super().__init__()
        LedgerMachine.examples += 1
        self.savepoint = transaction.atomic()
        self.savepoint.__enter__()
        self.balances = dict.fromkeys(self.world.account_ids, 0)
        self.operations = 0
        self.entries = 0
        self.audits = 0
        self.reversed: set[int] = set()
        self.keys = 0

    def teardown(self):
        try:
            # the whole set of checks, running balances included, once per example
            assert ledger_discrepancies() == []
        finally:
            transaction.set_rollback(True)
            self.savepoint.__exit__(None, None, None)

    # --- the model ---------------------------------------------------------------------

    def key(self) -> str:
        self.keys += 1
        return f"k{self.keys}"

    def refused_by_floor(self, deltas: dict[int, int]) -> bool:
        return any(
            delta < 0
            and self.world.floors.get(pk) is not None
            and self.balances[pk] + delta < self.world.floors[pk]
            for pk, delta in deltas.items()
        )

    def attempt(self, kind: str, deltas: dict[int, int], call, amount: int, audited=False):
        """Call the ledger; check it posted or refused as the model says; update the model."""
        if self.refused_by_floor(deltas):
            with pytest.raises(services.InsufficientFunds):
                call(amount)
            return multiple()
        operation = call(amount)
        assert operation.is_new and operation.kind == kind
        for pk, delta in deltas.items():
            self.balances[pk] += delta
        self.operations += 1
        self.entries += len(deltas)
        self.audits += audited
        return Posted(operation.pk, operation, kind, deltas, call, amount, audited=audited)

    def customer(self, index: int):
        return self.world.customers[index], self.world.accounts[index]

    # --- rules -------------------------------------------------------------------------

    @rule(
        target=posted,
        index=customers,
        amount=amounts,
        through=st.sampled_from(["bank", "provider"]),
    )
    def top_up(self, index, amount, through):
        customer, accounts = self.customer(index)
        source = getattr(self.world, through)
        key = self.key()
        return self.attempt(
            "top_up",
            {accounts.available.pk: amount, source.pk: -amount},
            lambda a: services.top_up(customer, amount=a, source=source, key=key),
            amount,
        )

    @rule(target=posted, index=customers, amount=amounts)
    def reserve(self, index, amount):
        customer, accounts = self.customer(index)
        key = self.key()
        return self.attempt(
            "reserve",
            {accounts.available.pk: -amount, accounts.reserved.pk: amount},
            lambda a: services.reserve(customer, amount=a, key=key),
            amount,
        )

    @rule(target=posted, index=customers, amount=amounts)
    def capture(self, index, amount):
        customer, accounts = self.customer(index)
        key = self.key()
        return self.attempt(
            "capture",
            {accounts.reserved.pk: -amount, self.world.revenue.pk: amount},
            lambda a: services.capture(customer, amount=a, key=key),
            amount,
        )

    @rule(target=posted, index=customers, amount=amounts)
    def release(self, index, amount):
        customer, accounts = self.customer(index)
        key = self.key()
        return self.attempt(
            "release",
            {accounts.reserved.pk: -amount, accounts.available.pk: amount},
            lambda a: services.release(customer, amount=a, key=key),
            amount,
        )

    @rule(target=posted, index=customers, amount=amounts)
    def refund(self, index, amount):
        customer, accounts = self.customer(index)
        key = self.key()
        return self.attempt(
            "refund",
            {accounts.available.pk: amount, self.world.refunds.pk: -amount},
            lambda a: services.refund(customer, amount=a, key=key),
            amount,
        )

    @rule(target=posted, index=customers, amount=amounts)
    def withdraw(self, index, amount):
        customer, accounts = self.customer(index)
        key = self.key()
        bank = self.world.bank
        return self.attempt(
            "withdrawal",
            {accounts.available.pk: -amount, bank.pk: amount},
            lambda a: services.withdraw(customer, amount=a, destination=bank, key=key),
            amount,
        )

    @rule(
        target=posted,
        index=customers,
        amount=st.integers(min_value=-6_000, max_value=6_000).filter(bool),
    )
    def correction(self, index, amount):
        customer, accounts = self.customer(index)
        key = self.key()
        actor = self.world.corrector
        return self.attempt(
            "correction",
            {accounts.available.pk: amount, self.world.corrections.pk: -amount},
            lambda a: services.correct(customer, amount=a, reason="audit", actor=actor, key=key),
            amount,
            audited=True,
        )

    @rule(target=posted, done=posted)
    def reverse(self, done):
        operation = done.operation
        call = lambda _a: services.reverse(operation, actor=None, reason="mistake")  # noqa: E731
        if done.kind == "reversal" or done.pk in self.reversed:
            with pytest.raises(services.BillingError) as refused:
                call(0)
            expected = "not_reversible" if done.kind == "reversal" else "already_reversed"
            assert refused.value.code == expected
            return multiple()
        result = self.attempt("reversal", {pk: -d for pk, d in done.deltas.items()}, call, 0)
        if isinstance(result, Posted):
            result.call = None
            result.reverses = done
            self.reversed.add(done.pk)
            assert result.operation.reverses_id == done.pk
        return result

    @rule(done=posted)
    def replay(self, done):
        """The same call again: the first operation back, nothing written."""
        if done.call is None:
            return
        again = done.call(done.amount)
        assert (again.pk, again.is_new) == (done.pk, False)

    @rule(done=posted)
    def same_key_another_body(self, done):
        if done.call is None:
            return
        with pytest.raises(services.IdempotencyConflict):
            done.call(done.amount * 2)

    # --- invariants ----------------------------------------------------------------------

    @invariant()
    def balances_are_the_model_and_the_ledger_is_sound(self):
        """After every step, in two plain queries (the ORM's query building would be most
        of the test's time): stored balances = the model = the sum of their entries, floors
        kept, every operation balanced, and nothing more written than the model accepted
        (so a refused operation changed nothing)."""
        LedgerMachine.steps += 1
        with connection.cursor() as cursor:
            cursor.execute(CHECK_SQL)
            rows = cursor.fetchall()
        [counts] = [row[1:] for row in rows if row[0] is None]
        accounts = {row[0]: row[1:3] for row in rows if row[0] is not None}
        assert {pk: balance for pk, (balance, _total) in accounts.items()} == self.balances
        assert all(balance == total for balance, total in accounts.values())
        for pk, floor in self.world.floors.items():
            assert self.balances[pk] >= floor
        # nothing more written than the model accepted; every operation balanced
        assert counts == (self.operations, self.entries, self.audits, 0)


# One query: a row per account (id, stored balance, sum of its entries), and one row
# (NULL, operations, entries, audit entries, operations whose entries do not sum to zero).
CHECK_SQL = f"""
    SELECT a.id, a.balance,
           COALESCE((SELECT SUM(e.amount) FROM {Entry._meta.db_table} e
                     WHERE e.account_id = a.id), 0),
           NULL, NULL
    FROM {Account._meta.db_table} a
    UNION ALL
    SELECT NULL,
           (SELECT COUNT(*) FROM {Operation._meta.db_table}),
           (SELECT COUNT(*) FROM {Entry._meta.db_table}),
           (SELECT COUNT(*) FROM {AuditEntry._meta.db_table}),
           (SELECT COUNT(*) FROM (SELECT operation_id FROM {Entry._meta.db_table}
                                  GROUP BY operation_id HAVING SUM(amount) <> 0) AS unbalanced)
"""


def database_cpu_seconds() -> float:
    """CPU time of this connection's PostgreSQL backend when it runs on this machine (the
    figure that does not depend on what else the shared cores run); 0 on SQLite."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        [pid] = cursor.fetchone()
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.django_db
def test_the_ledger_keeps_its_invariants_through_random_operations():
    LedgerMachine.world = World()
    LedgerMachine.examples = LedgerMachine.steps = 0
    backend = database_cpu_seconds()
    cpu = time.process_time()
    started = time.monotonic()
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=[
                HealthCheck.too_slow,
                HealthCheck.function_scoped_fixture,
                HealthCheck.filter_too_much,
            ],
        ),
    )
    seconds = time.monotonic() - started
    cpu = time.process_time() - cpu + database_cpu_seconds() - backend
    print(
        f"\nledger state machine on {connection.vendor}: {LedgerMachine.examples} examples, "
        f"{LedgerMachine.steps} steps checked, {seconds:.1f} s ({cpu:.1f} s CPU)"
    )
    assert LedgerMachine.examples >= EXAMPLES
