"""The ledger's rules one by one: append-only rows, staff corrections (permission, reason,
one audit entry), the credit-limit floor for legal entities only, reversals."""

import contextlib

import pytest
from django.db import transaction

from partsdesk.accounts.models import AuditEntry
from partsdesk.accounts.tests.factories import UserFactory
from partsdesk.billing import services
from partsdesk.billing.checks import ledger_discrepancies
from partsdesk.billing.models import Account, CreditTerms, Entry, Operation, OperationKind
from partsdesk.billing.selectors import balance_of
from partsdesk.billing.services import BillingError, Leg

from . import factories


def snapshot() -> tuple:
    """Everything a refused operation must leave as it was (an account opened on first use,
    with nothing on it, is no change)."""
    return (
        Operation.objects.count(),
        Entry.objects.count(),
        sorted(Entry.objects.values_list("account_id", "amount")),
        sorted(Account.objects.exclude(balance=0).values_list("pk", "balance")),
        AuditEntry.objects.count(),
    )


# --- append-only --------------------------------------------------------------------------


@pytest.fixture
def top_up(ledger_customer, bank):
    return services.top_up(ledger_customer, amount=1_000, source=bank, key="t")


def test_an_operation_is_never_changed(top_up):
    top_up.memo = "edited"
    with pytest.raises(ValueError):
        top_up.save()
    assert Operation.objects.get().memo == ""


def test_an_entry_is_never_changed(top_up):
    entry = top_up.entries.first()
    entry.amount += 1
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        Entry(
            pk=entry.pk,
            operation=top_up,
            account=entry.account,
            amount=5,
            balance_after=5,
            created_at=entry.created_at,
        ).save()
    assert sorted(Entry.objects.values_list("amount", flat=True)) == [-1_000, 1_000]


def test_operations_and_entries_are_never_deleted(top_up):
    with pytest.raises(ValueError):
        top_up.entries.first().delete()
    with pytest.raises(ValueError):
        top_up.delete()
    assert (Operation.objects.count(), Entry.objects.count()) == (1, 2)
    assert ledger_discrepancies() == []


def test_entries_are_not_deleted_or_changed_in_bulk_either(top_up):
    with pytest.raises(ValueError):
        Entry.objects.filter(operation=top_up).update(amount=7)
    with pytest.raises(ValueError):
        Entry.objects.filter(operation=top_up).delete()
    with pytest.raises(ValueError):
        Operation.objects.filter(pk=top_up.pk).update(memo="edited")
    assert ledger_discrepancies() == []


# --- staff corrections ------------------------------------------------------------------


def test_a_correction_needs_the_permission(ledger_customer):
    clerk = UserFactory(is_staff=True)
    before = snapshot()
    with pytest.raises(BillingError) as refused:
        services.correct(ledger_customer, amount=500, reason="goodwill", actor=clerk, key="k")
    assert refused.value.code == "not_allowed"
    assert snapshot() == before


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_a_correction_needs_a_reason(ledger_customer, corrector, reason):
    before = snapshot()
    with pytest.raises(BillingError) as refused:
        services.correct(ledger_customer, amount=500, reason=reason, actor=corrector, key="k")
    assert refused.value.code == "reason_required"
    assert snapshot() == before


@pytest.mark.parametrize("amount", [0, 1.5, "100"])
def test_a_correction_needs_a_whole_non_zero_amount(ledger_customer, corrector, amount):
    with pytest.raises(BillingError) as refused:
        services.correct(ledger_customer, amount=amount, reason="x", actor=corrector, key="k")
    assert refused.value.code == "invalid_amount"


def test_a_correction_moves_the_balance_and_writes_one_audit_entry(ledger_customer, corrector):
    # when
    operation = services.correct(
        ledger_customer, amount=2_500, reason="  lost receipt  ", actor=corrector, key="k1"
    )
    again = services.correct(
        ledger_customer, amount=2_500, reason="lost receipt", actor=corrector, key="k1"
    )
    # then
    assert operation.is_new and not again.is_new and again.pk == operation.pk
    assert operation.kind == OperationKind.CORRECTION and operation.actor == corrector
    assert operation.memo == "lost receipt"
    assert balance_of(ledger_customer).available == 2_500
    assert services.shop_account("corrections").balance == -2_500
    [audit] = AuditEntry.objects.filter(customer=ledger_customer)
    assert audit.action == "balance_corrected" and audit.actor == corrector
    assert audit.details == {"operation": operation.pk, "amount": 2_500, "reason": "lost receipt"}


def test_a_correction_with_a_used_key_and_another_amount_is_refused(ledger_customer, corrector):
    services.correct(ledger_customer, amount=100, reason="a", actor=corrector, key="k1")
    before = snapshot()
    with pytest.raises(services.IdempotencyConflict):
        services.correct(ledger_customer, amount=-100, reason="a", actor=corrector, key="k1")
    assert snapshot() == before


