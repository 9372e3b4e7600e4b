"""Concurrent requests on PostgreSQL with real threads (each its own connection): one
payment per Idempotency-Key, one credit per payment however many webhooks race, holds that
never overdraw. SQLite serializes every writer, so these run only on PostgreSQL."""

import json

import pytest
from django.test import Client

from partsdesk.accounts.services import api_token_issue
from partsdesk.billing.models import Entry, Operation
from partsdesk.billing.selectors import balance_of
from partsdesk.billing.services import shop_account, top_up
from partsdesk.tests.concurrency import postgresql_only, run_together

from ..models import Payment, ProviderEvent, Withdrawal
from ..providers.sandbox import SIGNATURE_HEADER, event_body, sandbox_decide, sign
from ..services import PaymentError, WithdrawalTo, top_up_start, withdrawal_request
from ..statuses import Destination, PaymentStatus
from .test_withdrawals import VALID_ACCOUNT, VALID_BIK

pytestmark = [
    postgresql_only,
    pytest.mark.django_db(transaction=True),
]


def test_ten_concurrent_requests_with_one_key_make_one_payment_and_one_answer(customer):
    key, _token = api_token_issue(user=customer.user, device="test")

    def post(amount):
        def job():
            response = Client(headers={"authorization": f"Bearer {key}"}).post(
                "/api/v1/payments",
                {"amount": amount},
                content_type="application/json",
                headers={"Idempotency-Key": "same-key"},
            )
            return response.status_code, response.json()

        return job

    answers = run_together(*[post("150.00") for _ in range(10)])

    assert all(not isinstance(a, Exception) for a in answers), answers
    assert {status for status, _body in answers} == {201}
    bodies = {json.dumps(body, sort_keys=True) for _status, body in answers}
    assert len(bodies) == 1
    payment = Payment.objects.get()
    assert payment.amount == 15_000 and payment.confirmation_url
    assert json.loads(bodies.pop())["id"] == payment.pk


def test_one_key_with_two_bodies_at_once_one_wins_the_other_is_a_conflict(customer):
    key, _token = api_token_issue(user=customer.user, device="test")

    def post(amount):
        def job():
            response = Client(headers={"authorization": f"Bearer {key}"}).post(
                "/api/v1/payments",
                {"amount": amount},
                content_type="application/json",
                headers={"Idempotency-Key": "same-key"},
            )
            return response.status_code, response.json()

        return job

    answers = run_together(*[post("100.00") for _ in range(5)], *[post("200.00") for _ in range(5)])

    payment = Payment.objects.get()
    winner = "100.00" if payment.amount == 10_000 else "200.00"
    for index, (status, body) in enumerate(answers):
        asked = "100.00" if index < 5 else "200.00"
        if asked == winner:
            assert status == 201 and body["id"] == payment.pk
        else:
            assert status == 409 and body["code"] == "idempotency_conflict"


def test_the_same_webhook_five_times_some_at_once_credits_once(customer):
    payment = top_up_start(customer=customer, amount=77_700, idempotency_key="k")
    sandbox = sandbox_decide(payment.provider_payment_id, approve=True)
    body = event_body(sandbox)

    def deliver():
        response = Client().post(
            "/payments/webhooks/sandbox/",
            data=body,
            content_type="application/json",
            headers={SIGNATURE_HEADER: sign(body)},
        )
        return response.status_code

    first = deliver()
    together = run_together(deliver, deliver, deliver)
    last = deliver()

    assert [first, *together, last] == [200] * 5
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert balance_of(customer).available == 77_700
    assert Operation.objects.filter(document=f"payment:{payment.pk}").count() == 1
    assert Entry.objects.filter(operation__document=f"payment:{payment.pk}").count() == 2
    assert ProviderEvent.objects.count() == 1
    assert sum(Entry.objects.values_list("amount", flat=True)) == 0


def test_five_webhooks_at_once_from_the_start_credit_once(customer):
    payment = top_up_start(customer=customer, amount=5_000, idempotency_key="k")
    sandbox = sandbox_decide(payment.provider_payment_id, approve=True)
    body = event_body(sandbox)

    def deliver():
        return (
            Client()
            .post(
                "/payments/webhooks/sandbox/",
                data=body,
                content_type="application/json",
                headers={SIGNATURE_HEADER: sign(body)},
            )
            .status_code
        )

    assert run_together(*[deliver] * 5) == [200] * 5
    assert balance_of(customer).available == 5_000
    assert Operation.objects.filter(document=f"payment:{payment.pk}").count() == 1


def test_concurrent_withdrawal_requests_never_overdraw(customer):
    top_up(customer, amount=10_000, source=shop_account("bank"), key="t")
    to = WithdrawalTo(
        Destination.BANK, bank_bik=VALID_BIK, bank_account=VALID_ACCOUNT, account_holder="Ivan"
    )

    results = run_together(
        *[lambda: withdrawal_request(customer=customer, amount=3_000, to=to) for _ in range(8)]
    )

    refused = [r for r in results if isinstance(r, PaymentError)]
    assert len(refused) == 5 and {r.code for r in refused} == {"not_enough_balance"}
    assert Withdrawal.objects.count() == 3
    balance = balance_of(customer)
    assert (balance.available, balance.reserved) == (1_000, 9_000)
