"""The YooKassa adapter, through the official SDK, against our fake YooKassa API v3 on
127.0.0.1: create (redirect), the notification re-read from the API, refunds."""

import json

import pytest
from django.urls import reverse

from partsdesk.accounts.tests.factories import PASSWORD
from partsdesk.billing.models import Entry, Operation
from partsdesk.billing.selectors import balance_of
from partsdesk.billing.services import provider_account

from ..models import Payment, ProviderEvent
from ..providers import ProviderError, get_provider
from ..services import (
    PaymentError,
    WithdrawalTo,
    top_up_start,
    withdrawal_approve,
    withdrawal_request,
)
from ..statuses import Destination, PaymentStatus, WithdrawalStatus
from .fake_yookassa import FakeYooKassa


@pytest.fixture
def yookassa(settings):
    fake = FakeYooKassa().start()
    settings.PAYMENT_PROVIDER = "yookassa"
    settings.YOOKASSA_SHOP_ID = fake.shop_id
    settings.YOOKASSA_SECRET_KEY = fake.secret_key
    settings.YOOKASSA_API_URL = fake.api_url
    yield fake
    fake.stop()


def notify(client, fake, payment_id, event="payment.succeeded"):
    return client.post(
        "/payments/webhooks/yookassa/",
        data=json.dumps(fake.notification(payment_id, event)),
        content_type="application/json",
    )


def test_a_top_up_is_created_with_a_redirect_and_our_idempotence_key(client, customer, yookassa):
    # given / when
    client.login(username=customer.user.username, password=PASSWORD)
    response = client.post(reverse("payments:top_up"), {"amount": "2500.50", "key": "form-1"})
    # then: the customer goes to YooKassa's page
    payment = Payment.objects.get()
    assert payment.provider == "yookassa"
    assert response.status_code == 302 and response.url.startswith("https://yoomoney.ru/checkout")
    assert payment.confirmation_url == response.url
    method, path, body = yookassa.requests[0]
    assert (method, path) == ("POST", "/v3/payments")
    assert body["amount"] == {"value": "2500.50", "currency": "RUB"}
    assert body["confirmation"]["type"] == "redirect"
    assert body["confirmation"]["return_url"].endswith(
        reverse("payments:payment", args=[payment.pk])
    )
    assert body["capture"] is True
    assert yookassa.by_key[("/v3/payments", f"partsdesk-payment-{payment.pk}")]


def test_a_notification_is_believed_only_after_the_api_confirms_it(client, customer, yookassa):
    payment = top_up_start(customer=customer, amount=10_000, idempotency_key="k")
    # when: a notification claims success, but YooKassa's API still says pending
    response = notify(client, yookassa, payment.provider_payment_id)
    # then: nothing is credited
    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING and not Entry.objects.exists()
    assert ("GET", f"/v3/payments/{payment.provider_payment_id}", {}) in yookassa.requests

    # when: the customer really pays, and the notification comes (three times)
    yookassa.pay(payment.provider_payment_id)
    for _ in range(3):
        assert notify(client, yookassa, payment.provider_payment_id).status_code == 200
    # then: credited once, from the provider's clearing account
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert balance_of(customer).available == 10_000
    assert provider_account("yookassa").shown_balance == 10_000
    assert Operation.objects.filter(document=f"payment:{payment.pk}").count() == 1
    assert (
        ProviderEvent.objects.get().event_id == f"payment.succeeded:{payment.provider_payment_id}"
    )


def test_a_forged_notification_for_an_unknown_payment_is_refused(client, customer, yookassa):
    body = {"type": "notification", "event": "payment.succeeded", "object": {"id": "forged-1"}}
    response = client.post(
        "/payments/webhooks/yookassa/", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400
    assert not Entry.objects.exists()
    malformed = client.post(
        "/payments/webhooks/yookassa/", data=b"not json", content_type="application/json"
    )
    assert malformed.status_code == 400


def test_a_canceled_payment_and_the_return_page_rereading_the_api(client, customer, yookassa):
    payment = top_up_start(customer=customer, amount=10_000, idempotency_key="k")
    yookassa.cancel(payment.provider_payment_id)
    client.login(username=customer.user.username, password=PASSWORD)
    page = client.get(reverse("payments:payment", args=[payment.pk]))
    assert "did not go through" in page.content.decode()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CANCELED
    assert payment.cancellation_reason == "card_expired"
    assert not Entry.objects.exists()


def test_wrong_credentials_are_a_provider_error_and_no_page(customer, yookassa, settings):
    settings.YOOKASSA_SECRET_KEY = "wrong"
    with pytest.raises(PaymentError) as refused:
        top_up_start(customer=customer, amount=10_000, idempotency_key="k")
    assert refused.value.code == "provider_unavailable"
    payment = Payment.objects.get()
    assert not payment.provider_payment_id and not payment.confirmation_url
    # the same key again, once YooKassa answers, opens it
    settings.YOOKASSA_SECRET_KEY = yookassa.secret_key
    again = top_up_start(customer=customer, amount=10_000, idempotency_key="k")
    assert again.pk == payment.pk and again.confirmation_url


def test_a_withdrawal_to_the_card_is_a_yookassa_refund_and_the_ledger_agrees(
    client, customer, senior, yookassa
):
    payment = top_up_start(customer=customer, amount=10_000, idempotency_key="k")
    yookassa.pay(payment.provider_payment_id)
    notify(client, yookassa, payment.provider_payment_id)
    payment.refresh_from_db()
    withdrawal = withdrawal_request(
        customer=customer,
        amount=4_000,
        to=WithdrawalTo(destination=Destination.CARD, payment=payment),
    )

    # when: the refund is refused, nothing is posted and the error is kept
    yookassa.refuse_refunds = True
    with pytest.raises(PaymentError) as refused:
        withdrawal_approve(withdrawal, actor=senior)
    assert refused.value.code == "refund_failed"
    withdrawal.refresh_from_db()
    assert withdrawal.status == WithdrawalStatus.REQUESTED
    assert "not refundable" in withdrawal.last_error
    assert (balance_of(customer).available, balance_of(customer).reserved) == (6_000, 4_000)

    # when: it goes through
    yookassa.refuse_refunds = False
    withdrawal_approve(withdrawal, actor=senior)
    withdrawal.refresh_from_db()
    assert withdrawal.status == WithdrawalStatus.PAID and withdrawal.last_error == ""
    refund = yookassa.refunds[withdrawal.provider_refund_id]
    assert refund["amount"] == {"value": "40.00", "currency": "RUB"}
    assert refund["payment_id"] == payment.provider_payment_id
    assert (balance_of(customer).available, balance_of(customer).reserved) == (6_000, 0)
    assert provider_account("yookassa").shown_balance == 6_000


def test_refund_for_an_unknown_payment_is_a_provider_error(yookassa):
    with pytest.raises(ProviderError):
        get_provider("yookassa").refund(
            provider_payment_id="nope", amount=100, currency="RUB", idempotency_key="r1"
        )
