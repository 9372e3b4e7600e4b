"""What every payment provider does for us, in our terms (minor units, our statuses)."""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field


class ProviderError(Exception):
    """The provider refused or could not be reached; `message` is safe to show to staff."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class WebhookRejected(Exception):
    """A webhook we do not believe (bad signature, stale, malformed): answered 400."""


@dataclass(frozen=True)
class CreatedPayment:
    provider_payment_id: str
    confirmation_url: str


@dataclass(frozen=True)
class ProviderPayment:
    """A payment as the provider reports it: status is one of PaymentStatus' values."""

    provider_payment_id: str
    status: str
    amount: int
    currency: str
    cancellation_reason: str = ""


@dataclass(frozen=True)
class WebhookEvent:
    event_id: str
    payment: ProviderPayment
    payload: dict = field(default_factory=dict)


class Provider(ABC):
    code: str = ""
    # Shown beside a pending payment: "may take up to N minutes".
    pending_minutes: int = 15

    @abstractmethod
    def create(
        self,
        *,
        amount: int,
        currency: str,
        description: str,
        return_url: str,
        idempotency_key: str,
    ) -> CreatedPayment:
        """Open a payment; the same idempotency key returns the same payment."""

    @abstractmethod
    def fetch(self, provider_payment_id: str) -> ProviderPayment:
        """The payment's state as the provider knows it now."""

    @abstractmethod
    def refund(
        self,
        *,
        provider_payment_id: str,
        amount: int,
        currency: str,
        idempotency_key: str,
        description: str = "",
    ) -> str:
        """Return `amount` to the card the payment came from; the refund's id. Raises
        ProviderError when refused; the same key again returns the same refund."""

    @abstractmethod
    def parse_webhook(self, request) -> WebhookEvent | None:
        """The verified event a webhook request carries, None for an event we do not act on;
        raises WebhookRejected for one we do not believe."""
