"""The payments API: top-ups under an Idempotency-Key, the caller's own payments only,
paying a card order, withdrawals."""

import pytest
from django.test import Client

from partsdesk.accounts.services import api_token_issue
from partsdesk.billing.selectors import balance_of
from partsdesk.billing.services import shop_account, top_up
from partsdesk.orders.models import PaymentMethod
from partsdesk.orders.tests.factories import place_order

from ..models import Payment, Withdrawal
from ..providers.sandbox import sandbox_decide
from ..services import payment_refresh
from .test_withdrawals import VALID_ACCOUNT, VALID_BIK


def app_for(user) -> Client:
    key, _token = api_token_issue(user=user, device="test")
    return Client(headers={"authorization": f"Bearer {key}"})


@pytest.fixture
def app(customer):
    return app_for(customer.user)


def create(app, body, key="key-1"):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return app.post("/api/v1/payments", body, content_type="application/json", headers=headers)


def test_a_top_up_answers_the_payment_and_its_page(app, customer):
    response = create(app, {"amount": "1500.00", "return_url": "https://app.example/back"})
    assert response.status_code == 201
    data = response.json()
    payment = Payment.objects.get()
    assert data["id"] == payment.pk and data["status"] == "pending"
    assert data["amount"] == "1500.00" and data["currency"] == "RUB"
    assert data["purpose"] == "top_up" and data["provider"] == "sandbox"
    assert data["confirmation_url"].endswith(f"/pay/sandbox/{payment.provider_payment_id}/")
    assert data["pending_minutes"] == 5
    assert payment.return_url == "https://app.example/back"


def test_the_same_key_is_the_same_payment_and_the_same_answer(app):
    first = create(app, {"amount": "100"})
    second = create(app, {"amount": "100"})
    assert second.status_code == 201 and second.json() == first.json()
    assert Payment.objects.count() == 1


def test_the_same_key_with_another_body_is_a_conflict(app):
    create(app, {"amount": "100"})
    response = create(app, {"amount": "101"})
    assert response.status_code == 409 and response.json()["code"] == "idempotency_conflict"
    assert Payment.objects.count() == 1


def test_a_key_is_required_and_the_body_checked(app):
    assert create(app, {"amount": "100"}, key=None).json()["code"] == "idempotency_key_required"
    assert create(app, {"amount": "0"}).status_code == 422
    assert create(app, {"amount": "1.001"}).status_code == 422
    bad_url = create(app, {"amount": "100", "return_url": "javascript:alert(1)"})
    assert bad_url.json()["code"] == "invalid_return_url"
    assert not Payment.objects.exists()


def test_list_and_detail_are_the_callers_own(app, customer, stranger):
    mine = create(app, {"amount": "100"}).json()
    theirs = create(app_for(stranger.user), {"amount": "200"}, key="key-1").json()
    listed = app.get("/api/v1/payments").json()
    assert [p["id"] for p in listed["results"]] == [mine["id"]]
    assert app.get(f"/api/v1/payments/{theirs['id']}").status_code == 404
    assert app.get(f"/api/v1/payments/{mine['id']}").json()["status"] == "pending"


def test_detail_rereads_a_pending_payment_from_the_provider(app, customer):
    data = create(app, {"amount": "100"}).json()
    sandbox_decide(Payment.objects.get().provider_payment_id, approve=True)
    assert app.get(f"/api/v1/payments/{data['id']}").json()["status"] == "succeeded"
    assert balance_of(customer).available == 10_000


def test_paying_a_card_order_by_api(app, customer, stranger):
    order = place_order(customer, funded=False)
    due = int(order.amount_due * 100)
    first = app.post(f"/api/v1/orders/{order.number}/payments", {}, content_type="application/json")
    again = app.post(f"/api/v1/orders/{order.number}/payments", {}, content_type="application/json")
    assert first.status_code == 201 and again.json()["id"] == first.json()["id"]
    assert first.json()["order_number"] == order.number
    assert Payment.objects.get().amount == due
    # another customer's order does not exist for the caller
    theirs = place_order(stranger, funded=False)
    assert (
        app.post(
            f"/api/v1/orders/{theirs.number}/payments", {}, content_type="application/json"
        ).status_code
        == 404
    )
    # an order paid from the balance is not paid by card
    by_balance = place_order(customer, payment_method=PaymentMethod.BALANCE, funded=False)
    refused = app.post(
        f"/api/v1/orders/{by_balance.number}/payments", {}, content_type="application/json"
    )
    assert refused.status_code == 409 and refused.json()["code"] == "not_a_card_order"


def test_a_paid_card_order_is_not_paid_twice(app, customer, django_capture_on_commit_callbacks):
    order = place_order(customer, funded=False)
    data = app.post(
        f"/api/v1/orders/{order.number}/payments", {}, content_type="application/json"
    ).json()
    payment = Payment.objects.get(pk=data["id"])
    sandbox_decide(payment.provider_payment_id, approve=True)
    with django_capture_on_commit_callbacks(execute=True):
        payment_refresh(payment)
    refused = app.post(
        f"/api/v1/orders/{order.number}/payments", {}, content_type="application/json"
    )
    assert refused.status_code == 409 and refused.json()["code"] == "already_paid"


def test_withdrawals_by_api(app, customer):
    top_up(customer, amount=50_000, source=shop_account("bank"), key="t")
    response = app.post(
        "/api/v1/withdrawals",
        {
            "amount": "100.00",
            "destination": "bank",
            "bank_bik": VALID_BIK,
            "bank_account": VALID_ACCOUNT,
            "account_holder": "Иван Петров",
        },
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["status"] == "requested"
    assert balance_of(customer).reserved == 10_000
    too_much = app.post(
        "/api/v1/withdrawals",
        {
            "amount": "1000.00",
            "destination": "bank",
            "bank_bik": VALID_BIK,
            "bank_account": VALID_ACCOUNT,
            "account_holder": "Иван",
        },
        content_type="application/json",
    )
    assert too_much.status_code == 409 and too_much.json()["code"] == "not_enough_balance"
    no_card = app.post(
        "/api/v1/withdrawals",
        {"amount": "10.00", "destination": "card", "payment_id": 999},
        content_type="application/json",
    )
    assert no_card.status_code == 422
    assert [w["id"] for w in app.get("/api/v1/withdrawals").json()] == [Withdrawal.objects.get().pk]


def test_staff_are_not_customers_here(manager):
    response = create(app_for(manager), {"amount": "100"})
    assert response.status_code == 403


def test_the_schema_documents_the_idempotency_key(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/payments", "/api/v1/withdrawals", "/api/v1/orders/{number}/payments"} <= set(
        paths
    )
    params = paths["/api/v1/payments"]["post"]["parameters"]
    assert [p["name"] for p in params if p["in"] == "header"] == ["Idempotency-Key"]
