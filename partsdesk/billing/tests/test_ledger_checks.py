"""ledger_discrepancies() and `manage.py ledger_check` find each kind of corruption (made
with raw SQL, since the ledger's own code cannot make it) and pass a sound ledger."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from partsdesk.accounts.models import CustomerKind
from partsdesk.accounts.tests.factories import CustomerFactory
from partsdesk.billing import services
from partsdesk.billing.checks import ledger_discrepancies
from partsdesk.billing.models import Account, CreditTerms, Entry

from . import factories


def raw(sql: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def found() -> set[tuple[str, int]]:
    return {(d.kind, d.pk) for d in ledger_discrepancies()}


@pytest.fixture
def busy_ledger(ledger_customer, ledger_company, bank, corrector):
    """A little of everything, on an individual and on a legal entity using its credit."""
    services.top_up(ledger_customer, amount=10_000, source=bank, key="t1")
    services.reserve(ledger_customer, amount=4_000, key="r1")
    services.capture(ledger_customer, amount=3_000, key="c1")
    services.release(ledger_customer, amount=1_000, key="l1")
    services.refund(ledger_customer, amount=500, key="f1")
    services.withdraw(ledger_customer, amount=200, destination=bank, key="w1")
    services.correct(ledger_customer, amount=-300, reason="typo", actor=corrector, key="k1")
    services.reserve(ledger_company, amount=45_000, key="r2")
    top_up = services.top_up(ledger_customer, amount=77, source=bank, key="t2")
    services.reverse(top_up, actor=corrector, reason="twice")
    return ledger_customer


def test_a_sound_ledger_has_no_discrepancies(busy_ledger):
    assert ledger_discrepancies() == []


def test_a_stored_balance_off_its_entries_is_found(busy_ledger):
    available = services.customer_accounts(busy_ledger).available
    raw(f"UPDATE {Account._meta.db_table} SET balance = balance + 1 WHERE id = %s", available.pk)
    [discrepancy] = ledger_discrepancies()
    assert discrepancy.kind == "balance_mismatch" and discrepancy.pk == available.pk
    assert discrepancy.actual == discrepancy.expected + 1


def test_an_operation_that_does_not_sum_to_zero_is_found(busy_ledger):
    entry = Entry.objects.filter(operation__idempotency_key="c1").first()
    raw(f"UPDATE {Entry._meta.db_table} SET amount = amount + 5 WHERE id = %s", entry.pk)
    assert ("unbalanced_operation", entry.operation_id) in found()


def test_an_operation_without_entries_is_found(busy_ledger):
    operation = Entry.objects.filter(operation__idempotency_key="f1").first().operation
    raw(f"DELETE FROM {Entry._meta.db_table} WHERE operation_id = %s", operation.pk)
    assert ("unbalanced_operation", operation.pk) in found()


def test_a_balance_after_that_breaks_the_running_sum_is_found(busy_ledger):
    entry = Entry.objects.filter(operation__idempotency_key="r1", amount__lt=0).get()
    raw(
        f"UPDATE {Entry._meta.db_table} SET balance_after = balance_after + 7 WHERE id = %s",
        entry.pk,
    )
    [discrepancy] = ledger_discrepancies()
    assert (discrepancy.kind, discrepancy.pk) == ("running_balance", entry.pk)
    assert discrepancy.actual == discrepancy.expected + 7


def test_an_individual_below_zero_is_found_even_with_credit_terms(busy_ledger):
    # given: credit terms on an individual give no credit
    CreditTerms.objects.create(customer=busy_ledger, limit=1_000_000, deferral_days=30)
    available = services.customer_accounts(busy_ledger).available
    # when
    raw(f"UPDATE {Account._meta.db_table} SET balance = -1 WHERE id = %s", available.pk)
    # then
    assert ("below_floor", available.pk) in found()


def test_a_legal_entity_below_minus_its_credit_limit_is_found(busy_ledger, ledger_company):
    # given: 45 000 spent on credit of 50 000; the limit is then cut to 40 000
    CreditTerms.objects.filter(customer=ledger_company).update(limit=40_000)
    available = services.customer_accounts(ledger_company).available
    # then
    [discrepancy] = ledger_discrepancies()
    assert (discrepancy.kind, discrepancy.pk) == ("below_floor", available.pk)
    assert (discrepancy.expected, discrepancy.actual) == (-40_000, -45_000)


def test_a_legal_entity_within_its_credit_limit_is_sound(ledger_company):
    services.reserve(ledger_company, amount=50_000, key="r")
    assert ledger_discrepancies() == []


def test_a_legal_entity_without_credit_terms_has_floor_zero(db):
    company = CustomerFactory(kind=CustomerKind.LEGAL_ENTITY, company_name="ООО Лютик")
    available = services.customer_accounts(company).available
    raw(f"UPDATE {Account._meta.db_table} SET balance = -1 WHERE id = %s", available.pk)
    assert ("below_floor", available.pk) in found()


@pytest.fixture
def no_check_constraints(db):
    """Let raw SQL write what the reserved account's CHECK constraint forbids."""
    if connection.vendor == "postgresql":
        raw("SET CONSTRAINTS ALL IMMEDIATE")  # no ALTER TABLE with pending FK checks
        raw(f"ALTER TABLE {Account._meta.db_table} DROP CONSTRAINT account_reserved_not_negative")
        yield  # the test's transaction, rolled back, restores the constraint
    else:
        raw("PRAGMA ignore_check_constraints = 1")
        yield
        raw("PRAGMA ignore_check_constraints = 0")


def test_a_reserved_account_below_zero_is_found(busy_ledger, no_check_constraints):
    reserved = services.customer_accounts(busy_ledger).reserved
    raw(f"UPDATE {Account._meta.db_table} SET balance = -10 WHERE id = %s", reserved.pk)
    assert ("reserved_negative", reserved.pk) in found()


def test_the_checks_take_a_fixed_number_of_queries(busy_ledger, django_assert_max_num_queries):
    for _ in range(20):
        factories.individual()
    with django_assert_max_num_queries(5):
        ledger_discrepancies()


def test_ledger_check_passes_a_sound_ledger(busy_ledger):
    out = StringIO()
    call_command("ledger_check", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"ok": True, "discrepancies": []}
    out = StringIO()
    call_command("ledger_check", stdout=out)
    assert "The ledger is sound." in out.getvalue()


def test_ledger_check_exits_non_zero_on_a_discrepancy(busy_ledger):
    available = services.customer_accounts(busy_ledger).available
    raw(f"UPDATE {Account._meta.db_table} SET balance = balance - 3 WHERE id = %s", available.pk)
    out = StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("ledger_check", "--json", stdout=out)
    assert exited.value.code == 1
    report = json.loads(out.getvalue())
    assert report["ok"] is False
    assert report["discrepancies"][0]["kind"] == "balance_mismatch"
    assert report["discrepancies"][0]["pk"] == available.pk
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("ledger_check", stdout=out)
    assert "Ledger discrepancies: 1" in out.getvalue()
