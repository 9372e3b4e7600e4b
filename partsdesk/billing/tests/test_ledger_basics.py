import pytest

from partsdesk.accounts.models import CustomerKind
from partsdesk.accounts.tests.factories import CustomerFactory
from partsdesk.billing import services
from partsdesk.billing.models import CreditTerms, Entry
from partsdesk.billing.selectors import balance_of


@pytest.fixture
def customer(db):
    return CustomerFactory()


def test_top_up_reserve_capture_moves_money_between_accounts(customer):
    # given
    bank = services.shop_account("bank")
    # when
    services.top_up(customer, amount=10_000, source=bank, key="t1")
    services.reserve(customer, amount=4_000, key="r1")
    services.capture(customer, amount=3_000, key="c1")
    services.release(customer, amount=1_000, key="l1")
    # then
    balance = balance_of(customer)
    assert (balance.available, balance.reserved) == (7_000, 0)
    assert services.shop_account("revenue").balance == 3_000
    bank.refresh_from_db()
    assert bank.balance == -10_000 and bank.shown_balance == 10_000
    assert sum(Entry.objects.values_list("amount", flat=True)) == 0


def test_the_same_key_twice_posts_once_and_a_different_body_is_refused(customer):
    bank = services.shop_account("bank")
    first = services.top_up(customer, amount=500, source=bank, key="same")
    again = services.top_up(customer, amount=500, source=bank, key="same")
    assert again.pk == first.pk and first.is_new and not again.is_new
    with pytest.raises(services.IdempotencyConflict):
        services.top_up(customer, amount=600, source=bank, key="same")
    assert balance_of(customer).available == 500


def test_reserve_beyond_the_balance_is_refused_and_changes_nothing(customer):
    services.top_up(customer, amount=100, source=services.shop_account("bank"), key="t")
    with pytest.raises(services.InsufficientFunds):
        services.reserve(customer, amount=101, key="r")
    assert balance_of(customer).available == 100
    assert Entry.objects.count() == 2


def test_a_legal_entity_spends_down_to_its_credit_limit(db):
    company = CustomerFactory(kind=CustomerKind.LEGAL_ENTITY, company_name="ООО Ромашка")
    CreditTerms.objects.create(customer=company, limit=50_000, deferral_days=14)
    services.reserve(company, amount=50_000, key="r1")
    with pytest.raises(services.InsufficientFunds):
        services.reserve(company, amount=1, key="r2")
    assert balance_of(company).available == -50_000


def test_reversal_undoes_an_operation_once(customer):
    operation = services.top_up(customer, amount=700, source=services.shop_account("bank"), key="t")
    services.reverse(operation, actor=None, reason="posted twice by mistake")
    assert balance_of(customer).available == 0
    with pytest.raises(services.BillingError) as refused:
        services.reverse(operation, actor=None, reason="again")
    assert refused.value.code == "already_reversed"
