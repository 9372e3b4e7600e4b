"""The ledger under real concurrency on PostgreSQL (READ COMMITTED, row locks), each thread
with its own connection. SQLite serializes every writer, so these run on PostgreSQL only."""

import random
import threading
import time
from collections import Counter

import pytest
from django.db import transaction

from partsdesk.accounts.models import AuditEntry
from partsdesk.accounts.tests.factories import CustomerFactory
from partsdesk.billing import services
from partsdesk.billing.checks import ledger_discrepancies
from partsdesk.billing.models import Account, Entry, Operation, OperationKind
from partsdesk.billing.selectors import balance_of
from partsdesk.tests.concurrency import postgresql_only, run_together

from . import factories

pytestmark = [
    postgresql_only,
    pytest.mark.django_db(transaction=True),
]


# --- 50 threads x 20 operations against one balance -------------------------------------

THREADS, STEPS, CREDIT = 50, 20, 10_000
KINDS = ("top_up", "reserve", "release", "capture", "refund", "withdraw")


def random_calls(customer, bank, thread: int):
    """The thread's 20 seeded random calls: (kind, amount, key, call)."""
    rng = random.Random(6000 + thread)
    calls = []
    for step in range(STEPS):
        kind = rng.choice(KINDS)
        amount = rng.randint(1, 3_000)
        key = f"race:{thread}:{step}"
        extra = {"source": bank} if kind == "top_up" else {}
        if kind == "withdraw":
            extra = {"destination": bank}
        calls.append((kind, amount, key, extra))
    return calls


def test_fifty_threads_of_twenty_operations_keep_one_balance_exact():
    # given: a legal entity with credit, so the floor is below zero
    company = factories.legal_entity(limit=CREDIT)
    bank = services.shop_account("bank")
    for code in ("revenue", "refunds"):
        services.shop_account(code)
    accounts = services.customer_accounts(company)
    floor = factories.floor_of(company)
    assert floor == -CREDIT

    def job(thread):
        def calls():
            done = []
            for kind, amount, key, extra in random_calls(company, bank, thread):
                try:
                    operation = getattr(services, kind)(company, amount=amount, key=key, **extra)
                except services.InsufficientFunds:
                    done.append((kind, amount, key, None, None))
                else:
                    done.append((kind, amount, key, operation.pk, operation.is_new))
            return done

        return calls

    # when
    started = time.monotonic()
    results = run_together(*[job(thread) for thread in range(THREADS)])
    seconds = time.monotonic() - started

    # then: every thread finished without an unexpected error (a deadlock, a lost lock...)
    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    calls = [call for done in results for call in done]
    assert len(calls) == THREADS * STEPS
    posted = [c for c in calls if c[3] is not None]
    refused = [c for c in calls if c[3] is None]
    # the run means something: every kind succeeded and some were refused at the floor
    assert set(Counter(c[0] for c in posted)) == set(KINDS)
    assert refused
    # no operation lost or doubled: one per successful call, each new, each its own
    assert all(c[4] is True for c in posted)
    assert len({c[3] for c in posted}) == len(posted)
    operations = Operation.objects.filter(customer=company)
    assert operations.count() == len(posted)
    assert set(operations.values_list("idempotency_key", flat=True)) == {c[2] for c in posted}
    assert not Operation.objects.filter(idempotency_key__in=[c[2] for c in refused]).exists()
    # the balances are what the successful calls add up to, whatever their order
    expected = {"available": 0, "reserved": 0}
    moves = {
        "top_up": (1, 0),
        "refund": (1, 0),
        "reserve": (-1, 1),
        "release": (1, -1),
        "capture": (0, -1),
        "withdraw": (-1, 0),
    }
    for kind, amount, *_ in posted:
        expected["available"] += moves[kind][0] * amount
        expected["reserved"] += moves[kind][1] * amount
    balance = balance_of(company)
    assert (balance.available, balance.reserved) == (expected["available"], expected["reserved"])
    # never below the floor at any committed point
    lowest = Entry.objects.filter(account=accounts.available).order_by("balance_after").first()
    assert lowest.balance_after >= floor
    assert not Entry.objects.filter(account=accounts.reserved, balance_after__lt=0).exists()
    # the sum of entries is the stored balance of every account, and the rest of the checks
    for account in Account.objects.all():
        assert sum(account.entries.values_list("amount", flat=True)) == account.balance
    assert ledger_discrepancies() == []
    assert seconds < 60, f"{seconds:.1f} s"


# --- idempotency under concurrency --------------------------------------------------------


def test_ten_concurrent_calls_with_one_key_post_one_operation():
    customer = factories.individual()
    bank = services.shop_account("bank")

    def top_up():
        operation = services.top_up(customer, amount=1_500, source=bank, key="card:1")
        return operation.pk, operation.is_new, operation.kind

    results = run_together(*[top_up] * 10)

    assert not [r for r in results if isinstance(r, Exception)]
    assert len({pk for pk, _new, _kind in results}) == 1
    assert sorted(new for _pk, new, _kind in results) == [False] * 9 + [True]
    assert Operation.objects.filter(idempotency_key="card:1").count() == 1
    assert Entry.objects.count() == 2
    assert balance_of(customer).available == 1_500
    assert ledger_discrepancies() == []


