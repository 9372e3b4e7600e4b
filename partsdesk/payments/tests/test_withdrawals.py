"""Withdrawals: held at once, paid out to a card (a provider refund) or a bank account, or
declined and released; the ledger's sums checked at every step; the desk's queue."""

import pytest
from django.urls import reverse

from partsdesk.accounts.tests.factories import PASSWORD
from partsdesk.billing.models import Entry, Operation
from partsdesk.billing.selectors import balance_of
from partsdesk.billing.services import provider_account, shop_account, top_up

from ..banking import account_valid, bik_valid, with_control_digit
from ..models import SandboxPayment, Withdrawal
from ..providers.sandbox import sandbox_decide
from ..services import (
    PaymentError,
    WithdrawalTo,
    payment_refresh,
    top_up_start,
    withdrawal_approve,
    withdrawal_decline,
    withdrawal_request,
)
from ..statuses import Destination, WithdrawalStatus

VALID_BIK = "044525225"
VALID_ACCOUNT = with_control_digit(VALID_BIK, "40817810000000000001")


def paid_by_card(customer, amount: int):
    payment = top_up_start(customer=customer, amount=amount, idempotency_key=f"k{amount}")
    sandbox_decide(payment.provider_payment_id, approve=True)
    return payment_refresh(payment)


def ledger_sums_zero():
    assert sum(Entry.objects.values_list("amount", flat=True)) == 0


def test_bank_details_are_checked():
    assert bik_valid(VALID_BIK) and not bik_valid("123456789") and not bik_valid("04452522")
    assert account_valid(VALID_BIK, VALID_ACCOUNT)
    wrong = VALID_ACCOUNT[:-1] + str((int(VALID_ACCOUNT[-1]) + 1) % 10)
    assert not account_valid(VALID_BIK, wrong)
    assert not account_valid(VALID_BIK, "4081781000000000000")


def test_a_request_holds_the_money_at_once(customer):
    payment = paid_by_card(customer, 10_000)
    withdrawal = withdrawal_request(
        customer=customer, amount=3_000, to=WithdrawalTo(Destination.CARD, payment=payment)
    )
    balance = balance_of(customer)
    assert (balance.available, balance.reserved) == (7_000, 3_000)
    hold = withdrawal.hold_operation
    assert hold.idempotency_key == f"withdrawal:{withdrawal.pk}:hold"
    assert hold.document == f"withdrawal:{withdrawal.pk}"
    # so it cannot be asked for twice
    with pytest.raises(PaymentError) as refused:
        withdrawal_request(
            customer=customer,
            amount=7_001,
            to=WithdrawalTo(
                Destination.BANK,
                bank_bik=VALID_BIK,
                bank_account=VALID_ACCOUNT,
                account_holder="Ivan",
            ),
        )
    assert refused.value.code == "not_enough_balance"
    # and no more than the payment brought in goes back to its card
    with pytest.raises(PaymentError) as too_much:
        withdrawal_request(
            customer=customer, amount=7_001, to=WithdrawalTo(Destination.CARD, payment=payment)
        )
    assert too_much.value.code == "too_much_for_card"
    assert Withdrawal.objects.count() == 1
    ledger_sums_zero()


def test_approve_to_the_card_refunds_at_the_sandbox_and_posts_once(customer, senior):
    payment = paid_by_card(customer, 10_000)
    withdrawal = withdrawal_request(
        customer=customer, amount=4_000, to=WithdrawalTo(Destination.CARD, payment=payment)
    )
    withdrawal_approve(withdrawal, actor=senior)
    withdrawal.refresh_from_db()
    assert withdrawal.status == WithdrawalStatus.PAID and withdrawal.decided_by == senior
    assert withdrawal.provider_refund_id.startswith("sbr_")
    assert SandboxPayment.objects.get().refunded == 4_000
    balance = balance_of(customer)
    assert (balance.available, balance.reserved) == (6_000, 0)
    assert provider_account("sandbox").shown_balance == 6_000
    assert withdrawal.payout_operation.idempotency_key == f"withdrawal:{withdrawal.pk}:payout"
    # a second approval changes nothing
    with pytest.raises(PaymentError) as again:
        withdrawal_approve(withdrawal, actor=senior)
    assert again.value.code == "already_decided"
    assert SandboxPayment.objects.get().refunded == 4_000
    assert Operation.objects.filter(document=f"withdrawal:{withdrawal.pk}").count() == 2
    ledger_sums_zero()


def test_a_refused_refund_posts_nothing_and_keeps_the_request(customer, senior):
    payment = paid_by_card(customer, 10_000)
    withdrawal = withdrawal_request(
        customer=customer, amount=4_000, to=WithdrawalTo(Destination.CARD, payment=payment)
    )
    # the bank's side refunded the card already by other means
    SandboxPayment.objects.update(refunded=9_000)
    with pytest.raises(PaymentError) as refused:
        withdrawal_approve(withdrawal, actor=senior)
    assert refused.value.code == "refund_failed"
    withdrawal.refresh_from_db()
    assert withdrawal.status == WithdrawalStatus.REQUESTED
    assert "more than is left" in withdrawal.last_error
    assert (balance_of(customer).available, balance_of(customer).reserved) == (6_000, 4_000)
    assert Operation.objects.filter(document=f"withdrawal:{withdrawal.pk}").count() == 1


