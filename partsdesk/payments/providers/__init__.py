"""Payment providers behind one interface (`base.Provider`), chosen by code.

`settings.PAYMENT_PROVIDER` is the one new payments go through; payments already made keep
the provider they were made with.
"""

from django.conf import settings

from .base import (
    CreatedPayment,
    Provider,
    ProviderError,
    ProviderPayment,
    WebhookEvent,
    WebhookRejected,
)

__all__ = [
    "PROVIDER_CODES",
    "CreatedPayment",
    "Provider",
    "ProviderError",
    "ProviderPayment",
    "WebhookEvent",
    "WebhookRejected",
    "default_provider",
    "get_provider",
]

PROVIDER_CODES = ("sandbox", "yookassa")


def get_provider(code: str) -> Provider:
    """The provider by code; LookupError for one we do not have."""
    if code == "sandbox":
        from .sandbox import SandboxProvider

        return SandboxProvider()
    if code == "yookassa":
        from .yookassa import YooKassaProvider

        return YooKassaProvider()
    raise LookupError(code)


def default_provider() -> Provider:
    return get_provider(settings.PAYMENT_PROVIDER)
