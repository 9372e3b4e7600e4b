"""The whole sandbox flow through the pages: top-up → the sandbox's page → approve /
decline / leave pending → the return page; signed webhooks; an order paid by card."""

import json

import pytest
from django.urls import reverse

from partsdesk.accounts.tests.factories import PASSWORD
from partsdesk.billing.models import Entry, Operation
from partsdesk.billing.selectors import balance_of
from partsdesk.billing.services import provider_account
from partsdesk.notifications.models import Event, Notification
from partsdesk.orders.models import PaymentMethod
from partsdesk.orders.tests.factories import place_order
from partsdesk.pricing.tests.factories import OfferFactory

from ..models import Payment, ProviderEvent, SandboxPayment
from ..providers.sandbox import event_body, sandbox_decide
from ..statuses import PaymentStatus
from .conftest import now, signed_post


@pytest.fixture
def signed_in(client, customer):
    client.login(username=customer.user.username, password=PASSWORD)
    return client


def start_top_up(client, amount="1500.00"):
    page = client.get(reverse("payments:top_up"))
    key = page.context["form"].initial["key"]
    return client.post(reverse("payments:top_up"), {"amount": amount, "key": key})


def test_top_up_approve_credits_the_balance_once(signed_in, customer):
    # given: the customer asks to top up 1 500 and is sent to the sandbox's page
    response = start_top_up(signed_in)
    payment = Payment.objects.get()
    assert response.status_code == 302
    assert response.url == payment.confirmation_url
    assert payment.status == PaymentStatus.PENDING and payment.amount == 150_000
    token = payment.provider_payment_id
    page = signed_in.get(reverse("pay:sandbox", args=[token]))
    assert "1 500.00" in page.content.decode() and "Approve" in page.content.decode()

    # when: they approve (the webhook cannot be delivered here) and come back
    back = signed_in.post(reverse("pay:sandbox", args=[token]), {"action": "approve"})
    assert back.url.endswith(reverse("payments:payment", args=[payment.pk]))
    result = signed_in.get(reverse("payments:payment", args=[payment.pk]))

    # then: the return page asked the sandbox and the balance is credited
    assert "The money is on your balance." in result.content.decode()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED and payment.succeeded_at
    assert balance_of(customer).available == 150_000
    assert provider_account("sandbox").shown_balance == 150_000
    operation = Operation.objects.get(document=f"payment:{payment.pk}")
    assert operation.idempotency_key == f"payment:{payment.pk}"
    assert Notification.objects.filter(user=customer.user, event=Event.PAYMENT).count() == 1

    # and the webhook arriving late changes nothing
    sandbox = SandboxPayment.objects.get(token=token)
    assert signed_post(signed_in, event_body(sandbox)).status_code == 200
    signed_in.get(reverse("payments:payment", args=[payment.pk]))
    assert balance_of(customer).available == 150_000
    assert Entry.objects.filter(operation__document=f"payment:{payment.pk}").count() == 2


def test_decline_cancels_without_money(signed_in, customer):
    start_top_up(signed_in, "200")
    payment = Payment.objects.get()
    signed_in.post(
        reverse("pay:sandbox", args=[payment.provider_payment_id]), {"action": "decline"}
    )
    result = signed_in.get(reverse("payments:payment", args=[payment.pk]))
    assert "did not go through" in result.content.decode()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CANCELED
    assert payment.cancellation_reason == "declined_by_payer"
    assert balance_of(customer).available == 0 and not Entry.objects.exists()


def test_leave_pending_shows_the_wait_in_the_list(signed_in, customer):
    start_top_up(signed_in, "300")
    payment = Payment.objects.get()
    signed_in.post(
        reverse("pay:sandbox", args=[payment.provider_payment_id]), {"action": "pending"}
    )
    detail = signed_in.get(reverse("payments:payment", args=[payment.pk])).content.decode()
    listing = signed_in.get(reverse("payments:payments")).content.decode()
    assert "waiting for the payment provider" in detail
    assert "may take up to 5 minutes" in listing
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING and not Entry.objects.exists()


def test_pressing_pay_twice_on_one_form_opens_one_payment(signed_in):
    page = signed_in.get(reverse("payments:top_up"))
    key = page.context["form"].initial["key"]
    first = signed_in.post(reverse("payments:top_up"), {"amount": "100", "key": key})
    second = signed_in.post(reverse("payments:top_up"), {"amount": "100", "key": key})
    assert first.url == second.url and Payment.objects.count() == 1


def test_an_amount_out_of_range_is_refused(signed_in):
    for amount in ("0", "-5", "abc", "1000000.01"):
        response = signed_in.post(reverse("payments:top_up"), {"amount": amount, "key": "k"})
        assert response.status_code == 400
    assert not Payment.objects.exists()


def test_a_signed_webhook_credits_without_the_return_page(client, customer):
    from ..services import top_up_start

    payment = top_up_start(customer=customer, amount=5_000, idempotency_key="k1")
    sandbox = sandbox_decide(payment.provider_payment_id, approve=True)
    for _ in range(5):
        assert signed_post(client, event_body(sandbox)).status_code == 200
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert balance_of(customer).available == 5_000
    assert Operation.objects.filter(document=f"payment:{payment.pk}").count() == 1
    assert ProviderEvent.objects.filter(payment=payment).count() == 1