def test_a_negative_correction_stops_at_the_floor(ledger_customer, corrector):
    services.correct(ledger_customer, amount=100, reason="a", actor=corrector, key="k1")
    before = snapshot()
    with pytest.raises(services.InsufficientFunds):
        services.correct(ledger_customer, amount=-101, reason="b", actor=corrector, key="k2")
    assert snapshot() == before
    services.correct(ledger_customer, amount=-100, reason="b", actor=corrector, key="k3")
    assert balance_of(ledger_customer).available == 0
    assert AuditEntry.objects.filter(customer=ledger_customer).count() == 2


# --- the floor --------------------------------------------------------------------------


def test_an_individual_with_credit_terms_still_has_floor_zero(ledger_customer, bank):
    # given: credit terms written for an individual (by mistake or before a kind change)
    CreditTerms.objects.create(customer=ledger_customer, limit=100_000, deferral_days=30)
    services.top_up(ledger_customer, amount=300, source=bank, key="t")
    # then
    assert services.credit_limit_of(ledger_customer) == 0
    assert balance_of(ledger_customer).credit_limit == 0
    before = snapshot()
    with pytest.raises(services.InsufficientFunds):
        services.reserve(ledger_customer, amount=301, key="r")
    with pytest.raises(services.InsufficientFunds):
        services.withdraw(ledger_customer, amount=301, destination=bank, key="w")
    assert snapshot() == before
    services.reserve(ledger_customer, amount=300, key="r2")
    assert balance_of(ledger_customer).available == 0


def test_a_legal_entity_may_go_down_to_minus_its_limit_and_no_further(ledger_company, bank):
    balance = balance_of(ledger_company)
    assert (balance.credit_limit, balance.deferral_days, balance.spendable) == (50_000, 14, 50_000)
    services.reserve(ledger_company, amount=30_000, key="r1")
    services.withdraw(ledger_company, amount=20_000, destination=bank, key="w1")
    before = snapshot()
    with pytest.raises(services.InsufficientFunds):
        services.reserve(ledger_company, amount=1, key="r2")
    assert snapshot() == before
    assert balance_of(ledger_company).available == -50_000
    # a payment brings it back up
    services.top_up(ledger_company, amount=10_000, source=bank, key="t1")
    services.reserve(ledger_company, amount=10_000, key="r3")
    assert ledger_discrepancies() == []


def test_a_legal_entity_without_credit_terms_has_floor_zero(db):
    company = factories.CreditTermsFactory(limit=0).customer
    with pytest.raises(services.InsufficientFunds):
        services.reserve(company, amount=1, key="r")


def test_reserved_cannot_be_captured_or_released_beyond_what_it_holds(ledger_customer, bank):
    services.top_up(ledger_customer, amount=1_000, source=bank, key="t")
    services.reserve(ledger_customer, amount=600, key="r")
    before = snapshot()
    with pytest.raises(services.InsufficientFunds):
        services.capture(ledger_customer, amount=601, key="c")
    with pytest.raises(services.InsufficientFunds):
        services.release(ledger_customer, amount=601, key="l")
    assert snapshot() == before


# --- reversals ----------------------------------------------------------------------------


def test_a_reversal_is_not_reversed(top_up, corrector):
    reversal = services.reverse(top_up, actor=corrector, reason="duplicate")
    assert reversal.is_new and reversal.reverses == top_up
    assert reversal.memo == "duplicate" and reversal.actor == corrector
    before = snapshot()
    with pytest.raises(BillingError) as refused:
        services.reverse(reversal, actor=corrector, reason="undo the undo")
    assert refused.value.code == "not_reversible"
    assert snapshot() == before


def test_a_reversal_needs_a_reason(top_up):
    with pytest.raises(BillingError) as refused:
        services.reverse(top_up, actor=None, reason=" ")
    assert refused.value.code == "reason_required"
    assert Operation.objects.count() == 1


def test_a_reversal_turns_every_entry_and_keeps_the_references(ledger_customer, bank):
    services.top_up(ledger_customer, amount=1_000, source=bank, key="t")
    capture_ = services.reserve(ledger_customer, amount=400, key="r")
    reversal = services.reverse(capture_, actor=None, reason="wrong order")
    assert sorted(reversal.entries.values_list("account_id", "amount")) == sorted(
        (account_id, -amount)
        for account_id, amount in capture_.entries.values_list("account_id", "amount")
    )
    assert (reversal.customer, reversal.kind) == (ledger_customer, OperationKind.REVERSAL)
    balance = balance_of(ledger_customer)
    assert (balance.available, balance.reserved) == (1_000, 0)


def test_a_reversal_that_would_break_a_floor_is_refused(ledger_customer, bank):
    # given: money topped up and already spent
    top_up = services.top_up(ledger_customer, amount=1_000, source=bank, key="t")
    services.reserve(ledger_customer, amount=800, key="r")
    before = snapshot()
    # then
    with pytest.raises(services.InsufficientFunds):
        services.reverse(top_up, actor=None, reason="chargeback")
    assert snapshot() == before


# --- posting ------------------------------------------------------------------------------


