"""The built-in sandbox provider: "the bank" lives inside the shop.

A sandbox payment has its own page (`/pay/sandbox/<token>/`) where whoever pays presses
Approve, Decline or Leave pending. A decision is told to the shop by a webhook signed with
HMAC-SHA256 over "<timestamp>.<body>" (header `X-Sandbox-Signature: t=<ts>,v1=<hex>`),
delivered over real HTTP to settings.SITE_URL by a task after the decision commits. The
shop's return page also asks the sandbox directly (`fetch`), so the demo never waits on a
webhook that could not be delivered.
"""

import hashlib
import hmac
import json
import logging
import secrets
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import SandboxPayment, SandboxRefund
from ..statuses import PaymentStatus
from .base import (
    CreatedPayment,
    Provider,
    ProviderError,
    ProviderPayment,
    WebhookEvent,
    WebhookRejected,
)

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Sandbox-Signature"
# A webhook signed longer ago than this (or this far in the future) is refused.
TOLERANCE_SECONDS = 300


def sign(body: bytes, *, timestamp: int | None = None, secret: str | None = None) -> str:
    """The signature header's value for `body`."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    secret = settings.SANDBOX_WEBHOOK_SECRET if secret is None else secret
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(body: bytes, header: str, *, now: float | None = None) -> None:
    """Raise WebhookRejected unless `header` signs `body` with our secret, recently."""
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    try:
        timestamp = int(parts["t"])
        given = parts["v1"]
    except (KeyError, ValueError) as error:
        raise WebhookRejected("no signature") from error
    now = time.time() if now is None else now
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        raise WebhookRejected("stale timestamp")
    expected = sign(body, timestamp=timestamp).split("v1=", 1)[1]
    if not hmac.compare_digest(expected, given):
        raise WebhookRejected("bad signature")


def _state(sandbox: SandboxPayment) -> ProviderPayment:
    return ProviderPayment(
        provider_payment_id=sandbox.token,
        status=sandbox.status,
        amount=sandbox.amount,
        currency=sandbox.currency,
        cancellation_reason="declined_by_payer" if sandbox.status == PaymentStatus.CANCELED else "",
    )


def event_body(sandbox: SandboxPayment) -> bytes:
    """The webhook for the sandbox payment's current state; its id is the same on every
    delivery of that state, so the shop applies it once."""
    return json.dumps(
        {
            "id": f"evt_{sandbox.token}_{sandbox.status}",
            "type": f"payment.{sandbox.status}",
            "object": {
                "id": sandbox.token,
                "status": sandbox.status,
                "amount": sandbox.amount,
                "currency": sandbox.currency,
            },
            "created": int(time.time()),
        },
        sort_keys=True,
    ).encode()


class SandboxProvider(Provider):
    code = "sandbox"
    pending_minutes = 5

    def create(
        self, *, amount: int, currency: str, description: str, return_url: str, idempotency_key: str
    ) -> CreatedPayment:
        sandbox = SandboxPayment.objects.filter(idempotency_key=idempotency_key).first()
        if sandbox is None:
            try:
                with transaction.atomic():
                    sandbox = SandboxPayment.objects.create(
                        token=secrets.token_urlsafe(24),
                        idempotency_key=idempotency_key,
                        amount=amount,
                        currency=currency,
                        description=description[:300],
                        return_url=return_url[:500],
                    )
            except IntegrityError:
                sandbox = SandboxPayment.objects.get(idempotency_key=idempotency_key)
        if sandbox.amount != amount or sandbox.currency != currency:
            raise ProviderError(_("The provider refused: the same key for another amount."))
        return CreatedPayment(
            provider_payment_id=sandbox.token,
            confirmation_url=settings.SITE_URL + reverse("pay:sandbox", args=[sandbox.token]),
        )

    def fetch(self, provider_payment_id: str) -> ProviderPayment:
        sandbox = SandboxPayment.objects.filter(token=provider_payment_id).first()
        if sandbox is None:
            raise ProviderError(_("The provider does not know this payment."))
        return _state(sandbox)

    @transaction.atomic
    def refund(
        self,
        *,
        provider_payment_id: str,
        amount: int,
        currency: str,
        idempotency_key: str,
        description: str = "",
    ) -> str:
        sandbox = (
            SandboxPayment.objects.select_for_update().filter(token=provider_payment_id).first()
        )
        if sandbox is None:
            raise ProviderError(_("The provider does not know this payment."))
        done = SandboxRefund.objects.filter(idempotency_key=idempotency_key).first()
        if done is not None:
            return f"sbr_{done.pk}"
        if sandbox.status != PaymentStatus.SUCCEEDED:
            raise ProviderError(_("The provider refused the refund: the payment is not paid."))
        if (
            amount <= 0
            or sandbox.refunded + amount > sandbox.amount
            or currency != sandbox.currency
        ):
            raise ProviderError(
                _("The provider refused the refund: more than is left of the payment.")
            )
        refund = SandboxRefund.objects.create(
            payment=sandbox, idempotency_key=idempotency_key, amount=amount
        )
        sandbox.refunded += amount
        sandbox.save(update_fields=["refunded"])
        return f"sbr_{refund.pk}"

    def parse_webhook(self, request) -> WebhookEvent | None:
        verify(request.body, request.headers.get(SIGNATURE_HEADER, ""))
        try:
            payload = json.loads(request.body)
            obj = payload["object"]
            event = ProviderPayment(
                provider_payment_id=str(obj["id"]),
                status=str(obj["status"]),
                amount=int(obj["amount"]),
                currency=str(obj["currency"]),
            )
            event_id = str(payload["id"])
        except (ValueError, KeyError, TypeError) as error:
            raise WebhookRejected("malformed body") from error
        if event.status not in (PaymentStatus.SUCCEEDED, PaymentStatus.CANCELED):
            return None
        return WebhookEvent(event_id=event_id, payment=event, payload=payload)


# --- "the bank's" side: the payer's decision and the webhook that tells the shop ---------


def sandbox_payment_of(token: str) -> SandboxPayment | None:
    return SandboxPayment.objects.filter(token=token).first()


@transaction.atomic
def sandbox_decide(token: str, *, approve: bool) -> SandboxPayment:
    """The payer approved or declined on the sandbox page (once; later presses change
    nothing). The webhook goes out after commit."""
    from ..tasks import deliver_sandbox_webhook

    sandbox = SandboxPayment.objects.select_for_update().get(token=token)
    if sandbox.status == PaymentStatus.PENDING:
        sandbox.status = PaymentStatus.SUCCEEDED if approve else PaymentStatus.CANCELED
        sandbox.decided_at = timezone.now()
        sandbox.save(update_fields=["status", "decided_at"])
        transaction.on_commit(lambda: deliver_sandbox_webhook.delay(token), robust=True)
    return sandbox


def webhook_url() -> str:
    return settings.SITE_URL + reverse("pay:webhook", args=["sandbox"])


def deliver_webhook(token: str, *, timeout: float = 5.0) -> int:
    """POST the signed webhook for the payment's state to the shop; the HTTP status.
    Raises requests' errors when the shop cannot be reached."""
    import requests

    sandbox = SandboxPayment.objects.get(token=token)
    body = event_body(sandbox)
    response = requests.post(
        webhook_url(),
        data=body,
        headers={"Content-Type": "application/json", SIGNATURE_HEADER: sign(body)},
        timeout=timeout,
    )
    return response.status_code