def test_one_key_with_two_different_amounts_posts_one_and_refuses_the_other():
    customer = factories.individual()
    bank = services.shop_account("bank")

    def top_up(amount):
        return lambda: services.top_up(customer, amount=amount, source=bank, key="card:2").pk

    results = run_together(*[top_up(1_000), top_up(2_000)] * 5)

    conflicts = [r for r in results if isinstance(r, services.IdempotencyConflict)]
    posted = [r for r in results if isinstance(r, int)]
    assert len(conflicts) == 5 and len(posted) == 5 and len(set(posted)) == 1
    operation = Operation.objects.get(idempotency_key="card:2")
    winner = operation.entries.get(account__customer=customer).amount
    # the callers that asked for the winning amount got the operation, the others an error
    assert [isinstance(r, int) for r in results] == [winner == a for a in (1_000, 2_000)] * 5
    assert balance_of(customer).available == winner
    assert ledger_discrepancies() == []


def test_one_key_for_two_customers_at_once_inside_outer_transactions(monkeypatch):
    """Different accounts, so no shared lock: the second caller meets the first one's
    uncommitted key on insert (the IntegrityError path) inside its own outer transaction,
    is refused, and its outer transaction stays usable."""
    customers = [factories.individual() for _ in range(2)]
    bank = services.shop_account("bank")
    for customer in customers:
        services.top_up(customer, amount=5_000, source=bank, key=f"t{customer.pk}")
    looked_up = Counter()
    real_existing = services._existing

    def counting_existing(key, fingerprint):
        looked_up[threading.current_thread().name] += 1
        return real_existing(key, fingerprint)

    monkeypatch.setattr(services, "_existing", counting_existing)
    first_posted = threading.Event()

    def first():
        threading.current_thread().name = "first"
        with transaction.atomic():
            operation = services.reserve(customers[0], amount=1_000, key="shared")
            first_posted.set()
            time.sleep(0.5)  # the key stays uncommitted while the second one inserts
        return operation.pk

    def second():
        threading.current_thread().name = "second"
        first_posted.wait(10)
        with transaction.atomic():
            try:
                services.reserve(customers[1], amount=1_000, key="shared")
            except services.IdempotencyConflict as conflict:
                after = Operation.objects.filter(idempotency_key="shared").count()
                return conflict, after
        return None

    results = run_together(first, second)

    operation = Operation.objects.get(idempotency_key="shared")
    assert results[0] == operation.pk
    conflict, seen_after = results[1]
    assert isinstance(conflict, services.IdempotencyConflict) and seen_after == 1
    # before the lock, after the lock, and after the insert failed on the unique key
    assert looked_up["second"] == 3
    assert [balance_of(c).reserved for c in customers] == [1_000, 0]
    assert ledger_discrepancies() == []


def test_two_concurrent_reversals_reverse_once():
    customer = factories.individual()
    operation = services.top_up(customer, amount=900, source=services.shop_account("bank"), key="t")

    def reverse():
        return services.reverse(operation, actor=None, reason="posted twice").pk

    results = run_together(*[reverse] * 5)

    reversals = Operation.objects.filter(kind=OperationKind.REVERSAL)
    assert reversals.count() == 1
    reversal = reversals.get()
    assert reversal.reverses_id == operation.pk
    # one caller got that reversal, every other was told it is done already
    assert [r for r in results if not isinstance(r, Exception)] == [reversal.pk]
    refusals = [r for r in results if isinstance(r, Exception)]
    assert all(isinstance(r, services.BillingError) for r in refusals), refusals
    assert {r.code for r in refusals} == {"already_reversed"}
    assert balance_of(customer).available == 0
    assert ledger_discrepancies() == []


def test_a_reversal_racing_a_committed_one_is_told_already_reversed():
    customer = factories.individual()
    operation = services.top_up(customer, amount=900, source=services.shop_account("bank"), key="t")
    first_reversed = threading.Event()

    def first():
        with transaction.atomic():
            reversal = services.reverse(operation, actor=None, reason="posted twice")
            first_reversed.set()
            time.sleep(0.5)  # the second passes its "already reversed?" check meanwhile
        return reversal.pk

    def second():
        first_reversed.wait(10)
        return services.reverse(operation, actor=None, reason="posted twice")

    results = run_together(first, second)

    assert isinstance(results[0], int)
    assert Operation.objects.filter(kind=OperationKind.REVERSAL).count() == 1
    # the same answer as a reversal asked for after the first one committed
    assert isinstance(results[1], services.BillingError), results[1]
    assert results[1].code == "already_reversed"


def test_a_new_customers_first_top_ups_at_once_open_its_accounts_once():
    # given: a customer whose ledger accounts do not exist yet
    customer = CustomerFactory()
    bank = services.shop_account("bank")

    def top_up(n):
        return lambda: services.top_up(customer, amount=100, source=bank, key=f"first:{n}").pk

    results = run_together(*[top_up(n) for n in range(10)])

    assert all(isinstance(r, int) for r in results), results
    assert Account.objects.filter(customer=customer).count() == 2
    assert balance_of(customer).available == 1_000
    assert ledger_discrepancies() == []


def test_one_correction_sent_five_times_at_once_is_posted_and_audited_once():
    customer = factories.individual()
    staff = factories.corrector()

    def correct():
        operation = services.correct(customer, amount=300, reason="goodwill", actor=staff, key="c")
        return operation.pk, operation.is_new

    results = run_together(*[correct] * 5)

    assert not [r for r in results if isinstance(r, Exception)], results
    assert len({pk for pk, _new in results}) == 1
    assert sorted(new for _pk, new in results) == [False] * 4 + [True]
    assert AuditEntry.objects.filter(customer=customer, action="balance_corrected").count() == 1
    assert balance_of(customer).available == 300