def test_approve_to_a_bank_account_and_decline_with_a_reason(customer, senior):
    top_up(customer, amount=20_000, source=shop_account("bank"), key="t")
    to_bank = WithdrawalTo(
        Destination.BANK, bank_bik=VALID_BIK, bank_account=VALID_ACCOUNT, account_holder="Ivan"
    )
    paid = withdrawal_request(customer=customer, amount=5_000, to=to_bank)
    declined = withdrawal_request(customer=customer, amount=2_000, to=to_bank)
    withdrawal_approve(paid, actor=senior)
    with pytest.raises(PaymentError) as no_reason:
        withdrawal_decline(declined, actor=senior, reason="  ")
    assert no_reason.value.code == "reason_required"
    withdrawal_decline(declined, actor=senior, reason="The account is not the customer's")
    declined.refresh_from_db()
    assert declined.status == WithdrawalStatus.DECLINED and declined.reason
    assert declined.release_operation.idempotency_key == f"withdrawal:{declined.pk}:release"
    balance = balance_of(customer)
    assert (balance.available, balance.reserved) == (15_000, 0)
    assert shop_account("bank").shown_balance == 20_000 - 5_000
    ledger_sums_zero()


def test_bad_bank_details_change_nothing(customer):
    top_up(customer, amount=20_000, source=shop_account("bank"), key="t")
    for bik, account, code in [
        ("123", VALID_ACCOUNT, "invalid_bik"),
        (VALID_BIK, "40817810000000000009", "invalid_account"),
    ]:
        with pytest.raises(PaymentError) as refused:
            withdrawal_request(
                customer=customer,
                amount=100,
                to=WithdrawalTo(
                    Destination.BANK, bank_bik=bik, bank_account=account, account_holder="Ivan"
                ),
            )
        assert refused.value.code == code or account_valid(bik, account)
    assert not Withdrawal.objects.exists()
    assert balance_of(customer).reserved == 0


def test_a_manager_without_the_permission_cannot_decide(customer, manager):
    top_up(customer, amount=20_000, source=shop_account("bank"), key="t")
    withdrawal = withdrawal_request(
        customer=customer,
        amount=100,
        to=WithdrawalTo(
            Destination.BANK, bank_bik=VALID_BIK, bank_account=VALID_ACCOUNT, account_holder="Ivan"
        ),
    )
    with pytest.raises(PaymentError):
        withdrawal_approve(withdrawal, actor=manager)
    with pytest.raises(PaymentError):
        withdrawal_decline(withdrawal, actor=manager, reason="no")
    withdrawal.refresh_from_db()
    assert withdrawal.status == WithdrawalStatus.REQUESTED


def test_the_customer_page_requests_and_lists(client, customer):
    payment = paid_by_card(customer, 10_000)
    client.login(username=customer.user.username, password=PASSWORD)
    page = client.get(reverse("payments:withdrawals"))
    assert page.status_code == 200 and f"Payment {payment.pk}" in page.content.decode()
    response = client.post(
        reverse("payments:withdrawals"),
        {"amount": "25.00", "destination": "card", "payment": payment.pk},
    )
    assert response.status_code == 302
    refused = client.post(
        reverse("payments:withdrawals"),
        {"amount": "10", "destination": "bank", "bank_bik": "1", "bank_account": "2"},
    )
    assert refused.status_code == 400 and "BIK" in refused.content.decode()
    listing = client.get(reverse("payments:withdrawals")).content.decode()
    assert "Requested" in listing
    assert balance_of(customer).reserved == 2_500


def test_the_desk_queue_approves_and_declines(client, customer, senior, manager):
    top_up(customer, amount=20_000, source=shop_account("bank"), key="t")
    to_bank = WithdrawalTo(
        Destination.BANK, bank_bik=VALID_BIK, bank_account=VALID_ACCOUNT, account_holder="Ivan"
    )
    first = withdrawal_request(customer=customer, amount=1_000, to=to_bank)
    second = withdrawal_request(customer=customer, amount=2_000, to=to_bank)
    # a manager sees the queue but may not decide
    client.login(username=manager.username, password=PASSWORD)
    queue = client.get(reverse("desk:payments_withdrawals")).content.decode()
    assert f"withdrawal-{first.pk}" in queue and "payments_withdrawal" not in queue
    assert "/approve/" not in queue
    assert (
        client.post(reverse("desk:payments_withdrawal_approve", args=[first.pk])).status_code == 403
    )
    # a senior manager decides
    client.login(username=senior.username, password=PASSWORD)
    client.post(reverse("desk:payments_withdrawal_approve", args=[first.pk]))
    client.post(
        reverse("desk:payments_withdrawal_decline", args=[second.pk]), {"reason": "Duplicate"}
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (WithdrawalStatus.PAID, WithdrawalStatus.DECLINED)
    assert balance_of(customer).available == 19_000
    payments = client.get(reverse("desk:payments"), {"status": "succeeded"})
    assert payments.status_code == 200


def test_the_desk_lists_payments_with_filters(client, customer, manager):
    paid_by_card(customer, 10_000)
    top_up_start(customer=customer, amount=500, idempotency_key="pending")
    client.login(username=manager.username, password=PASSWORD)
    page = client.get(reverse("desk:payments"), {"status": "pending"})
    rows = page.context["page"].object_list
    assert [p.amount for p in rows] == [500]
    assert client.get(reverse("desk:payments"), {"q": "Ivan"}).context["page"].paginator.count == 2


def test_the_desk_needs_the_ledger_permission(client, customer):
    client.login(username=customer.user.username, password=PASSWORD)
    assert client.get(reverse("desk:payments")).status_code == 403