@pytest.mark.parametrize("how", ["bad_signature", "stale", "future", "unsigned", "tampered"])
def test_a_webhook_we_do_not_believe_is_400_and_changes_nothing(client, customer, how):
    from ..services import top_up_start

    payment = top_up_start(customer=customer, amount=5_000, idempotency_key="k1")
    sandbox = sandbox_decide(payment.provider_payment_id, approve=True)
    body = event_body(sandbox)
    if how == "bad_signature":
        response = signed_post(client, body, secret="not-our-secret")
    elif how == "stale":
        response = signed_post(client, body, timestamp=now() - 301)
    elif how == "future":
        response = signed_post(client, body, timestamp=now() + 301)
    elif how == "unsigned":
        response = client.post(
            "/payments/webhooks/sandbox/", data=body, content_type="application/json"
        )
    else:
        from ..providers.sandbox import SIGNATURE_HEADER, sign

        header = sign(body)
        tampered = body.replace(b'"amount": 5000', b'"amount": 9000')
        response = client.post(
            "/payments/webhooks/sandbox/",
            data=tampered,
            content_type="application/json",
            headers={SIGNATURE_HEADER: header},
        )
    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    assert not Entry.objects.exists() and not ProviderEvent.objects.exists()


def test_a_webhook_with_another_amount_is_refused(client, customer):
    from ..services import top_up_start

    payment = top_up_start(customer=customer, amount=5_000, idempotency_key="k1")
    sandbox_decide(payment.provider_payment_id, approve=True)
    body = {
        "id": "evt_x",
        "type": "payment.succeeded",
        "object": {
            "id": payment.provider_payment_id,
            "status": "succeeded",
            "amount": 9_000,
            "currency": "RUB",
        },
    }
    assert signed_post(client, json.dumps(body).encode()).status_code == 400
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING and not Entry.objects.exists()


def test_an_unknown_provider_is_404(client):
    assert (
        client.post(
            "/payments/webhooks/paypal/", data=b"{}", content_type="application/json"
        ).status_code
        == 404
    )


def test_checkout_with_card_leads_to_paying_and_the_order_is_reserved(
    signed_in, customer, django_capture_on_commit_callbacks
):
    # given: a card order placed through checkout
    order = place_order(customer, [(OfferFactory(quantity=5, price=1000), 2)], funded=False)
    assert order.payment_method == PaymentMethod.CARD
    due = int(order.amount_due * 100)
    order_page = signed_in.get(reverse("orders:order", args=[order.number])).content.decode()
    assert reverse("payments:order_pay", args=[order.number]) in order_page

    # when: the customer pays it by card on the sandbox
    page = signed_in.get(reverse("payments:order_pay", args=[order.number]))
    assert page.context["to_pay"] == due
    response = signed_in.post(reverse("payments:order_pay", args=[order.number]))
    payment = Payment.objects.get()
    assert response.url == payment.confirmation_url and payment.order == order
    signed_in.post(
        reverse("pay:sandbox", args=[payment.provider_payment_id]), {"action": "approve"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.get(reverse("payments:payment", args=[payment.pk]))

    # then: topped up and reserved for the order in one flow; nothing more to pay
    balance = balance_of(customer)
    assert (balance.available, balance.reserved) == (0, due)
    again = signed_in.get(reverse("orders:order", args=[order.number])).content.decode()
    assert reverse("payments:order_pay", args=[order.number]) not in again
    refused = signed_in.post(reverse("payments:order_pay", args=[order.number]), follow=True)
    assert "already paid" in refused.content.decode()
    assert Payment.objects.count() == 1


def test_a_customer_cannot_see_or_pay_anothers(signed_in, customer, stranger):
    from ..services import top_up_start

    theirs = top_up_start(customer=stranger, amount=1_000, idempotency_key="k")
    their_order = place_order(stranger, funded=False)
    assert signed_in.get(reverse("payments:payment", args=[theirs.pk])).status_code == 404
    assert (
        signed_in.get(reverse("payments:order_pay", args=[their_order.number])).status_code == 404
    )
    assert (
        signed_in.post(reverse("payments:order_pay", args=[their_order.number])).status_code == 404
    )
    assert str(theirs.amount) not in signed_in.get(reverse("payments:payments")).content.decode()


def test_pages_need_a_sign_in(client):
    response = client.get(reverse("payments:payments"))
    assert response.status_code == 302 and "login" in response.url


def test_checkout_by_card_leads_straight_to_paying(signed_in, customer):
    from partsdesk.orders.models import Order
    from partsdesk.orders.tests.factories import CartLineFactory, PickupPointFactory

    point = PickupPointFactory()
    CartLineFactory(customer=customer, offer=OfferFactory(quantity=4), quantity=1)
    page = signed_in.get(reverse("orders:checkout"))
    response = signed_in.post(
        reverse("orders:checkout"),
        {
            "recipient_name": "Ivan",
            "recipient_phone": "8 916 555-12-34",
            "delivery": "pickup",
            "pickup_point": point.pk,
            "payment_method": "card",
            "lines": page.context["lines_value"],
        },
    )
    order = Order.objects.get()
    assert response.url == reverse("payments:order_pay", args=[order.number]) + "?placed=1"
    paying = signed_in.get(response.url).content.decode()
    assert "is placed" in paying and "Pay by card" in paying
