from partsdesk.accounts.demo import load_demo_accounts
from partsdesk.billing.models import Operation
from partsdesk.billing.selectors import balance_of

from ..demo import IVAN, load_demo
from ..models import Payment
from ..statuses import PaymentStatus


def test_the_demo_gives_ivan_a_paid_and_a_pending_top_up_once(db):
    load_demo_accounts()
    first = load_demo()
    second = load_demo()
    assert first == second == {"payments": 2}
    statuses = sorted(
        Payment.objects.filter(customer__user__email=IVAN).values_list("status", "amount")
    )
    assert statuses == [(PaymentStatus.PENDING, 150_000), (PaymentStatus.SUCCEEDED, 500_000)]
    ivan = Payment.objects.first().customer
    assert balance_of(ivan).available == 500_000
    assert Operation.objects.filter(document__startswith="payment:").count() == 1


def test_without_the_demo_accounts_it_does_nothing(db):
    assert load_demo() == {"payments": 0}
    assert not Payment.objects.exists()
