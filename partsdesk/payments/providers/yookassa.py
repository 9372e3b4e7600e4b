"""YooKassa through its official SDK (`yookassa`), API v3.

A payment is created with a redirect confirmation and our idempotency key (the SDK's
`Idempotence-Key`); the customer pays on YooKassa's page. YooKassa's notifications are not
signed, so a notification is only a hint: the payment is read again from the API
(`Payment.find_one`) and only what the API says is applied. Refunds via `Refund.create`.
`YOOKASSA_API_URL` points the SDK elsewhere (the tests' fake server).
"""

import json
import logging
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _

from partsdesk.billing.services import from_minor, to_minor

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

# YooKassa's statuses in ours: with capture=true a payment never waits for our capture, but
# if one does it is still pending for us.
STATUSES = {
    "pending": PaymentStatus.PENDING,
    "waiting_for_capture": PaymentStatus.PENDING,
    "succeeded": PaymentStatus.SUCCEEDED,
    "canceled": PaymentStatus.CANCELED,
}
EVENTS = {"payment.succeeded", "payment.canceled", "payment.waiting_for_capture"}


def _configure() -> None:
    from yookassa import Configuration

    if not settings.YOOKASSA_SHOP_ID or not settings.YOOKASSA_SECRET_KEY:
        raise ProviderError(_("YooKassa is not configured (shop id and secret key)."))
    Configuration.configure(
        settings.YOOKASSA_SHOP_ID,
        settings.YOOKASSA_SECRET_KEY,
        api_url=settings.YOOKASSA_API_URL,
        max_attempts=3,
    )


def _amount(value: int, currency: str) -> dict:
    return {"value": str(from_minor(value)), "currency": currency}


def _call(function, *args, **kwargs):
    """Call the SDK; any refusal or network failure becomes ProviderError."""
    import requests
    from yookassa.domain.exceptions import ApiError

    _configure()
    try:
        return function(*args, **kwargs)
    except ApiError as error:
        content = getattr(error, "content", None) or {}
        detail = content.get("description") if isinstance(content, dict) else ""
        log.warning("YooKassa refused: %s", content)
        raise ProviderError(
            _("YooKassa refused: %(detail)s") % {"detail": detail or type(error).__name__}
        ) from error
    except (requests.RequestException, ValueError, TypeError) as error:
        log.warning("YooKassa unreachable: %s", error)
        raise ProviderError(_("YooKassa could not be reached; try again later.")) from error


def _payment(response) -> ProviderPayment:
    try:
        amount = to_minor(Decimal(str(response.amount.value)))
    except (InvalidOperation, AttributeError) as error:
        raise ProviderError(_("YooKassa answered something we do not understand.")) from error
    details = getattr(response, "cancellation_details", None)
    return ProviderPayment(
        provider_payment_id=str(response.id),
        status=STATUSES.get(response.status, PaymentStatus.PENDING),
        amount=amount,
        currency=str(response.amount.currency),
        cancellation_reason=str(getattr(details, "reason", "") or "") if details else "",
    )


class YooKassaProvider(Provider):
    code = "yookassa"
    pending_minutes = 60

    def create(
        self, *, amount: int, currency: str, description: str, return_url: str, idempotency_key: str
    ) -> CreatedPayment:
        from yookassa import Payment

        response = _call(
            Payment.create,
            {
                "amount": _amount(amount, currency),
                "capture": True,
                "confirmation": {"type": "redirect", "return_url": return_url},
                "description": description[:128],
                "metadata": {"idempotency_key": idempotency_key},
            },
            idempotency_key,
        )
        confirmation = getattr(response, "confirmation", None)
        url = getattr(confirmation, "confirmation_url", "") if confirmation else ""
        if not response.id or not url:
            raise ProviderError(_("YooKassa answered something we do not understand."))
        return CreatedPayment(provider_payment_id=str(response.id), confirmation_url=url)

    def fetch(self, provider_payment_id: str) -> ProviderPayment:
        from yookassa import Payment

        return _payment(_call(Payment.find_one, provider_payment_id))

    def refund(
        self,
        *,
        provider_payment_id: str,
        amount: int,
        currency: str,
        idempotency_key: str,
        description: str = "",
    ) -> str:
        from yookassa import Refund

        response = _call(
            Refund.create,
            {
                "payment_id": provider_payment_id,
                "amount": _amount(amount, currency),
                "description": description[:250],
            },
            idempotency_key,
        )
        if response.status == "canceled":
            raise ProviderError(_("YooKassa canceled the refund."))
        return str(response.id)

    def parse_webhook(self, request) -> WebhookEvent | None:
        from yookassa.domain.notification import WebhookNotificationFactory

        try:
            payload = json.loads(request.body)
            notification = WebhookNotificationFactory().create(payload)
            event = notification.event
            payment_id = str(notification.object.id)
        except (ValueError, TypeError, AttributeError, KeyError) as error:
            raise WebhookRejected("malformed notification") from error
        if event not in EVENTS or not payment_id:
            return None
        # Not signed: believe only the API.
        try:
            actual = self.fetch(payment_id)
        except ProviderError as error:
            raise WebhookRejected(f"not confirmed by the API: {error.message}") from error
        if actual.status == PaymentStatus.PENDING:
            return None
        return WebhookEvent(
            event_id=f"payment.{actual.status}:{payment_id}", payment=actual, payload=payload
        )