def test_post_refuses_unbalanced_or_empty_legs_and_bad_keys(ledger_customer, bank):
    available = services.customer_accounts(ledger_customer).available
    with pytest.raises(ValueError):
        services.post(OperationKind.TOP_UP, [Leg(available, 5), Leg(bank, -4)], key="a")
    with pytest.raises(ValueError):
        services.post(OperationKind.TOP_UP, [Leg(available, 0)], key="a")
    with pytest.raises(BillingError) as refused:
        services.post(OperationKind.TOP_UP, [Leg(available, 5), Leg(bank, -5)], key="")
    assert refused.value.code == "invalid_key"
    with pytest.raises(BillingError):
        services.post(OperationKind.TOP_UP, [Leg(available, 5), Leg(bank, -5)], key="k" * 201)
    assert Operation.objects.count() == 0


@pytest.mark.parametrize("amount", [0, -5, 1.0, "5"])
def test_wrappers_take_positive_whole_amounts_only(ledger_customer, bank, amount):
    for call in (
        lambda: services.top_up(ledger_customer, amount=amount, source=bank, key="a"),
        lambda: services.reserve(ledger_customer, amount=amount, key="b"),
        lambda: services.withdraw(ledger_customer, amount=amount, destination=bank, key="c"),
    ):
        with pytest.raises(BillingError) as refused:
            call()
        assert refused.value.code == "invalid_amount"
    assert Operation.objects.count() == 0


def test_the_same_key_for_another_kind_or_customer_is_refused(ledger_customer, bank):
    other = factories.individual()
    services.top_up(ledger_customer, amount=500, source=bank, key="k")
    services.top_up(other, amount=500, source=bank, key="t")
    with pytest.raises(services.IdempotencyConflict):
        services.refund(ledger_customer, amount=500, key="k")
    with pytest.raises(services.IdempotencyConflict):
        services.top_up(other, amount=500, source=bank, key="k")
    assert Operation.objects.count() == 2


def test_a_replay_returns_the_first_operation_even_when_it_would_now_be_refused(
    ledger_customer, bank
):
    services.top_up(ledger_customer, amount=500, source=bank, key="t")
    first = services.reserve(ledger_customer, amount=500, key="r")
    again = services.reserve(ledger_customer, amount=500, key="r")
    assert (again.pk, again.is_new) == (first.pk, False)
    assert balance_of(ledger_customer).reserved == 500


@pytest.fixture
def key_seen_late(monkeypatch):
    """post() misses the key before and after the locks, as when another transaction
    commits it just before this one inserts: the insert then meets the unique key."""
    real = services._existing
    misses = {"left": 2}

    def existing(key, fingerprint):
        if misses["left"]:
            misses["left"] -= 1
            return None
        return real(key, fingerprint)

    monkeypatch.setattr(services, "_existing", existing)
    return misses


def test_the_unique_key_path_returns_the_first_operation_inside_an_outer_transaction(
    ledger_customer, bank, key_seen_late
):
    # given
    key_seen_late["left"] = 0
    first = services.top_up(ledger_customer, amount=700, source=bank, key="k")
    key_seen_late["left"] = 2
    # when: inside the caller's own transaction
    with transaction.atomic():
        again = services.top_up(ledger_customer, amount=700, source=bank, key="k")
        # then the outer transaction is still usable
        assert Operation.objects.count() == 1
    assert (again.pk, again.is_new) == (first.pk, False)
    assert key_seen_late["left"] == 0
    assert balance_of(ledger_customer).available == 700
    assert ledger_discrepancies() == []


def test_the_unique_key_path_refuses_another_body_and_the_outer_transaction_goes_on(
    ledger_customer, bank, key_seen_late
):
    key_seen_late["left"] = 0
    services.top_up(ledger_customer, amount=700, source=bank, key="k")
    key_seen_late["left"] = 2
    with transaction.atomic():
        with pytest.raises(services.IdempotencyConflict):
            services.top_up(ledger_customer, amount=800, source=bank, key="k")
        services.top_up(ledger_customer, amount=50, source=bank, key="k2")
    assert balance_of(ledger_customer).available == 750
    assert ledger_discrepancies() == []


def test_no_entry_records_a_balance_below_its_floor_even_mid_operation(ledger_customer, bank):
    available = services.customer_accounts(ledger_customer).available
    legs = [Leg(available, -500), Leg(bank, 500), Leg(available, 500), Leg(bank, -500)]
    with contextlib.suppress(services.InsufficientFunds):  # refusing it is fine too
        services.post(OperationKind.CORRECTION, legs, key="k", customer=ledger_customer)
    assert not Entry.objects.filter(account=available, balance_after__lt=0).exists()


def test_a_boolean_is_not_an_amount(ledger_customer, bank, corrector):
    with pytest.raises(BillingError) as refused:
        services.top_up(ledger_customer, amount=True, source=bank, key="t")
    assert refused.value.code == "invalid_amount"
    with pytest.raises(BillingError) as refused:
        services.correct(ledger_customer, amount=True, reason="x", actor=corrector, key="k")
    assert refused.value.code == "invalid_amount"
    assert Operation.objects.count() == 0
