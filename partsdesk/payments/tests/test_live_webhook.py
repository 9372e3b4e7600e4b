"""The sandbox's webhook over real HTTP: approving on the sandbox's page makes the task POST
the signed webhook to the running shop (settings.SITE_URL), which credits the balance
before the customer is even back."""

import pytest
from django.urls import reverse

from partsdesk.billing.models import Operation
from partsdesk.billing.selectors import balance_of

from ..models import ProviderEvent
from ..services import top_up_start
from ..statuses import PaymentStatus


@pytest.mark.django_db(transaction=True)
def test_approve_delivers_the_signed_webhook_over_http(live_server, settings, client, customer):
    # given: the shop runs at SITE_URL
    settings.SITE_URL = live_server.url
    payment = top_up_start(customer=customer, amount=12_300, idempotency_key="k")
    assert payment.confirmation_url.startswith(live_server.url)

    # when: the payer approves on the sandbox's page (no return page visited)
    client.post(reverse("pay:sandbox", args=[payment.provider_payment_id]), {"action": "approve"})

    # then: the webhook came over HTTP and credited once
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    event = ProviderEvent.objects.get(payment=payment)
    assert event.event_id == f"evt_{payment.provider_payment_id}_succeeded"
    assert balance_of(customer).available == 12_300
    assert Operation.objects.filter(document=f"payment:{payment.pk}").count() == 1
